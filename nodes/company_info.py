"""Company-info node: find the knowledge-base passages that answer the buyer's question."""

from __future__ import annotations

import logging
import re
from typing import Any

from graph.deps import Deps
from graph.state import Slots, State, tool_call
from nodes.understanding.lexicon import HOURS_QUESTION, LOCATION_QUESTION, UNKNOWN_FACTS
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
    question = _without_car_names(text, deps)
    query = f"{question} {city}" if city and fold(city) not in folded else question
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
    if HOURS_QUESTION.search(folded) and passages:  # the opening-hours section of the best document
        hours = [c for c in deps.knowledge.chunks_of(passages[0].doc_id) if "horario" in fold(c.text)]
        passages = [passages[0], *hours[:1]] if hours and hours[0].chunk_id != passages[0].chunk_id else passages
    result = {"passages": passages, "unknown": unknown, "city": city, "city_covered": city_covered}
    update: dict[str, Any] = {"tool_calls": [tool_call("get_kavak_info", args, result)]}
    if passages and passages[0].topic == "financiamiento" and slots.car_price is None:
        update["pending"] = "car_price"  # the answer ends offering to calculate: "¿qué auto te gustaría financiar?"
    return update


def _without_car_names(text: str, deps: Deps) -> str:
    """The question without the buyer's own car ("vendo mi Sentra 2015"): names and years only add noise."""
    kept = [word for word in text.split()
            if not re.fullmatch(r"\W*(?:19|20)\d\d\W*", word)
            and not (len(word) > 2 and (deps.names.match_model(word.strip(",.¿?¡!"), fuzzy=False)
                                        or deps.names.match_make(word.strip(",.¿?¡!"), fuzzy=False)))]
    return " ".join(kept) or text
