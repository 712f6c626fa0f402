"""Built-in understanding of Mexican WhatsApp Spanish: no LLM, no network."""

from __future__ import annotations

from graph.state import Understanding
from nodes.understanding.intents import FINANCE_SLOTS, classify, cue_scores
from nodes.understanding.lexicon import AFFIRMATION, FUEL_WORDS, INJECTION, expand_abbreviations
from nodes.understanding.slots import DialogContext, extract, extract_name
from stores.text import fold
from tools.car_names import CarNames

__all__ = ["DialogContext", "understand"]
OWN_CAR_SLOTS = ("make", "model", "year_min", "year_max", "km_max", "body_type", "transmission", "features")


def understand(text: str, ctx: DialogContext, names: CarNames) -> Understanding:
    """Propose an intent and slot values for one message."""
    folded = expand_abbreviations(fold(text))
    scores = cue_scores(folded)
    finance_context = (scores["financing"] > 0 or ctx.pending in FINANCE_SLOTS
                       or (ctx.last_intent == "financing" and scores["search_cars"] == 0))
    booking_context = scores["book_appointment"] > 0 or ctx.last_intent == "book_appointment"
    ext = extract(folded, ctx, names, finance_context=finance_context, booking_context=booking_context)
    name = extract_name(text)
    if name:
        ext.slots["name"] = name
    ext.affirmation = bool(AFFIRMATION.search(folded)) and max(scores.values()) == 0
    if ext.own_car:  # their own car (to sell or trade in) describes no car they want
        for slot in OWN_CAR_SLOTS:
            ext.slots.pop(slot, None)
    if INJECTION.search(folded):
        scores["out_of_scope"] += 5.0
        ext.issues.append("prompt_injection")
    intent, confidence = classify(scores, ext, ctx)
    if intent == "search_cars" and FUEL_WORDS.search(folded):
        ext.issues.append("fuel_filter_unavailable")
    return Understanding(intent=intent, confidence=confidence, slots=ext.slots, cleared=ext.cleared,
                         reference=ext.reference, correction=ext.correction,
                         more_results=ext.more_results, pick=ext.pick, issues=ext.issues)
