"""Rule-based slot extraction: amounts, years, car names, preferences, references, dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from nodes.registry import BOOKING_SLOTS
from nodes.understanding import lexicon as lx
from nodes.understanding.numbers import Amount, find_amounts
from stores.clock import buyer_today
from stores.text import compact_key, fold
from stores.vehicle_facts import derive_body_type
from tools.car_names import EVERYDAY_WORDS, OTHER_MAKES, CarNames, is_common_word, known_model_index

MONEY_SLOTS = ("budget_max", "budget_min", "car_price", "down_payment", "monthly_payment")
_TOKEN_SPANS = re.compile(r"[a-z0-9]+")
_MONTHS = {m: i for i, m in enumerate(
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(), 1)}
_DATE = re.compile(r"(?<![\d])(\d{1,2}) de (" + "|".join(_MONTHS) + r")\b")
_CLOCK = re.compile(r"(?<![\d:])(?:(a las|a la|tipo|como a las|sobre las)\s+)?(\d{1,2})(?::(\d{2}))?\s*"
                    r"(am|pm|a\.m\.|p\.m\.|hrs|horas|de la manana|de la tarde|de la noche)?(?![\d:])")


@dataclass(frozen=True)
class DialogContext:
    """What the understanding layer may know of the conversation so far."""

    pending: str | None = None
    last_intent: str | None = None
    previous_intent: str | None = None
    """The intent of the previous turn, whatever it was (a company follow-up continues it)."""
    slots: dict[str, Any] = field(default_factory=dict)
    shown_count: int = 0
    shown_models: frozenset[str] = frozenset()
    """Models of the cars last listed (catalog spelling)."""
    today: date = field(default_factory=buyer_today)


@dataclass
class Extraction:
    """Slot proposals found in one message."""

    slots: dict[str, Any] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)
    reference: int | None = None
    correction: bool = False
    more_results: bool = False
    affirmation: bool = False
    pick: str | None = None
    own_car: bool = False
    issues: list[str] = field(default_factory=list)
    car_options: list[dict[str, str]] = field(default_factory=list)
    """Two or more cars named as alternatives ("un Jetta o un Sentra"): make/model slots stay unset."""
    compared: list[int] = field(default_factory=list)
    """Two or more positions of the list named together ("¿la primera o la segunda?")."""
    relative: str | None = None
    """"cheaper", "similar" or "similar_cheaper": cars relative to the one in focus or those listed."""


def extract(folded: str, ctx: DialogContext, names: CarNames, *,
            finance_context: bool, booking_context: bool) -> Extraction:
    """Everything the message says about the slots; values are already normalised."""
    ext = Extraction(correction=bool(lx.CORRECTION.search(folded)),
                     more_results=bool(lx.MORE_RESULTS.search(folded)),
                     own_car=bool(lx.OWN_CAR.search(folded)) and not lx.SEARCH_REQUEST.search(folded))
    consumed: list[tuple[int, int]] = []
    all_amounts = find_amounts(folded)
    _extract_city(folded, names, ext, consumed)
    car_free = consumed + [(a.start, a.end) for a in all_amounts
                           if a.is_money or a.is_percent or a.unit]
    _extract_car_names(folded, names, ext, car_free)
    consumed = car_free
    _extract_preferences(folded, ext)
    _extract_reference(folded, ctx, ext)
    _extract_stock_id(folded, ext, consumed)
    if booking_context or ctx.pending in BOOKING_SLOTS:
        _extract_booking(folded, ctx, ext, consumed)
    amounts = [a for a in all_amounts if not _overlaps(a, consumed) or (a.is_money or a.is_percent or a.unit)]
    if NO_DOWN_PAYMENT.search(folded) and not NEGATED_NO_DOWN.search(folded):
        ext.slots["down_payment"] = 0
    elif _HALF_DOWN.search(folded):
        ext.slots["down_payment_pct"] = 50
    if ctx.shown_count and (pick := lx.PICK_PATTERN.search(folded)):
        ext.pick = lx.PICKS[pick.group(1)]
    elif ctx.shown_count and lx.RECOMMEND_PATTERN.search(folded):
        ext.pick = "best_value"
    similar, cheaper = bool(lx.SIMILAR.search(folded)), bool(lx.CHEAPER.search(folded)) and not ext.pick
    ext.relative = ("similar_cheaper" if similar and cheaper else "similar" if similar
                    else "cheaper" if cheaper else None)
    _extract_amounts(folded, amounts, ctx, ext, finance_context)
    for pattern, slots in lx.CLEAR_SLOTS:
        if pattern.search(folded):
            ext.cleared.extend(s for s in slots if s not in ext.slots)
    return ext


def _overlaps(amount: Amount, spans: list[tuple[int, int]]) -> bool:
    return _overlaps_span((amount.start, amount.end), spans)


_PREFERRED_BEFORE = re.compile(r"\b(?:mejor|prefiero|siempre si|mas bien)\s*(?:un[oa]?\s+|el\s+|la\s+)?$")
""""no, mejor automático": the value after "mejor" is the new choice, not a negated one."""


_NEGATION_AFTER = re.compile(r"^\w*\s*,?\s*(?:no\b(?!\s*\?)|nel\b|ni de chiste|ni loco|ni madres|no me sirve)")
"""A value dropped right after it is named: "hatchback no, sedán", "la estándar no me sirve"."""


def _negated(folded: str, start: int, end: int | None = None) -> bool:
    before = folded[max(0, start - 24):start]
    if lx.NEGATION_BEFORE.search(before) and not _PREFERRED_BEFORE.search(before):
        return True
    return end is not None and bool(_NEGATION_AFTER.search(folded[end:end + 16]))


def _preferred(folded: str, start: int) -> bool:
    return bool(_PREFERRED_BEFORE.search(folded[max(0, start - 24):start]))


def _extract_city(folded: str, names: CarNames, ext: Extraction, consumed: list[tuple[int, int]]) -> None:
    for match in lx.CITY_PATTERN.finditer(folded):
        before = _TOKEN_SPANS.findall(folded[:match.start()])
        if before and names.match_make(before[-1], fuzzy=False):
            continue  # "seat leon" is a car, not the city of León
        if before and before[-1] in ("la", "el", "esa", "ese", "esta", "este", "una", "un") and names.match_model(
                match.group(0), fuzzy=False):
            continue  # "la Durango que me pasaste" is the Dodge
        ext.slots["city"] = lx.CITIES[match.group(0)]
        consumed.append(match.span())


WINDOW_STOPWORDS = frozenset("a al de del el la y o en con un una mi por para que es".split())
"""A car name never starts with these: "a 3 años" is not an Audi A3."""
NO_DOWN_PAYMENT = re.compile(r"\b(?:sin|cero|nada de|0 de|no tengo|no tengo para el|no doy) enganche\b|\bno (?:dar|doy) enganche\b")
NEGATED_NO_DOWN = re.compile(r"\bsin enganche no\b")
CAR_CONTEXT_BEFORE = frozenset("un una el la los las unos unas tienes tienen hay busco quiero ese este esa "
                               "esta otro otra algun alguna mi tu del tipo".split())


def _extract_car_names(folded: str, names: CarNames, ext: Extraction,
                       consumed: list[tuple[int, int]]) -> None:
    spans = [(m.group(0), m.start(), m.end()) for m in _TOKEN_SPANS.finditer(folded)
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
    if len(distinct) >= 2 and not (lx.CORRECTION.search(folded) or _PREFERRED_BEFORE.search(
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


def _extract_preferences(folded: str, ext: Extraction) -> None:
    bodies = [(body, match.start()) for body, pattern in lx.BODY_TYPES.items()
              if (match := pattern.search(folded)) and not _negated(folded, match.start(), match.end())]
    preferred = [body for body, start in bodies if _preferred(folded, start)]
    if preferred or bodies:  # "no, mejor sedán, las camionetas gastan mucho": the preferred body wins
        ext.slots["body_type"] = (preferred or [bodies[0][0]])[0]
    mentions: list[tuple[int, str, bool, bool]] = []  # (start, kind, negated, preferred)
    for kind, pattern in lx.TRANSMISSIONS.items():
        for match in pattern.finditer(folded):
            mentions.append((match.start(), kind, _negated(folded, match.start(), match.end()),
                             _preferred(folded, match.start())))
    mentions.sort()
    # "no, mejor automático" > the first one wanted ("automático, con clutch me canso") > the opposite of a
    # refused one ("que no sea estándar")
    chosen = next((kind for _, kind, neg, pref in mentions if pref and not neg), None) or next(
        (kind for _, kind, neg, _ in mentions if not neg), None) or next(
        ("manual" if kind == "automatic" else "automatic" for _, kind, _, _ in mentions), None)
    if chosen:
        ext.slots["transmission"] = chosen
    wanted: list[str] = []
    for feature, pattern in lx.FEATURES.items():
        match = pattern.search(folded)
        if not match:
            continue
        if _negated(folded, match.start(), match.end()):
            ext.cleared.append(f"features:{feature}")
        else:
            wanted.append(feature)
    if wanted:
        ext.slots["features"] = wanted


def _extract_reference(folded: str, ctx: DialogContext, ext: Extraction) -> None:
    if not ctx.shown_count:
        return
    match = lx.ORDINAL_REF.search(folded)
    position = lx.POSITION_PATTERN.search(folded)
    positions = list(dict.fromkeys(lx.ORDINALS[m.group(1)] for m in lx.ORDINAL_REF.finditer(folded)))
    if len(positions) >= 2:  # "¿la primera o la segunda?": a comparison, not a choice
        ext.compared = positions
    elif match:
        ext.reference = lx.ORDINALS[match.group(1)]
    elif position:
        ext.reference = lx.POSITION_REF[position.group(1)]
    elif ctx.shown_count == 1 and lx.DEMONSTRATIVE_REF.search(folded):
        ext.reference = 0


def _extract_stock_id(folded: str, ext: Extraction, consumed: list[tuple[int, int]]) -> None:
    match = lx.STOCK_ID_PATTERN.search(folded)
    if match:
        ext.slots["stock_id"] = match.group(1)
        consumed.append(match.span())


def _extract_booking(folded: str, ctx: DialogContext, ext: Extraction,
                     consumed: list[tuple[int, int]]) -> None:
    day = None
    match = _DATE.search(folded)
    if match:
        month, number = _MONTHS[match.group(2)], int(match.group(1))
        try:
            day = date(ctx.today.year, month, number)
            if day < ctx.today:
                day = date(ctx.today.year + 1, month, number)
        except ValueError:
            ext.issues.append("bad_date")
        consumed.append(match.span())
    elif (match := lx.DAY_WORDS.search(folded)):
        word = match.group(0)
        offsets = {"hoy": 0, "manana": 1, "pasado manana": 2}
        if word in offsets:
            day = ctx.today + timedelta(days=offsets[word])
        else:
            ahead = (lx.WEEKDAYS[word] - ctx.today.weekday()) % 7 or 7
            day = ctx.today + timedelta(days=ahead)
    if day:
        ext.slots["appointment_day"] = day.isoformat()
    for clock in _CLOCK.finditer(folded):
        prefix, hour_text, minutes, suffix = clock.groups()
        if not (prefix or suffix or minutes) or _overlaps_span(clock.span(), consumed):
            continue
        hour = int(hour_text)
        if suffix in ("pm", "p.m.", "de la tarde", "de la noche") and hour < 12:
            hour += 12
        elif not suffix and 1 <= hour <= 7:
            hour += 12  # "a las 5" means five in the afternoon in a showroom's hours
        if hour > 23 or int(minutes or 0) > 59:
            ext.issues.append("bad_time")
            continue
        ext.slots["appointment_time"] = f"{hour:02d}:{int(minutes or 0):02d}"
        consumed.append(clock.span())


def _overlaps_span(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def extract_name(original: str) -> str | None:
    """The buyer's first name from "me llamo Ana" / "soy Ana" (capitalised after "soy" only)."""
    match = re.search(r"\b(?:me llamo|mi nombre es|soy)\s+([a-z]+)", fold(original))
    if not match:
        return None
    word = original[match.start(1):match.end(1)]
    if match.group(0).startswith("soy") and not word[:1].isupper():
        return None
    if word.lower() in {"de", "del", "el", "la", "un", "una", "nuevo", "nueva", "cliente"}:
        return None
    return word.capitalize()


_OLD_VALUE_BEFORE = re.compile(r"(?:\bno|\bni|\bno (?:de|son|es|era|eran)|en vez de|en lugar de|ya no (?:hasta|de))\s*$")
"""A value named to replace it: the other amount is the new one."""
_AGO_BEFORE = re.compile(r"\bhace (?:unos |como )?$")
_AGE_AROUND = re.compile(r"\b(?:edad|tengo \w+(?: y \w+)? anos)\b.*\btengo \w+|\bmi edad\b|\banos de edad\b")
_BEFORE_DOWN = re.compile(r"(?:enganche|entrada|inicial|anticipo)\s*(?:de|del|es de|seria de|con|:)?\s*(?:unos|como)?\s*$")
_BEFORE_GIVE = re.compile(r"(?:doy|daria|dar|dando|pongo|pondria|poniendo|poner|puedo dar|tengo|junte|juntado)\s*(?:unos|como)?\s*$")
"""Offering a sum ("puedo dar 50 mil") is a down payment only while talking financing."""
_AFTER_DOWN = re.compile(r"^\s*(?:pesos\s*|varos\s*)?(?:de|del|de la|para el|para la|como|para)?\s*(?:enganche|entrada|inicial|anticipo|down)")
_BEFORE_MONTHLY = re.compile(r"(?:mensualidad(?:es)?|al mes|mensual(?:es)?|por mes|cada mes|pagar)\s*"
                             r"(?:de|del|es de|de unos|como|de maximo|maximo|de hasta|hasta|no mas de)?\s*$")
_BEFORE_PRICE = re.compile(r"(?:cuesta|vale|precio de|de precio|valor de|(?:auto|carro|coche|camioneta|nave) de)\s*(?:unos|como)?\s*$")
_BEFORE_MAX = re.compile(r"(?:no mas de|menos de|maximo|hasta|tope|tope de|no pase de|no exceda|no rebase|no supere)\s*(?:los|unos|de)?\s*$")
_BEFORE_MIN = re.compile(r"(?:desde|minimo|mas de|arriba de|por encima de|a partir de|no menos de)\s*(?:los|unos)?\s*$")
_BEFORE_RANGE = re.compile(r"(?:entre|de)\s*$")
_BEFORE_TERM = re.compile(r"(?:\ba|mejor|mejor a|en vez de|en lugar de)\s*$")
_HALF_DOWN = re.compile(r"\b(?:la )?mitad (?:de|del|como|para el|pa el|para|de la)? ?(?:enganche|entrada|anticipo)|"
                        r"\b(?:doy|dar|dando|daria|pongo|poniendo|con|tengo para dar|tengo pa dar) (?:la )?mitad\b")
"""Half the price as down payment: 50 %."""
_KM_CONTEXT = re.compile(r"(?:kilometraje|recorrido|kilometros)")
_SHORT_YEAR = re.compile(r"(?:del|modelo|mod|model)\s*$")
_YEAR_MIN = re.compile(r"(?:desde|a partir del?|minimo|mayor a|despues del?|mas nuev[oa]s? (?:que|de)|"
                       r"mas recientes? (?:que|de)|no (?:sea |sean )?mas (?:viej|antigu)[oa]s? (?:que|de)|"
                       r"(?:no|nada) (?:sea |sean )?anterior(?:es)? (?:a|al))\s*(?:el|ano|modelo)?\s*$")
_YEAR_MIN_AFTER = re.compile(r"^\s*,?\s*(?:en adelante|para arriba|pa arriba|(?:como )?minimo|para aca|pa aca|"
                             r"para adelante|pa adelante|pa delante|para delante|hacia adelante|o mas nuev[oa]s?|o mas recientes?|o posterior(?:es)?|"
                             r"o superior(?:es)?|hacia arriba|or newer|and newer|or later|onwards?)")
_YEAR_MAX_AFTER = re.compile(r"^\s*,?\s*(?:(?:como )?maximo|o antes|para atras|pa atras|o mas viej[oa])")
_MIN_AFTER = re.compile(r"^\s*(?:pesos\s*)?(?:para arriba|pa arriba|en adelante|o mas\b|hacia arriba|minimo)")
_YEAR_MAX = re.compile(r"(?:hasta|maximo|antes del?|menor a|no mas nuev[oa]s? (?:que|de)|"
                       r"mas (?:viej|antigu)[oa]s? (?:que|de))\s*(?:el|ano|modelo)?\s*$")


def _extract_amounts(folded: str, amounts: list[Amount], ctx: DialogContext, ext: Extraction,
                     finance_context: bool) -> None:
    kept: list[tuple[str, int | float]] = []
    negated: list[int] = []
    years: list[tuple[Amount, str | None]] = []
    for amount in amounts:
        before = folded[max(0, amount.start - 32):amount.start]
        if _OLD_VALUE_BEFORE.search(before):  # "300 mil, no 3 millones", "en vez de 300, 350"
            negated.append(amount.value)
            continue
        if _AGO_BEFORE.search(before) or _AGE_AROUND.search(folded[max(0, amount.start - 40):amount.end + 12]):
            continue  # "hace tres años", "tengo 57" (an age): not a term nor an amount
        role = _role(amount, folded, before, ctx, finance_context)
        if role == "short_year":
            role, amount = "year", replace(amount, value=2000 + amount.value)
        if role == "year":
            after = folded[amount.end:amount.end + 24]
            bound = ("open_min" if _YEAR_MIN_AFTER.search(after) else "min" if _YEAR_MIN.search(before)
                     else "max" if _YEAR_MAX.search(before) or _YEAR_MAX_AFTER.search(after) else None)
            years.append((amount, bound))
        elif role:
            kept.append((role, _scaled(role, amount)))
    _apply_years(years, ext)
    budgets = [value for role, value in kept if role == "budget_max"]
    if len(budgets) >= 2 and not negated:
        kept = [(r, v) for r, v in kept if r != "budget_max"]
        kept += [("budget_min", min(budgets)), ("budget_max", max(budgets))]
    terms = {value for role, value in kept if role == "term_years"}
    if len(terms) >= 2 and not negated:  # "¿a 3 y a 4 años?": a comparison, not a choice
        kept = [(r, v) for r, v in kept if r != "term_years"]
    if negated:
        kept = _redirect_correction(kept, negated, ctx)
        ext.correction = True
    for role, value in kept:
        if role == "term_months":
            if value % 12 == 0:
                ext.slots["term_years"] = int(value // 12)
            else:
                ext.issues.append("term_not_whole_years")
        else:
            ext.slots[role] = value


def _role(amount: Amount, folded: str, before: str, ctx: DialogContext, finance: bool) -> str | None:
    after = folded[amount.end:amount.end + 24]
    pending = ctx.pending
    if amount.is_percent:
        if finance or pending in ("down_payment", "down_payment_pct") or "enganche" in before + after:
            return "down_payment_pct"
        return None
    if amount.unit == "km" or (_KM_CONTEXT.search(before[-30:]) and (amount.value >= 1000 or "mil" in amount.text)):
        return "km_max"
    if amount.unit == "years":
        return "term_years" if amount.value <= 15 else None
    if amount.unit == "months":
        return "term_months"
    if amount.unit == "per_month" or _BEFORE_MONTHLY.search(before):
        return "monthly_payment"
    if not amount.is_money and 1990 <= amount.value <= ctx.today.year + 1 and (
            len(amount.text.strip()) == 4 or amount.text.strip().startswith("dos mil")):
        return "year"
    if (not amount.is_money and len(amount.text.strip()) == 2 and amount.value <= ctx.today.year % 100 + 1
            and _SHORT_YEAR.search(before)):
        return "short_year"  # "del 18", "modelo 21"
    if _BEFORE_DOWN.search(before) or _AFTER_DOWN.search(after) or (finance and _BEFORE_GIVE.search(before)):
        return "down_payment"
    if finance and not amount.is_money and _BEFORE_TERM.search(before):
        if amount.value <= 10:
            return "term_years"  # "no, mejor a 3", "¿y a 4?"
        if amount.value % 12 == 0 and amount.value <= 120:
            return "term_months"  # "mejor a 24"
    if not amount.is_money and amount.value < 100:
        if pending == "term_years" and amount.value <= 15:
            return "term_years"
        if pending in ("down_payment", "down_payment_pct") and amount.value <= 50:
            return "down_payment_pct"  # "20" answers "¿cuánto de enganche?" as 20 %; "60" as 60 mil
        if pending not in (*MONEY_SLOTS, "down_payment_pct"):
            return None
        if pending == "down_payment_pct":
            return "down_payment"
    if finance and _BEFORE_PRICE.search(before):
        return "car_price"
    if (pending in MONEY_SLOTS or pending == "km_max") and not (
            pending not in ("budget_max", "budget_min") and lx.SEARCH_REQUEST.search(folded)):
        return pending
    if _MIN_AFTER.search(after):
        return "budget_min"  # "de 400 mil para arriba"
    if _BEFORE_MAX.search(before):
        return "budget_max"
    if _BEFORE_MIN.search(before):
        return "budget_min"
    if finance and re.search(r"\bcon\s*(?:unos|como)?\s*$", before):
        return "down_payment"
    if (finance and ctx.slots.get("car_price") is None and ctx.slots.get("stock_id") is None
            and not lx.SEARCH_REQUEST.search(folded)):
        return "car_price"
    return "budget_max"


def _scaled(role: str, amount: Amount) -> int | float:
    """Read "300" as 300 mil where a smaller sum is implausible (no car costs 300 pesos)."""
    value = amount.value
    explicit = any(word in amount.text for word in ("$", "peso", "varo", "mxn"))
    if role == "down_payment_pct" or role in ("term_years", "term_months") or explicit:
        return value
    if role == "monthly_payment" and value < 100:
        return value * 1000
    if role in ("budget_max", "budget_min", "car_price", "down_payment", "km_max") and value < 1000:
        return value * 1000
    return value


def _apply_years(years: list[tuple[Amount, str | None]], ext: Extraction) -> None:
    """Two years are a range; one is exact unless a word bounds it ("desde", "hasta", "en adelante")."""
    if not years:
        return
    values = sorted(a.value for a, _ in years)
    if len(values) >= 2:
        ext.slots["year_min"], ext.slots["year_max"] = values[0], values[-1]
        return
    amount, bound = years[0]
    if bound == "open_min":  # "de 2019 en adelante": no upper year any more
        ext.slots["year_min"] = amount.value
        ext.cleared.append("year_max")
        return
    if bound in (None, "min"):
        ext.slots["year_min"] = amount.value
    if bound in (None, "max"):
        ext.slots["year_max"] = amount.value


def _redirect_correction(kept: list[tuple[str, int | float]], negated: list[int],
                         ctx: DialogContext) -> list[tuple[str, int | float]]:
    """"300 mil, no 3 millones": the kept amount replaces whichever slot held the negated one."""
    for slot in (*MONEY_SLOTS, "km_max"):
        if ctx.slots.get(slot) in negated or any(ctx.slots.get(slot) == v * 1000 for v in negated):
            return [(slot if role in MONEY_SLOTS else role, value) for role, value in kept]
    return kept
