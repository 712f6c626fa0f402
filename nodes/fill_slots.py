"""Fill-slots node: validate the proposed values and merge them into the conversation's slots."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from graph.deps import Deps
from graph.state import Slots, State, Understanding
from nodes.understanding.intents import SEARCH_SLOTS
from tools.financing import TERMS_YEARS

log = logging.getLogger(__name__)

REFERRING_INTENTS = ("car_details", "financing", "book_appointment")
TASK_INTENTS = ("search_cars", *REFERRING_INTENTS)
MIN_PLAUSIBLE_PRICE = 20_000
"""No car sells for less; a smaller budget or price is a typo or a joke, and we ask again."""
EXCLUSIVE = {"down_payment": "down_payment_pct", "down_payment_pct": "down_payment"}


def fill_slots(state: State, deps: Deps) -> dict[str, Any]:
    proposal: Understanding = state["understanding"]
    before = state.get("slots") or Slots()
    slots = before.model_copy(deep=True)
    updates = dict(proposal.slots)
    issues = list(proposal.issues)
    shown = state.get("shown_cars") or []

    if "prompt_injection" in issues:
        return {"slots": slots}
    if proposal.intent not in TASK_INTENTS:
        # "tengo un Sentra 2015, ¿lo toman a cuenta?" is not a search: keep only who and where.
        updates = {k: v for k, v in updates.items() if k in ("city", "name")}
    _normalise_names(updates, deps)
    _reject_implausible(updates, issues)
    _apply_clears(slots, proposal.cleared)
    term = updates.get("term_years")
    if term is not None and term not in TERMS_YEARS:
        updates.pop("term_years")
        issues.append("term_out_of_range")
    referred = _referred_car(proposal, updates, shown, deps, issues)
    if referred:  # "el tercero, ¿tiene bluetooth?" asks about that car; it does not narrow the search
        named = {k: updates[k] for k in ("make", "model") if updates.get(k)}
        for name in SEARCH_SLOTS:
            updates.pop(name, None)
        updates["stock_id"] = referred
        car = deps.catalog.get(referred)
        if named and car is not None:  # "¿la Tucson trae quemacocos?": the car named is the one we talk about
            updates.update({"make": car.make, "model": car.model})
    if "stock_id" in updates:
        car = deps.catalog.get(str(updates["stock_id"]))
        if car is None:
            issues.append("unknown_stock_id")
            updates.pop("stock_id")
        else:
            updates["car_price"] = car.price
    elif "car_price" in updates:
        slots.stock_id = None
    new_make = updates.get("make") if "model" not in updates else None
    if new_make and slots.model and deps.names.match_model(slots.model, make_key=deps.names.match_make(new_make)) is None:
        slots.model = None  # a different make: the old model no longer applies
    if "model" in updates and "body_type" not in updates and not referred:
        slots.body_type = None  # a named model decides the body ("¿tienen HB20?" after "un sedán")
    new_body = updates.get("body_type") if "model" not in updates and slots.model else None
    if new_body and _body_of(deps, slots.make, slots.model) not in (None, new_body):
        slots.make = slots.model = None  # "busco un sedán" after a Fiat Pulse (an SUV): a new search
    asked = proposal.asked.get("features") or []
    if asked and proposal.intent == "car_details":  # "¿el segundo trae quemacocos?": a wish worth remembering
        updates["features"] = list(asked)
    if "features" in updates:
        updates["features"] = sorted(set(slots.features) | set(updates["features"]))
    for name, value in updates.items():
        try:
            setattr(slots, name, value)
        except (ValidationError, ValueError) as exc:
            issues.append(f"invalid_{name}")
            log.info("fill_slots.rejected slot=%s reason=%s", name, type(exc).__name__)
            continue
        if name in EXCLUSIVE:
            setattr(slots, EXCLUSIVE[name], None)
    _order_ranges(slots, set(updates))
    accepted = proposal.model_copy(update={"issues": issues, "slots": updates})
    result: dict[str, Any] = {"slots": slots, "understanding": accepted}
    if len(proposal.car_options) >= 2 and proposal.intent in ("search_cars", "financing"):
        result["car_options"] = proposal.car_options  # "un Jetta o un Sentra": search both
        slots.model = None
        slots.make = updates.get("make")
    elif {"make", "model"} & (set(updates) | set(proposal.cleared)) or proposal.relative in ("similar", "similar_cheaper"):
        result["car_options"] = []
    if any(getattr(slots, k) != getattr(before, k) for k in SEARCH_SLOTS):
        result["results_offset"] = 0
    return result


def _normalise_names(updates: dict[str, Any], deps: Deps) -> None:
    """Catalog spelling for make and model, whoever proposed them; unknown names stay for the
    search tool to report honestly."""
    make_key = deps.names.match_make(str(updates["make"])) if updates.get("make") else None
    found = (deps.names.match_model(str(updates["model"]), make_key=make_key)
             if updates.get("model") else None)
    if found:
        make_key = found[0]
        updates["model"] = deps.names.model_name(*found)
    if make_key:
        updates["make"] = deps.names.make_name(make_key)


def _reject_implausible(updates: dict[str, Any], issues: list[str]) -> None:
    for name in ("budget_min", "budget_max", "car_price"):
        value = updates.get(name)
        if isinstance(value, (int, float)) and 0 <= value < MIN_PLAUSIBLE_PRICE:
            updates.pop(name)
            issues.append("implausible_price")


def _body_of(deps: Deps, make: str | None, model: str) -> str | None:
    found = deps.names.match_model(model, make_key=deps.names.match_make(make) if make else None, fuzzy=False)
    if not found:
        return None
    cars, _ = deps.catalog.query(where=["make_key = ?", "model_key = ?"], params=list(found), order_by="stock_id",
                                 limit=1)
    return cars[0].body_type if cars else None


def _apply_clears(slots: Slots, cleared: list[str]) -> None:
    for name in cleared:
        if name.startswith("features:"):
            slots.features = [f for f in slots.features if f != name.split(":", 1)[1]]
        elif name == "features":
            slots.features = []
        else:
            setattr(slots, name, None)


def _referred_car(proposal: Understanding, updates: dict[str, Any], shown: list[str], deps: Deps,
                  issues: list[str]) -> str | None:
    """The stock id the buyer points at: "el segundo", or a shown car named ("el Jetta")."""
    if proposal.pick and shown:
        cars = [car for car in (deps.catalog.get(s) for s in shown) if car is not None]
        chooser = {"cheapest": lambda c: c.price, "priciest": lambda c: -c.price,
                   "newest": lambda c: -c.year, "least_km": lambda c: c.km,
                   "best_value": lambda c: (-c.year, c.km)}[proposal.pick]
        return min(cars, key=chooser).stock_id if cars else None
    if proposal.reference is not None:
        index = proposal.reference
        if -len(shown) <= index < len(shown):
            return shown[index]
        issues.append("bad_reference")
        return None
    if (proposal.intent in REFERRING_INTENTS and len(shown) == 1 and "car_price" not in updates
            and not (updates.get("model") or updates.get("make")) and not proposal.car_options):
        return shown[0]  # one car listed: "¿cuánto con 70 mil de enganche?", "¿es 4x4?" are about that car
    if proposal.intent not in REFERRING_INTENTS or not shown or not (updates.get("model") or updates.get("make")):
        return None
    matches = []
    for stock_id in shown:
        car = deps.catalog.get(stock_id)
        if car is None:
            continue
        if updates.get("model") not in (None, car.model) or updates.get("make") not in (None, car.make):
            continue
        if updates.get("year_min") not in (None, car.year):
            continue
        matches.append(stock_id)
    return matches[0] if len(matches) == 1 else None


def _order_ranges(slots: Slots, updated: set[str]) -> None:
    """Keep min <= max: a bound given now drops an old bound it contradicts; two new ones swap."""
    for low, high in (("budget_min", "budget_max"), ("year_min", "year_max")):
        a, b = getattr(slots, low), getattr(slots, high)
        if a is None or b is None or a <= b:
            continue
        if low in updated and high not in updated:
            setattr(slots, high, None)
        elif high in updated and low not in updated:
            setattr(slots, low, None)
        else:
            setattr(slots, low, b)
            setattr(slots, high, a)
