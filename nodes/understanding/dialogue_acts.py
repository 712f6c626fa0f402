"""Dialogue acts: what a message does (asks, requests, corrects, negates, agrees), whatever it is about."""

from __future__ import annotations

from typing import Literal

from nodes.registry import SPECS
from nodes.understanding.lexicon import AFFIRMATION, CORRECTION, words
from stores.text import expand_abbreviations, fold, tokens

DialogueAct = Literal["question", "request", "correction", "negation", "affirmation", "short", "long"]

_QUESTION_START = words(r"(?:y )?(?:que|q|cual|cuales|cuanto|cuanta|cuantos|cuantas|como|donde|cuando|quien|"
                        r"por que|porque|puedo|puede|pueden|se puede|tienen|tienes|hay|es|son|esta|estan|trae|"
                        r"traen|aceptan|manejan|dan|hacen|incluye|what|how|do|does|can|is|are)")
_REQUEST = words("quiero", "quisiera", "busco", "necesito", "ocupo", r"me (?:das|da|pasas|mandas|manda|ensenas|"
                 r"muestras|puedes|podrias)", r"pasa(?:me)?", r"manda(?:me)?", r"muestra(?:me)?", r"ensena(?:me)?",
                 r"dame", r"ayuda(?:me)?", "por favor", "i want", "i need", "show me", "send me")
_CORRECTION = words(r"mejor", r"en (?:lugar|vez) de", r"no era", "cambia", "cambialo", "cambiale", "instead",
                    "rather")
_NEGATION = words("no", "ni", "nada", "tampoco", "sin", "nunca", "not", "dont", "don't")


def dialogue_acts(folded: str) -> frozenset[DialogueAct]:
    """The acts a folded message performs (possibly several, possibly none)."""
    acts: set[DialogueAct] = set()
    stripped = folded.strip()
    if "?" in stripped or _QUESTION_START.match(stripped.lstrip("¿ ")):
        acts.add("question")
    if _REQUEST.search(stripped):
        acts.add("request")
    if CORRECTION.search(stripped) or _CORRECTION.search(stripped):
        acts.add("correction")
    if _NEGATION.search(stripped):
        acts.add("negation")
    count = len(stripped.split())
    if AFFIRMATION.search(stripped) and count <= 4:
        acts.add("affirmation")
    if count <= 2:
        acts.add("short")
    elif count >= 25:
        acts.add("long")
    return frozenset(acts)


_FIRST = words("primer", "primero", "primera", "lo primero", "la primera", "1", "uno", "first", "the first")
_SECOND = words("segundo", "segunda", "lo segundo", "la segunda", "2", "dos", "la otra", "lo otro", "second",
                "the second", "the other")
_FILLER = frozenset("lo la el quiero quisiera mejor pues bueno ok si no este esta por favor a de".split())


def chosen_reading(text: str, offered: list[str]) -> str | None:
    """Which offered reading a short answer picks ("lo primero", "financiamiento"), or None (a new message)."""
    folded = expand_abbreviations(fold(text))
    if len(folded.split()) > 6:
        return None
    if _FIRST.search(folded) and not _SECOND.search(folded):
        return offered[0]
    if len(offered) > 1 and _SECOND.search(folded) and not _FIRST.search(folded):
        return offered[1]
    words_said = set(tokens(folded)) - _FILLER
    hits = [name for name in offered
            if words_said & {t for t in tokens(fold(SPECS[name].offer)) if len(t) > 3}]
    return hits[0] if len(hits) == 1 else None
