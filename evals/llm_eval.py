"""The optional LLM path measured like the built-in layer: `make eval-llm`.

    OPENAI_BASE_URL=http://localhost:11434/v1 LLM_MODEL=qwen2.5:7b make eval-llm     # any OpenAI-compatible server
    OPENAI_API_KEY=sk-... LLM_MODEL=gpt-4o-mini make eval-llm                        # a hosted one

Runs the golden conversations and the held-out messages through the LLM path and prints the same metrics as the
built-in layer, plus how often a rewording was accepted, fallbacks (errors, budget, circuit, rejected proposals) and
LLM latency and tokens per call. Without an endpoint configured it says so and exits 0.
"""

from __future__ import annotations

import statistics
import sys
from collections import Counter
from typing import Any

from evals.corpus import load_messages
from evals.golden import load_conversations, run_conversation
from evals.metrics import compute, evaluation_deps
from evals.train_intent import context_of
from graph.build import build_graph
from graph.settings import Settings
from nodes.classify_intent import merge_proposals
from nodes.llm import LLMAdvisor
from nodes.understanding import understand
from stores.checkpointers import sqlite_checkpointer


def llm_stats(calls: list[dict[str, Any]]) -> dict[str, Any]:
    rephrase = [c for c in calls if c.get("purpose") == "rephrase"]
    accepted = [c for c in rephrase if c.get("output") and not c.get("error") and not c.get("rejected")]
    fallbacks = Counter(str(c.get("error") or "rejected") for c in calls if c.get("error") or c.get("rejected"))
    latencies = sorted(c["ms"] for c in calls if c.get("ms") is not None)
    tokens = [c["tokens"] for c in calls if c.get("tokens")]
    return {"llm_calls": len(calls), "rewording_acceptance": round(len(accepted) / len(rephrase), 3) if rephrase else None,
            "fallbacks": dict(fallbacks),
            "llm_ms_p50": round(statistics.median(latencies), 1) if latencies else None,
            "llm_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
            "tokens_per_call": round(statistics.mean(tokens), 1) if tokens else None}


def main(argv: list[str] | None = None, settings: Settings | None = None, out: Any = sys.stdout) -> int:
    settings = settings or Settings()
    if not settings.llm_enabled:
        print("eval-llm skipped: no LLM configured (set OPENAI_BASE_URL for an OpenAI-compatible server, or "
              "OPENAI_API_KEY, and LLM_MODEL)", file=out)
        return 0
    deps = evaluation_deps()
    deps.settings = settings
    deps.llm = LLMAdvisor.from_settings(settings)
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    runs = [run_conversation(graph, c, f"llm-eval-{i}") for i, c in enumerate(load_conversations())]
    metrics = compute(runs, deps)
    calls = [call for run in runs for check in run.turns for call in check.state.get("llm_calls") or []]
    messages = load_messages("heldout")
    right = 0
    for message in messages:
        ctx = context_of(message)
        rules = understand(message.text, ctx, deps.names, deps.intent_model, deps.questions)
        proposal, call = deps.llm.propose(message.text, ctx, [])
        calls.append(call)
        chosen = merge_proposals(rules, proposal) if proposal is not None else rules
        right += chosen.intent == message.intent
    print(f"LLM path, model {settings.llm_model} at {settings.openai_base_url or 'the OpenAI API'}", file=out)
    for name, value in {**metrics, "heldout_intent_accuracy": round(right / len(messages), 4),
                        **llm_stats(calls)}.items():
        print(f"  {name:28} {value}", file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
