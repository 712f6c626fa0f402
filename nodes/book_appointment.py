"""Book-appointment node: arrange a visit, test drive or video call one question at a time, confirm, then book;
show, move or cancel the buyer's appointment. Every date, time, place and car it mentions comes from a tool call."""

from __future__ import annotations

import logging
from datetime import date, time
from typing import Any

from langgraph.config import get_config

from graph.deps import Deps
from graph.state import Slots, State, tool_call
from nodes.understanding.booking import BookingRead, name_answer, read_booking
from stores.appointments import VIDEO_PLACE, SlotFull, UnknownAppointment
from stores.text import fold
from tools import booking as tools

log = logging.getLogger(__name__)
ORDER = ("stock_id", "kind", "place", "day", "time", "name")
"""What a booking needs, asked in this order, one question at a time."""
PENDING_FOR = {"stock_id": "stock_id", "kind": "booking_kind", "place": "location", "day": "appointment_day",
               "time": "appointment_time", "name": "name"}


def book_appointment(state: State, deps: Deps) -> dict[str, Any]:
    conversation = str(get_config().get("configurable", {}).get("thread_id", ""))
    slots = state.get("slots") or Slots()
    proposal = state["understanding"]
    read = read_booking(fold(state.get("clean_text", "")), deps.locations)
    now = deps.local_now()
    rules = deps.booking_rules
    calls: list[dict[str, Any]] = []
    active = deps.appointments.active_for(conversation) if conversation else None
    current = tools.describe(active, locations=deps.locations, catalog=deps.catalog) if active else None
    draft = dict(state.get("booking") or {})
    update: dict[str, Any] = {"tool_calls": calls, "appointment": current}

    def done(step: str, pending: str | None = None, **extra: Any) -> dict[str, Any]:
        update.update(booking=draft, booking_step=step, pending=pending, **extra)
        return update

    if read.asks_mine and not (proposal.slots.get("appointment_day") or proposal.slots.get("appointment_time")):
        calls.append(tool_call("get_appointment", {"conversation_id": conversation}, {"appointment": current}))
        return done("show")
    if read.cancel:
        if active is None:
            calls.append(tool_call("get_appointment", {"conversation_id": conversation}, {"appointment": None}))
            return done("nothing_to_cancel")
        try:
            cancelled = deps.appointments.cancel(active.id)
        except UnknownAppointment:
            return done("nothing_to_cancel")
        described = tools.describe(cancelled, locations=deps.locations, catalog=deps.catalog)
        calls.append(tool_call("cancel_appointment", {"appointment_id": active.id}, {"appointment": described}))
        log.info("booking.cancelled id=%s", active.id)
        draft.clear()
        return done("cancelled", appointment=None)

    confirming = state.get("pending") == "confirm_booking"
    if confirming and read.no and not _new_details(proposal.slots, read):
        return done("what_to_change")
    if active and not draft and (read.reschedule or _new_details(proposal.slots, read)):
        draft.update(stock_id=active.stock_id, kind=active.kind, place=active.place, name=active.name,
                     move_id=active.id)  # "¿la puedo cambiar al lunes?": same car and place, new time
    _fill(draft, state, slots, proposal.slots, read, deps)
    problem = _city_problem(draft, proposal.slots, deps, calls)
    if problem:
        return done(problem, "location")

    if read.wants_times and draft.get("place"):
        return _offer_times(draft, deps, now, rules, calls, done, proposal.day_part)
    missing = next((key for key in ORDER if not draft.get(key) and _needed(key, draft)), None)
    if missing == "name":
        missing = None if not draft.get("name") and _checkable(draft) else missing
    if proposal.slots.get("city") and not draft.get("place") and _needed("place", draft):
        missing = "place"  # "vivo en Zapopan": show the locations there first
    if missing == "time" and draft.get("day"):
        return _offer_times(draft, deps, now, rules, calls, done, None)
    if missing:
        if missing == "place" and slots.city:
            listed = [{**loc.to_dict(), "city": loc.city} for loc in deps.locations.in_city(slots.city)]
            calls.append(tool_call("list_locations", {"city": slots.city}, {"locations": listed}))
        if missing == "stock_id":
            calls.append(tool_call("list_shown", {}, {"shown": state.get("shown_cars") or []}))
        return done(f"ask_{missing}", PENDING_FOR[missing])

    day, at = date.fromisoformat(draft["day"]), time.fromisoformat(draft["time"])  # checked before the name
    check = tools.check_booking(locations=deps.locations, catalog=deps.catalog, stock_id=draft["stock_id"],
                                place=draft["place"], day=day, at=at, now=now, rules=rules)
    calls.append(tool_call("check_booking", _args(draft), {"problem": check, "day_text": tools.day_text(day),
                                                           "time_text": draft["time"]}))
    if check:
        if check == "car_gone":
            draft.pop("stock_id", None)
            return done("problem", "stock_id")
        start_from = now.date() if check in ("past", "too_far") else day
        options = tools.nearest_free(store=deps.appointments, locations=deps.locations, place=draft["place"],
                                     day=start_from, now=now, rules=rules, near=at)
        calls.append(tool_call("free_times", {"place": draft["place"], "from": day.isoformat()}, {"options": options}))
        draft.pop("time", None)
        if check in ("past", "too_far", "closed_day"):
            draft.pop("day", None)
        return done("problem", "appointment_time" if draft.get("day") else "appointment_day")
    if not draft.get("name"):
        return done("ask_name", "name")
    if not (confirming and read.yes):
        _describe_draft(draft, deps, calls)
        return done("confirm", "confirm_booking")
    try:
        if draft.get("move_id"):
            booked = tools.move(store=deps.appointments, appointment_id=draft["move_id"], place=draft["place"], day=day,
                                at=at, rules=rules)
            step = "rescheduled"
        else:
            booked = tools.book(store=deps.appointments, conversation_id=conversation, stock_id=draft["stock_id"],
                                kind=draft["kind"], place=draft["place"], day=day, at=at, name=draft.get("name"),
                                rules=rules)
            step = "booked"
    except (SlotFull, UnknownAppointment):
        options = tools.nearest_free(store=deps.appointments, locations=deps.locations, place=draft["place"], day=day,
                                     now=now, rules=rules, near=at)
        calls.append(tool_call("free_times", {"place": draft["place"], "from": day.isoformat()}, {"options": options}))
        draft.pop("time", None)
        return done("slot_taken", "appointment_time")
    described = tools.describe(booked, locations=deps.locations, catalog=deps.catalog)
    calls.append(tool_call("book_appointment" if step == "booked" else "reschedule_appointment", _args(draft),
                           {"appointment": described}))
    log.info("booking.%s id=%s place=%s start=%s", step, booked.id, booked.place, booked.start)
    draft.clear()
    return done(step, appointment=described)


def _checkable(draft: dict[str, Any]) -> bool:
    return all(draft.get(key) for key in ("stock_id", "kind", "place", "day", "time"))


def _needed(key: str, draft: dict[str, Any]) -> bool:
    return not (key == "place" and draft.get("kind") == "video_call")


def _new_details(proposed: dict[str, Any], read: BookingRead) -> bool:
    return bool(proposed.get("appointment_day") or proposed.get("appointment_time") or read.location_id)


def _fill(draft: dict[str, Any], state: State, slots: Slots, proposed: dict[str, Any], read: BookingRead,
          deps: Deps) -> None:
    """This message's answers into the draft: the car in focus, kind, place, day, time, name."""
    if slots.stock_id and ("stock_id" in proposed or not draft.get("stock_id")):
        draft["stock_id"] = slots.stock_id
    if read.kind:
        draft["kind"] = read.kind
        if read.kind == "video_call":
            draft["place"] = VIDEO_PLACE
        elif draft.get("place") == VIDEO_PLACE:
            draft.pop("place")
    if read.location_id and draft.get("kind") != "video_call":
        draft["place"] = read.location_id
    elif proposed.get("city") and draft.get("kind") != "video_call":
        here = deps.locations.in_city(str(proposed["city"]))
        if len(here) == 1:
            draft["place"] = here[0].id
    for key, slot in (("day", "appointment_day"), ("time", "appointment_time")):
        if proposed.get(slot):
            draft[key] = proposed[slot]
    name = (name_answer(state.get("clean_text", "")) if state.get("pending") == "name" else None) or slots.name
    if name:
        draft["name"] = name


def _city_problem(draft: dict[str, Any], proposed: dict[str, Any], deps: Deps, calls: list[dict[str, Any]]) -> str | None:
    """A city named without a location there: say so and list the cities that have one."""
    city = proposed.get("city")
    if not city or draft.get("kind") == "video_call" or deps.locations.in_city(str(city)):
        return None
    calls.append(tool_call("list_locations", {"city": city}, {"locations": [], "cities": deps.locations.cities}))
    return "no_location_in_city"


def _offer_times(draft: dict[str, Any], deps: Deps, now: Any, rules: tools.BookingRules,
                 calls: list[dict[str, Any]], done: Any, day_part: str | None) -> dict[str, Any]:
    day = date.fromisoformat(draft["day"]) if draft.get("day") else now.date()
    options = tools.nearest_free(store=deps.appointments, locations=deps.locations, place=draft["place"], day=day,
                                 now=now, rules=rules, day_part=day_part)
    calls.append(tool_call("free_times", {"place": draft["place"], "from": day.isoformat()}, {"options": options}))
    _describe_draft(draft, deps, calls)
    return done("offer_times", "appointment_time")


def _describe_draft(draft: dict[str, Any], deps: Deps, calls: list[dict[str, Any]]) -> None:
    car = deps.catalog.get(draft.get("stock_id") or "")
    location = deps.locations.get(draft.get("place") or "")
    day = date.fromisoformat(draft["day"]) if draft.get("day") else None
    calls.append(tool_call("describe_booking", _args(draft), {
        "car_title": car.title if car else None, "car": tools.car_facts(car),
        "kind_text": tools.KIND_NAMES.get(draft.get("kind") or ""),
        "place_name": location.name if location else None, "address": location.address if location else None,
        "day_text": tools.day_text(day) if day else None, "time_text": draft.get("time"), "name": draft.get("name")}))


def _args(draft: dict[str, Any]) -> dict[str, Any]:
    return {k: draft.get(k) for k in ("stock_id", "kind", "place", "day", "time", "name", "move_id") if draft.get(k)}
