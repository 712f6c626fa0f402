"""Conversation log: metadata (created, updated, message count, last message) and per-turn traces.

Two implementations with one interface: SQLite (embedded default) and Redis (shared by workers).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import redis

from stores.sqlite_files import connect


@dataclass(frozen=True)
class ConversationInfo:
    session_id: str
    created: float
    updated: float
    message_count: int
    last_message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ConversationLog(Protocol):
    def record_turn(self, session_id: str, message: str, trace: dict[str, Any]) -> None: ...
    def get(self, session_id: str) -> ConversationInfo | None: ...
    def list(self, *, offset: int, limit: int) -> tuple[list[ConversationInfo], int]: ...
    def traces(self, session_id: str) -> list[dict[str, Any]]: ...
    def delete(self, session_id: str) -> bool: ...


class SqliteConversationLog:
    """Tables `conversations` and `turn_traces` in the embedded SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self._conn = connect(path)
        self._lock = threading.Lock()
        self._conn.executescript("""
            CREATE TABLE IF NOT EXISTS conversations (
              session_id TEXT PRIMARY KEY, created REAL NOT NULL, updated REAL NOT NULL,
              message_count INTEGER NOT NULL, last_message TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS conversations_updated ON conversations(updated DESC);
            CREATE TABLE IF NOT EXISTS turn_traces (
              session_id TEXT NOT NULL, turn INTEGER NOT NULL, trace TEXT NOT NULL,
              PRIMARY KEY (session_id, turn));
        """)

    def record_turn(self, session_id: str, message: str, trace: dict[str, Any]) -> None:
        now = time.time()
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute(
                "INSERT INTO conversations VALUES (?, ?, ?, 1, ?) ON CONFLICT(session_id) DO UPDATE SET "
                "updated=excluded.updated, message_count=message_count+1, last_message=excluded.last_message",
                (session_id, now, now, message))
            self._conn.execute(
                "INSERT OR REPLACE INTO turn_traces VALUES (?, (SELECT message_count FROM conversations "
                "WHERE session_id=?), ?)", (session_id, session_id, json.dumps(trace, ensure_ascii=False)))
            self._conn.execute("COMMIT")

    def get(self, session_id: str) -> ConversationInfo | None:
        rows = self._query("SELECT * FROM conversations WHERE session_id=?", (session_id,))
        return ConversationInfo(*rows[0]) if rows else None

    def list(self, *, offset: int, limit: int) -> tuple[list[ConversationInfo], int]:
        rows = self._query("SELECT * FROM conversations ORDER BY updated DESC LIMIT ? OFFSET ?", (limit, offset))
        total = self._query("SELECT count(*) FROM conversations", ())[0][0]
        return [ConversationInfo(*r) for r in rows], total

    def traces(self, session_id: str) -> list[dict[str, Any]]:
        rows = self._query("SELECT trace FROM turn_traces WHERE session_id=? ORDER BY turn", (session_id,))
        return [json.loads(r[0]) for r in rows]

    def delete(self, session_id: str) -> bool:
        with self._lock:
            gone = self._conn.execute("DELETE FROM conversations WHERE session_id=?", (session_id,)).rowcount
            self._conn.execute("DELETE FROM turn_traces WHERE session_id=?", (session_id,))
        return gone > 0

    def ping(self) -> None:
        self._query("SELECT 1", ())

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()


class RedisConversationLog:
    """A hash per conversation, a list of traces, and a sorted set by last update; all expire."""

    INDEX = "conversations:by_updated"

    def __init__(self, client: redis.Redis, ttl_s: int) -> None:
        self._redis = client
        self._ttl_s = ttl_s

    def record_turn(self, session_id: str, message: str, trace: dict[str, Any]) -> None:
        now = time.time()
        meta, traces = f"conversation:{session_id}", f"conversation:{session_id}:traces"
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.hsetnx(meta, "created", now)
            pipe.hset(meta, mapping={"updated": now, "last_message": message})
            pipe.hincrby(meta, "message_count", 1)
            pipe.rpush(traces, json.dumps(trace, ensure_ascii=False))
            pipe.expire(meta, self._ttl_s)
            pipe.expire(traces, self._ttl_s)
            pipe.zadd(self.INDEX, {session_id: now})
            pipe.execute()

    def get(self, session_id: str) -> ConversationInfo | None:
        data = self._redis.hgetall(f"conversation:{session_id}")
        if not data:
            return None
        values = {k.decode(): v.decode() for k, v in data.items()}
        return ConversationInfo(session_id, float(values["created"]), float(values["updated"]),
                                int(values["message_count"]), values["last_message"])

    def list(self, *, offset: int, limit: int) -> tuple[list[ConversationInfo], int]:
        self._redis.zremrangebyscore(self.INDEX, "-inf", time.time() - self._ttl_s)
        ids = self._redis.zrevrange(self.INDEX, offset, offset + limit - 1)
        infos = [info for sid in ids if (info := self.get(sid.decode()))]
        return infos, int(self._redis.zcard(self.INDEX))

    def traces(self, session_id: str) -> list[dict[str, Any]]:
        return [json.loads(t) for t in self._redis.lrange(f"conversation:{session_id}:traces", 0, -1)]

    def delete(self, session_id: str) -> bool:
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(f"conversation:{session_id}", f"conversation:{session_id}:traces")
            pipe.zrem(self.INDEX, session_id)
            deleted, _ = pipe.execute()
        return bool(deleted)
