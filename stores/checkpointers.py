"""Checkpointer factory: where conversation state lives (embedded SQLite by default)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import redis
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver

STATE_TYPES = [("graph.state", "Slots"), ("graph.state", "Understanding")]
"""Our own pydantic models stored in checkpoints, allowed explicitly for deserialisation."""


def serializer() -> JsonPlusSerializer:
    return JsonPlusSerializer(allowed_msgpack_modules=STATE_TYPES)


def redis_serializer() -> JsonPlusSerializer:
    """The Redis saver stores JSON: our models travel as LangChain constructor envelopes."""
    from langgraph.checkpoint.redis.jsonplus_redis import JsonPlusRedisSerializer

    return JsonPlusRedisSerializer(allowed_msgpack_modules=STATE_TYPES,
                                   allowed_json_modules=[(*m.split("."), c) for m, c in STATE_TYPES])


def sqlite_checkpointer(path: str | Path) -> SqliteSaver:
    """A SQLite saver on `path` (":memory:" for tests), created if missing, shared across threads."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    saver = SqliteSaver(conn, serde=serializer())
    saver.setup()
    return saver


REQUIRED_REDIS_MODULES = {"search", "ReJSON"}


class RedisUnavailable(RuntimeError):
    """Redis cannot be reached, or lacks the modules the checkpointer needs."""


def check_redis(client: redis.Redis) -> None:
    """Raise RedisUnavailable with the reason, so start-up and /ready can say it plainly."""
    try:
        modules = {m[b"name"].decode() for m in client.execute_command("MODULE", "LIST")}
    except redis.RedisError as exc:
        raise RedisUnavailable(f"cannot reach Redis: {exc}") from exc
    missing = REQUIRED_REDIS_MODULES - modules
    if missing:
        raise RedisUnavailable(f"Redis lacks modules {sorted(missing)}: use Redis 8 or Redis Stack")


def redis_checkpointer(client: redis.Redis, ttl_days: float, history: bool = False) -> BaseCheckpointSaver:
    """The LangGraph Redis saver on `client`, keys expiring after `ttl_days` idle.

    By default only each conversation's latest checkpoint is kept (the shallow saver): a conversation then takes
    one small document instead of one per turn (figures: `make bench`, README). `history` keeps every checkpoint,
    for time travel in Studio; the turn traces keep each turn either way.
    """
    from langgraph.checkpoint.redis import RedisSaver, ShallowRedisSaver

    saver_class = RedisSaver if history else ShallowRedisSaver
    saver = saver_class(redis_client=client, ttl={"default_ttl": ttl_days * 24 * 60, "refresh_on_read": True})
    saver.serde = redis_serializer()
    _setup_alongside_other_workers(saver)
    return saver


def _setup_alongside_other_workers(saver: BaseCheckpointSaver, attempts: int = 3) -> None:
    """Create the search indexes, tolerating workers that start together on a fresh Redis.

    `setup()` checks whether each index exists and then runs FT.CREATE; a worker that loses that
    race gets "Index already exists". Running setup again finds the indexes and does nothing.
    """
    from redisvl.exceptions import RedisSearchError

    for attempt in range(attempts):
        try:
            saver.setup()  # type: ignore[attr-defined]
            return
        except RedisSearchError as exc:
            if "already exists" not in str(exc).lower() or attempt == attempts - 1:
                raise
