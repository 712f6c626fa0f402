"""Media the agent attaches to WhatsApp replies (financing charts), served at unguessable URLs. SQLite by default,
Redis when shared; kept for `MEDIA_TTL_DAYS`."""

from __future__ import annotations

import secrets
import threading
import time
from pathlib import Path
from typing import Protocol

import redis

from stores.sqlite_files import connect

MEDIA_TTL_S = 30 * 86400


class MediaStore(Protocol):
    def put(self, data: bytes, content_type: str) -> str: ...
    def get(self, token: str) -> tuple[bytes, str] | None: ...


def new_token() -> str:
    """128 random bits, URL-safe: one chart's URL says nothing about another's."""
    return secrets.token_urlsafe(16)


class SqliteMedia:
    def __init__(self, path: str | Path, ttl_s: int = MEDIA_TTL_S) -> None:
        self._conn = connect(path)
        self._lock = threading.Lock()
        self._ttl_s = ttl_s
        self._conn.execute("CREATE TABLE IF NOT EXISTS media (token TEXT PRIMARY KEY, content_type TEXT NOT NULL,"
                           " data BLOB NOT NULL, created REAL NOT NULL)")

    def put(self, data: bytes, content_type: str) -> str:
        token = new_token()
        with self._lock:
            self._conn.execute("DELETE FROM media WHERE created < ?", (time.time() - self._ttl_s,))
            self._conn.execute("INSERT INTO media VALUES (?,?,?,?)", (token, content_type, data, time.time()))
        return token

    def get(self, token: str) -> tuple[bytes, str] | None:
        with self._lock:
            row = self._conn.execute("SELECT data, content_type FROM media WHERE token=? AND created >= ?",
                                     (token, time.time() - self._ttl_s)).fetchone()
        return (bytes(row[0]), row[1]) if row else None


class RedisMedia:
    def __init__(self, client: redis.Redis, ttl_s: int = MEDIA_TTL_S) -> None:
        self._redis = client
        self._ttl_s = ttl_s

    def put(self, data: bytes, content_type: str) -> str:
        token = new_token()
        pipe = self._redis.pipeline(transaction=True)
        pipe.set(f"media:{token}", data, ex=self._ttl_s)
        pipe.set(f"media:{token}:type", content_type, ex=self._ttl_s)
        pipe.execute()
        return token

    def get(self, token: str) -> tuple[bytes, str] | None:
        data, content_type = self._redis.mget(f"media:{token}", f"media:{token}:type")
        if data is None:
            return None
        return data, content_type.decode() if isinstance(content_type, bytes) else str(content_type)
