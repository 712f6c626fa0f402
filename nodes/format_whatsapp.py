"""Format node: split the reply into WhatsApp messages of at most 1,600 characters."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage

from graph.state import State
from nodes import wording

WHATSAPP_LIMIT = 1600
NOTICES = {"long_input": wording.LONG_INPUT_NOTE}


def format_whatsapp(state: State) -> dict[str, Any]:
    notes = [NOTICES[n] for n in state.get("notices") or [] if n in NOTICES]
    text = "\n\n".join([*notes, state.get("reply", "")]).strip()
    chunks = split_message(text)
    return {"outbound": chunks, "messages": [AIMessage("\n\n".join(chunks))]}


def split_message(text: str, limit: int = WHATSAPP_LIMIT) -> list[str]:
    """Pack paragraphs, then lines, then words into messages; never cut inside a word or number."""
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        joined = f"{current}{piece['sep']}{piece['text']}" if current else piece["text"]
        if len(joined) <= limit:
            current = joined
        else:
            chunks.append(current)
            current = piece["text"]
    if current:
        chunks.append(current)
    return [c.strip() for c in chunks if c.strip()]


def _pieces(text: str, limit: int) -> list[dict[str, str]]:
    pieces: list[dict[str, str]] = []
    for paragraph in text.split("\n\n"):
        for l_index, line in enumerate(paragraph.split("\n")):
            sep = "\n\n" if l_index == 0 else "\n"
            if len(line) <= limit:
                pieces.append({"sep": sep, "text": line})
                continue
            for w_index, word in enumerate(_words(line, limit)):
                pieces.append({"sep": sep if w_index == 0 else " ", "text": word})
    return pieces


def _words(line: str, limit: int) -> list[str]:
    words: list[str] = []
    for word in line.split(" "):
        while len(word) > limit:  # a single "word" longer than a message: no better boundary exists
            words.append(word[:limit])
            word = word[limit:]
        words.append(word)
    return words
