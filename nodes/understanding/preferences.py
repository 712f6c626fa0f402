"""Preferences (body type, transmission, features) with their refusals and corrections, and references to the
cars just listed ("el segundo", "ese", "¿la primera o la tercera?")."""

from __future__ import annotations

from nodes.understanding import lexicon as lx
from nodes.understanding.extraction import DialogContext, Extraction, negated, preferred


def extract_preferences(folded: str, ext: Extraction) -> None:
    bodies = [(body, match.start()) for body, pattern in lx.BODY_TYPES.items()
              if (match := pattern.search(folded)) and not negated(folded, match.start(), match.end())]
    favoured = [body for body, start in bodies if preferred(folded, start)]
    if favoured or bodies:  # "no, mejor sedán, las camionetas gastan mucho": the preferred body wins
        ext.slots["body_type"] = (favoured or [bodies[0][0]])[0]
    mentions: list[tuple[int, str, bool, bool]] = []  # (start, kind, negated, preferred)
    for kind, pattern in lx.TRANSMISSIONS.items():
        for match in pattern.finditer(folded):
            mentions.append((match.start(), kind, negated(folded, match.start(), match.end()),
                             preferred(folded, match.start())))
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
        if negated(folded, match.start(), match.end()):
            ext.cleared.append(f"features:{feature}")
        else:
            wanted.append(feature)
    if wanted:
        ext.slots["features"] = wanted



def extract_reference(folded: str, ctx: DialogContext, ext: Extraction) -> None:
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



def extract_stock_id(folded: str, ext: Extraction, consumed: list[tuple[int, int]]) -> None:
    match = lx.STOCK_ID_PATTERN.search(folded)
    if match:
        ext.slots["stock_id"] = match.group(1)
        consumed.append(match.span())
