"""Company-info node: find the knowledge-base passages that answer the buyer's question."""

from __future__ import annotations

import logging
from typing import Any

from graph.deps import Deps
from graph.state import Slots, State, tool_call
from nodes.understanding.lexicon import LOCATION_QUESTION, UNKNOWN_FACTS
from stores.knowledge import KnowledgeError
from stores.text import fold
from tools.knowledge import search_knowledge

log = logging.getLogger(__name__)
CITIES_QUERY = "en que ciudades hay sedes"


def company_info(state: State, deps: Deps) -> dict[str, Any]:
    text = state.get("clean_text", "")
    folded = fold(text)
    slots = state.get("slots") or Slots()
    unknown = [name for name, pattern in UNKNOWN_FACTS.items() if pattern.search(folded)]
    about_places = bool(LOCATION_QUESTION.search(folded))
    city = state["understanding"].slots.get("city") or (slots.city if about_places else None)
    query = f"{text} {city}" if city and fold(city) not in folded else text
    args = {"query": query, "topic": "sedes" if about_places or city else None}
    if deps.knowledge is None:
        return {"tool_calls": [tool_call("get_kavak_info", args, {"error": "not_configured"})]}
    try:
        passages = search_knowledge(kb=deps.knowledge, **args)
    except KnowledgeError as exc:
        log.error("company_info.kb_unavailable reason=%s", exc)
        return {"tool_calls": [tool_call("get_kavak_info", args, {"error": "not_built"})]}
    if city:  # the city's own document first ("Sedes en Monterrey"), then any that mentions it
        passages.sort(key=lambda p: (fold(city) not in fold(p.title), fold(city) not in fold(p.text)))
    city_covered = not city or any(fold(city) in fold(p.text + " " + p.title) for p in passages)
    if not city_covered:  # no sede there: answer with the list of cities that have one
        passages = search_knowledge(kb=deps.knowledge, query=CITIES_QUERY, topic="sedes")
    result = {"passages": passages, "unknown": unknown, "city": city, "city_covered": city_covered}
    return {"tool_calls": [tool_call("get_kavak_info", args, result)]}
