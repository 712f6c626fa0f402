"""What LangGraph itself costs a turn, measured in isolation: nine no-op nodes in a line, no checkpointer.

    python -m evals.runtime_floor [--invokes 2000]

Prints the median invoke time with a one-key state and with this agent's `State` schema: the floor under the
"graph runtime + checkpoint" figure of `make bench`, which no node of ours can lower.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any, TypedDict

from langgraph.graph import END, START, StateGraph

from graph.state import State

STEPS = 9
"""Nodes a turn runs (ingest, understand, fill slots, decide, a tool, compose, verify, format, and routing)."""


class OneKey(TypedDict):
    text: str


def line_graph(schema: type) -> Any:
    builder = StateGraph(schema)
    names = [f"step{i}" for i in range(STEPS)]
    for name in names:
        builder.add_node(name, lambda state: {"text": state["text"]})
    builder.add_edge(START, names[0])
    for before, after in zip(names, names[1:]):
        builder.add_edge(before, after)
    builder.add_edge(names[-1], END)
    return builder.compile()


def median_ms(schema: type, invokes: int) -> float:
    graph = line_graph(schema)
    for _ in range(200):
        graph.invoke({"text": "hola"})
    times = []
    for _ in range(invokes):
        started = time.perf_counter()
        graph.invoke({"text": "hola"})
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--invokes", type=int, default=2000)
    args = parser.parse_args()
    for label, schema in (("one-key state", OneKey), ("the agent's State", State)):
        print(f"{label:18} {STEPS} no-op nodes, no checkpointer: {median_ms(schema, args.invokes):.2f} ms per invoke")


if __name__ == "__main__":
    main()
