"""Appointment days and times as buyers write them, in the buyer's time zone (the context's `today`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from nodes.understanding import lexicon as lx
from nodes.understanding.extraction import DialogContext, Extraction, overlaps_span

_MONTHS = {m: i for i, m in enumerate(
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(), 1)}


_DATE = re.compile(r"(?<![\d])(\d{1,2}) de (" + "|".join(_MONTHS) + r")\b")


_CLOCK = re.compile(r"(?<![\d:])(?:(a las|a la|tipo|como a las|sobre las)\s+)?(\d{1,2})(?::(\d{2}))?\s*"
                    r"(am|pm|a\.m\.|p\.m\.|hrs|horas|de la manana|de la tarde|de la noche)?(?![\d:])")



def extract_booking(folded: str, ctx: DialogContext, ext: Extraction,
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
        if not (prefix or suffix or minutes) or overlaps_span(clock.span(), consumed):
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
