"""The voice-note evaluation set is complete and labelled like the corpus; the word error rate is computed right."""

from __future__ import annotations

from collections import Counter

from evals.utterance_eval import SLOT_NAMES
from evals.voice.make_clips import NOISES, SPEEDS, VOICES
from evals.voice_eval import (
    VOICE_DIR,
    Heard,
    edit_distance,
    load_references,
    money_heard,
    normalize_words,
    percentile,
    word_error_rate,
)
from graph.state import INTENTS


def test_the_set_has_every_intent_every_condition_and_small_files() -> None:
    refs = load_references()
    assert len(refs) >= 60
    assert set(Counter(r["intent"] for r in refs)) == set(INTENTS)
    assert {r["speed"] for r in refs} == set(SPEEDS) and {r["noise"] for r in refs} == set(NOISES)
    assert {r["voice"] for r in refs} == set(VOICES)
    files = [VOICE_DIR / r["file"] for r in refs]
    assert all(f.is_file() and f.suffix == ".ogg" for f in files)
    assert len(set(files)) == len(files) == len(list((VOICE_DIR / "clips").glob("*.ogg")))
    assert all(f.read_bytes()[:4] == b"OggS" for f in files)
    assert sum(f.stat().st_size for f in files) < 3 * 1024 * 1024


def test_labels_use_the_corpus_format_and_money_is_spoken_in_words() -> None:
    refs = load_references()
    for ref in refs:
        assert set(ref) <= {"file", "text", "voice", "speed", "wpm", "noise", "intent", "slots", "reference",
                            "context"}
        assert set(ref.get("slots") or {}) <= SLOT_NAMES
    texts = [r["text"] for r in refs]
    assert any("doscientos cincuenta mil" in t for t in texts)
    assert sum(any(s in (r.get("slots") or {}) for s in ("budget_max", "budget_min", "down_payment", "car_price",
                                                         "monthly_payment")) for r in refs) >= 6


def test_numbers_count_as_the_same_word_however_they_are_written() -> None:
    assert normalize_words("¿Un carro de 250,000 a 4 años?") == normalize_words(
        "un carro de doscientos cincuenta mil a cuatro años")
    assert normalize_words("Del 2020, ¡Mil gracias!") == ["del", "2020", "mil", "gracias"]


def test_word_error_rate() -> None:
    assert edit_distance("a b c".split(), "a x c d".split()) == 2
    assert edit_distance([], ["a"]) == 1 and edit_distance(["a"], []) == 1
    assert word_error_rate([("hola buenos días", "Hola, buenos días."), ("quiero un asesor", "quiero asesor")]) \
        == 1 / 6
    assert word_error_rate([]) == 0.0


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 50) == 10.0 and percentile(values, 95) == 19.0 and percentile(values, 100) == 20.0
    assert percentile([3.0], 95) == 3.0 and percentile([], 50) == 0.0


def test_money_heard_counts_right_and_wrong_amounts() -> None:
    refs = [{"text": "t", "slots": {"budget_max": 250000}}, {"text": "t", "slots": {"down_payment": 50000}},
            {"text": "t", "slots": {"make": "Kia"}}]
    heard = [Heard("a", "t", "un carro de 250 mil", 1.0, 2.0, 0.9, False, 0.0),
             Heard("b", "t", "con 20 mil de enganche", 1.0, 2.0, 0.9, False, 0.0),
             Heard("c", "t", "un kia de 300 mil", 1.0, 2.0, 0.9, False, 0.0)]
    assert money_heard(refs, heard) == (2, 1, 1)
