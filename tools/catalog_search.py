"""Catalog search tools: filtered search with typo-tolerant names, details, featured cars."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stores.catalog import Car, Catalog
from tools.car_names import CarNames

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
                offset: int = 0) -> SearchResult:
    """Cars meeting every criterion; if none, the closest by dropping the softest criteria."""
    names = CarNames(catalog.vocabulary)
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
        if not criteria.get(_criterion_key(name)):
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
