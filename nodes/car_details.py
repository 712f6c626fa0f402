"""Car-details node: everything the catalog says about the car being discussed."""

from __future__ import annotations

from typing import Any

from graph.deps import Deps
from graph.state import Slots, State, tool_call
from tools.catalog_search import get_car


def car_details(state: State, deps: Deps) -> dict[str, Any]:
    slots = state.get("slots") or Slots()
    car = get_car(catalog=deps.catalog, stock_id=slots.stock_id or "")
    return {"tool_calls": [tool_call("get_car", {"stock_id": slots.stock_id}, {"car": car})]}
