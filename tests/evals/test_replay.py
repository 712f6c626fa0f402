"""Recorded traces: export, deterministic replay (LLM outputs included), divergence, golden conversion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from api import cli
from api.service import ChatService
from evals.golden import load_conversations, run_conversation
from evals.replay import read_trace, replay
from graph.build import build_graph
from graph.deps import Deps
from graph.settings import Settings
from nodes.llm import LLMAdvisor
from stores.backend import sqlite_backend
from stores.checkpointers import sqlite_checkpointer

CONVERSATION = ["busco una troca automatica", "el segundo", "con 100 mil de enganche a 5 años", "gracias"]


def record(deps: Deps, db: Path, session: str = "qa-1") -> None:
    backend = sqlite_backend(db)
    service = ChatService(build_graph(deps=deps, checkpointer=backend.checkpointer), backend)
    for text in CONVERSATION:
        service.run_turn(session, text)


@pytest.fixture
def exported(deps: Deps, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    db = tmp_path / "state.sqlite"
    record(deps, db)
    monkeypatch.setenv("CHECKPOINT_DB", str(db))
    out = tmp_path / "qa-1.jsonl"
    assert cli.main(["trace", "export", "qa-1", "-o", str(out)]) == 0
    capsys.readouterr()
    return out


def test_trace_has_path_diffs_tools_and_version(exported: Path) -> None:
    turns = read_trace(exported)
    assert [t["input"] for t in turns] == CONVERSATION
    first = turns[0]
    assert first["path"][0] == "ingest" and first["path"][-1] == "format_whatsapp"
    assert next(e for e in first["timings"] if e["node"] == "fill_slots")["diff"]["slots"]["body_type"] == "pickup"
    second_fill = next(e for e in turns[1]["timings"] if e["node"] == "fill_slots")
    assert second_fill["diff"]["slots"]["stock_id"] == [None, turns[1]["slots"]["stock_id"]]
    assert first["tool_calls"][0]["name"] == "search_cars" and first["code_version"]


def test_replay_of_an_unchanged_graph_is_identical(exported: Path, deps: Deps) -> None:
    assert all(not item["diff"] for item in replay(read_trace(exported), deps))


def test_replay_reports_divergence_and_fails(exported: Path, tmp_path: Path, capsys) -> None:
    turns = read_trace(exported)
    turns[1]["intent"] = "financing"
    turns[2]["outbound"] = ["otra respuesta"]
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("".join(json.dumps(t) + "\n" for t in turns), encoding="utf-8")
    assert cli.main(["replay", str(tampered)]) == 1
    out = capsys.readouterr().out
    assert "turn 2" in out and "DIFFERENT" in out and "2 of 4 turns identical" in out


def test_recorded_llm_outputs_make_replay_deterministic(deps: Deps, catalog, knowledge, tmp_path: Path) -> None:
    proposal = json.dumps({"intent": "search_cars", "slots": {"body_type": "suv", "budget_max": 400000}})
    model = GenericFakeChatModel(messages=iter([AIMessage(proposal), AIMessage("no es json")]))
    llm_deps = Deps(catalog=catalog, knowledge=knowledge, today=deps.today, llm=LLMAdvisor(model),
                    settings=Settings(llm_rephrase=False))
    backend = sqlite_backend(tmp_path / "llm.sqlite")
    service = ChatService(build_graph(deps=llm_deps, checkpointer=backend.checkpointer), backend)
    service.run_turn("s", "algo familiar que no pase de 400")
    service.run_turn("s", "hola")
    turns = backend.conversations.traces("s")
    assert turns[0]["llm_calls"][0]["output"] == proposal and turns[0]["slots"]["body_type"] == "suv"
    assert all(not item["diff"] for item in replay(turns, deps))  # deps has no LLM: the recording answers


def test_trace_becomes_a_passing_golden_conversation(exported: Path, deps: Deps, tmp_path: Path) -> None:
    golden_dir = tmp_path / "golden"
    golden_dir.mkdir()
    assert cli.main(["trace", "to-golden", str(exported), "-o", str(golden_dir / "qa.yaml")]) == 0
    [conversation] = load_conversations(golden_dir)
    assert conversation["turns"][0]["expect"]["intent"] == "search_cars"
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    assert run_conversation(graph, conversation, "golden").passed
