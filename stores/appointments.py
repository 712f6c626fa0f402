"""Appointments (visits, test drives, video calls): one small interface, SQLite by default, Redis when shared.

A (place, start time) slot holds at most `capacity` active appointments. The check and the write are one atomic step
in both backends (an immediate SQLite transaction, which locks the database file for every process; a Redis Lua
script), so two workers booking the last place at once get one booking and one `SlotFull`.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import redis

from stores.sqlite_files import connect

ACTIVE = "active"
CANCELLED = "cancelled"
VIDEO_PLACE = "video"
"""The place of a video call: the video-call team, one pool of slots."""


class SlotFull(Exception):
    """The slot already holds as many appointments as it may."""


class UnknownAppointment(KeyError):
    """No active appointment with that id."""


@dataclass(frozen=True)
class Appointment:
    id: str
    conversation_id: str
    stock_id: str
    kind: str
    """"visit", "test_drive" or "video_call"."""
    place: str
    """Location id, or VIDEO_PLACE for a video call."""
    start: str
    """Local start in the buyer's time zone, ISO "2026-12-05T11:00"."""
    name: str | None
    status: str
    created_at: str
    updated_at: str
    cancelled_at: str | None = None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def new_appointment(*, conversation_id: str, stock_id: str, kind: str, place: str, start: str,
                    name: str | None) -> Appointment:
    now = _now()
    return Appointment(id=uuid.uuid4().hex[:10], conversation_id=conversation_id, stock_id=stock_id, kind=kind,
                       place=place, start=start, name=name, status=ACTIVE, created_at=now, updated_at=now)


class AppointmentStore(Protocol):
    def book(self, appointment: Appointment, capacity: int) -> Appointment: ...
    def reschedule(self, appointment_id: str, place: str, start: str, capacity: int) -> Appointment: ...
    def cancel(self, appointment_id: str) -> Appointment: ...
    def get(self, appointment_id: str) -> Appointment | None: ...
    def active_for(self, conversation_id: str) -> Appointment | None: ...
    def taken(self, place: str, starts: list[str]) -> dict[str, int]: ...
    def on_day(self, day: str, place: str | None = None) -> list[Appointment]: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SqliteAppointments:
    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._conn = connect(self._path)
        self._lock = threading.Lock()
        self._conn.execute("CREATE TABLE IF NOT EXISTS appointments (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL,"
                           " stock_id TEXT NOT NULL, kind TEXT NOT NULL, place TEXT NOT NULL, start TEXT NOT NULL,"
                           " name TEXT, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
                           " cancelled_at TEXT)")
        self._conn.execute("CREATE INDEX IF NOT EXISTS appointments_slot ON appointments (place, start, status)")

    def _in_slot(self, place: str, start: str, excluding: str = "") -> int:
        row = self._conn.execute("SELECT count(*) FROM appointments WHERE place=? AND start=? AND status=? AND id<>?",
                                 (place, start, ACTIVE, excluding)).fetchone()
        return int(row[0])

    def book(self, appointment: Appointment, capacity: int) -> Appointment:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")  # the slot count and the insert, one writer at a time
            try:
                if self._in_slot(appointment.place, appointment.start) >= capacity:
                    raise SlotFull(appointment.start)
                self._conn.execute("INSERT INTO appointments VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                                   tuple(asdict(appointment).values()))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return appointment

    def reschedule(self, appointment_id: str, place: str, start: str, capacity: int) -> Appointment:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                current = self._get(appointment_id)
                if current is None or current.status != ACTIVE:
                    raise UnknownAppointment(appointment_id)
                if self._in_slot(place, start, excluding=appointment_id) >= capacity:
                    raise SlotFull(start)
                moved = replace(current, place=place, start=start, updated_at=_now())
                self._conn.execute("UPDATE appointments SET place=?, start=?, updated_at=? WHERE id=?",
                                   (place, start, moved.updated_at, appointment_id))
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return moved

    def cancel(self, appointment_id: str) -> Appointment:
        with self._lock:
            current = self._get(appointment_id)
            if current is None or current.status != ACTIVE:
                raise UnknownAppointment(appointment_id)
            now = _now()
            self._conn.execute("UPDATE appointments SET status=?, cancelled_at=?, updated_at=? WHERE id=?",
                               (CANCELLED, now, now, appointment_id))
        return replace(current, status=CANCELLED, cancelled_at=now, updated_at=now)

    def _get(self, appointment_id: str) -> Appointment | None:
        row = self._conn.execute("SELECT * FROM appointments WHERE id=?", (appointment_id,)).fetchone()
        return Appointment(*row) if row else None

    def get(self, appointment_id: str) -> Appointment | None:
        with self._lock:
            return self._get(appointment_id)

    def active_for(self, conversation_id: str) -> Appointment | None:
        with self._lock:
            row = self._conn.execute("SELECT * FROM appointments WHERE conversation_id=? AND status=? "
                                     "ORDER BY created_at DESC LIMIT 1", (conversation_id, ACTIVE)).fetchone()
        return Appointment(*row) if row else None

    def taken(self, place: str, starts: list[str]) -> dict[str, int]:
        with self._lock:
            return {start: self._in_slot(place, start) for start in starts}

    def on_day(self, day: str, place: str | None = None) -> list[Appointment]:
        sql = "SELECT * FROM appointments WHERE status=? AND start LIKE ?" + (" AND place=?" if place else "")
        params = (ACTIVE, f"{day}T%", *((place,) if place else ()))
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY start, place", params).fetchall()
        return [Appointment(*row) for row in rows]


_BOOK = """
local slot, record, id, capacity = KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2])
if redis.call('SCARD', slot) >= capacity then return 0 end
redis.call('SADD', slot, id)
redis.call('SET', record, ARGV[3])
redis.call('SET', KEYS[3], id)
redis.call('SADD', KEYS[4], id)
return 1
"""
_MOVE = """
local old_slot, new_slot, record, id, capacity = KEYS[1], KEYS[2], KEYS[3], ARGV[1], tonumber(ARGV[2])
if old_slot ~= new_slot and redis.call('SCARD', new_slot) >= capacity then return 0 end
redis.call('SREM', old_slot, id)
redis.call('SADD', new_slot, id)
redis.call('SET', record, ARGV[3])
redis.call('SREM', KEYS[4], id)
redis.call('SADD', KEYS[5], id)
return 1
"""


class RedisAppointments:
    """Keys: appt:{id} (JSON), appt:slot:{place}:{start} (ids), appt:day:{day} (ids), appt:conv:{conversation}."""

    def __init__(self, client: redis.Redis) -> None:
        self._redis = client
        self._book = client.register_script(_BOOK)
        self._move = client.register_script(_MOVE)

    @staticmethod
    def _slot(place: str, start: str) -> str:
        return f"appt:slot:{place}:{start}"

    def book(self, appointment: Appointment, capacity: int) -> Appointment:
        keys = [self._slot(appointment.place, appointment.start), f"appt:{appointment.id}",
                f"appt:conv:{appointment.conversation_id}", f"appt:day:{appointment.start[:10]}"]
        if not self._book(keys=keys, args=[appointment.id, capacity, json.dumps(asdict(appointment))]):
            raise SlotFull(appointment.start)
        return appointment

    def reschedule(self, appointment_id: str, place: str, start: str, capacity: int) -> Appointment:
        current = self.get(appointment_id)
        if current is None or current.status != ACTIVE:
            raise UnknownAppointment(appointment_id)
        moved = replace(current, place=place, start=start, updated_at=_now())
        keys = [self._slot(current.place, current.start), self._slot(place, start), f"appt:{appointment_id}",
                f"appt:day:{current.start[:10]}", f"appt:day:{start[:10]}"]
        if not self._move(keys=keys, args=[appointment_id, capacity, json.dumps(asdict(moved))]):
            raise SlotFull(start)
        return moved

    def cancel(self, appointment_id: str) -> Appointment:
        current = self.get(appointment_id)
        if current is None or current.status != ACTIVE:
            raise UnknownAppointment(appointment_id)
        now = _now()
        cancelled = replace(current, status=CANCELLED, cancelled_at=now, updated_at=now)
        pipe = self._redis.pipeline(transaction=True)
        pipe.srem(self._slot(current.place, current.start), appointment_id)
        pipe.srem(f"appt:day:{current.start[:10]}", appointment_id)
        pipe.set(f"appt:{appointment_id}", json.dumps(asdict(cancelled)))
        pipe.execute()
        return cancelled

    def get(self, appointment_id: str) -> Appointment | None:
        raw = self._redis.get(f"appt:{appointment_id}")
        return Appointment(**json.loads(raw)) if raw else None

    def active_for(self, conversation_id: str) -> Appointment | None:
        latest = self._redis.get(f"appt:conv:{conversation_id}")
        found = self.get(latest.decode() if isinstance(latest, bytes) else latest) if latest else None
        return found if found and found.status == ACTIVE else None

    def taken(self, place: str, starts: list[str]) -> dict[str, int]:
        pipe = self._redis.pipeline(transaction=False)
        for start in starts:
            pipe.scard(self._slot(place, start))
        return dict(zip(starts, (int(n) for n in pipe.execute()), strict=True))

    def on_day(self, day: str, place: str | None = None) -> list[Appointment]:
        ids = [i.decode() if isinstance(i, bytes) else i for i in self._redis.smembers(f"appt:day:{day}")]
        found = [a for a in (self.get(i) for i in ids) if a and a.status == ACTIVE and (place is None or a.place == place)]
        return sorted(found, key=lambda a: (a.start, a.place))

