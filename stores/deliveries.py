"""Delivery ledger: each inbound MessageSid is processed once; a retry gets the first reply back.

The claim is atomic in both backends (SQLite primary key, Redis SET NX), so two concurrent
deliveries of one message produce exactly one turn.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Protocol

import redis

PROCESSING = "processing"
DELIVERY_TTL_S = 86400
"""Twilio retries within minutes; a day of memory per MessageSid is plenty."""


class DeliveryLedger(Protocol):
    def claim(self, message_sid: str) -> bool: ...
    def complete(self, message_sid: str, reply: dict[str, Any]) -> None: ...
    def release(self, message_sid: str) -> None: ...
    def reply(self, message_sid: str) -> dict[str, Any] | None: ...


def wait_for_reply(ledger: DeliveryLedger, message_sid: str, timeout_s: float) -> dict[str, Any] | None:
    """The first delivery's reply, waiting while it is still being processed."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = ledger.reply(message_sid)
        if found is not None or time.monotonic() >= deadline:
            return found
        time.sleep(0.02)


class SqliteDeliveryLedger:
    def __init__(self, path: str | Path, ttl_s: int = DELIVERY_TTL_S) -> None:
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._ttl_s = ttl_s
        self._conn.execute("CREATE TABLE IF NOT EXISTS deliveries (message_sid TEXT PRIMARY KEY, "
                           "claimed REAL NOT NULL, reply TEXT)")

    def claim(self, message_sid: str) -> bool:
        with self._lock:
            self._conn.execute("DELETE FROM deliveries WHERE claimed < ?", (time.time() - self._ttl_s,))
            try:
                self._conn.execute("INSERT INTO deliveries VALUES (?, ?, NULL)", (message_sid, time.time()))
            except sqlite3.IntegrityError:
                return False
        return True

    def complete(self, message_sid: str, reply: dict[str, Any]) -> None:
        with self._lock:
            self._conn.execute("UPDATE deliveries SET reply=? WHERE message_sid=?",
                               (json.dumps(reply, ensure_ascii=False), message_sid))

    def release(self, message_sid: str) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM deliveries WHERE message_sid=? AND reply IS NULL", (message_sid,))

    def reply(self, message_sid: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn.execute("SELECT reply FROM deliveries WHERE message_sid=?", (message_sid,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None


class RedisDeliveryLedger:
    def __init__(self, client: redis.Redis, ttl_s: int = DELIVERY_TTL_S) -> None:
        self._redis = client
        self._ttl_s = ttl_s

    def claim(self, message_sid: str) -> bool:
        return bool(self._redis.set(f"delivery:{message_sid}", PROCESSING, nx=True, ex=self._ttl_s))

    def complete(self, message_sid: str, reply: dict[str, Any]) -> None:
        self._redis.set(f"delivery:{message_sid}", json.dumps(reply, ensure_ascii=False), ex=self._ttl_s)

    def release(self, message_sid: str) -> None:
        key = f"delivery:{message_sid}"
        if self._redis.get(key) == PROCESSING.encode():
            self._redis.delete(key)

    def reply(self, message_sid: str) -> dict[str, Any] | None:
        raw = self._redis.get(f"delivery:{message_sid}")
        return None if raw is None or raw == PROCESSING.encode() else json.loads(raw)
