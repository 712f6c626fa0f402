"""Conversations survive a restart: a new process on the same SQLite file continues."""

from __future__ import annotations

from pathlib import Path

from graph.build import build_graph
from stores.checkpointers import sqlite_checkpointer


def test_restart_continues_the_conversation(tmp_path: Path, deps) -> None:
    db = tmp_path / "state.sqlite"
    config = {"configurable": {"thread_id": "buyer-1"}}
    first = build_graph(deps=deps, checkpointer=sqlite_checkpointer(db))
    first.invoke({"text": "busco una camioneta de hasta 400 mil"}, config, durability="exit")
    shown = first.get_state(config).values["shown_cars"]

    restarted = build_graph(deps=deps, checkpointer=sqlite_checkpointer(db))
    state = restarted.invoke({"text": "el segundo"}, config, durability="exit")
    assert state["turn"] == 2
    assert state["slots"].budget_max == 400_000 and state["slots"].body_type == "suv"
    assert state["slots"].stock_id == shown[1]
    assert [m.type for m in state["messages"]] == ["human", "ai", "human", "ai"]


def test_threads_are_isolated(deps) -> None:
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    graph.invoke({"text": "busco un jetta"}, {"configurable": {"thread_id": "a"}}, durability="exit")
    other = graph.invoke({"text": "hola"}, {"configurable": {"thread_id": "b"}}, durability="exit")
    assert other["slots"].model is None and other["turn"] == 1
