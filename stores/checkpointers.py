"""Checkpointer factory: where conversation state lives (embedded SQLite by default)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver

STATE_TYPES = [("graph.state", "Slots"), ("graph.state", "Understanding")]
"""Our own pydantic models stored in checkpoints, allowed explicitly for deserialisation."""


def serializer() -> JsonPlusSerializer:
    return JsonPlusSerializer(allowed_msgpack_modules=STATE_TYPES)


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
