"""Verify node: every number and car in the reply must come from this turn's tools or the slots."""

from __future__ import annotations

import functools
import logging
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from graph.deps import Deps
from graph.state import Slots, State
from nodes.understanding.lexicon import CITIES, CITY_PATTERN
from stores.catalog import Vocabulary
from stores.text import fold
from tools.booking import HORIZON_DAYS
from tools.car_names import is_common_word
from tools.financing import ANNUAL_RATE, TERMS_YEARS

log = logging.getLogger(__name__)

_NUMBER = re.compile(r"(?<![\w.,])\$?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]*\w)")
_DAY_TEXT = re.compile(r"(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo) \d{1,2} de [a-z]+")
_LIST_MARKER = re.compile(r"^\s*\d{1,2}[.)]\s", re.MULTILINE)
POLICY_NUMBERS = frozenset({Decimal(ANNUAL_RATE * 100), *map(Decimal, TERMS_YEARS),
                            *(Decimal(t * 12) for t in TERMS_YEARS), Decimal(100), Decimal(HORIZON_DAYS)})
"""Figures of the rules themselves: financing (10 %, 3-6 years, 36-72 months) and the booking horizon (30 days)."""


def verify_reply(state: State, deps: Deps) -> dict[str, Any]:
    reply = state.get("reply", "")
    problems = find_ungrounded(reply, state, deps)
    if not problems:
        return {"verification": {"ok": True, "problems": []}}
    log.warning("verify.ungrounded problems=%s", problems)
    fallback = state.get("grounded_reply") or ""
    if find_ungrounded(fallback, state, deps):
        fallback = "Perdón, no pude confirmar esos datos. ¿Me repites qué necesitas?"
    return {"verification": {"ok": False, "problems": problems}, "reply": fallback}


def find_ungrounded(reply: str, state: State, deps: Deps) -> list[str]:
    """Numbers, car names and cities in `reply` that no tool result or slot of this turn supports."""
    facts = grounded_facts(state)
    for text in facts["texts"]:  # a version like "COOPER S CHILI" names a model and is still a fact
        facts["cars"].update(mentioned_cars(text, deps))
    problems = [f"number:{n}" for n in reply_numbers(reply) if n not in facts["numbers"]]
    for make_key, model_key in mentioned_cars(reply, deps):
        if (make_key, model_key) not in facts["cars"] and (None, model_key) not in facts["cars"]:
            problems.append(f"car:{deps.names.model_name(make_key, model_key)}")
    grounded_text = fold(" ".join(_strings([c["result"] for c in state.get("tool_calls") or []])))
    grounded_text += " " + fold(str((state.get("slots") or Slots()).city or ""))
    folded_reply = fold(reply)
    for alias, place in mentioned_places(reply).items():
        if fold(place) not in grounded_text and alias not in grounded_text:  # "CDMX" in an address is grounded
            problems.append(f"place:{place}")
    for day in _DAY_TEXT.findall(folded_reply):  # "sábado 5 de diciembre": a date a booking tool returned
        if day not in grounded_text:
            problems.append(f"date:{day}")
    for name, folded_name in deps.locations.folded_names.items():  # a location named: one a tool returned
        if folded_name in folded_reply and folded_name not in grounded_text:
            problems.append(f"location:{name}")
    return problems


def mentioned_places(reply: str) -> dict[str, str]:
    """Cities the reply names (the understanding layer's list of Mexican cities): as written -> canonical name."""
    return {match.group(0): CITIES[match.group(0)] for match in CITY_PATTERN.finditer(fold(reply))}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def reply_numbers(reply: str) -> list[Decimal]:
    text = _LIST_MARKER.sub(" ", reply)
    numbers = []
    for match in _NUMBER.finditer(text):
        try:
            numbers.append(Decimal(match.group(1).replace(",", "")))
        except InvalidOperation:
            continue
    return numbers


def grounded_facts(state: State) -> dict[str, set[Any]]:
    numbers: set[Decimal] = set(POLICY_NUMBERS)
    cars: set[Any] = set()
    texts: set[str] = set()
    slots = state.get("slots") or Slots()
    _collect(slots.model_dump(), numbers, cars, texts)
    if slots.model:
        cars.add((None, _key(slots.model)))
    for call in state.get("tool_calls") or []:
        _collect(call["args"], numbers, cars, texts)
        _collect(call["result"], numbers, cars, texts)
    return {"numbers": numbers, "cars": cars, "texts": texts}


def _collect(value: Any, numbers: set[Decimal], cars: set[Any], texts: set[str]) -> None:
    if isinstance(value, dict):
        if value.get("make") and value.get("model") and value.get("stock_id"):
            cars.add((_key(value["make"]), _key(value["model"])))
            texts.add(str(value.get("version") or ""))
        elif value.get("model") and set(value) <= {"make", "model"}:  # a car the buyer named as an option
            cars.add((None, _key(value["model"])))
        for item in value.values():
            _collect(item, numbers, cars, texts)
    elif isinstance(value, list):
        for item in value:
            _collect(item, numbers, cars, texts)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, (int, float)):
        numbers.add(Decimal(str(value)).normalize())
        numbers.add(Decimal(round(value)))
    elif isinstance(value, str):
        for number in reply_numbers(value):
            numbers.add(number)
            numbers.add(number.normalize())


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(name))


def mentioned_cars(reply: str, deps: Deps) -> set[tuple[str, str]]:
    """Catalog models named in the reply (whole words, accent- and case-blind; "CR-V" = "CRV")."""
    by_words, by_key, longest = _name_index(deps.catalog.vocabulary)
    words = _WORD.findall(fold(reply))
    found = set()
    start = 0
    while start < len(words):  # longest name first: "Mirage G4" is not also a "Mirage"
        size = next((n for n in range(longest, 0, -1) if tuple(words[start:start + n]) in by_words), 0)
        if size:
            found.add(by_words[tuple(words[start:start + size])])
        elif words[start] in by_key:
            found.add(by_key[words[start]])
        start += max(size, 1)
    return found


_WORD = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=8)
def _name_index(vocabulary: Vocabulary) -> tuple[dict[tuple[str, ...], tuple[str, str]], dict[str, tuple[str, str]], int]:
    """Model names as word tuples, and as one run-together word. A model named by digits, a short code
    ("700", "2008", "X1") or an everyday word ("Sedán", "Golf") only counts next to its make, so prices,
    years and ordinary Spanish are not cars."""
    by_words: dict[tuple[str, ...], tuple[str, str]] = {}
    by_key: dict[str, tuple[str, str]] = {}
    for make_key, models in vocabulary.models.items():
        make = vocabulary.makes[make_key]
        for model_key, model in models.items():
            needs_make = len(model_key) <= 3 or model_key.isdigit() or is_common_word(model_key, "es")
            by_words[tuple(_WORD.findall(fold(f"{make} {model}" if needs_make else model)))] = (make_key, model_key)
            if not needs_make and len(_WORD.findall(fold(model))) > 1:
                by_key[model_key] = (make_key, model_key)
    return by_words, by_key, max(len(words) for words in by_words)
