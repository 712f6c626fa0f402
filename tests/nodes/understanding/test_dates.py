"""The day-and-time reader: Mexican Spanish expressions, relative to the buyer's own day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nodes.understanding.dates import read_when
from stores.clock import buyer_today
from stores.text import fold

WEDNESDAY = date(2026, 12, 2)


@pytest.mark.parametrize(("text", "day", "time"), [
    ("¿puedo ir mañana a las 11?", date(2026, 12, 3), "11:00"),
    ("pasado mañana", date(2026, 12, 4), None),
    ("el sábado", date(2026, 12, 5), None),
    ("este viernes como a las 5", date(2026, 12, 4), "17:00"),
    ("el próximo lunes 11 am", date(2026, 12, 7), "11:00"),
    ("el 3 de diciembre a mediodía", date(2026, 12, 3), "12:00"),
    ("el miércoles", date(2026, 12, 9), None),  # said on a Wednesday: next week's
    ("este miércoles a las 4:30 pm", WEDNESDAY, "16:30"),
    ("el 15 de enero", date(2027, 1, 15), None),
    ("hoy mismo a la 1", WEDNESDAY, "13:00"),
])
def test_days_and_times(text: str, day: date, time: str | None) -> None:
    when = read_when(fold(text), WEDNESDAY)
    assert (when.day, when.time) == (day, time)


def test_parts_of_the_day_and_impossible_dates() -> None:
    assert read_when(fold("mañana en la tarde"), WEDNESDAY).day_part == "afternoon"
    assert read_when(fold("el 1 de diciembre"), WEDNESDAY).problem == "past_date"
    assert read_when(fold("el 31 de febrero"), WEDNESDAY).problem == "bad_date"
    assert read_when(fold("tengo 5 hijos y 50 mil de enganche"), WEDNESDAY) == read_when("", WEDNESDAY)


@given(st.text(max_size=200), st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))
def test_never_a_past_day_and_never_a_crash(text: str, today: date) -> None:
    when = read_when(fold(text), today)
    assert when.day is None or when.day >= today
    assert when.time is None or (0 <= int(when.time[:2]) <= 23 and 0 <= int(when.time[3:]) <= 59)


_PHRASES = st.sampled_from(["mañana a las 11", "el sábado en la tarde", "hoy", "pasado mañana a mediodía",
                            "el próximo lunes", "el 24 de diciembre a las 10 am", "este viernes"])


@given(_PHRASES, st.integers(min_value=0, max_value=24 * 60 - 1))
def test_the_same_answer_at_any_hour_of_the_buyers_day(phrase: str, minute: int) -> None:
    """The server runs in UTC; the reading depends on the buyer's date in Mexico City, not on the hour."""
    midnight_utc = datetime.fromisoformat("2026-12-02T06:00:00+00:00")  # 00:00 in Mexico City
    instant = midnight_utc + timedelta(minutes=minute)
    assert buyer_today(instant) == WEDNESDAY
    assert read_when(fold(phrase), buyer_today(instant)) == read_when(fold(phrase), WEDNESDAY)
