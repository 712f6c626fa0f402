"""Bookings through the real graph with a frozen clock: Wednesday 25 November 2026, 10:00 in Mexico City."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from graph.build import build_graph
from graph.deps import Deps
from stores.appointments import SqliteAppointments
from stores.catalog import Catalog
from stores.checkpointers import sqlite_checkpointer

NOW = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # 10:00 in Mexico City
Chat = Callable[[str], dict[str, Any]]


def chat_on(deps: Deps, checkpoint: str = ":memory:", thread: str = "whatsapp:+5215511112222") -> Chat:
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(checkpoint))
    config = {"configurable": {"thread_id": thread}}
    return lambda text: graph.invoke({"text": text}, config, durability="exit")


@pytest.fixture
def booking_deps(catalog: Catalog, deps: Deps) -> Deps:
    return Deps(catalog=catalog, knowledge=deps.knowledge, clock=lambda: NOW)


@pytest.fixture
def chat(booking_deps: Deps) -> Chat:
    return chat_on(booking_deps)


def pick_a_car(chat: Chat) -> str:
    shown = chat("busco un sedan automatico")["shown_cars"]
    chat("el primero")
    return shown[0]


def step(state: dict[str, Any]) -> str:
    return state["booking_step"]


def test_a_full_booking_asks_one_thing_at_a_time_and_books_only_on_yes(chat: Chat, booking_deps: Deps) -> None:
    stock_id = pick_a_car(chat)
    state = chat("me gustaria hacer una prueba de manejo")
    assert state["intent"] == "book_appointment" and step(state) == "ask_place"
    state = chat("en la de santa fe")
    assert step(state) == "ask_day"
    state = chat("el sabado a las 11")
    assert step(state) == "ask_name"
    state = chat("a nombre de Carla Méndez")
    assert step(state) == "confirm" and state["pending"] == "confirm_booking"
    car = booking_deps.catalog.get(stock_id)
    assert (f"prueba de manejo del *{car.title}* el *sábado 28 de noviembre a las 11:00* en *Patio Santa Fe*"
            in state["reply"])
    assert booking_deps.appointments.active_for("whatsapp:+5215511112222") is None  # nothing booked before a yes
    state = chat("si, confirmo")
    assert step(state) == "booked" and "Quedó agendada" in state["reply"] and "Vasco de Quiroga" in state["reply"]
    booked = booking_deps.appointments.active_for("whatsapp:+5215511112222")
    assert (booked.stock_id, booked.kind, booked.place, booked.start, booked.name) == (
        stock_id, "test_drive", "cdmx-patio-santa-fe", "2026-11-28T11:00", "Carla Méndez")
    assert state["appointment"]["id"] == booked.id and state["verification"]["ok"]


def test_free_times_are_offered_when_asked(chat: Chat) -> None:
    pick_a_car(chat)
    chat("quiero ir a verlo a plaza fortuna")
    state = chat("que horarios tienes el viernes?")
    assert step(state) == "offer_times"
    options = next(c for c in state["tool_calls"] if c["name"] == "free_times")["result"]["options"]
    assert 2 <= len(options) <= 3 and all(o["day"] == "2026-11-27" for o in options)
    assert all(f"*{o['time']}*" in state["reply"] for o in options)


@pytest.mark.parametrize(("message", "problem", "said"), [
    ("hoy a las 8 de la mañana", "past", "Esa hora ya pasó."),
    ("el sabado a las 8 de la noche", "outside_hours", "fuera del horario"),
    ("el domingo a las 11", "closed_day", "no hay citas"),
    ("el 15 de enero a las 11", "too_far", "hasta 30 días"),
])
def test_impossible_times_are_refused_with_the_reason_and_a_proposal(chat: Chat, message: str, problem: str,
                                                                     said: str) -> None:
    pick_a_car(chat)
    chat("quiero verlo en la sede de antara")
    state = chat(message)
    check = next(c for c in state["tool_calls"] if c["name"] == "check_booking")["result"]
    assert check["problem"] == problem and step(state) == "problem"
    assert said in state["reply"]
    options = next(c for c in state["tool_calls"] if c["name"] == "free_times")["result"]["options"]
    assert options and all(o["time"] in state["reply"] for o in options)


def test_a_city_without_a_location_lists_the_cities_with_one(chat: Chat) -> None:
    pick_a_car(chat)
    state = chat("quiero ir a verlo, estoy en merida")
    assert step(state) == "no_location_in_city"
    assert "En Mérida no tenemos sede" in state["reply"] and "Guadalajara" in state["reply"]


def test_a_car_sold_meanwhile_is_refused(booking_deps: Deps, tmp_path: Path, catalog: Catalog) -> None:
    csv = tmp_path / "catalog.csv"
    csv.write_text("stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay\n"
                   "9001,40000,250000.0,Mazda,Mazda 3,2021,I SPORT AUT,Sí,,,,Sí\n", encoding="utf-8")
    before = Deps(catalog=Catalog.from_csv(csv), knowledge=booking_deps.knowledge, clock=lambda: NOW,
                  appointments=booking_deps.appointments)
    chat = chat_on(before, str(tmp_path / "state.sqlite"))
    chat("tienen mazda 3?")
    chat("quiero una prueba de manejo en patio santa fe el viernes a las 12, soy Luis")
    csv.write_text("stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay\n"
                   "9002,60000,199000.0,Nissan,Versa,2019,SENSE,Sí,,,,\n", encoding="utf-8")  # the Mazda was sold
    after = Deps(catalog=Catalog.from_csv(csv), knowledge=booking_deps.knowledge, clock=lambda: NOW,
                 appointments=booking_deps.appointments)
    state = chat_on(after, str(tmp_path / "state.sqlite"))("sí")
    assert step(state) == "problem" and "ya no está en el catálogo" in state["reply"]
    assert booking_deps.appointments.active_for("whatsapp:+5215511112222") is None


def test_reschedule_and_cancel_in_the_same_chat(chat: Chat, booking_deps: Deps) -> None:
    pick_a_car(chat)
    chat("quiero verlo en forum cuernavaca el viernes a las 10, soy Beto")
    assert step(chat("sí")) == "booked"
    first = booking_deps.appointments.active_for("whatsapp:+5215511112222")
    state = chat("mejor cambiala al lunes a las 5")
    assert step(state) == "confirm" and "lunes 30 de noviembre a las 17:00" in state["reply"]
    state = chat("va")
    moved = booking_deps.appointments.active_for("whatsapp:+5215511112222")
    assert step(state) == "rescheduled" and moved.id == first.id and moved.start == "2026-11-30T17:00"
    state = chat("a que hora era mi cita?")
    assert step(state) == "show" and "lunes 30 de noviembre a las 17:00" in state["reply"]
    state = chat("ya no voy a poder ir, cancelala porfa")
    assert step(state) == "cancelled" and booking_deps.appointments.active_for("whatsapp:+5215511112222") is None
    assert booking_deps.appointments.get(first.id).cancelled_at


def test_the_booking_is_remembered_after_a_restart(catalog: Catalog, booking_deps: Deps, tmp_path: Path) -> None:
    state_file = str(tmp_path / "state.sqlite")

    def deps() -> Deps:  # each "process" opens the files anew
        return Deps(catalog=catalog, knowledge=booking_deps.knowledge, clock=lambda: NOW,
                    appointments=SqliteAppointments(state_file))

    chat = chat_on(deps(), state_file)
    pick_a_car(chat)
    chat("agenda una videollamada el jueves a mediodia a nombre de Sofía")
    assert step(chat("si")) == "booked"
    state = chat_on(deps(), state_file)("oye a que hora era mi cita?")
    assert "jueves 26 de noviembre a las 12:00" in state["reply"] and "videollamada" in state["reply"]
