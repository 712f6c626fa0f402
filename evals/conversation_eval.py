"""Multi-turn conversations of the corpus through the real graph, checked turn by turn.

A turn passes when the accepted intent is the labelled one (a clarifying question counts as not wrong, and is
counted) and every labelled slot holds that value after the turn (for a reference, the car pointed at is the one
at that position of the list shown). A conversation passes when all its turns pass.

    python -m evals.conversation_eval [--split train|heldout] [--show-errors]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

from evals.corpus import Conversation, load_conversations
from evals.metrics import evaluation_deps
from evals.utterance_eval import SLOT_NAMES, comparable_value
from graph.build import build_graph
from graph.deps import Deps
from stores.checkpointers import sqlite_checkpointer


@dataclass
class ConversationScore:
    conversation: Conversation
    failures: list[str] = field(default_factory=list)
    turns: int = 0
    turns_ok: int = 0
    clarified: int = 0

    @property
    def passed(self) -> bool:
        return not self.failures


def slot_failures(expected: dict[str, Any], slots: dict[str, Any]) -> list[str]:
    problems = []
    for key, value in expected.items():
        if key not in SLOT_NAMES or value is None:
            continue
        got = slots.get(key)
        if key == "features":
            wanted = {comparable_value(key, v) for v in (value if isinstance(value, list) else [value])}
            if not wanted <= {comparable_value(key, v) for v in got or []}:
                problems.append(f"features {sorted(wanted)} not in {got}")
        elif got is None or comparable_value(key, got) != comparable_value(key, value):
            problems.append(f"{key}: expected {value!r}, got {got!r}")
    return problems


def run_conversation(graph: Any, conversation: Conversation, thread: str) -> ConversationScore:
    score = ConversationScore(conversation)
    config = {"configurable": {"thread_id": thread}}
    shown_before: list[str] = []
    for index, turn in enumerate(conversation.turns, 1):
        state = graph.invoke({"text": str(turn["user"])}, config, durability="exit")
        problems = []
        clarified = state.get("action") == "clarify"
        if turn["intent"] != state.get("intent") and not clarified:
            problems.append(f"intent {turn['intent']} -> {state.get('intent')}")
        slots = state["slots"].model_dump()
        if not clarified:
            problems += slot_failures(dict(turn.get("slots") or {}), slots)
        reference = turn.get("reference")
        if reference is not None and not clarified and shown_before:
            position = reference + len(shown_before) if reference < 0 else reference
            wanted = shown_before[position] if 0 <= position < len(shown_before) else None
            if slots.get("stock_id") != wanted:
                problems.append(f"reference {reference}: car {slots.get('stock_id')} instead of {wanted}")
        score.turns += 1
        score.clarified += clarified
        score.turns_ok += not problems
        score.failures += [f"turn {index} {turn['user']!r}: {p}" for p in problems]
        shown_before = list(state.get("shown_cars") or [])
    return score


def evaluate(split: str, deps: Deps | None = None) -> list[ConversationScore]:
    deps = deps or evaluation_deps()
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    return [run_conversation(graph, c, f"conv-{split}-{i}") for i, c in enumerate(load_conversations(split))]


def summary(scores: list[ConversationScore]) -> dict[str, float]:
    n = len(scores) or 1
    turns = sum(s.turns for s in scores) or 1
    return {"conversations": len(scores), "passed": round(sum(s.passed for s in scores) / n, 4),
            "turns_ok": round(sum(s.turns_ok for s in scores) / turns, 4),
            "clarify_rate": round(sum(s.clarified for s in scores) / turns, 4)}


def report(split: str, scores: list[ConversationScore], show_errors: bool) -> dict[str, float]:
    result = summary(scores)
    print(f"== conversations ({split}): {result['conversations']}, passed {result['passed']:.3f}, "
          f"turns right {result['turns_ok']:.3f}, clarifying questions {result['clarify_rate']:.3f} of turns")
    if show_errors:
        for score in scores:
            for failure in score.failures:
                print(f"  - {score.conversation.id}: {failure}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("train", "heldout"), default="train")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--min-passed", type=float, help="fail when fewer conversations pass")
    args = parser.parse_args(argv)
    result = report(args.split, evaluate(args.split), args.show_errors)
    return 1 if args.min_passed is not None and result["passed"] < args.min_passed else 0


if __name__ == "__main__":
    raise SystemExit(main())
