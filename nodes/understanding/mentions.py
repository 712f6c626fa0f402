"""Cars and cities named in a message: catalog makes and models (typos, sound-alikes, nicknames, models the
catalog lacks), alternatives ("un Jetta o un Sentra"), cities, and the buyer's first name."""

from __future__ import annotations

import re

from nodes.understanding import lexicon as lx
from nodes.understanding.extraction import PREFERRED_BEFORE, TOKEN_SPANS, Extraction
from stores.text import compact_key, fold
from stores.vehicle_facts import derive_body_type
from tools.car_names import EVERYDAY_WORDS, OTHER_MAKES, CarNames, is_common_word, known_model_index


def extract_city(folded: str, names: CarNames, ext: Extraction, consumed: list[tuple[int, int]]) -> None:
    for match in lx.CITY_PATTERN.finditer(folded):
        before = TOKEN_SPANS.findall(folded[:match.start()])
        if before and names.match_make(before[-1], fuzzy=False):
            continue  # "seat leon" is a car, not the city of León
        if before and before[-1] in ("la", "el", "esa", "ese", "esta", "este", "una", "un") and names.match_model(
                match.group(0), fuzzy=False):
            continue  # "la Durango que me pasaste" is the Dodge
        ext.slots["city"] = lx.CITIES[match.group(0)]
        consumed.append(match.span())


WINDOW_STOPWORDS = frozenset("a al de del el la y o en con un una mi por para que es".split())
"""A car name never starts with these: "a 3 años" is not an Audi A3."""


CAR_CONTEXT_BEFORE = frozenset("un una el la los las unos unas tienes tienen hay busco quiero ese este esa "
                               "esta otro otra algun alguna mi tu del tipo".split())



def extract_car_names(folded: str, names: CarNames, ext: Extraction,
                       consumed: list[tuple[int, int]]) -> None:
    spans = [(m.group(0), m.start(), m.end()) for m in TOKEN_SPANS.finditer(folded)
             if not any(m.start() < e and s < m.end() for s, e in consumed)]
    hits: list[tuple[str, str | None, int, int]] = []
    i = 0
    while i < len(spans):
        for width in (3, 2, 1):
            window = spans[i:i + width]
            if len(window) < width or window[-1][1] - window[0][2] > 3 * width:
                continue
            if width > 1 and window[0][0] in WINDOW_STOPWORDS:
                continue
            hit = _match_window("".join(t for t, _, _ in window), names, fuzzy=width == 1)
            if hit and width == 1 and not _plausible_single(spans, i, hit, names):
                hit = None
            if hit:
                hits.append((hit[0], hit[1], window[0][1], window[-1][2]))
                i += width - 1
                break
        i += 1
    hits = [h for h in hits if h[1] or not any(o[0] == h[0] and o[1] for o in hits)]
    kept = [h for h in hits if not _dismissed(folded, h[2], h[3])]
    if kept and len(kept) < len(hits):  # "no, Toyota no; mejor Mazda": the dismissed car is not wanted
        consumed.extend((start, end) for _, _, start, end in hits)
        hits = kept
    distinct = list(dict.fromkeys((make, model) for make, model, _, _ in hits))
    if len(distinct) >= 2 and not (lx.CORRECTION.search(folded) or PREFERRED_BEFORE.search(
            folded[max(0, hits[-1][2] - 24):hits[-1][2]])):
        _record_options(distinct, names, ext, consumed, hits)
        return
    for make_key, model_key, start, end in hits:
        consumed.append((start, end))
        if ext.slots.get("_make_key") != make_key:
            ext.slots.pop("model", None)
        make, model = _display(make_key, model_key, names)
        ext.slots["make"] = make
        ext.slots["_make_key"] = make_key
        if model:
            ext.slots["model"] = model
    ext.slots.pop("_make_key", None)



def _display(make_key: str, model_key: str | None, names: CarNames) -> tuple[str, str | None]:
    """Display spelling of a hit: the catalog's, or the usual one for a car the catalog lacks."""
    make = OTHER_MAKES.get(make_key[6:], make_key[6:].title()) if make_key.startswith("other:") \
        else names.make_name(make_key)
    if model_key and model_key.startswith("known:"):
        return make, model_key[6:]
    return make, names.model_name(make_key, model_key) if model_key else None


_DISMISSED_BEFORE = re.compile(r"\b(?:olvid[ae]\w*|ya no|en vez de|en lugar de|nada de|no|ni|forget)\s+(?:\w+\s+){0,2}$")


_DISMISSED_AFTER = re.compile(r"^\s*,?\s*(?:no|nel|nop|ya no)\b")



def _dismissed(folded: str, start: int, end: int) -> bool:
    """A car named only to drop it ("olvida los Honda", "Toyota no", "pero no de Chevrolet")."""
    return bool(_DISMISSED_BEFORE.search(folded[max(0, start - 30):start])
                or _DISMISSED_AFTER.search(folded[end:end + 8]))



def _record_options(distinct: list[tuple[str, str | None]], names: CarNames, ext: Extraction,
                    consumed: list[tuple[int, int]], hits: list[tuple[str, str | None, int, int]]) -> None:
    """Alternatives ("un Jetta o un Sentra", "la Hilux o la Tacoma"): no make/model slot, unless all share a make."""
    consumed.extend((start, end) for _, _, start, end in hits)
    for make_key, model_key in distinct:
        make, model = _display(make_key, model_key, names)
        ext.car_options.append({"make": make, **({"model": model} if model else {})})
    makes = {option["make"] for option in ext.car_options}
    if len(makes) == 1:
        ext.slots["make"] = next(iter(makes))
    bodies = {derive_body_type(option.get("model") or "", "", option["make"]) for option in ext.car_options}
    if len(bodies) == 1 and None not in bodies and "body_type" not in ext.slots:
        ext.slots["body_type"] = bodies.pop()  # "una Hilux o una Tacoma": a pickup either way



def _plausible_single(spans: list[tuple[str, int, int]], i: int, hit: tuple[str, str | None],
                      names: CarNames) -> bool:
    """A car name that is also an everyday word ("rio", "golf") needs car context around it."""
    word = spans[i][0]
    if hit[1] and hit[1].startswith("known:"):  # not in this catalog: a common word needs its make named
        make_words = {compact_key(t) for t, _, _ in spans}
        make_named = (hit[0][6:] if hit[0].startswith("other:") else hit[0]) in make_words or any(
            names.match_make(t, fuzzy=False) == hit[0] for t, _, _ in spans)
        return make_named or not (is_common_word(word) or word.isdigit() or len(word) < 3)
    if hit[1] is None:
        return not (word == "mini" and i + 1 < len(spans) and spans[i + 1][0].startswith("van"))
    has_make = any(names.match_make(t) == hit[0] for t, _, _ in spans if len(t) >= 2)
    if word in EVERYDAY_WORDS:  # "un sedán" is a body type unless the make is named ("vw sedán")
        return has_make
    if not is_common_word(word, "es"):
        return True
    before = spans[i - 1][0] if i else ""
    after = spans[i + 1][0] if i + 1 < len(spans) else ""
    return has_make or before in CAR_CONTEXT_BEFORE or (len(after) == 4 and after.isdigit())



def _match_window(key: str, names: CarNames, *, fuzzy: bool) -> tuple[str, str | None] | None:
    if key.isdigit() or len(key) < 2:
        return None
    if key in OTHER_MAKES and names.match_make(key, fuzzy=False) is None:
        return f"other:{key}", None
    model = names.match_model(key, fuzzy=False)
    if model and (len(key) > 2 or not key.isalpha()):
        return model
    make = names.match_make(key, fuzzy=False)
    if make:
        return make, None
    known = next((k for form in (key, key[:-1] if len(key) > 4 and key.endswith("s") else key)
                  if (k := known_model_index().get(form))), None)
    if known:
        make_key = names.match_make(known[0], fuzzy=False) or f"other:{compact_key(known[0])}"
        return make_key, f"known:{known[1]}"
    if not fuzzy:
        return None
    make = names.match_make(key, fuzzy=True)  # before models: "chebrolet" is the make, not "chevrolet trax"
    if make:
        return make, None
    return names.match_model(key, fuzzy=True)



def extract_name(original: str) -> str | None:
    """The buyer's first name from "me llamo Ana", "a nombre de Ana" or "soy Ana" (capitalised after "soy" only)."""
    match = re.search(r"\b(?:me llamo|mi nombre es|a nombre de|soy)\s+([a-z]+)", fold(original))
    if not match:
        return None
    word = original[match.start(1):match.end(1)]
    if match.group(0).startswith("soy") and not word[:1].isupper():
        return None
    if word.lower() in {"de", "del", "el", "la", "un", "una", "nuevo", "nueva", "cliente"}:
        return None
    surnames = re.match(r"((?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñü]+){0,2})", original[match.end(1):])
    return word.capitalize() + (surnames.group(1) if surnames else "")
