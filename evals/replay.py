"""Trace replay: re-run a recorded conversation through the current graph and diff it turn by turn.

Recorded LLM outputs are played back in order by a scripted chat model, so replay is deterministic.

    agente trace export SESSION [-o trace.jsonl]
    agente replay trace.jsonl
    agente trace to-golden trace.jsonl [-o evals/golden/name.yaml]
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from api.service import turn_summary
from graph.build import build_graph
from graph.deps import Deps
from nodes.llm import LLMAdvisor
from stores.checkpointers import sqlite_checkpointer

COMPARED = ("path", "intent", "slots", "pending", "tool_calls", "outbound")


class RecordedChatModel(BaseChatModel):
    """Answers with the recorded outputs, in order; a recorded failure fails again."""

    outputs: list[dict[str, Any]]
    position: int = 0

    @property
    def _llm_type(self) -> str:
        return "recorded"

    def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        if self.position >= len(self.outputs):
            raise RuntimeError("replay asked the LLM more often than the recording did")
        record = self.outputs[self.position]
        self.position += 1
        if record.get("output") is None:
            raise RuntimeError(f"recorded LLM failure: {record.get('error', 'unknown')}")
        return ChatResult(generations=[ChatGeneration(message=AIMessage(record["output"]))])


def read_trace(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_trace(turns: list[dict[str, Any]], path: Path) -> None:
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in turns), encoding="utf-8")


def replay(turns: list[dict[str, Any]], deps: Deps) -> list[dict[str, Any]]:
    """Per turn: the fields that differ between the recording and the current graph."""
    recorded_llm = [call for turn in turns for call in turn.get("llm_calls") or []]
    recorded_day = date.fromtimestamp(turns[0]["at"]) if turns and "at" in turns[0] else None
    rephrased = any(call.get("purpose") == "rephrase" for call in recorded_llm)
    settings = deps.settings.model_copy(update={"llm_rephrase": rephrased})
    deps = Deps(catalog=deps.catalog, settings=settings, knowledge=deps.knowledge,
                today=(lambda: recorded_day) if recorded_day else deps.today,
                llm=LLMAdvisor(RecordedChatModel(outputs=recorded_llm)) if recorded_llm else None)
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    config = {"configurable": {"thread_id": "replay"}}
    diffs = []
    for index, turn in enumerate(turns, start=1):
        state = graph.invoke({"text": turn["input"]}, config, durability="exit")
        now = {**turn_summary(state), "outbound": state["outbound"]}
        changed = {key: {"recorded": turn.get(key), "now": now.get(key)}
                   for key in COMPARED if _normal(turn.get(key)) != _normal(now.get(key))}
        diffs.append({"turn": index, "input": turn["input"], "diff": changed})
    return diffs


def to_golden(turns: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """A golden conversation that expects what the recording did (review it before committing)."""
    golden_turns = []
    for turn in turns:
        slots = {k: v for k, v in (turn.get("slots") or {}).items() if v not in (None, [])}
        expect: dict[str, Any] = {"intent": turn.get("intent"), "asks_for": turn.get("pending")}
        if slots:
            expect["slots"] = slots
        tools = [{"name": call["name"]} for call in turn.get("tool_calls") or []]
        if tools:
            expect["tools"] = tools
        golden_turns.append({"user": turn["input"], "expect": expect})
    return {"name": name, "description": "Recorded conversation turned into a golden one.", "turns": golden_turns}


def dump_golden(golden: dict[str, Any], path: Path) -> None:
    path.write_text(yaml.safe_dump(golden, allow_unicode=True, sort_keys=False), encoding="utf-8")


def print_diffs(diffs: list[dict[str, Any]]) -> Iterator[str]:
    for item in diffs:
        if not item["diff"]:
            yield f"turn {item['turn']}: same"
            continue
        yield f"turn {item['turn']} ({item['input'][:50]!r}): DIFFERENT"
        for key, values in item["diff"].items():
            yield f"  {key}:\n    recorded: {json.dumps(values['recorded'], ensure_ascii=False)[:400]}\n" \
                  f"    now:      {json.dumps(values['now'], ensure_ascii=False)[:400]}"


def _normal(value: Any) -> Any:
    """JSON round trip, so tuples and lists, ints and floats compare as they were stored."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))
