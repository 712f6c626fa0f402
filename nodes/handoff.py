"""Handoff node: hand the conversation to a person, with a reason and a summary for the operator, and tell the buyer
honestly what happens next. While it is open the bot does not answer (the service stores the buyer's messages)."""

from __future__ import annotations

import logging
from typing import Any

from langgraph.config import get_config

from graph.deps import Deps
from graph.state import Slots, State, tool_call
from nodes import wording

log = logging.getLogger(__name__)
LAST_MESSAGES = 6


def handoff(state: State, deps: Deps) -> dict[str, Any]:
    conversation = str(get_config().get("configurable", {}).get("thread_id", ""))
    reason = state.get("handoff_reason") or "buyer_asked"
    summary = handoff_summary(state, deps)
    record = deps.handoffs.open(conversation, reason, summary) if conversation else None
    log.info("handoff.opened reason=%s", reason)
    reply = wording.HANDOFF_MISUNDERSTOOD if reason == "repeated_misunderstanding" else wording.HANDOFF
    return {"reply": reply, "grounded_reply": reply,
            "tool_calls": [tool_call("open_handoff", {"reason": reason}, {"handoff": record})]}


def handoff_summary(state: State, deps: Deps) -> dict[str, Any]:
    """What a person needs to pick the conversation up: what the buyer wants, cars shown, appointment, last words."""
    slots = state.get("slots") or Slots()
    shown = [car.title for car in (deps.catalog.get(s) for s in state.get("shown_cars") or []) if car]
    messages = [{"role": "buyer" if m.type == "human" else "agent", "text": str(m.content)}
                for m in (state.get("messages") or [])[-LAST_MESSAGES:]]
    messages.append({"role": "buyer", "text": state.get("clean_text", "")})
    return {"slots": slots.model_dump(exclude_none=True, exclude_defaults=True), "cars_shown": shown,
            "appointment": state.get("appointment"), "last_messages": messages}
