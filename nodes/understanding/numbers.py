"""Parse prices, percentages and plain numbers as Mexican buyers write them on WhatsApp."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from stores.text import fold

__all__ = ["Amount", "find_amounts", "parse_amount", "words_to_number"]


@dataclass(frozen=True)
class Amount:
    """One number expression; start/end index the string given to find_amounts."""

    value: int  # pesos for money; decimals rounded half up ("250000.50" -> 250001)
    start: int
    end: int
    text: str
    is_money: bool
    is_percent: bool
    unit: str | None  # "km" | "years" | "months" | "per_month" | None


# --- lexicon (accent-free, lower case) ---------------------------------------
_UNITS = {"un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
          "seis": 6, "siete": 7, "ocho": 8, "nueve": 9}
_TEENS = {"diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
          "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
          "veintiun": 21, "veintiuno": 21, "veintiuna": 21, "veintidos": 22, "veintitres": 23,
          "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27,
          "veintiocho": 28, "veintinueve": 29}
_TENS = {"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
         "ochenta": 80, "noventa": 90}
_HUNDREDS = {"cien": 100, "ciento": 100} | {
    stem + end: value
    for stem, value in (("dosc", 200), ("tresc", 300), ("cuatroc", 400), ("quin", 500),
                        ("seisc", 600), ("setec", 700), ("ochoc", 800), ("novec", 900))
    for end in ("ientos", "ientas")}
_GROUP_WORDS = frozenset(_UNITS) | frozenset(_TEENS) | frozenset(_TENS) | frozenset(_HUNDREDS)
_LONE_ONE = frozenset({"un", "uno", "una"})
_MILLION = frozenset({"millon", "millones", "mdp", "melon", "melones", "palo", "palos"})
_CURRENCY = frozenset({"pesos", "peso", "pesitos", "mxn", "mn", "varos", "baros", "lana", "feria"})
_UNIT_WORDS = {"km": "km", "kms": "km", "kilometros": "km", "kilometro": "km", "ano": "years",
               "anos": "years", "year": "years", "years": "years", "mes": "months", "meses": "months",
               "month": "months", "months": "months", "mensuales": "per_month",
               "mensual": "per_month"}
_GLUE_SUFFIXES = frozenset({"k", "mil", "m", "mdp", "millon", "millones", "melones", "pesos", "mxn",
                            "pct", "km", "kms", "anos", "meses"})
_NOT_AFTER_MIL = frozenset({"gracias", "disculpas", "perdones", "veces"})
_RANGE_JOINERS = frozenset({"y", "a", "-", "o", "u", "al", "hasta"})
_FILLER = frozenset({"como", "unos", "unas", "aprox", "aproximadamente", "approx", "alrededor",
                     "de", "mas", "o", "menos", "masomenos", "cerca", "hasta", "max", "maximo",
                     "tope", "el", "la", "a", "algo", "asi", "ahi", "por", "tipo", "en", "son",
                     "seria", "serian", "tengo", "traigo"}) | _CURRENCY
_STARTERS = frozenset({"mil", "millon", "medio", "cuarto"})  # besides _GROUP_WORDS
_MILLION_D, _THOUSAND_D, _HALF = Decimal(1_000_000), Decimal(1000), Decimal("0.5")

# Numbers may carry a glued suffix ("250k", "1.2m"); other letter/digit mixes ("cx5", "4x4",
# "2da") and phone numbers become opaque tokens so nothing inside them is read as a number.
_TOKEN_RE = re.compile(r"""
    (?P<phone>(?:\+?52[ -]?)?[0-9]{2,3}[ -][0-9]{3,4}[ -][0-9]{4}(?![0-9])
       | [0-9]{10,}(?![a-z0-9]))                                       # 55 1234 5678, 5512345678
  | (?:(?P<nc>[0-9]{1,3}(?:[,'’][0-9]{3})+(?:\.[0-9]+)?(?![0-9]))      # 1,200,000.50 / 1'200,000
     | (?P<nd>[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?(?![0-9]|\.[0-9]))    # 250.000
     | (?P<ns>[0-9]{1,3}(?:\ [0-9]{3})+(?![0-9])                         # 250 000, not "mazda 3
        (?!\ ?(?:mil|k|m|millon|millones|mdp)\b))                      # 200 mil"
     | (?P<np>[0-9]+(?:[.,][0-9]+)?))                                   # 250000 / 1.5 / 1,2
    (?P<suf>[a-z]+)?(?![a-z0-9])
  | (?P<word>[a-z]+)(?![a-z0-9])
  | (?P<opaque>[a-z0-9]+)
  | (?P<sym>[$%-])
""", re.X | re.A)

_ALNUM_RE = re.compile(r"[a-z0-9]+")
_NUM, _WORD, _SYM, _OPAQUE = range(4)
# token: (kind, start, end, text, value, has_thousands_sep, punct_before, glued_to_previous)
_Token = tuple[int, int, int, str, Decimal | None, bool, bool, bool]


@lru_cache(maxsize=2048)
def _tokenize(folded: str) -> list[_Token]:
    toks: list[_Token] = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(folded):
        start, end, kind = m.start(), m.end(), m.lastgroup
        punct = bool(folded[prev_end:start].strip())
        glued = start == prev_end and bool(toks)
        if kind in ("suf", "nc", "nd", "ns", "np"):
            suf = m.group("suf")
            num_end = m.start("suf") if suf else end
            raw = folded[start:num_end]
            if m.group("nc"):
                value, sep = Decimal(raw.replace(",", "").replace("'", "").replace("’", "")), True
            elif m.group("nd"):
                value, sep = Decimal(raw.replace(".", "").replace(",", ".")), True
            elif m.group("ns"):
                value, sep = Decimal(raw.replace(" ", "")), True
            else:
                value, sep = Decimal(raw.replace(",", ".")), False
            model = start >= 2 and folded[start - 1] == "-" and folded[start - 2].isalpha()
            if model or (suf and suf not in _GLUE_SUFFIXES):  # "cx-5", "h-100", "2da"
                toks.append((_OPAQUE, start, end, folded[start:end], None, False, punct, glued))
            else:
                toks.append((_NUM, start, num_end, raw, value, sep, punct, glued))
                if suf:
                    toks.append((_WORD, num_end, end, suf, None, False, False, True))
        elif kind == "word":
            toks.append((_WORD, start, end, m.group(), None, False, punct, glued))
        elif kind == "sym":
            toks.append((_SYM, start, end, m.group(), None, False, punct, glued))
        else:
            toks.append((_OPAQUE, start, end, m.group(), None, False, punct, glued))
        prev_end = end
    return toks


def _word(toks: list[_Token], j: int) -> str | None:
    """The word at j when it continues the current phrase (no punctuation before it)."""
    if j < len(toks) and toks[j][0] == _WORD and not toks[j][6]:
        return toks[j][3]
    return None


def _group(toks: list[_Token], j: int) -> tuple[int, int] | None:
    """Parse one word group below 1000: [hundreds] [tens [y unit] | 10-29 | unit]."""
    start, value, w = j, 0, toks[j][3]
    if w in _HUNDREDS:
        value, j = _HUNDREDS[w], j + 1
        if w == "cien":
            return value, j
        w = _word(toks, j)
    if w in _TEENS or w in _UNITS:
        return value + (_TEENS.get(w) or _UNITS[w]), j + 1
    if w in _TENS:
        value, j = value + _TENS[w], j + 1
        if _word(toks, j) == "y" and _word(toks, j + 1) in _UNITS:
            value, j = value + _UNITS[toks[j + 1][3]], j + 2
    return (value, j) if j > start else None


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    core_end: int  # token index just after the number itself (before currency/unit words)
    next_tok: int  # token index after the whole expression
    value: Decimal
    items: list[str] = field(default_factory=list)  # "c" core number, "x" multiplier
    core: Decimal | None = None
    mult: Decimal | None = None
    money: bool = False
    currency: bool = False  # "$" or a currency word ("pesos", "varos", "de lana")
    percent: bool = False
    unit: str | None = None
    words_only: bool = True
    has_sep: bool = False


def _parse_at(toks: list[_Token], i: int, allow_lone_one: bool = False) -> _Match | None:
    """Parse the longest number expression starting at token i."""
    n = len(toks)
    acc, thou, cur = Decimal(0), None, None  # millions part, value before "mil", current group
    stage, cur_digits, has_sep, words_only = 0, False, False, True  # stage 1: millon seen, 2: mil
    items: list[str] = []
    core = mult = None
    j = i
    while j < n:
        kind, _, _, w, val, sep, punct, glued = toks[j]
        if j > i and punct:
            break
        if kind == _NUM:
            if cur is not None or stage == 2 or (stage == 1 and (val >= 1000 or val % 1)):
                break
            cur, cur_digits, words_only, j = val, True, False, j + 1
            has_sep |= sep
            items.append("c")
            continue
        if kind != _WORD:
            break
        nxt = _word(toks, j + 1)
        if w in _GROUP_WORDS:
            if cur is not None:
                break
            g = _group(toks, j)
            if g is None:
                break
            cur, cur_digits, j = Decimal(g[0]), False, g[1]
            items.append("c")
        elif w == "mil" or (w == "k" and cur_digits and cur is not None):
            if stage == 2 or (cur is None and j != i and stage != 1):
                break
            core = cur if items == ["c"] else None
            thou = cur if cur is not None else Decimal(1)
            cur, stage, mult, j = None, 2, _THOUSAND_D, j + 1
            items.append("x")
            if nxt == "y" and _word(toks, j + 1) == "medio":
                thou, j = thou + _HALF, j + 2
                break
        elif w in _MILLION or (w == "m" and glued and cur_digits and cur is not None
                               and cur < 1000):  # "1.2m", "2m"
            if stage != 0 or (cur is None and thou is None and not (j == i and w == "millon")):
                break
            core = cur if items == ["c"] else None
            base = 1 if cur is None and thou is None else (thou or 0) * 1000 + (cur or 0)
            acc, thou, cur, stage, mult, j = base * _MILLION_D, None, None, 1, _MILLION_D, j + 1
            items.append("x")
            if _word(toks, j) == "y" and _word(toks, j + 1) == "medio":
                acc, j = acc + _MILLION_D * _HALF, j + 2
                break
        elif w == "medio" and j == i and nxt in ("millon", "palo", "melon"):
            acc, stage, j = _MILLION_D * _HALF, 1, j + 2
            items += ["c", "x"]
        elif (w in ("cuarto", "cuartos") and stage == 0 and thou is None and nxt == "de"
              and _word(toks, j + 2) == "millon"
              and ((cur is None and j == i) or (not cur_digits and cur is not None and cur <= 3))):
            acc, cur, stage, j = (cur or 1) * _MILLION_D / 4, None, 1, j + 3
            items += ["c", "x"]
        else:
            break
    if j == i:
        return None
    if stage == 1 and cur is not None:  # colloquial "un millon trescientos" = 1,300,000
        cur *= 1000
    simple = items == ["c", "x"]  # "300 mil": a multiplier that a range can lend ("200 y 300 mil")
    m = _Match(toks[i][1], toks[j - 1][2], j, j, acc + (thou or 0) * 1000 + (cur or 0), items,
               core if simple else None, mult if simple else None, words_only=words_only,
               has_sep=has_sep)
    if items == ["x"] and toks[i][3] == "mil" and _word(toks, j) in _NOT_AFTER_MIL:
        return None  # "mil gracias"
    _parse_suffix(toks, m)
    if (not allow_lone_one and j == i + 1 and toks[i][3] in _LONE_ONE
            and m.unit not in ("years", "months")):
        return None  # "quiero un auto", "una camioneta"
    if i > 0 and toks[i - 1][0] == _SYM and toks[i - 1][3] == "$" and not toks[i][6]:
        m.start, m.currency = toks[i - 1][1], True
    m.money = m.currency or has_sep or "x" in items
    return m


def _parse_suffix(toks: list[_Token], m: _Match) -> None:
    """Consume currency, percent and unit words after the number and set the flags."""
    j = m.next_tok
    w = _word(toks, j)
    if w in _CURRENCY:
        m.currency, j = True, j + 1
    elif w == "de" and _word(toks, j + 1) in _CURRENCY:
        m.currency, j = True, j + 2
    if not m.currency:
        if j < len(toks) and toks[j][3] == "%" and toks[j][0] == _SYM:
            m.percent, j = True, j + 1
        elif w in ("porciento", "pct", "percent"):
            m.percent, j = True, j + 1
        elif w in ("por", "x") and _word(toks, j + 1) == "ciento":
            m.percent, j = True, j + 2
    if not m.percent:
        w = _word(toks, j)
        if w in _UNIT_WORDS:
            m.unit, j = _UNIT_WORDS[w], j + 1
        elif w in ("al", "por", "x", "cada") and _word(toks, j + 1) == "mes":
            m.unit, j = "per_month", j + 2
    m.next_tok = j
    m.end = toks[j - 1][2]


def _distribute(folded: str, a: _Match, b: _Match) -> None:
    """"entre 200 y 300 mil": give the bare left number the right one's multiplier and flags."""
    if a.items != ["c"] or a.has_sep or a.percent or a.unit or a.value >= 1000:
        return
    if folded[a.end:b.start].strip() not in _RANGE_JOINERS:
        return
    if b.core is not None and b.mult is not None and a.value <= b.core:
        a.value, a.money = a.value * b.mult, True
    a.currency |= b.currency
    a.money |= b.currency
    a.percent, a.unit = b.percent, b.unit


def _scan(text: str) -> tuple[str, list[_Match]]:
    folded = fold(text)
    toks = _tokenize(folded)
    found: list[_Match] = []
    i, n = 0, len(toks)
    while i < n:
        kind, w = toks[i][0], toks[i][3]
        if kind == _NUM or (kind == _WORD and (w in _GROUP_WORDS or w in _STARTERS)):
            m = _parse_at(toks, i)
            if m is not None:
                if found:
                    _distribute(folded, found[-1], m)
                found.append(m)
                i = m.next_tok
                continue
        i += 1
    return folded, found


def _to_amount(text: str, m: _Match) -> Amount:
    value = int(m.value.to_integral_value(rounding=ROUND_HALF_UP))
    money = m.money and not m.percent and m.unit not in ("km", "years", "months")
    if money and m.words_only and not m.currency and 1950 <= value <= 2035 and value % 100:
        money = False  # a year in words: "dos mil diecinueve"
    return Amount(value, m.start, m.end, text[m.start:m.end], money, m.percent, m.unit)


_HALF_OF = re.compile(r"\b(?:la )?mitad de(?:l| un| una)?\s*$")


def find_amounts(text: str) -> list[Amount]:
    """All number expressions in a message, left to right and non-overlapping ("la mitad de un millón" is
    one: 500000)."""
    amounts = [_to_amount(text, m) for m in _scan(text)[1]]
    for index, amount in enumerate(amounts):
        half = _HALF_OF.search(fold(text[max(0, amount.start - 20):amount.start]))
        if half and amount.value >= 2 and not amount.is_percent:
            start = amount.start - (min(20, amount.start) - half.start())
            amounts[index] = Amount(amount.value // 2, start, amount.end, text[start:amount.end], amount.is_money,
                                    False, amount.unit)
    return amounts


def parse_amount(text: str) -> int | None:
    """The value when the whole text is one amount (ignoring "$", currency and filler words)."""
    folded, found = _scan(text)
    if len(found) != 1:
        return None
    rest = folded[: found[0].start] + " " + folded[found[0].end:]
    if any(w not in _FILLER for w in _ALNUM_RE.findall(rest)):
        return None
    return _to_amount(text, found[0]).value


def words_to_number(text: str) -> int | None:
    """Spanish number words to int ("doscientos cincuenta mil" -> 250000); None otherwise."""
    toks = _tokenize(fold(text).strip(" .,!?"))
    if not toks or any(t[0] != _WORD for t in toks):
        return None
    m = _parse_at(toks, 0, allow_lone_one=True)
    if m is None or m.core_end != len(toks):
        return None
    return int(m.value.to_integral_value(rounding=ROUND_HALF_UP))
