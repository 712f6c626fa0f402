"""Ingest node: normalise the buyer's message and reset this turn's working keys."""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

from langchain_core.messages import HumanMessage

from graph.deps import Deps
from graph.state import Slots, State

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")


def clean(text: str, max_chars: int) -> tuple[str, bool]:
    """NFC, no control characters, collapsed whitespace, capped at a word boundary."""
    text = unicodedata.normalize("NFC", text or "")
    text = " ".join(_CONTROL.sub(" ", text).split())
    if len(text) <= max_chars:
        return text, False
    cut = text[:max_chars]
    return (cut.rsplit(" ", 1)[0] if " " in cut[-40:] else cut), True


def ingest(state: State, deps: Deps) -> dict[str, Any]:
    text, truncated = clean(state.get("text", ""), deps.settings.max_input_chars)
    notices = ["long_input"] if truncated else []
    if not text:
        notices.append("empty_input")
        log.info("ingest.empty_input")  # no PII
    if truncated:
        log.info("ingest.truncated original_chars=%d", len(state.get("text", "")))
    update: dict[str, Any] = {
        "clean_text": text,
        "turn": state.get("turn", 0) + 1,
        "messages": [HumanMessage(text)] if text else [],
        "notices": notices,
        "tool_calls": [],
        "reply": "",
        "grounded_reply": "",
        "verification": {"ok": True, "problems": []},
        "outbound": [],
        "action": "",
        "focus": "",
        "booking_step": "",
        "handoff_reason": "",
        "media": [],
        "llm_calls": [],
    }
    stored = state.get("slots")
    if isinstance(stored, dict):  # checkpointers that store JSON (Redis) hand back plain dicts
        update["slots"] = Slots.model_validate(stored)
    return update
