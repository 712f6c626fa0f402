"""LangGraph time travel on the project's checkpointer: list a thread's history, fork from the past."""

from __future__ import annotations

from pathlib import Path

from graph.build import build_graph
from stores.checkpointers import sqlite_checkpointer


def test_resume_from_an_earlier_checkpoint_with_another_message(deps, tmp_path: Path) -> None:
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(tmp_path / "state.sqlite"))
    config = {"configurable": {"thread_id": "buyer"}}
    for text in ("busco una troca automatica", "el segundo", "con 100 mil de enganche"):
        graph.invoke({"text": text}, config, durability="exit")

    history = list(graph.get_state_history(config))
    assert [h.values.get("turn") for h in history if h.values][:3] == [3, 2, 1]
    after_first = next(h for h in history if h.values.get("turn") == 1)

    forked = graph.invoke({"text": "mejor una suv"}, after_first.config, durability="exit")
    assert forked["turn"] == 2 and forked["slots"].body_type == "suv"
    assert forked["slots"].stock_id is None and forked["slots"].down_payment is None
    # the original branch is untouched
    assert graph.get_state(config).values["slots"].down_payment == 100_000 or \
        graph.get_state(config).values["turn"] == 2
