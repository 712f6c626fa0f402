"""The utterance scorer on a tiny hand-made set with a fake understanding layer."""

from __future__ import annotations

from typing import Any

import pytest

from evals.utterance_eval import Prediction, atoms, score

ITEMS: list[dict[str, Any]] = [
    {"text": "busco un jetta con carplay", "intent": "search_cars",
     "slots": {"make": "Volkswagen", "model": "Jetta", "features": ["carplay", "bluetooth"]}},
    {"text": "el ultimo", "intent": "car_details",
     "context": {"last_intent": "search_cars", "shown_count": 3}, "reference": 2},
    {"text": "hola", "intent": "greeting"},
]

ANSWERS: dict[str, Prediction] = {
    # accents and case ignored; one feature missed; an unscored slot (name) ignored; one wrong slot
    "busco un jetta con carplay": ("search_cars", {"make": "VOLKSWAGEN", "model": "jettá",
                                                   "features": ["carplay"], "name": "Ana",
                                                   "year_min": 2020}, None),
    "el ultimo": ("car_details", {}, -1),  # -1 = last of the 3 shown
    "hola": ("thanks_bye", {}, None),
}


def fake(text: str, ctx: dict[str, Any]) -> Prediction:
    return ANSWERS[text]


def test_scores_intents_and_slot_atoms() -> None:
    s = score("tiny", ITEMS, fake)
    assert (s.n, s.intent_ok) == (3, 2)
    assert s.intent_accuracy == pytest.approx(2 / 3)
    # expected atoms: make, model, carplay, bluetooth, reference -> 5; predicted: 4 + year_min
    assert (s.tp, s.fp, s.fn) == (4, 1, 1)
    assert s.precision == pytest.approx(0.8) and s.recall == pytest.approx(0.8)
    assert s.f1 == pytest.approx(0.8)
    assert s.per_intent_ok["greeting"] == 0 and s.per_intent["search_cars"] == 1
    assert len(s.errors) == 2 and "intent greeting -> thanks_bye" in s.errors[1]


def test_reference_inside_slots_and_spurious_reference() -> None:
    item = {"text": "el 2", "intent": "car_details", "slots": {"reference": 1},
            "context": {"shown_count": 3}}
    s = score("ref", [item], lambda text, ctx: ("car_details", {}, 1))
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    assert atoms({}, 0, None) == {("reference", 0)}
    assert atoms({"km_max": 80000.0, "city": "Querétaro"}, None, None) == {("km_max", 80000), ("city", "queretaro")}
