"""format_whatsapp: messages of at most 1,600 characters, split only at boundaries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nodes.format_whatsapp import WHATSAPP_LIMIT, format_whatsapp, split_message

words = st.text(alphabet="abcdefghijklmnñopqrstuvwxyzáéíóú0123456789$,.*", min_size=1, max_size=30)
lines = st.lists(words, min_size=1, max_size=40).map(" ".join)
paragraphs = st.lists(lines, min_size=1, max_size=8).map("\n".join)
documents = st.lists(paragraphs, min_size=1, max_size=12).map("\n\n".join)


@given(documents)
def test_chunks_respect_limit_and_keep_every_word(text: str) -> None:
    chunks = split_message(text)
    assert all(0 < len(chunk) <= WHATSAPP_LIMIT for chunk in chunks)
    assert " ".join(" ".join(chunks).split()) == " ".join(text.split())


@given(documents)
def test_never_splits_inside_a_word(text: str) -> None:
    original_words = text.split()
    chunk_words = [word for chunk in split_message(text) for word in chunk.split()]
    assert chunk_words == original_words


def test_short_reply_is_one_message() -> None:
    assert split_message("Hola, ¿qué auto buscas?") == ["Hola, ¿qué auto buscas?"]


def test_long_list_splits_between_lines() -> None:
    line = "1. *Toyota Corolla 2019* 1.8 LE CVT · 45,000 km · $289,999"
    text = "\n".join([line] * 60)
    chunks = split_message(text)
    assert len(chunks) >= 2
    assert all(set(chunk.split("\n")) == {line} for chunk in chunks)


def test_format_node_prepends_notice_and_records_message() -> None:
    update = format_whatsapp({"reply": "Claro.", "notices": ["long_input"]})
    assert update["outbound"][0].startswith("Tu mensaje era muy largo")
    assert update["messages"][0].content == update["outbound"][0]
