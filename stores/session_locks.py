"""Per-conversation locks: one turn at a time per buyer, different buyers in parallel."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

import redis


class SessionBusy(RuntimeError):
    """The conversation stayed locked by another turn for longer than we can wait."""


class SessionLocks(Protocol):
    def hold(self, session_id: str, wait_s: float) -> AbstractContextManager[None]: ...


class LocalSessionLocks:
    """In-process locks (the embedded SQLite backend serves from one process)."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def hold(self, session_id: str, wait_s: float) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault(session_id, threading.Lock())
        if not lock.acquire(timeout=wait_s):
            raise SessionBusy(session_id)
        try:
            yield
        finally:
            lock.release()


class RedisSessionLocks:
    """Redis locks shared by every worker; they expire if a worker dies holding one."""

    def __init__(self, client: redis.Redis, lease_s: float = 60.0) -> None:
        self._redis = client
        self._lease_s = lease_s

    @contextmanager
    def hold(self, session_id: str, wait_s: float) -> Iterator[None]:
        lock = self._redis.lock(f"lock:conversation:{session_id}", timeout=self._lease_s,
                                blocking_timeout=wait_s, sleep=0.005)
        if not lock.acquire():
            raise SessionBusy(session_id)
        try:
            yield
        finally:
            try:
                lock.release()
            except redis.exceptions.LockError:
                pass  # the lease expired: another turn may already hold it
