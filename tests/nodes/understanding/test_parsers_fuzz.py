"""Every reader of the buyer's text on hostile input: any Unicode, emoji floods, NUL and control characters, huge
numbers, long bodies. None may raise, and what each returns keeps its contract (numbers non-negative and bounded,
slots that the state's model accepts, spans inside the text)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.schemas import is_conversation_id
from graph.state import Slots
from nodes.ingest import clean
from nodes.understanding.booking import name_answer, read_booking
from nodes.understanding.dialogue_acts import chosen_reading, dialogue_acts
from nodes.understanding.extraction import DialogContext
from nodes.understanding.intents import cue_scores
from nodes.understanding.mentions import extract_name
from nodes.understanding.numbers import find_amounts, parse_amount, words_to_number
from nodes.understanding.slots import extract
from stores.locations import load_locations
from stores.text import compact_key, expand_abbreviations, fold, tokens
from tools.car_names import names_for

WORDS = ["mil", "millones", "millón", "medio", "k", "pesos", "%", "por ciento", "años", "meses", "km", "de",
         "enganche", "al mes", "9999999999999999", "99999999", "0", "-5", "1e309", "½", "٣", "２５０", "🚗", "😂" * 30,
         "\x00", "\u202e", "\u200b", "sábado", "a las 25", "el 31 de febrero", "jetta", "toyta", "x-trail", "ese",
         "el segundo", "no", "sí", "mejor", "en vez de", "hasta", "desde", "entre", "y", "o", "automática", "CDMX"]
HOSTILE = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=2000, max_size=6000),
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIMIT = 10**15
"""No reader may produce a number past this: Python ints never overflow, but the database and JSON readers do."""


@pytest.fixture(scope="module")
def names(catalog):  # type: ignore[no-untyped-def]
    return names_for(catalog.vocabulary)


@pytest.fixture(scope="module")
def locations():  # type: ignore[no-untyped-def]
    return load_locations()


@FAST
@given(HOSTILE)
def test_text_normalisers_never_raise(text: str) -> None:
    folded = fold(text)
    assert isinstance(folded, str) and all(isinstance(t, str) for t in tokens(folded))
    assert isinstance(compact_key(text), str) and isinstance(expand_abbreviations(folded), str)
    cleaned, cut = clean(text, 1000)
    assert len(cleaned) <= 1000 and "\x00" not in cleaned and isinstance(cut, bool)
    assert isinstance(is_conversation_id(text), bool)


@FAST
@given(HOSTILE)
def test_number_readers_return_bounded_non_negative_numbers(text: str) -> None:
    folded = fold(text)
    for amount in find_amounts(folded):
        assert 0 <= amount.start <= amount.end <= len(folded)
        assert amount.value >= 0
    for value in (parse_amount(folded), words_to_number(folded)):
        assert value is None or value >= 0


@FAST
@given(HOSTILE)
def test_slot_extraction_gives_values_the_state_accepts(names, text: str) -> None:  # type: ignore[no-untyped-def]
    folded = fold(text)
    for finance, booking in ((False, False), (True, False), (False, True)):
        found = extract(folded, DialogContext(today=date(2026, 12, 2)), names,
                        finance_context=finance, booking_context=booking)
        Slots.model_validate({k: v for k, v in found.slots.items() if k in Slots.model_fields})
        for key in ("budget_min", "budget_max", "car_price", "down_payment", "monthly_payment", "km_max"):
            value = found.slots.get(key)
            assert value is None or 0 <= value <= LIMIT, (key, value)


@FAST
@given(HOSTILE)
def test_intent_cues_dialogue_acts_and_names_never_raise(locations, text: str) -> None:  # type: ignore[no-untyped-def]
    folded = fold(text)
    assert all(score >= 0 for score in cue_scores(folded).values())
    assert isinstance(dialogue_acts(folded), frozenset)
    assert chosen_reading(text, ["search_cars", "financing"]) in (None, "search_cars", "financing")
    read_booking(folded, locations)
    for name in (name_answer(text), extract_name(text)):
        assert name is None or (0 < len(name) <= 200 and "\x00" not in name)
