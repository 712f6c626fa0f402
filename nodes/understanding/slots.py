"""Slot extraction for one message: the readers of cars and cities, preferences and references, dates and
amounts, each in its own module, applied in an order where earlier readers claim their words."""

from __future__ import annotations

from nodes.registry import BOOKING_SLOTS
from nodes.understanding import lexicon as lx
from nodes.understanding.amounts import HALF_DOWN, NEGATED_NO_DOWN, NO_DOWN_PAYMENT, extract_amounts, overlaps_amount
from nodes.understanding.dates import extract_booking
from nodes.understanding.extraction import DialogContext, Extraction
from nodes.understanding.mentions import extract_car_names, extract_city, extract_name
from nodes.understanding.numbers import find_amounts
from nodes.understanding.preferences import extract_preferences, extract_reference, extract_stock_id
from tools.car_names import CarNames

__all__ = ["DialogContext", "Extraction", "extract", "extract_name"]


def extract(folded: str, ctx: DialogContext, names: CarNames, *,
            finance_context: bool, booking_context: bool) -> Extraction:
    """Everything the message says about the slots; values are already normalised."""
    ext = Extraction(correction=bool(lx.CORRECTION.search(folded)),
                     more_results=bool(lx.MORE_RESULTS.search(folded)),
                     own_car=bool(lx.OWN_CAR.search(folded)) and not lx.SEARCH_REQUEST.search(folded))
    consumed: list[tuple[int, int]] = []
    all_amounts = find_amounts(folded)
    extract_city(folded, names, ext, consumed)
    car_free = consumed + [(a.start, a.end) for a in all_amounts
                           if a.is_money or a.is_percent or a.unit]
    extract_car_names(folded, names, ext, car_free)
    consumed = car_free
    extract_preferences(folded, ext)
    extract_reference(folded, ctx, ext)
    extract_stock_id(folded, ext, consumed)
    if booking_context or ctx.pending in BOOKING_SLOTS:
        extract_booking(folded, ctx, ext, consumed)
    amounts = [a for a in all_amounts if not overlaps_amount(a, consumed) or (a.is_money or a.is_percent or a.unit)]
    if NO_DOWN_PAYMENT.search(folded) and not NEGATED_NO_DOWN.search(folded):
        ext.slots["down_payment"] = 0
    elif HALF_DOWN.search(folded):
        ext.slots["down_payment_pct"] = 50
    if ctx.shown_count and (pick := lx.PICK_PATTERN.search(folded)):
        ext.pick = lx.PICKS[pick.group(1)]
    elif ctx.shown_count and lx.RECOMMEND_PATTERN.search(folded):
        ext.pick = "best_value"
    similar, cheaper = bool(lx.SIMILAR.search(folded)), bool(lx.CHEAPER.search(folded)) and not ext.pick
    ext.relative = ("similar_cheaper" if similar and cheaper else "similar" if similar
                    else "cheaper" if cheaper else None)
    extract_amounts(folded, amounts, ctx, ext, finance_context)
    for pattern, slots in lx.CLEAR_SLOTS:
        if pattern.search(folded):
            ext.cleared.extend(s for s in slots if s not in ext.slots)
    return ext
