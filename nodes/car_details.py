"""Car-details node: what the catalog says about the car being discussed, or two cars side by side."""

from __future__ import annotations

from typing import Any

from graph.deps import Deps
from graph.state import Slots, State, tool_call
from tools.catalog_search import answer_car_questions, compare_cars, get_car
from tools.catalog_search import search_cars as search_catalog


def car_details(state: State, deps: Deps) -> dict[str, Any]:
    if state.get("action") == "compare":
        return _compare(state, deps)
    slots = state.get("slots") or Slots()
    car = get_car(catalog=deps.catalog, stock_id=slots.stock_id or "")
    calls = [tool_call("get_car", {"stock_id": slots.stock_id}, {"car": car})]
    asked = state["understanding"].asked
    if car is not None and asked:
        calls.append(tool_call("answer_car_questions", {"stock_id": car.stock_id, "asked": asked},
                               {"answers": answer_car_questions(car=car, asked=asked)}))
    return {"tool_calls": calls}


def _compare(state: State, deps: Deps) -> dict[str, Any]:
    """Positions of the list ("el 1 o el 3"), or cars named ("el Aveo o el Versa": the one listed, else the
    catalog's best match)."""
    proposal = state["understanding"]
    shown = state.get("shown_cars") or []
    ids = [shown[i] for i in proposal.compared if -len(shown) <= i < len(shown)]
    missing: list[str] = []
    for option in proposal.car_options:
        listed = [s for s in shown if (car := deps.catalog.get(s)) is not None and car.make == option.get("make")
                  and option.get("model") in (None, car.model)]
        found = listed or [c.stock_id for c in search_catalog(
            catalog=deps.catalog, make=option.get("make"), model=option.get("model"), limit=1).cars]
        if found:
            ids.append(found[0])
        else:
            missing.append(" ".join(v for v in (option.get("make"), option.get("model")) if v))
    result = compare_cars(catalog=deps.catalog, stock_ids=ids, missing=missing)
    update: dict[str, Any] = {"tool_calls": [tool_call("compare_cars", {"stock_ids": ids}, result)]}
    if any(car.stock_id not in shown for car in result.cars):  # cars found by name: "el 1" now means these
        update["shown_cars"] = [car.stock_id for car in result.cars]
    return update
