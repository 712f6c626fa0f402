"""Classify-intent node: the understanding layer (rules, or an LLM when configured) proposes."""

from __future__ import annotations

import logging
from typing import Any

from graph.deps import Deps
from graph.state import Slots, State, Understanding
from nodes.understanding import DialogContext, understand
from nodes.understanding.booking import KIND_WORDS, name_answer, read_booking
from nodes.understanding.dialogue_acts import chosen_reading
from stores.text import fold

log = logging.getLogger(__name__)


def dialog_context(state: State, deps: Deps) -> DialogContext:
    slots = state.get("slots") or Slots()
    shown = state.get("shown_cars") or []
    return DialogContext(pending=state.get("pending"), last_intent=state.get("last_intent"),
                         previous_intent=state.get("intent"),
                         slots=slots.model_dump(exclude_none=True),
                         shown_count=len(shown), shown_models=frozenset(
                             car.model for car in (deps.catalog.get(s) for s in shown) if car is not None),
                         today=deps.today())


def classify_intent(state: State, deps: Deps) -> dict[str, Any]:
    text = state.get("clean_text", "")
    ctx = dialog_context(state, deps)
    offered, original = state.get("offered") or [], state.get("clarified_text") or ""
    choice = chosen_reading(text, offered) if offered and original else None
    if choice:  # the buyer picked a reading of their previous message: act on that message now
        proposal = understand(original, ctx, deps.names, deps.intent_model, deps.questions)
        proposal = proposal.model_copy(update={"intent": choice, "confidence": 1.0, "clarify": False,
                                               "alternatives": []})
        return {"understanding": proposal, "intent": choice, "clean_text": original}
    proposal = understand(text, ctx, deps.names, deps.intent_model, deps.questions)
    if answers_booking_question(state, proposal, deps):
        proposal = proposal.model_copy(update={"intent": "book_appointment", "clarify": False, "alternatives": []})
    # A message the rules flag as prompt injection never reaches the model it targets.
    if deps.llm is not None and text and "prompt_injection" not in proposal.issues:
        deadline = deps.llm.deadline()
        llm_proposal, call = deps.llm.propose(text, ctx, state.get("messages") or [], deadline)
        if llm_proposal is not None:
            proposal = merge_proposals(proposal, llm_proposal)
        return {"understanding": proposal, "intent": proposal.intent, "llm_calls": [*state.get("llm_calls", []), call], "llm_deadline": deadline}
    return {"understanding": proposal, "intent": proposal.intent}


BOOKING_QUESTIONS = frozenset({"booking_kind", "location", "confirm_booking", "appointment_day", "appointment_time",
                               "name", "stock_id"})


def answers_booking_question(state: State, proposal: Understanding, deps: Deps) -> bool:
    """While an appointment is being arranged, an answer to its question ("en Santa Fe", "sí", "Ana López", "el
    segundo") continues the booking, whatever else it could mean on its own."""
    if "prompt_injection" in proposal.issues or proposal.intent in ("handoff", "thanks_bye"):
        return False
    folded = fold(state.get("clean_text", ""))
    in_flow = (state.get("pending") in BOOKING_QUESTIONS and state.get("last_intent") == "book_appointment"
               and bool(state.get("booking")))
    if not in_flow and not any(pattern.search(folded) for pattern in KIND_WORDS.values()):
        return False  # neither answering our booking question nor asking to see a car: nothing to read
    read = read_booking(folded, deps.locations)
    said = set(proposal.slots) & {"appointment_day", "appointment_time", "city", "name", "stock_id"}
    if read.kind and (read.location_id or said & {"appointment_day", "appointment_time"}):
        return True  # "quiero verlo en Forum Cuernavaca el viernes a las 10": a booking, whatever else it says
    if not in_flow:
        return False
    return bool(read.anything or said or proposal.reference is not None
                or (state.get("pending") == "name" and name_answer(state.get("clean_text", ""))))


def merge_proposals(rules: Understanding, llm: Understanding) -> Understanding:
    """The LLM's intent and slots win where it is sure; the rules fill what it missed."""
    slots = {**rules.slots, **{k: v for k, v in llm.slots.items() if v is not None}}
    return llm.model_copy(update={
        "slots": slots,
        "cleared": sorted(set(rules.cleared) | set(llm.cleared)),
        "reference": llm.reference if llm.reference is not None else rules.reference,
        "correction": llm.correction or rules.correction,
        "more_results": llm.more_results or rules.more_results,
        "issues": rules.issues,
    })
