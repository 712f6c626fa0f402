"""Handoff node: until a human channel exists, say so instead of pretending to transfer."""

from __future__ import annotations

from typing import Any

from graph.state import State
from nodes import wording


def handoff(state: State) -> dict[str, Any]:
    return {"reply": wording.NOT_YET_HANDOFF, "grounded_reply": wording.NOT_YET_HANDOFF}
