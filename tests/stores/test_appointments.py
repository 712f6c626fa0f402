"""The appointment store: book, reschedule, cancel; a slot never holds more than its capacity, even when two
workers (separate connections / clients) book it at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from stores.appointments import (
    ACTIVE,
    CANCELLED,
    AppointmentStore,
    RedisAppointments,
    SlotFull,
    SqliteAppointments,
    UnknownAppointment,
    new_appointment,
)
from stores.redis_dev_server import RedisDevServer

Factory = Callable[[], AppointmentStore]


@pytest.fixture(params=["sqlite", "redis"])
def worker_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """A factory of stores over one backend: each call is another worker's own connection."""
    if request.param == "sqlite":
        yield lambda: SqliteAppointments(tmp_path / "state.sqlite")
        return
    with RedisDevServer() as server:
        yield lambda: RedisAppointments(redis.Redis.from_url(server.url))


def appointment(conversation: str, start: str = "2026-12-05T11:00", place: str = "cdmx-patio-santa-fe"):
    return new_appointment(conversation_id=conversation, stock_id="100", kind="test_drive", place=place,
                           start=start, name="Ana")


def test_book_reschedule_cancel(worker_store: Factory) -> None:
    store = worker_store()
    booked = store.book(appointment("whatsapp:+5215512345678"), capacity=2)
    assert store.active_for("whatsapp:+5215512345678") == booked
    assert [a.id for a in store.on_day("2026-12-05")] == [booked.id]
    moved = store.reschedule(booked.id, "cdmx-antara", "2026-12-07T16:00", capacity=2)
    assert (moved.place, moved.start, moved.status) == ("cdmx-antara", "2026-12-07T16:00", ACTIVE)
    assert store.taken("cdmx-patio-santa-fe", ["2026-12-05T11:00"]) == {"2026-12-05T11:00": 0}
    assert store.on_day("2026-12-05") == [] and [a.id for a in store.on_day("2026-12-07", "cdmx-antara")] == [booked.id]
    cancelled = store.cancel(booked.id)
    assert cancelled.status == CANCELLED and cancelled.cancelled_at
    assert store.active_for("whatsapp:+5215512345678") is None
    assert store.get(booked.id).status == CANCELLED  # kept, with its times, for the record
    with pytest.raises(UnknownAppointment):
        store.cancel(booked.id)


def test_a_full_slot_refuses_and_a_cancelled_place_frees_it(worker_store: Factory) -> None:
    store = worker_store()
    first = store.book(appointment("a"), capacity=1)
    with pytest.raises(SlotFull):
        store.book(appointment("b"), capacity=1)
    other = store.book(appointment("c", start="2026-12-05T12:00"), capacity=1)
    with pytest.raises(SlotFull):
        store.reschedule(other.id, first.place, first.start, capacity=1)
    store.cancel(first.id)
    assert store.book(appointment("b"), capacity=1).conversation_id == "b"


@pytest.mark.parametrize("capacity", [1, 3])
def test_concurrent_bookings_from_two_workers_never_overfill_a_slot(worker_store: Factory, capacity: int) -> None:
    workers = [worker_store(), worker_store()]
    attempts = 12
    start = threading.Barrier(attempts)
    booked: list[str] = []
    refused: list[str] = []

    def try_booking(n: int) -> None:
        store = workers[n % 2]
        start.wait()
        try:
            booked.append(store.book(appointment(f"buyer-{n}"), capacity=capacity).id)
        except SlotFull:
            refused.append(f"buyer-{n}")

    threads = [threading.Thread(target=try_booking, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert len(booked) == capacity and len(refused) == attempts - capacity
    assert workers[0].taken("cdmx-patio-santa-fe", ["2026-12-05T11:00"]) == {"2026-12-05T11:00": capacity}
