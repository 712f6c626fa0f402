"""The role of each amount in a message: budget, price, down payment (pesos or %), monthly payment, term,
kilometres or model year; corrections of an earlier amount ("300 mil, no 3 millones")."""

from __future__ import annotations

import re
from dataclasses import replace

from nodes.understanding import lexicon as lx
from nodes.understanding.extraction import DialogContext, Extraction, overlaps_span
from nodes.understanding.numbers import Amount

MONEY_SLOTS = ("budget_max", "budget_min", "car_price", "down_payment", "monthly_payment")


NO_DOWN_PAYMENT = re.compile(r"\b(?:sin|cero|nada de|0 de|no tengo|no tengo para el|no doy) enganche\b|\bno (?:dar|doy) enganche\b")


NEGATED_NO_DOWN = re.compile(r"\bsin enganche no\b")



def overlaps_amount(amount: Amount, spans: list[tuple[int, int]]) -> bool:
    return overlaps_span((amount.start, amount.end), spans)


_OLD_VALUE_BEFORE = re.compile(r"(?:\bno|\bni|\bno (?:de|son|es|era|eran|a)|en vez de|en lugar de|ya no (?:hasta|de))\s*$")
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


_BEFORE_TERM = re.compile(r"(?:\ba|mejor|mejor a|mejor en|en vez de|en lugar de|dejalo en|dejemoslo en|ponlo en|ponle)\s*$")


HALF_DOWN = re.compile(r"\b(?:la )?mitad (?:de|del|como|para el|pa el|para|de la)? ?(?:enganche|entrada|anticipo)|"
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



def extract_amounts(folded: str, amounts: list[Amount], ctx: DialogContext, ext: Extraction,
                     finance_context: bool) -> None:
    kept: list[tuple[str, int | float]] = []
    negated: list[int] = []
    years: list[tuple[Amount, str | None]] = []
    terms: list[tuple[str, int, bool, bool]] = []  # (role, value, preferred, dropped)
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
        elif role in ("term_years", "term_months"):
            after = folded[amount.end:amount.end + 16]
            terms.append((role, amount.value, bool(_TERM_PREFERRED.search(before)), bool(_TERM_DROPPED.search(after))))
        elif role:
            kept.append((role, _scaled(role, amount)))
    kept += _chosen_term(terms, bool(negated))
    _apply_years(years, ext)
    budgets = [value for role, value in kept if role == "budget_max"]
    if len(budgets) >= 2 and not negated:
        kept = [(r, v) for r, v in kept if r != "budget_max"]
        kept += [("budget_min", min(budgets)), ("budget_max", max(budgets))]
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



_TERM_PREFERRED = re.compile(r"\b(?:mejor|prefiero|mas bien|dejalo|dejemoslo|ponle|cambialo)\b(?: en| a)?\s*$")
_TERM_DROPPED = re.compile(r"^\s*(?:anos|meses)?\s*(?:no\b(?!\s*\?)|es (?:mucho|demasiado)|(?:se me hace|sale|seria) (?:mucho|muy))")


def _chosen_term(terms: list[tuple[str, int, bool, bool]], corrected: bool) -> list[tuple[str, int]]:
    """One term from several: the preferred one ("no, mejor a 3"), else the one not dropped ("a 48 no, 24"); two
    left standing ("¿a 3 y a 4 años?") are a comparison and set none."""
    if not terms:
        return []
    standing = [t for t in terms if not t[3]] or terms
    chosen = [t for t in standing if t[2]] or standing
    if len({(role, value) for role, value, _, _ in chosen}) > 1 and not corrected:
        return []
    role, value, _, _ = chosen[-1]
    return [(role, value)]


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
