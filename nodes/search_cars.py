"""Search-cars node: query the catalog for the buyer's criteria, more results, or featured cars."""

from __future__ import annotations

from typing import Any

from graph.deps import Deps
from graph.state import Slots, State, tool_call
from tools.catalog_search import MAX_RESULTS, popular_cars
from tools.catalog_search import search_cars as search_catalog


def search_cars(state: State, deps: Deps) -> dict[str, Any]:
    slots = state.get("slots") or Slots()
    if state["action"] == "popular":
        cars = popular_cars(catalog=deps.catalog, limit=MAX_RESULTS)
        call = tool_call("get_popular_cars", {"limit": MAX_RESULTS}, {"cars": cars})
        return {"tool_calls": [call], "shown_cars": [c.stock_id for c in cars], "results_offset": 0}
    offset = state.get("results_offset", 0) if state["action"] == "search_more" else 0
    criteria = slots.search_criteria()
    result = search_catalog(catalog=deps.catalog, **criteria, offset=offset)
    call = tool_call("search_cars", {**criteria, "offset": offset}, result)
    update: dict[str, Any] = {"tool_calls": [call]}
    if result.unknown_names:  # told "no tengo Ferrari": do not keep searching for it
        update["slots"] = slots.model_copy(update={"make": None, "model": None})
    if result.cars:
        update["shown_cars"] = [c.stock_id for c in result.cars]
        update["results_offset"] = offset + len(result.cars)
    return update
