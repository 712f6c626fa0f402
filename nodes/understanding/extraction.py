"""What slot extraction works on: the dialogue context, what one message yields, and the shared tests for a
value being refused ("que no sea estándar") or preferred ("no, mejor automático")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nodes.understanding import lexicon as lx
from stores.clock import buyer_today

TOKEN_SPANS = re.compile(r"[a-z0-9]+")



@dataclass(frozen=True)
class DialogContext:
    """What the understanding layer may know of the conversation so far."""

    pending: str | None = None
    last_intent: str | None = None
    previous_intent: str | None = None
    """The intent of the previous turn, whatever it was (a company follow-up continues it)."""
    slots: dict[str, Any] = field(default_factory=dict)
    shown_count: int = 0
    shown_models: frozenset[str] = frozenset()
    """Models of the cars last listed (catalog spelling)."""
    today: date = field(default_factory=buyer_today)



@dataclass
class Extraction:
    """Slot proposals found in one message."""

    slots: dict[str, Any] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)
    reference: int | None = None
    correction: bool = False
    more_results: bool = False
    affirmation: bool = False
    pick: str | None = None
    own_car: bool = False
    issues: list[str] = field(default_factory=list)
    car_options: list[dict[str, str]] = field(default_factory=list)
    """Two or more cars named as alternatives ("un Jetta o un Sentra"): make/model slots stay unset."""
    compared: list[int] = field(default_factory=list)
    """Two or more positions of the list named together ("¿la primera o la segunda?")."""
    day_part: str | None = None
    """"morning", "afternoon" or "evening" when a message names a part of the day but no time."""
    relative: str | None = None
    """"cheaper", "similar" or "similar_cheaper": cars relative to the one in focus or those listed."""


PREFERRED_BEFORE = re.compile(r"\b(?:mejor|prefiero|siempre si|mas bien)\s*(?:un[oa]?\s+|el\s+|la\s+)?$")
""""no, mejor automático": the value after "mejor" is the new choice, not a negated one."""


_NEGATION_AFTER = re.compile(r"^\w*\s*,?\s*(?:no\b(?!\s*\?)|nel\b|ni de chiste|ni loco|ni madres|no me sirve)")
"""A value dropped right after it is named: "hatchback no, sedán", "la estándar no me sirve"."""



def negated(folded: str, start: int, end: int | None = None) -> bool:
    before = folded[max(0, start - 24):start]
    if lx.NEGATION_BEFORE.search(before) and not PREFERRED_BEFORE.search(before):
        return True
    return end is not None and bool(_NEGATION_AFTER.search(folded[end:end + 16]))



def preferred(folded: str, start: int) -> bool:
    return bool(PREFERRED_BEFORE.search(folded[max(0, start - 24):start]))



def overlaps_span(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)
