"""Catalog search tools: filtered search with typo-tolerant names, details, featured cars."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stores.catalog import Car, Catalog
from tools.car_names import names_for

MAX_RESULTS = 5
RELAX_ORDER: tuple[str, ...] = ("features", "km_max", "transmission", "body_type",
                                "year_min", "year_max", "budget_max", "model")
"""Softest criteria first: what a search drops, one at a time, when nothing matches."""
BUDGET_STRETCH = 1.10


@dataclass(frozen=True)
class SearchResult:
    """Cars found, how many matched in all, and which criteria had to be dropped."""

    cars: list[Car]
    total: int
    offset: int = 0
    relaxed: list[str] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"cars": [c.to_dict() for c in self.cars], "total": self.total,
                "offset": self.offset, "relaxed": self.relaxed, "unknown_names": self.unknown_names}


def search_cars(*, catalog: Catalog, budget_min: int | None = None, budget_max: int | None = None,
                make: str | None = None, model: str | None = None, year_min: int | None = None,
                year_max: int | None = None, body_type: str | None = None,
                transmission: str | None = None, km_max: int | None = None,
                features: list[str] | tuple[str, ...] = (), limit: int = MAX_RESULTS,
                offset: int = 0, strict_budget: bool = False) -> SearchResult:
    """Cars meeting every criterion; if none, the closest by dropping the softest criteria (never the budget
    when `strict_budget`: "algo más barato" must be cheaper)."""
    names = names_for(catalog.vocabulary)
    criteria: dict[str, Any] = {"budget_min": budget_min, "budget_max": budget_max,
                                "year_min": year_min, "year_max": year_max,
                                "body_type": body_type, "transmission": transmission,
                                "km_max": km_max, "features": list(features) or None}
    unknown: list[str] = []
    make_key = names.match_make(make) if make else None
    if make and not make_key:
        unknown.append(make)
    model_match = names.match_model(model, make_key=make_key) if model else None
    if model and not model_match:
        unknown.append(model)
    if model_match:
        make_key = make_key or model_match[0]
    criteria["make_key"] = make_key
    criteria["model_key"] = model_match[1] if model_match else None
    if unknown:
        return SearchResult(cars=[], total=0, unknown_names=unknown)

    limit = max(1, min(limit, MAX_RESULTS))
    relaxed: list[str] = []
    cars, total = _run(catalog, criteria, limit, offset)
    for name in RELAX_ORDER:
        if total or offset:
            break
        if not criteria.get(_criterion_key(name)) or (strict_budget and name == "budget_max"):
            continue
        if name == "budget_max":
            criteria["budget_max"] = int(criteria["budget_max"] * BUDGET_STRETCH)
        else:
            criteria[_criterion_key(name)] = None
        relaxed.append(name)
        cars, total = _run(catalog, criteria, limit, offset)
    return SearchResult(cars=cars, total=total, offset=offset, relaxed=relaxed)


def get_car(*, catalog: Catalog, stock_id: str) -> Car | None:
    """One car by stock id, or None when it is not in the catalog."""
    return catalog.get(stock_id)


def popular_cars(*, catalog: Catalog, limit: int = MAX_RESULTS) -> list[Car]:
    """Featured cars: the best-value car (newest, fewest km) of each of the most stocked models."""
    featured: list[Car] = []
    used_makes: set[str] = set()
    for make_key, model_key, _count in catalog.model_counts():
        if len(featured) >= limit:
            break
        if make_key in used_makes:
            continue
        cars, _ = catalog.query(where=["make_key = ?", "model_key = ?"], params=[make_key, model_key],
                                order_by="year DESC, km ASC, price ASC", limit=1)
        featured.extend(cars)
        used_makes.add(make_key)
    return sorted(featured, key=lambda car: car.price)


def _criterion_key(name: str) -> str:
    return "model_key" if name == "model" else name


def _run(catalog: Catalog, criteria: dict[str, Any], limit: int, offset: int) -> tuple[list[Car], int]:
    where: list[str] = []
    params: list[Any] = []
    sql_for = {"budget_min": "price >= ?", "budget_max": "price <= ?", "year_min": "year >= ?",
               "year_max": "year <= ?", "body_type": "body_type = ?", "transmission": "transmission = ?",
               "km_max": "km <= ?", "make_key": "make_key = ?", "model_key": "model_key = ?"}
    for key, sql in sql_for.items():
        if criteria.get(key) is not None:
            where.append(sql)
            params.append(criteria[key])
    for feature in criteria.get("features") or []:
        where.append("list_contains(features, ?)")
        params.append(feature)
    budget = criteria.get("budget_max")
    # Best match first: with a budget, the cars closest under it (those using its top 30 % first).
    order = f"(price >= {int(budget * 0.7)}) DESC, price DESC" if budget else "price ASC, year DESC"
    return catalog.query(where=where, params=params, order_by=order + ", stock_id", limit=limit,
                         offset=offset)


def search_alternatives(*, catalog: Catalog, options: list[dict[str, str]], limit: int = MAX_RESULTS,
                        **criteria: Any) -> SearchResult:
    """Cars of any of several makes/models ("un Jetta o un Sentra"), shared evenly, with the same criteria."""
    per_option = max(1, limit // max(1, len(options)))
    cars: list[Car] = []
    total, relaxed, unknown = 0, [], []
    for option in options:
        found = search_cars(catalog=catalog, **{**criteria, "make": option.get("make"), "model": option.get("model")},
                            limit=per_option)
        unknown += found.unknown_names
        cars += found.cars
        total += found.total
        relaxed += [name for name in found.relaxed if name not in relaxed]
    return SearchResult(cars=cars[:limit], total=total, relaxed=relaxed, unknown_names=unknown)


SIMILAR_PRICE_BAND = 0.25
"""Similar cars cost within ±25 % of the one in focus (or less, when cheaper ones are asked for)."""


def similar_cars(*, catalog: Catalog, stock_id: str, cheaper: bool = False,
                 limit: int = MAX_RESULTS) -> SearchResult:
    """Cars like the one in focus: same body type (or make, when the body is unknown), close in price, not it;
    with `cheaper`, only cars below its price, the closest first."""
    car = catalog.get(stock_id)
    if car is None:
        return SearchResult(cars=[], total=0, unknown_names=[stock_id])
    where, params = ["stock_id <> ?"], [stock_id]
    if car.body_type:
        where.append("body_type = ?")
        params.append(car.body_type)
    else:
        where.append("make = ?")
        params.append(car.make)
    low = int(car.price * (1 - SIMILAR_PRICE_BAND))
    high = car.price - 1 if cheaper else int(car.price * (1 + SIMILAR_PRICE_BAND))
    where += ["price >= ?", "price <= ?"]
    params += [low if not cheaper else 0, high]
    cars, total = catalog.query(where=where, params=params, order_by=f"abs(price - {car.price}), year DESC, stock_id",
                                limit=max(1, min(limit, MAX_RESULTS)))
    return SearchResult(cars=cars, total=total)


@dataclass(frozen=True)
class Comparison:
    """Cars side by side and which one leads on price, kilometres and year."""

    cars: list[Car]
    cheapest: str | None
    least_km: str | None
    newest: str | None
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"cars": [c.to_dict() for c in self.cars], "cheapest": self.cheapest, "least_km": self.least_km,
                "newest": self.newest, "missing": self.missing}


def compare_cars(*, catalog: Catalog, stock_ids: list[str], missing: list[str] | None = None) -> Comparison:
    """The cars by stock id, side by side; a lead is named only when one car strictly leads."""
    cars = [car for car in (catalog.get(s) for s in dict.fromkeys(stock_ids)) if car is not None]

    def leader(key: Any) -> str | None:
        ranked = sorted(cars, key=key)
        return ranked[0].stock_id if len(ranked) >= 2 and key(ranked[0]) != key(ranked[1]) else None

    return Comparison(cars=cars, cheapest=leader(lambda c: c.price), least_km=leader(lambda c: c.km),
                      newest=leader(lambda c: -c.year), missing=list(missing or []))


FLAG_FEATURES = frozenset({"bluetooth", "carplay"})
"""Features the catalog file states for every car (a yes/no column): their absence is a "no"."""


def answer_car_questions(*, car: Car, asked: dict[str, Any]) -> list[dict[str, Any]]:
    """Yes / no / not confirmed for each attribute asked about one car, from the catalog only."""
    answers: list[dict[str, Any]] = []
    for feature in asked.get("features") or []:
        answer = "yes" if feature in car.features else "no" if feature in FLAG_FEATURES else "unknown"
        answers.append({"attribute": "features", "value": feature, "answer": answer})
    for attribute in ("transmission", "body_type"):
        wanted = asked.get(attribute)
        if wanted is None:
            continue
        actual = getattr(car, attribute)
        answer = "unknown" if actual is None else "yes" if actual == wanted else "no"
        answers.append({"attribute": attribute, "value": wanted, "answer": answer, "actual": actual})
    return answers
