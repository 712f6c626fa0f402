"""Benchmark: replay the scripted conversations in-process on the SQLite checkpointer.

Prints p50/p95/p99 turn latency, turns per second, peak RSS, where the time goes (per node, and the
graph/checkpoint overhead around the nodes, as a ratio), and what a 20-turn conversation weighs: its
checkpoint bytes, and its memory in Redis with every checkpoint kept vs only the latest (the shallow saver),
with the arithmetic for 100,000 conversations a day kept 30 days. `--profile` adds a cProfile top list.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from api.service import ChatService
from evals.scripted_conversations import CONVERSATIONS
from graph.build import build_graph
from graph.deps import default_deps
from stores.backend import redis_backend
from stores.checkpointers import serializer, sqlite_checkpointer


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


MEMORY_TURNS = 20
CONVERSATIONS_A_DAY = 100_000
KEPT_DAYS = 30


def twenty_turns() -> list[str]:
    texts = [text for turns in CONVERSATIONS.values() for text in turns if len(text) <= 500]
    return texts[:MEMORY_TURNS]


def checkpoint_bytes(deps: Any) -> int:
    """Serialized size of the latest checkpoint of a 20-turn conversation (what each turn reads and writes)."""
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    config = {"configurable": {"thread_id": "weight"}}
    for text in twenty_turns():
        graph.invoke({"text": text}, config, durability="exit")
    saved = graph.checkpointer.get_tuple(config)  # type: ignore[union-attr]
    serde = serializer()
    values = sum(len(serde.dumps_typed(value)[1]) for value in saved.checkpoint["channel_values"].values())
    return values + len(json.dumps(saved.checkpoint["channel_versions"])) + \
        len(json.dumps(saved.checkpoint["versions_seen"]))


def redis_memory(deps: Any) -> dict[str, tuple[int, float]] | None:
    """Bytes in Redis (MEMORY USAGE of its keys) and ms per turn of a 20-turn conversation run as the API runs it
    (ChatService: turn order, checkpoint, conversation log), per saver; the log's traces apart. None when the local
    Redis of the dev extras is not installed."""
    try:
        from stores.redis_dev_server import RedisDevServer

        server = RedisDevServer().start()
    except Exception as exc:  # noqa: BLE001 (any reason: say it and skip)
        print(f"(no Redis memory figures: {exc})")
        return None
    figures: dict[str, tuple[int, float]] = {}
    try:
        for kind, history in (("every checkpoint", True), ("latest only (default)", False)):
            backend = redis_backend(server.url, ttl_days=30, checkpoint_history=history)
            service = ChatService(build_graph(deps=deps, checkpointer=backend.checkpointer), backend)
            conversation = f"weight-{history}"
            started = time.perf_counter()
            for text in twenty_turns():
                service.run_turn(conversation, text)
            ms = (time.perf_counter() - started) * 1000 / MEMORY_TURNS
            sizes = key_sizes(backend.redis, conversation)
            figures[kind] = (sizes(b"checkpoint"), ms)
            figures["conversation log (traces)"] = (sizes(b"conversation:"), 0.0)
    finally:
        server.cleanup()
    return figures


def key_sizes(client: Any, conversation: str) -> Callable[[bytes], int]:
    """Bytes of the conversation's keys starting with a prefix."""
    sizes = {key: client.memory_usage(key) or 0 for key in client.scan_iter(match=f"*{conversation}*")}
    return lambda prefix: sum(size for key, size in sizes.items() if key.startswith(prefix))


def print_weight(deps: Any) -> None:
    print(f"\na {MEMORY_TURNS}-turn conversation: latest checkpoint {checkpoint_bytes(deps):,} bytes serialized")
    figures = redis_memory(deps)
    if not figures:
        return
    stored = CONVERSATIONS_A_DAY * KEPT_DAYS
    print(f"in Redis ({stored:,} conversations = {CONVERSATIONS_A_DAY:,} a day kept {KEPT_DAYS} days, "
          f"{MEMORY_TURNS} turns each):")
    for kind, (size, ms) in figures.items():
        timing = f", {ms:.1f} ms a turn" if ms else ""
        print(f"  {kind:28} {size:>9,} bytes a conversation{timing}  -> {size * stored / 2**30:,.0f} GiB")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="times each conversation is replayed")
    parser.add_argument("--profile", action="store_true", help="print the top functions by own time")
    parser.add_argument("--cold", action="store_true", help="disable the catalog's answer cache")
    parser.add_argument("--no-memory", action="store_true", help="skip the conversation weight figures")
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
          f"{mean - node_total:.2f} ms (ratio {(mean - node_total) / node_total:.2f}; target <= 1)")
    for node, values in sorted(node_ms.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {node:18} {sum(values) / turns:6.3f} ms/turn  (runs {len(values)})")
    if profiler:
        print()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    if not args.no_memory:
        print_weight(default_deps())


if __name__ == "__main__":
    main()
