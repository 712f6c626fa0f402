"""Decide-action node (the policy): run a tool, or ask for the one slot that is missing."""

from __future__ import annotations

from typing import Any, Literal

from graph.state import Slots, State
from nodes.registry import FINANCE_SLOTS, FIXED_ACTIONS
from nodes.understanding.lexicon import FINANCING_QUESTION, UNKNOWN_FACTS
from stores.text import fold

Action = Literal[
    "empty_input", "greet", "farewell", "out_of_scope", "handoff", "company_info",
    "book_appointment", "search", "search_more", "popular", "details", "finance",
    "finance_by_payment", "ask", "clarify", "compare", "similar",
]
TASK_INTENTS = ("search_cars", "car_details", "financing", "book_appointment")
MISUNDERSTOOD = ("out_of_scope", "clarify")
MISSES_BEFORE_HANDOFF = 3
"""Turns in a row the agent could not serve before it asks a person to take over."""


def decide_action(state: State) -> dict[str, Any]:
    intent = state.get("intent", "out_of_scope")
    slots = state.get("slots") or Slots()
    shown = state.get("shown_cars") or []
    action, pending = _decide(intent, slots, state, shown)
    misses = (state.get("misses") or 0) + 1 if action in MISUNDERSTOOD else 0
    update: dict[str, Any] = {"action": action, "pending": pending, "offered": [], "clarified_text": "",
                              "misses": misses}
    if action == "handoff":
        update["handoff_reason"] = "buyer_asked"
    elif misses >= MISSES_BEFORE_HANDOFF and "prompt_injection" not in state["understanding"].issues:
        update.update(action="handoff", pending=None, misses=0, handoff_reason="repeated_misunderstanding")
        return update
    if action == "clarify":
        update["offered"] = [intent, *state["understanding"].alternatives][:2]
        update["clarified_text"] = state.get("clean_text", "")
        return update
    if action == "similar":
        update["focus"] = focus_car(state)
    if intent in TASK_INTENTS:
        update["last_intent"] = intent
    return update


def _decide(intent: str, slots: Slots, state: State, shown: list[str]) -> tuple[Action, str | None]:
    if "empty_input" in (state.get("notices") or []):
        return "empty_input", state.get("pending")
    folded = fold(state.get("clean_text", ""))
    proposal = state["understanding"]
    asks_phone = bool(UNKNOWN_FACTS["phone"].search(folded))
    if proposal.clarify and asks_phone and intent in ("handoff", "company_info", "out_of_scope"):
        return "company_info", None  # whichever reading, the honest answer is the same: no number to give
    if proposal.clarify:
        return "clarify", None  # two readings are close: ask which one, never guess
    if intent == "handoff" and asks_phone:
        return "company_info", None  # a phone number we do not have: say so and offer an advisor
    if intent == "book_appointment":
        return "book_appointment", state.get("pending")  # the booking node reads what it asked, then asks anew
    if intent in FIXED_ACTIONS:
        return FIXED_ACTIONS[intent], None  # type: ignore[return-value]
    if intent == "car_details":
        if len(proposal.compared) >= 2 or len(proposal.car_options) >= 2:
            return "compare", None  # "¿cuál tiene menos km, el Aveo o el Versa?"
        named = {"make", "model"} & set(proposal.slots) if not proposal.pick else set()
        if slots.stock_id and not named:
            return "details", "down_payment"  # the details reply offers financing
        if shown and not named:
            return "ask", "stock_id"
        return ("search", None) if slots.search_criteria() else ("popular", "budget_max")
    if intent == "financing":
        if "term_out_of_range" in proposal.issues:
            return "ask", "term_years"
        unknown = any(p.search(folded) for p in UNKNOWN_FACTS.values())
        asks_how = FINANCING_QUESTION.search(folded) and slots.car_price is None
        if (asks_how or unknown) and not set(proposal.slots) & set(FINANCE_SLOTS):
            return "company_info", None  # "¿qué tasa manejan?", "¿cobran comisión?": the knowledge base answers
        if slots.car_price is None and ({"make", "model"} & set(proposal.slots) or proposal.car_options):
            return "search", None  # "¿me financias un Mazda 3?": show them to pick one, then the numbers
        return _decide_financing(slots, shown)
    if proposal.more_results and shown and not proposal.relative:
        return "search_more", None
    if proposal.relative and focus_car(state):
        return "similar", None  # "parecidos pero más baratos" than the car we are talking about
    return ("search", None) if slots.search_criteria() or state.get("car_options") else ("popular", "budget_max")


def focus_car(state: State) -> str | None:
    """The car the conversation is about: the one whose details or financing we just gave, or the only one
    listed."""
    slots = state.get("slots") or Slots()
    shown = state.get("shown_cars") or []
    if slots.stock_id and (state.get("last_intent") in ("car_details", "financing", "book_appointment")
                           or shown == [slots.stock_id]):
        return slots.stock_id
    return shown[0] if len(shown) == 1 else None


def _decide_financing(slots: Slots, shown: list[str]) -> tuple[Action, str | None]:
    has_price = slots.car_price is not None
    has_down = slots.down_payment is not None or slots.down_payment_pct is not None
    if not has_price and slots.monthly_payment is not None:
        return ("finance_by_payment", None) if has_down else ("ask", "down_payment")
    if not has_price:
        return "ask", ("stock_id" if shown else "car_price")
    if not has_down:
        return "ask", "down_payment"
    return "finance", None
