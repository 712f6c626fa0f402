"""Delivery ledger: each inbound MessageSid is processed once; a retry gets the first reply back.

The claim is atomic in both backends (SQLite primary key, Redis script), so two concurrent
deliveries of one message produce exactly one turn. A claim is a lease: when its holder died (a
killed worker) or failed (the store went away mid-turn), a retry takes the message over; the
caller then checks the conversation state before running the turn again, so a turn that was
already applied is answered from state instead of applied twice.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

import redis

from stores.session_locks import LEASE_S
from stores.sqlite_files import connect

PROCESSING = "processing:"
"""Prefix of a claim still being processed, followed by the claim's wall-clock time."""
DELIVERY_TTL_S = 86400
"""Twilio retries within minutes; a day of memory per MessageSid is plenty."""


class Claim(StrEnum):
    NEW = "new"
    """First delivery of this message: run the turn."""
    TAKEOVER = "takeover"
    """An earlier delivery claimed it and died or failed: check whether its turn was applied, then run it."""
    TAKEN = "taken"
    """Another delivery has it (running, or done): answer with its reply."""


class DeliveryLedger(Protocol):
    def claim(self, message_sid: str, lease_s: float = LEASE_S) -> Claim: ...
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
        self._conn = connect(path)
        self._lock = threading.Lock()
        self._ttl_s = ttl_s
        self._conn.execute("CREATE TABLE IF NOT EXISTS deliveries (message_sid TEXT PRIMARY KEY, "
                           "claimed REAL NOT NULL, reply TEXT)")
        self._conn.execute("CREATE INDEX IF NOT EXISTS deliveries_claimed ON deliveries(claimed)")

    def claim(self, message_sid: str, lease_s: float = LEASE_S) -> Claim:
        now = time.time()
        with self._lock:
            self._conn.execute("DELETE FROM deliveries WHERE claimed < ? AND claimed > 0", (now - self._ttl_s,))
            try:
                self._conn.execute("INSERT INTO deliveries VALUES (?, ?, NULL)", (message_sid, now))
                return Claim.NEW
            except sqlite3.IntegrityError:
                taken = self._conn.execute("UPDATE deliveries SET claimed=? WHERE message_sid=? AND reply IS NULL "
                                           "AND claimed < ?", (now, message_sid, now - lease_s))
        return Claim.TAKEOVER if taken.rowcount else Claim.TAKEN

    def complete(self, message_sid: str, reply: dict[str, Any]) -> None:
        with self._lock:
            self._conn.execute("UPDATE deliveries SET reply=?, claimed=? WHERE message_sid=?",
                               (json.dumps(reply, ensure_ascii=False), time.time(), message_sid))

    def release(self, message_sid: str) -> None:
        """Give up a claim after a failure: the next delivery takes it over at once."""
        with self._lock:
            self._conn.execute("UPDATE deliveries SET claimed=0 WHERE message_sid=? AND reply IS NULL",
                               (message_sid,))

    def reply(self, message_sid: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn.execute("SELECT reply FROM deliveries WHERE message_sid=?", (message_sid,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None


_CLAIM = """
local held = redis.call('GET', KEYS[1])
if held and (string.sub(held, 1, 11) ~= 'processing:' or tonumber(string.sub(held, 12)) >= tonumber(ARGV[2])) then
  return 'taken'
end
redis.call('SET', KEYS[1], 'processing:' .. ARGV[1], 'EX', ARGV[3])
if held then return 'takeover' end
return 'new'
"""
_RELEASE = """
local held = redis.call('GET', KEYS[1])
if held and string.sub(held, 1, 11) == 'processing:' then redis.call('SET', KEYS[1], 'processing:0', 'KEEPTTL') end
"""


class RedisDeliveryLedger:
    def __init__(self, client: redis.Redis, ttl_s: int = DELIVERY_TTL_S) -> None:
        self._redis = client
        self._ttl_s = ttl_s
        self._claim = client.register_script(_CLAIM)
        self._release = client.register_script(_RELEASE)

    def claim(self, message_sid: str, lease_s: float = LEASE_S) -> Claim:
        now = time.time()
        found = self._claim(keys=[f"delivery:{message_sid}"], args=[repr(now), repr(now - lease_s), self._ttl_s])
        return Claim(found.decode() if isinstance(found, bytes) else found)

    def complete(self, message_sid: str, reply: dict[str, Any]) -> None:
        self._redis.set(f"delivery:{message_sid}", json.dumps(reply, ensure_ascii=False), ex=self._ttl_s)

    def release(self, message_sid: str) -> None:
        """Give up a claim after a failure: the next delivery takes it over at once."""
        self._release(keys=[f"delivery:{message_sid}"])

    def reply(self, message_sid: str) -> dict[str, Any] | None:
        raw = self._redis.get(f"delivery:{message_sid}")
        return None if raw is None or raw.startswith(PROCESSING.encode()) else json.loads(raw)
