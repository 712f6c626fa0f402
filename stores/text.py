"""Text folding shared by the catalog index and the understanding layer (accent- and case-blind keys)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+")
_OTHER_SPACE = re.compile(r"[^\S ]")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return base[:1] if len(base) >= 1 else char


def fold(text: str) -> str:
    """Lower-case, strip accents and make every whitespace a space, one output character per input character.

    Keeping the length lets spans found in the folded text index the original.
    """
    if text.isascii() and not _OTHER_SPACE.search(text):
        return text.lower()  # the common case, 20x faster
    return "".join(_fold_char(c) for c in text)


def tokens(folded: str) -> list[str]:
    """Alphanumeric tokens of already folded text."""
    return _TOKEN.findall(folded)


def compact_key(text: str) -> str:
    """A matching key: folded, alphanumerics only ("CR-V" -> "crv", "Serie 3" -> "serie3")."""
    return "".join(tokens(fold(text)))


CHAT_ABBREVIATIONS: dict[str, str] = {
    "q": "que", "xq": "porque", "pq": "porque", "porq": "porque", "tmb": "tambien",
    "tb": "tambien", "pls": "por favor", "plis": "por favor", "porfa": "por favor", "x": "por",
    "d": "de", "pa": "para", "pal": "para el", "ntp": "no te preocupes", "toy": "estoy", "ta": "esta",
    "dnd": "donde", "cdo": "cuando", "msj": "mensaje", "info": "informacion", "xfa": "por favor",
}
"""Expanded before matching ("q no pase de" = "que no pase de"); only whole words."""
_ABBREVIATION = re.compile(r"(?<![a-z0-9$.,-])(" + "|".join(CHAT_ABBREVIATIONS) + r")(?![a-z0-9]|-[a-z0-9]| trail\b)")
"""Not inside names: "x-trail", "x trail" and "t-cross" stay as written."""


def expand_abbreviations(folded: str) -> str:
    return _ABBREVIATION.sub(lambda m: CHAT_ABBREVIATIONS[m.group(1)], folded)
