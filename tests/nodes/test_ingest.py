"""ingest: normalised text, polite cap on long input, per-turn keys reset."""

from __future__ import annotations

import unicodedata

from langgraph.types import Overwrite

from nodes.ingest import MAX_INPUT_CHARS, ingest


def test_normalises_unicode_and_whitespace() -> None:
    decomposed = unicodedata.normalize("NFD", "  Busco   un\tauto   automático\n\n ")
    update = ingest({"text": decomposed})
    assert update["clean_text"] == "Busco un auto automático"
    assert unicodedata.is_normalized("NFC", update["clean_text"])


def test_long_input_is_cut_at_a_word_with_a_notice() -> None:
    update = ingest({"text": "palabra " * 2000})
    assert len(update["clean_text"]) <= MAX_INPUT_CHARS
    assert update["clean_text"].endswith("palabra")
    assert update["notices"] == ["long_input"]


def test_empty_input_is_flagged_and_not_recorded() -> None:
    update = ingest({"text": " \u200b "})
    assert update["notices"] == ["empty_input"] and update["messages"] == []


def test_resets_turn_keys_and_counts_turns() -> None:
    update = ingest({"text": "hola", "turn": 4, "tool_calls": [{"name": "x"}], "reply": "viejo"})
    assert update["turn"] == 5
    assert update["tool_calls"] == [] and update["reply"] == ""
    assert isinstance(update["trace"], Overwrite)
