"""Booking tools: check a requested visit, test drive or video call, find free times, book, move and cancel.

Plain typed functions over the appointment store, the locations and the catalog. Times are local to the buyer
(America/Mexico_City); `now` is the buyer's local wall-clock time from the injected clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from stores.appointments import VIDEO_PLACE, Appointment, AppointmentStore, SlotFull, new_appointment
from stores.catalog import Car, Catalog
from stores.locations import WEEKDAY_KEYS, Locations

HORIZON_DAYS = 30
"""Bookings are taken up to this many days ahead."""
KINDS = ("visit", "test_drive", "video_call")
KIND_NAMES = {"visit": "visita", "test_drive": "prueba de manejo", "video_call": "videollamada"}
WEEKDAY_NAMES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTH_NAMES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
               "noviembre", "diciembre")
DAY_PARTS = {"morning": (time(0, 0), time(12, 0)), "afternoon": (time(12, 0), time(19, 0)),
             "evening": (time(17, 0), time(23, 59))}


@dataclass(frozen=True)
class BookingRules:
    """Operator settings: how many appointments a slot holds and how long a slot is."""

    capacity: int = 2
    slot_minutes: int = 30


def day_text(day: date) -> str:
    """"sábado 5 de diciembre"."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} de {MONTH_NAMES[day.month - 1]}"


def hours_for(locations: Locations, place: str, day: date) -> tuple[time, time] | None:
    if place == VIDEO_PLACE:
        return locations.video_call_hours.get(WEEKDAY_KEYS[day.weekday()])
    location = locations.get(place)
    return location.hours_on(day) if location else None


def slot_starts(opening: tuple[time, time], day: date, rules: BookingRules) -> list[time]:
    """Every start time of that day's slots; the last one ends by closing time."""
    start = datetime.combine(day, opening[0])
    end = datetime.combine(day, opening[1]) - timedelta(minutes=rules.slot_minutes)
    starts = []
    while start <= end:
        starts.append(start.time())
        start += timedelta(minutes=rules.slot_minutes)
    return starts


def check_booking(*, locations: Locations, catalog: Catalog, stock_id: str, place: str, day: date, at: time,
                  now: datetime, rules: BookingRules) -> str | None:
    """Why this booking cannot be taken (a code), or None when it can."""
    if catalog.get(stock_id) is None:
        return "car_gone"
    when = datetime.combine(day, at)
    if when <= now:
        return "past"
    if day > now.date() + timedelta(days=HORIZON_DAYS):
        return "too_far"
    opening = hours_for(locations, place, day)
    if opening is None:
        return "closed_day"
    if at not in slot_starts(opening, day, rules):
        return "outside_hours" if not opening[0] <= at < opening[1] else "not_a_slot"
    return None


def free_times(*, store: AppointmentStore, locations: Locations, place: str, day: date, now: datetime,
               rules: BookingRules, day_part: str | None = None, near: time | None = None,
               limit: int = 3) -> list[str]:
    """Up to `limit` free start times ("HH:MM") that day, the closest to `near` first, else the earliest."""
    opening = hours_for(locations, place, day)
    if opening is None or day > now.date() + timedelta(days=HORIZON_DAYS):
        return []
    starts = [s for s in slot_starts(opening, day, rules) if datetime.combine(day, s) > now]
    if day_part:
        low, high = DAY_PARTS[day_part]
        starts = [s for s in starts if low <= s < high]
    keys = [f"{day.isoformat()}T{s.strftime('%H:%M')}" for s in starts]
    taken = store.taken(place, keys) if keys else {}
    free = [s for s, key in zip(starts, keys, strict=True) if taken.get(key, 0) < rules.capacity]
    if near is not None:
        target = datetime.combine(day, near)
        free.sort(key=lambda s: abs(datetime.combine(day, s) - target))
    return [s.strftime("%H:%M") for s in free[:limit]]


def nearest_free(*, store: AppointmentStore, locations: Locations, place: str, day: date, now: datetime,
                 rules: BookingRules, near: time | None = None, day_part: str | None = None,
                 limit: int = 3) -> list[dict[str, str]]:
    """The first free times from `day` on (that day's closest to `near`, then the following days), within a part
    of the day when one is asked for ("en la tarde")."""
    found: list[dict[str, str]] = []
    current = max(day, now.date())
    while len(found) < limit and current <= now.date() + timedelta(days=HORIZON_DAYS):
        times = free_times(store=store, locations=locations, place=place, day=current, now=now, rules=rules,
                           day_part=day_part, near=near if current == day else None, limit=limit - len(found))
        found += [{"day": current.isoformat(), "day_text": day_text(current), "time": t} for t in times]
        current += timedelta(days=1)
    return found


def book(*, store: AppointmentStore, conversation_id: str, stock_id: str, kind: str, place: str, day: date, at: time,
         name: str | None, rules: BookingRules) -> Appointment:
    """Book the slot; raises SlotFull when it filled up meanwhile."""
    appointment = new_appointment(conversation_id=conversation_id, stock_id=stock_id, kind=kind, place=place,
                                  start=f"{day.isoformat()}T{at.strftime('%H:%M')}", name=name)
    return store.book(appointment, rules.capacity)


def move(*, store: AppointmentStore, appointment_id: str, place: str, day: date, at: time,
         rules: BookingRules) -> Appointment:
    return store.reschedule(appointment_id, place, f"{day.isoformat()}T{at.strftime('%H:%M')}", rules.capacity)


def car_facts(car: Car | None) -> dict[str, Any] | None:
    """The car as the grounding check knows cars: stock id, make, model, year."""
    return {"stock_id": car.stock_id, "make": car.make, "model": car.model, "year": car.year} if car else None


def describe(appointment: Appointment, *, locations: Locations, catalog: Catalog) -> dict[str, Any]:
    """What the agent may say about an appointment: every date, time, place and car it names is in here."""
    start = datetime.fromisoformat(appointment.start)
    car = catalog.get(appointment.stock_id)
    location = locations.get(appointment.place)
    return {**appointment.to_dict(), "kind_text": KIND_NAMES[appointment.kind],
            "car_title": car.title if car else None, "car": car_facts(car), "day_text": day_text(start.date()),
            "time_text": start.strftime("%H:%M"), "place_name": location.name if location else None,
            "address": location.address if location else None}


__all__ = ["SlotFull", "BookingRules", "book", "check_booking", "describe", "free_times", "move", "nearest_free"]
