"""The wiring and the persisted names: a rewired edge or renamed slot shows up here."""

from __future__ import annotations

from typing import get_args

from graph.build import build_graph
from graph.state import INTENTS, SLOT_NAMES, BodyType, Feature, Slots, Transmission


def test_persisted_names_are_pinned() -> None:
    assert INTENTS == ("greeting", "search_cars", "car_details", "financing", "company_info",
                       "book_appointment", "handoff", "thanks_bye", "out_of_scope")
    assert SLOT_NAMES == ("budget_min", "budget_max", "make", "model", "year_min", "year_max",
                          "body_type", "transmission", "km_max", "features", "stock_id", "car_price",
                          "down_payment", "down_payment_pct", "term_years", "monthly_payment",
                          "appointment_day", "appointment_time", "city", "name")
    assert tuple(Slots.model_fields) == SLOT_NAMES
    assert get_args(BodyType) == ("sedan", "suv", "hatchback", "pickup", "minivan", "coupe")
    assert get_args(Transmission) == ("automatic", "manual")
    assert get_args(Feature) == ("carplay", "android_auto", "bluetooth", "sunroof", "third_row")


def test_graph_edges(deps) -> None:
    drawable = build_graph(deps=deps).get_graph()
    edges = {(e.source, e.target) for e in drawable.edges}
    assert {("__start__", "ingest"), ("ingest", "classify_intent"), ("classify_intent", "fill_slots"),
            ("fill_slots", "decide_action"), ("compose", "verify_reply"),
            ("verify_reply", "format_whatsapp"), ("format_whatsapp", "__end__")} <= edges
    decisions = {target for source, target in edges if source == "decide_action"}
    assert decisions == {"search_cars", "car_details", "financing", "company_info",
                         "book_appointment", "handoff", "compose"}
    for tool in ("search_cars", "car_details", "financing", "company_info", "book_appointment"):
        assert (tool, "compose") in edges
    assert ("handoff", "verify_reply") in edges
