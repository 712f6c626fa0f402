"""Appointment days and times as Mexican buyers write them, relative to the buyer's own day (the context's `today`,
a date in America/Mexico_City): the reading depends on the buyer's date only, never on the server's hour.

Days: "hoy", "mañana", "pasado mañana", "el sábado", "este viernes", "el próximo lunes", "el 3 de diciembre",
"el 3" (the next 3rd). Times: "a las 11", "11 am", "11:30", "a mediodía", "como a las 5" (a showroom's 17:00), and
parts of the day ("en la tarde"), which are no time but narrow the times offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from nodes.understanding.extraction import DialogContext, Extraction, overlaps_span

MONTHS = {m: i for i, m in enumerate(
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(), 1)}
_MONTH_ABBREVIATIONS = {"ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8, "sep": 9,
                        "sept": 9, "oct": 10, "nov": 11, "dic": 12}
WEEKDAYS = {"lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6}
_MONTH_WORDS = "|".join(sorted([*MONTHS, *_MONTH_ABBREVIATIONS], key=len, reverse=True))
_DATE = re.compile(rf"(?<![\d:])(\d{{1,2}})\s*(?:de\s+)?({_MONTH_WORDS})\b\.?")
_DAY_OF_MONTH = re.compile(r"\b(?:el dia|para el dia|para el|este|dia)\s+(\d{1,2})(?![\d:])(?!\s*(?:de\s+)?(?:la|los|las|am|pm|hrs|horas|"
                           r"mil|k|km|anos|meses|%))")
_RELATIVE = re.compile(r"\b(pasado\s+manana|(?<!la\s)(?<!en\s)(?<!por\s)(?<!de\s)manana|hoy(?:\s+mismo)?)\b")
_WEEKDAY = re.compile(r"\b(?:(este|esta|el proximo|el otro|el siguiente|proximo|el|para el|al)\s+)?"
                      r"(lunes|martes|miercoles|jueves|viernes|sabado|domingo)(\s+que\s+viene)?\b")
_CLOCK = re.compile(r"(?<![\d:/$])(?:(a las|a la|tipo|como a las|como a la|sobre las|tipo a las|despues de las|"
                    r"antes de las|entre las|de las|hasta las|at)\s+)?(\d{1,2})(?::([0-5]\d))?"
                    r"(?:\s*(am|pm|a\.m\.|p\.m\.|hrs|hr|horas|h|de la manana|de la tarde|de la noche|del mediodia)\b)?"
                    r"(?![\d:%]|\s*(?:de\s+)?(?:mil|k\b|km|anos|meses|pesos|de enganche|" + _MONTH_WORDS + r"))")
_NOON = re.compile(r"\b(?:a\s+)?(?:medio\s*dia|mediodia)\b")
_DAY_PARTS = {"morning": re.compile(r"\b(?:en|por|de|temprano en)\s+la\s+manana\b|\btemprano\b"),
              "afternoon": re.compile(r"\b(?:en|por|de)\s+la\s+tarde\b|\bal rato\b|\ben la tardecita\b"),
              "evening": re.compile(r"\b(?:en|por|de)\s+la\s+noche\b")}
OPENING_HOUR_GUESS = 8
"""A bare hour below this ("a las 5") is read as afternoon: showrooms do not open at five in the morning."""


@dataclass(frozen=True)
class WhenRead:
    day: date | None = None
    time: str | None = None
    day_part: str | None = None
    problem: str | None = None


def read_when(folded: str, today: date, consumed: list[tuple[int, int]] | None = None) -> WhenRead:
    """The day (never before `today`), the time "HH:MM" and the part of the day a message states."""
    spans = consumed if consumed is not None else []
    day, problem = _read_day(folded, today, spans)
    time_text, time_problem = _read_time(folded, spans)
    part = None if time_text else next((name for name, p in _DAY_PARTS.items() if p.search(folded)), None)
    return WhenRead(day=day, time=time_text, day_part=part, problem=problem or time_problem)


def _read_day(folded: str, today: date, spans: list[tuple[int, int]]) -> tuple[date | None, str | None]:
    if match := _DATE.search(folded):
        spans.append(match.span())
        month = MONTHS.get(match.group(2)) or _MONTH_ABBREVIATIONS[match.group(2)]
        return _next_date(today, month, int(match.group(1)))
    if match := _RELATIVE.search(folded):
        word = re.sub(r"\s+", " ", match.group(1))
        spans.append(match.span())
        return today + timedelta(days=2 if word.startswith("pasado") else 1 if word == "manana" else 0), None
    if match := _WEEKDAY.search(folded):
        spans.append(match.span())
        ahead = (WEEKDAYS[match.group(2)] - today.weekday()) % 7
        modifier = (match.group(1) or "").strip()
        if ahead == 0 and modifier not in ("este", "esta"):
            ahead = 7  # "el sábado" said on a Saturday is the next one; "este sábado" is today
        return today + timedelta(days=ahead), None
    if match := _DAY_OF_MONTH.search(folded):
        number = int(match.group(1))
        if 1 <= number <= 31:
            spans.append(match.span())
            month, year = (today.month, today.year) if number >= today.day else _following_month(today)
            try:
                return date(year, month, number), None
            except ValueError:
                return None, "bad_date"
    return None, None


def _following_month(today: date) -> tuple[int, int]:
    return (1, today.year + 1) if today.month == 12 else (today.month + 1, today.year)


def _next_date(today: date, month: int, number: int) -> tuple[date | None, str | None]:
    """"el 3 de diciembre": this year's; a date a few months past is a past date, not next year's."""
    try:
        candidate = date(today.year, month, number)
    except ValueError:
        return None, "bad_date"
    if candidate >= today:
        return candidate, None
    if (today - candidate).days <= 180:
        return None, "past_date"
    try:
        return date(today.year + 1, month, number), None
    except ValueError:
        return None, "bad_date"


def _read_time(folded: str, spans: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    if match := _NOON.search(folded):
        spans.append(match.span())
        return "12:00", None
    problem = None
    for clock in _CLOCK.finditer(folded):
        prefix, hour_text, minutes, suffix = clock.groups()
        if not (prefix or suffix or minutes) or overlaps_span(clock.span(), spans):
            continue
        hour = int(hour_text)
        if suffix in ("pm", "p.m.", "de la tarde", "de la noche") and hour < 12:
            hour += 12
        elif suffix in ("am", "a.m.", "de la manana") and hour == 12:
            hour = 0
        elif not suffix and 1 <= hour < OPENING_HOUR_GUESS:
            hour += 12  # "a las 5" means five in the afternoon in a showroom's hours
        if hour > 23:
            problem = "bad_time"
            continue
        spans.append(clock.span())
        return f"{hour:02d}:{int(minutes or 0):02d}", None
    return None, problem


def extract_booking(folded: str, ctx: DialogContext, ext: Extraction, consumed: list[tuple[int, int]]) -> None:
    """Day and time slots (and the part of the day) of a message about an appointment."""
    when = read_when(folded, ctx.today, consumed)
    if when.day:
        ext.slots["appointment_day"] = when.day.isoformat()
    if when.time:
        ext.slots["appointment_time"] = when.time
    if when.day_part:
        ext.day_part = when.day_part
    if when.problem:
        ext.issues.append(when.problem)
