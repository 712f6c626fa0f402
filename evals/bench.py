"""Benchmark: replay the scripted conversations in-process on the SQLite checkpointer.

Prints p50/p95/p99 turn latency, turns per second, peak RSS, and where the time goes (per node,
and the graph/checkpoint overhead around the nodes). `--profile` adds a cProfile top list.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from evals.scripted_conversations import CONVERSATIONS
from graph.build import build_graph
from graph.deps import default_deps
from stores.checkpointers import sqlite_checkpointer


def run(rounds: int, cold: bool) -> tuple[list[float], dict[str, list[float]], float]:
    deps = default_deps()
    if deps.knowledge is not None:
        deps.knowledge.build()  # a no-op when unchanged; then load the embedding model before timing
        deps.knowledge.search("garantía")
    if cold:
        deps.catalog.answer_cache_size = 0  # every search hits DuckDB, as a first-time query does
    with tempfile.TemporaryDirectory() as tmp:
        graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(Path(tmp) / "bench.sqlite"))
        warm = {"configurable": {"thread_id": "warm-up"}}
        for text in CONVERSATIONS["budget_to_financing"]:
            graph.invoke({"text": text}, warm, durability="exit")
        latencies: list[float] = []
        node_ms: dict[str, list[float]] = defaultdict(list)
        started = time.perf_counter()
        for round_index in range(rounds):
            for name, turns in CONVERSATIONS.items():
                config = {"configurable": {"thread_id": f"{name}-{round_index}"}}
                for text in turns:
                    t0 = time.perf_counter()
                    state = graph.invoke({"text": text}, config, durability="exit")
                    latencies.append((time.perf_counter() - t0) * 1000)
                    for event in state["trace"]:
                        node_ms[event["node"]].append(event["ms"])
        elapsed = time.perf_counter() - started
    return latencies, node_ms, elapsed


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="times each conversation is replayed")
    parser.add_argument("--profile", action="store_true", help="print the top functions by own time")
    parser.add_argument("--cold", action="store_true", help="disable the catalog's answer cache")
    args = parser.parse_args()
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    latencies, node_ms, elapsed = run(args.rounds, args.cold)
    if profiler:
        profiler.disable()
    turns = len(latencies)
    node_total = sum(sum(v) for v in node_ms.values()) / turns
    mean = statistics.fmean(latencies)
    print(f"turns: {turns}  conversations: {args.rounds * len(CONVERSATIONS)}")
    print(f"latency ms  p50 {percentile(latencies, 50):.2f}  p95 {percentile(latencies, 95):.2f}  "
          f"p99 {percentile(latencies, 99):.2f}  mean {mean:.2f}")
    print(f"throughput  {turns / elapsed:.0f} turns/s (one process, sequential)")
    print(f"peak RSS    {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"\nwhere a mean turn goes: nodes {node_total:.2f} ms, graph runtime + checkpoint "
          f"{mean - node_total:.2f} ms")
    for node, values in sorted(node_ms.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {node:18} {sum(values) / turns:6.3f} ms/turn  (runs {len(values)})")
    if profiler:
        print()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
