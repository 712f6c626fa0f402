"""Per-conversation turn order: one turn at a time per buyer, in arrival order; buyers in parallel.

Each arriving message takes a ticket; a turn runs when every earlier ticket of its conversation is
done. A ticket whose holder died (a crashed worker) is skipped after `lease_s`, so a conversation
never stays stuck.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Protocol

import redis

LEASE_S = 60.0
KEY_TTL_S = 86400
WAIT_TIMEOUT_MS = 500
"""How long a turn waits for replicas to confirm its writes; past it the reply goes out anyway (logged)."""

log = logging.getLogger(__name__)


class SessionLocks(Protocol):
    def hold(self, session_id: str) -> AbstractContextManager[None]: ...


@dataclass
class _Line:
    next_ticket: int = 0
    serving: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)


class LocalSessionLocks:
    """In-process turn order (the embedded SQLite backend serves from one process)."""

    def __init__(self, lease_s: float = LEASE_S) -> None:
        self._lines: dict[str, _Line] = {}
        self._guard = threading.Lock()
        self._lease_s = lease_s

    @contextmanager
    def hold(self, session_id: str) -> Iterator[None]:
        with self._guard:
            line = self._lines.setdefault(session_id, _Line())
            line.next_ticket += 1
            ticket = line.next_ticket
        with line.changed:
            line.changed.wait_for(lambda: line.serving >= ticket - 1, timeout=self._lease_s)
            line.serving = max(line.serving, ticket - 1)  # after a lease, skip a dead holder
        try:
            yield
        finally:
            with line.changed:
                line.serving = max(line.serving, ticket)
                line.changed.notify_all()


_TAKE_TICKET = """
local taken = redis.call('HGET', KEYS[1], ARGV[1])
if taken then return tonumber(taken) end
local ticket = redis.call('HINCRBY', KEYS[1], 'next', 1)
redis.call('HSET', KEYS[1], ARGV[1], ticket)
redis.call('EXPIRE', KEYS[1], ARGV[2])
return ticket
"""
"""A ticket per turn, idempotent: a command the client resends after a lost reply (a failover) gets the same ticket
back instead of a second one that nobody would ever serve (the conversation would wait a lease for it). One hash per
conversation: the counter and the tickets of turns still running, by token."""


class RedisSessionLocks:
    """The same ticket line kept in Redis, shared by every worker."""

    def __init__(self, client: redis.Redis, lease_s: float = LEASE_S, poll_s: float = 0.003,
                 wait_replicas: int = 0) -> None:
        self._redis = client
        self._lease_s = lease_s
        self._poll_s = poll_s
        self._wait_replicas = wait_replicas
        """With replicas (Sentinel): how many must have every write of a turn before the turn ends (WAIT)."""
        self._take_ticket = client.register_script(_TAKE_TICKET)

    @contextmanager
    def hold(self, session_id: str) -> Iterator[None]:
        tickets, serving = f"turns:{session_id}:tickets", f"turns:{session_id}:serving"
        token = uuid.uuid4().hex
        ticket = int(self._take_ticket(keys=[tickets], args=[token, KEY_TTL_S]))
        self._wait_turn(serving, ticket)
        try:
            yield
        finally:
            self._release(serving, ticket, tickets, token)

    def _release(self, serving_key: str, ticket: int, tickets_key: str, token: str) -> None:
        with self._redis.pipeline(transaction=False) as pipe:
            pipe.set(serving_key, ticket, ex=KEY_TTL_S).hdel(tickets_key, token)
            if not self._wait_replicas:
                pipe.execute()
                return
            # WAIT covers every write the primary had before this SET (the turn's checkpoint and log too):
            # once it answers, a failover to an acknowledging replica keeps the whole turn.
            pipe.execute_command("WAIT", self._wait_replicas, WAIT_TIMEOUT_MS)
            acknowledged = int(pipe.execute()[2])
        if acknowledged < self._wait_replicas:
            log.warning("turn.not_replicated", extra={"replicas": acknowledged, "wanted": self._wait_replicas})

    def _wait_turn(self, serving_key: str, ticket: int) -> None:
        last_seen, since = -1, time.monotonic()
        while True:
            serving = int(self._redis.get(serving_key) or 0)
            if serving >= ticket - 1:
                return
            if serving != last_seen:
                last_seen, since = serving, time.monotonic()
            elif time.monotonic() - since > self._lease_s:
                self._redis.set(serving_key, ticket - 1, ex=KEY_TTL_S)  # the holder died: skip it
                return
            time.sleep(self._poll_s)
