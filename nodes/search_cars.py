"""Search-cars node: query the catalog for the buyer's criteria, alternatives, similar cars, or featured cars."""

from __future__ import annotations

from typing import Any

from graph.deps import Deps
from graph.state import Slots, State, tool_call
from tools.catalog_search import MAX_RESULTS, popular_cars, search_alternatives, similar_cars
from tools.catalog_search import search_cars as search_catalog


def search_cars(state: State, deps: Deps) -> dict[str, Any]:
    slots = state.get("slots") or Slots()
    action = state["action"]
    if action == "popular":
        cars = popular_cars(catalog=deps.catalog, limit=MAX_RESULTS)
        call = tool_call("get_popular_cars", {"limit": MAX_RESULTS}, {"cars": cars})
        return {"tool_calls": [call], "shown_cars": [c.stock_id for c in cars], "results_offset": 0}
    if action == "similar":
        cheaper = state["understanding"].relative in ("cheaper", "similar_cheaper")
        args = {"stock_id": state.get("focus", ""), "cheaper": cheaper}
        result = similar_cars(catalog=deps.catalog, **args)  # type: ignore[arg-type]
        update: dict[str, Any] = {"tool_calls": [tool_call("similar_cars", args, result)]}
        if result.cars:
            update["shown_cars"] = [c.stock_id for c in result.cars]
            update["results_offset"] = len(result.cars)
        return update
    offset = state.get("results_offset", 0) if action == "search_more" else 0
    criteria = slots.search_criteria()
    cap = _cheaper_than_shown(state, deps)
    if cap is not None:  # "algo más barato": under the cheapest car just listed, this turn only
        criteria["budget_max"] = min(cap, criteria.get("budget_max", cap))
        criteria["strict_budget"] = True
    options = state.get("car_options") or []
    if options and "model" not in criteria:
        result = search_alternatives(catalog=deps.catalog, options=options, **criteria)
        call = tool_call("search_alternatives", {**criteria, "options": options}, result)
    else:
        result = search_catalog(catalog=deps.catalog, **criteria, offset=offset)
        call = tool_call("search_cars", {**criteria, "offset": offset}, result)
    update = {"tool_calls": [call]}
    if result.unknown_names and not options:  # told "no tengo Ferrari": do not keep searching for it
        update["slots"] = slots.model_copy(update={"make": None, "model": None})
    if result.cars:
        update["shown_cars"] = [c.stock_id for c in result.cars]
        update["results_offset"] = offset + len(result.cars)
    return update


def _cheaper_than_shown(state: State, deps: Deps) -> int | None:
    if state["understanding"].relative != "cheaper":
        return None
    prices = [car.price for car in (deps.catalog.get(s) for s in state.get("shown_cars") or []) if car]
    return min(prices) - 1 if prices else None
