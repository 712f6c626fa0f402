"""Rule-based intent scoring: weighted cue phrases, slot evidence and dialogue context."""

from __future__ import annotations

from nodes import registry
from nodes.registry import BOOKING_SLOTS
from nodes.understanding.lexicon import INTENT_CUES
from nodes.understanding.slots import DialogContext, Extraction

SEARCH_SLOTS = frozenset(registry.SEARCH_SLOTS)
FINANCE_SLOTS = frozenset(registry.FINANCE_SLOTS)
PENDING_OWNER = registry.PENDING_OWNER
TIE_ORDER = registry.TIE_ORDER


def cue_scores(folded: str) -> dict[str, float]:
    """Score of each intent from its cue phrases alone."""
    scores = dict.fromkeys(TIE_ORDER, 0.0)
    for intent, cues in INTENT_CUES.items():
        for pattern, weight in cues:
            if pattern.search(folded):
                scores[intent] += weight
    return scores


def classify(scores: dict[str, float], ext: Extraction, ctx: DialogContext,
             comparison: bool = False) -> tuple[str, float]:
    """The intent with the best total score, and a rough confidence in [0, 1]."""
    scores = dict(scores)
    found = (set(ext.slots) | ({"make", "model"} if ext.car_options else set())) - {"city", "name"}
    if ext.own_car:  # "tengo un Sentra 2015, ¿lo toman?": their car, not one they are looking for
        found -= {"make", "model", "year_min", "year_max", "km_max"}
    if found & SEARCH_SLOTS or ext.more_results:  # each concrete criterion is more evidence of a search
        scores["search_cars"] += min(3.0, 1.5 + 0.5 * (len(found & SEARCH_SLOTS) - 1))
    if found & FINANCE_SLOTS:
        scores["financing"] += 2.0
    if ext.cleared and not any(scores.values()):
        scores["search_cars"] += 1.5  # "cualquier marca"
    if ext.reference is not None or ext.pick or "stock_id" in found or ext.compared:
        scores["car_details"] += 2.0
    if ext.car_options and comparison:
        scores["car_details"] += 4.0  # "¿cuál gasta menos, la RAV4 o la CX-5?": weighing two cars
    if found & set(BOOKING_SLOTS):
        scores["book_appointment"] += 1.5
    if ctx.pending and (ctx.pending in ext.slots or (ctx.pending == "stock_id" and ext.reference is not None)):
        scores[PENDING_OWNER.get(ctx.pending, "search_cars")] += 3.0
    if ctx.pending in ("city", "name") and not any(scores.values()) and ext.slots:
        scores["book_appointment"] += 1.0
    if not any(scores.values()) and not found:
        if ctx.previous_intent in ("company_info", "book_appointment"):
            scores[ctx.previous_intent] += 1.0  # "¿y se puede extender?", "¿y en Monterrey?": same topic
        elif ctx.shown_count and ctx.last_intent in ("search_cars", "car_details"):
            scores["car_details"] += 1.0  # "¿y el rojo?", "precio?" right after a list: about those cars
    if ext.affirmation and not any(scores.values()):
        follow = PENDING_OWNER.get(ctx.pending or "") or ctx.last_intent
        if follow:
            scores[follow] += 2.0
    total = sum(scores.values())
    if total == 0:
        return "out_of_scope", 0.0
    best = max(TIE_ORDER, key=lambda intent: (scores[intent], -TIE_ORDER.index(intent)))
    return best, round(scores[best] / total, 2)
