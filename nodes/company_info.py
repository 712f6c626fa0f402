"""Company-info node: until the knowledge base lands, say honestly that we cannot answer yet."""

from __future__ import annotations

from typing import Any

from graph.state import State
from nodes import wording


def company_info(state: State) -> dict[str, Any]:
    return {"reply": wording.NOT_YET_COMPANY, "grounded_reply": wording.NOT_YET_COMPANY}
