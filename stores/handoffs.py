"""Conversations handed to a person: while one is open the bot stays quiet, the buyer's messages are kept in order
for the operator, and the operator's replies are kept beside them. SQLite by default, Redis when shared."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import redis

from stores.sqlite_files import connect


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Handoff:
    conversation_id: str
    reason: str
    """"buyer_asked" or "repeated_misunderstanding"."""
    summary: dict[str, Any]
    opened_at: str
    released_at: str | None = None
    messages: list[dict[str, str]] = field(default_factory=list)
    """Messages while with a person, in order: {"role": "buyer" | "operator", "text", "at"}."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class HandoffStore(Protocol):
    def open(self, conversation_id: str, reason: str, summary: dict[str, Any]) -> Handoff: ...
    def get(self, conversation_id: str) -> Handoff | None: ...
    def is_open(self, conversation_id: str) -> bool: ...
    def add_message(self, conversation_id: str, role: str, text: str) -> None: ...
    def list_open(self) -> list[Handoff]: ...
    def release(self, conversation_id: str) -> Handoff | None: ...


class SqliteHandoffs:
    def __init__(self, path: str | Path) -> None:
        self._conn = connect(path)
        self._lock = threading.Lock()
        self._conn.execute("CREATE TABLE IF NOT EXISTS handoffs (conversation_id TEXT PRIMARY KEY, reason TEXT NOT NULL,"
                           " summary TEXT NOT NULL, opened_at TEXT NOT NULL)")
        self._conn.execute("CREATE TABLE IF NOT EXISTS handoff_messages (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                           " conversation_id TEXT NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL)")

    def open(self, conversation_id: str, reason: str, summary: dict[str, Any]) -> Handoff:
        with self._lock:
            self._conn.execute("INSERT OR IGNORE INTO handoffs VALUES (?,?,?,?)",
                               (conversation_id, reason, json.dumps(summary, ensure_ascii=False), _now()))
        return self.get(conversation_id)  # type: ignore[return-value]

    def get(self, conversation_id: str) -> Handoff | None:
        with self._lock:
            return self._read(conversation_id)

    def _read(self, conversation_id: str) -> Handoff | None:
        row = self._conn.execute("SELECT * FROM handoffs WHERE conversation_id=?", (conversation_id,)).fetchone()
        if not row:
            return None
        messages = self._conn.execute("SELECT role, text, at FROM handoff_messages WHERE conversation_id=? "
                                      "ORDER BY seq", (conversation_id,)).fetchall()
        return Handoff(conversation_id=row[0], reason=row[1], summary=json.loads(row[2]), opened_at=row[3],
                       messages=[{"role": r, "text": t, "at": a} for r, t, a in messages])

    def is_open(self, conversation_id: str) -> bool:
        with self._lock:
            return self._conn.execute("SELECT 1 FROM handoffs WHERE conversation_id=?",
                                      (conversation_id,)).fetchone() is not None

    def add_message(self, conversation_id: str, role: str, text: str) -> None:
        with self._lock:
            self._conn.execute("INSERT INTO handoff_messages (conversation_id, role, text, at) VALUES (?,?,?,?)",
                               (conversation_id, role, text, _now()))

    def list_open(self) -> list[Handoff]:
        with self._lock:
            ids = [r[0] for r in self._conn.execute("SELECT conversation_id FROM handoffs ORDER BY opened_at")]
        return [h for h in (self.get(i) for i in ids) if h]

    def release(self, conversation_id: str) -> Handoff | None:
        """Close the handoff; what it returns holds every message, even one that arrived during the release."""
        with self._lock:
            found = self._read(conversation_id)
            if found is None:
                return None
            self._conn.execute("DELETE FROM handoffs WHERE conversation_id=?", (conversation_id,))
            self._conn.execute("DELETE FROM handoff_messages WHERE conversation_id=?", (conversation_id,))
        return Handoff(**{**found.to_dict(), "released_at": _now()})


class RedisHandoffs:
    """Keys: handoff:{id} (JSON), handoff:msgs:{id} (list of JSON messages), handoffs:open (sorted set by time)."""

    def __init__(self, client: redis.Redis) -> None:
        self._redis = client

    def open(self, conversation_id: str, reason: str, summary: dict[str, Any]) -> Handoff:
        record = {"conversation_id": conversation_id, "reason": reason, "summary": summary, "opened_at": _now()}
        if self._redis.set(f"handoff:{conversation_id}", json.dumps(record, ensure_ascii=False), nx=True):
            self._redis.zadd("handoffs:open", {conversation_id: datetime.now(UTC).timestamp()})
        return self.get(conversation_id)  # type: ignore[return-value]

    def get(self, conversation_id: str) -> Handoff | None:
        raw = self._redis.get(f"handoff:{conversation_id}")
        if not raw:
            return None
        messages = [json.loads(m) for m in self._redis.lrange(f"handoff:msgs:{conversation_id}", 0, -1)]
        return Handoff(**json.loads(raw), messages=messages)

    def is_open(self, conversation_id: str) -> bool:
        return bool(self._redis.exists(f"handoff:{conversation_id}"))

    def add_message(self, conversation_id: str, role: str, text: str) -> None:
        self._redis.rpush(f"handoff:msgs:{conversation_id}",
                          json.dumps({"role": role, "text": text, "at": _now()}, ensure_ascii=False))

    def list_open(self) -> list[Handoff]:
        ids = [i.decode() if isinstance(i, bytes) else i for i in self._redis.zrange("handoffs:open", 0, -1)]
        return [h for h in (self.get(i) for i in ids) if h]

    def release(self, conversation_id: str) -> Handoff | None:
        """Close the handoff; what it returns holds every message, even one that arrived during the release."""
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.get(f"handoff:{conversation_id}")
            pipe.lrange(f"handoff:msgs:{conversation_id}", 0, -1)
            pipe.delete(f"handoff:{conversation_id}", f"handoff:msgs:{conversation_id}")
            pipe.zrem("handoffs:open", conversation_id)
            raw, messages, _, _ = pipe.execute()
        if not raw:
            return None
        return Handoff(**json.loads(raw), messages=[json.loads(m) for m in messages], released_at=_now())
