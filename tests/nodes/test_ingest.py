"""ingest: normalised text, polite cap on long input, per-turn keys reset."""

from __future__ import annotations

import dataclasses
import unicodedata

from graph.settings import Settings
from nodes.ingest import ingest


def test_normalises_unicode_and_whitespace(deps) -> None:
    decomposed = unicodedata.normalize("NFD", "  Busco   un\tauto   automático\n\n ")
    update = ingest({"text": decomposed}, deps=deps)
    assert update["clean_text"] == "Busco un auto automático"
    assert unicodedata.is_normalized("NFC", update["clean_text"])


def test_long_input_is_cut_at_a_word_with_a_notice(deps) -> None:
    limited = dataclasses.replace(deps, settings=Settings(max_input_chars=200))
    update = ingest({"text": "palabra " * 2000}, deps=limited)
    assert len(update["clean_text"]) <= 200
    assert update["clean_text"].endswith("palabra")
    assert update["notices"] == ["long_input"]


def test_empty_input_is_flagged_and_not_recorded(deps) -> None:
    update = ingest({"text": " \u200b "}, deps=deps)
    assert update["notices"] == ["empty_input"] and update["messages"] == []


def test_resets_turn_keys_and_counts_turns(deps) -> None:
    update = ingest({"text": "hola", "turn": 4, "tool_calls": [{"name": "x"}], "reply": "viejo"}, deps=deps)
    assert update["turn"] == 5
    assert update["tool_calls"] == [] and update["reply"] == ""
    assert update["llm_calls"] == []  # the trace starts anew in the graph's wrapper (graph/build.py)
