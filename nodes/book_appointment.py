"""Book-appointment node: bookings are not available yet; say so, and show where the buyer can go."""

from __future__ import annotations

import logging
from typing import Any

from graph.deps import Deps
from graph.state import Slots, State, tool_call
from stores.knowledge import KnowledgeError
from tools.knowledge import search_knowledge

log = logging.getLogger(__name__)


def book_appointment(state: State, deps: Deps) -> dict[str, Any]:
    city = state["understanding"].slots.get("city") or (state.get("slots") or Slots()).city
    if not city or deps.knowledge is None:
        return {"tool_calls": []}
    args = {"query": f"sedes en {city}", "topic": "sedes"}
    try:
        passages = search_knowledge(kb=deps.knowledge, **args)
    except KnowledgeError as exc:
        log.error("book_appointment.kb_unavailable reason=%s", exc)
        return {"tool_calls": []}
    return {"tool_calls": [tool_call("get_kavak_info", args, {"passages": passages, "city": city})]}
