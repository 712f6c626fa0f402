"""Financing node: monthly payments for the chosen car, or the price range a payment affords."""

from __future__ import annotations

from typing import Any

from graph.deps import Deps
from graph.state import Slots, State, tool_call
from tools.catalog_search import get_car, search_cars
from tools.financing import (
    TERMS_YEARS,
    FinancingError,
    amortization_schedule,
    calculate_financing,
    compare_terms,
    max_price_for_monthly_payment,
)
from tools.financing_chart import term_chart

SCHEDULE_PREVIEW_MONTHS = 3
"""Months of the amortization table shown in chat; the CLI prints it whole."""


def financing(state: State, deps: Deps) -> dict[str, Any]:
    slots = state.get("slots") or Slots()
    if state["action"] == "finance_by_payment":
        return _by_monthly_payment(slots, deps)
    calls = []
    if slots.stock_id:
        car = get_car(catalog=deps.catalog, stock_id=slots.stock_id)
        calls.append(tool_call("get_car", {"stock_id": slots.stock_id}, {"car": car}))
    args = {"car_price": slots.car_price, "down_payment": slots.down_payment,
            "down_payment_pct": slots.down_payment_pct}
    try:
        if slots.term_years is not None:
            plans = [calculate_financing(**args, term_years=slots.term_years)]
            calls.append(tool_call("calculate_financing", {**args, "term_years": slots.term_years},
                                   {"plans": plans}))
            rows = amortization_schedule(plans[0])[:SCHEDULE_PREVIEW_MONTHS]
            calls.append(tool_call("amortization_schedule", {"months": SCHEDULE_PREVIEW_MONTHS}, {"rows": rows}))
        else:
            plans = compare_terms(**args)
            calls.append(tool_call("calculate_multiple_options", args, {"plans": plans}))
            return {"tool_calls": calls, "media": _chart(plans, deps, calls)}
    except FinancingError as exc:
        calls.append(tool_call("calculate_financing", {**args, "term_years": slots.term_years},
                               {"error": exc.code, "details": exc.details}))
    return {"tool_calls": calls}


def _chart(plans: list[Any], deps: Deps, calls: list[Any]) -> list[str]:
    """The terms compared as a picture, attached to the WhatsApp reply when the API has a public URL."""
    base = deps.settings.public_base_url
    if not base:
        return []
    chart = term_chart(plans)
    token = deps.media.put(chart.png, "image/png")
    url = f"{base.rstrip('/')}/media/{token}.png"
    calls.append(tool_call("financing_chart", {"terms": [p.term_years for p in plans]}, {"labels": chart.labels}))
    return [url]


def _by_monthly_payment(slots: Slots, deps: Deps) -> dict[str, Any]:
    down = slots.down_payment or 0
    terms = (slots.term_years,) if slots.term_years else TERMS_YEARS
    args = {"monthly_payment": slots.monthly_payment, "down_payment": down}
    try:
        prices = {term: max_price_for_monthly_payment(**args, term_years=term) for term in terms}
    except FinancingError as exc:
        return {"tool_calls": [tool_call("calculate_budget_by_monthly_payment", args,
                                         {"error": exc.code, "details": exc.details})]}
    budget_call = tool_call("calculate_budget_by_monthly_payment", {**args, "terms_years": list(terms)},
                            {"max_price_by_term": {str(t): p for t, p in prices.items()}})
    best_term = max(prices)
    budget = int(prices[best_term])
    criteria = {**slots.search_criteria(), "budget_max": budget}
    result = search_cars(catalog=deps.catalog, **criteria)
    search_call = tool_call("search_cars", criteria, result)
    update: dict[str, Any] = {"tool_calls": [budget_call, search_call],
                              "slots": slots.model_copy(update={"budget_max": budget, "term_years": best_term})}
    if result.cars:
        update["shown_cars"] = [c.stock_id for c in result.cars]
        update["results_offset"] = len(result.cars)
    return update
