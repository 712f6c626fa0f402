"""One way to open the embedded SQLite file, shared by every store that keeps rows in it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_S = 30


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection in autocommit mode, shareable across threads (callers hold their own lock), in WAL mode with
    `synchronous=NORMAL`: a commit survives the process crashing; only a power cut can lose the last few (the
    checkpointer's own connection is opened the same way). FULL would fsync on every commit: four per turn."""
    conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_S)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn
