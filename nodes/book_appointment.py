"""Book-appointment node: until appointment storage lands, say honestly that we cannot book yet."""

from __future__ import annotations

from typing import Any

from graph.state import State
from nodes import wording


def book_appointment(state: State) -> dict[str, Any]:
    return {"reply": wording.NOT_YET_BOOKING, "grounded_reply": wording.NOT_YET_BOOKING}
