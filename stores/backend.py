"""Where a deployment keeps its state: embedded SQLite by default, Redis when REDIS_URL is set."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from langgraph.checkpoint.base import BaseCheckpointSaver

from graph.settings import Settings
from stores.appointments import AppointmentStore, RedisAppointments, SqliteAppointments
from stores.checkpointers import check_redis, redis_checkpointer, sqlite_checkpointer
from stores.conversations import ConversationLog, RedisConversationLog, SqliteConversationLog
from stores.deliveries import DeliveryLedger, RedisDeliveryLedger, SqliteDeliveryLedger
from stores.handoffs import HandoffStore, RedisHandoffs, SqliteHandoffs
from stores.media import MediaStore, RedisMedia, SqliteMedia
from stores.rate_limits import LocalRateLimiter, RateLimiter, RedisRateLimiter
from stores.redis_clients import is_sentinel_url, redis_client
from stores.session_locks import LEASE_S, LocalSessionLocks, RedisSessionLocks, SessionLocks

log = logging.getLogger(__name__)


@dataclass
class Backend:
    """Checkpoints, conversation log, delivery ledger and locks of one storage backend."""

    kind: str
    checkpointer: BaseCheckpointSaver
    conversations: ConversationLog
    deliveries: DeliveryLedger
    locks: SessionLocks
    appointments: AppointmentStore
    handoffs: HandoffStore
    media: MediaStore
    redis: redis.Redis | None = None
    rate_limits: RateLimiter = field(default_factory=LocalRateLimiter)

    def check(self) -> None:
        """Raise when the backend cannot serve (used by start-up and /ready)."""
        if self.redis is not None:
            check_redis(self.redis)
        else:
            self.conversations.ping()  # type: ignore[attr-defined]

    def delete_conversation(self, session_id: str) -> bool:
        known = self.conversations.get(session_id) is not None
        self.checkpointer.delete_thread(session_id)
        self.conversations.delete(session_id)
        return known


def build_backend(settings: Settings) -> Backend:
    if settings.redis_url:
        return redis_backend(settings.redis_url, settings.redis_ttl_days, lease_s=settings.turn_lease_s,
                             failover_wait_s=settings.redis_failover_wait_s, wait_replicas=settings.redis_wait_replicas,
                             checkpoint_history=settings.redis_checkpoint_history)
    return sqlite_backend(settings.checkpoint_db, lease_s=settings.turn_lease_s)


def sqlite_backend(path: str | Path, lease_s: float = LEASE_S) -> Backend:
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    log.info("backend.sqlite path=%s", path)
    return Backend(kind="sqlite", checkpointer=sqlite_checkpointer(path),
                   conversations=SqliteConversationLog(path), deliveries=SqliteDeliveryLedger(path),
                   locks=LocalSessionLocks(lease_s), appointments=SqliteAppointments(path), handoffs=SqliteHandoffs(path),
                   media=SqliteMedia(path))


def redis_backend(url: str, ttl_days: float, lease_s: float = LEASE_S, *, failover_wait_s: float = 10.0,
                  wait_replicas: int = 0, checkpoint_history: bool = False, **client_options: Any) -> Backend:
    """Redis at `url`: one server (redis://) or the primary of a Sentinel set-up (redis+sentinel://)."""
    client = redis_client(url, failover_wait_s=failover_wait_s, **client_options)
    check_redis(client)
    ttl_s = int(ttl_days * 86400)
    log.info("backend.redis ttl_days=%s sentinel=%s wait_replicas=%s", ttl_days, is_sentinel_url(url),
             wait_replicas)  # no credentials in logs
    return Backend(kind="redis", checkpointer=redis_checkpointer(client, ttl_days, checkpoint_history),
                   conversations=RedisConversationLog(client, ttl_s), deliveries=RedisDeliveryLedger(client),
                   locks=RedisSessionLocks(client, lease_s, wait_replicas=wait_replicas),
                   appointments=RedisAppointments(client),
                   handoffs=RedisHandoffs(client), media=RedisMedia(client), redis=client,
                   rate_limits=RedisRateLimiter(client))
