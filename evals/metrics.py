"""Evaluation metrics over golden-conversation runs, thresholds, and the JSON report.

    agente eval [--golden evals/golden] [--thresholds evals/thresholds.yaml] [--report FILE]
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from evals.golden import GOLDEN_DIR, ConversationRun, load_conversations, run_conversation, slot_mismatches
from graph.build import build_graph
from graph.deps import Deps
from nodes.verify_reply import find_ungrounded, reply_numbers
from stores.catalog import Catalog
from stores.checkpointers import sqlite_checkpointer
from stores.knowledge import KnowledgeBase
from stores.text import fold

THRESHOLDS = Path(__file__).parent / "thresholds.yaml"
EVAL_DAY = date(2026, 11, 25)
EVAL_INSTANT = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
"""10:00 on EVAL_DAY in Mexico City: every evaluation reads days and books against this instant."""
_SPANISH = frozenset("de la que el en y los se del las un por con no una su para es al lo como mas pero sus le "
                     "ya o este si porque esta entre cuando muy sin sobre tambien me hasta hay donde quien desde "
                     "todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mi antes algunos "
                     "que unos yo otro otras otra tanto esa estos mucho quienes nada muchos cual poco tu te ti "
                     "tienes tengo auto autos precio anos dime quieres puedo".split())
_ENGLISH = frozenset("the of and to in is you that it he was for on are as with his they at be this have from or "
                     "one had by word but not what all were we when your can said there use an each which she do "
                     "how their if will up other about out many then them these so some her would make like him "
                     "into time has look two more write go see number no way could people my than first".split())


def is_spanish(text: str) -> bool:
    words = re.findall(r"[a-z]+", fold(text))
    return sum(w in _SPANISH for w in words) > sum(w in _ENGLISH for w in words)


def compute(runs: list[ConversationRun], deps: Deps) -> dict[str, Any]:
    turns = [(run, index, check) for run in runs for index, check in enumerate(run.turns)]
    intent_pairs = [(c.state.get("intent"), run.expectations[i]["intent"]) for run, i, c in turns
                    if "intent" in run.expectations[i]]
    slot_expected = slot_correct = slot_wrong = 0
    for run, i, check in turns:
        expected = run.expectations[i].get("slots") or {}
        wrong = slot_mismatches(check.state, run.expectations[i])
        slot_expected += len(expected)
        slot_correct += len(expected) - len(wrong)
        slot_wrong += sum(1 for _, _, got in wrong if got not in (None, []))
    tool_checks = [(run.expectations[i].get("tools") or [], c) for run, i, c in turns]
    tools_expected = sum(len(expected) for expected, _ in tool_checks)
    tools_missed = sum(1 for _, c in tool_checks for f in c.failures if f.startswith("tool "))
    numbers = ungrounded = 0
    messages = long_messages = spanish = 0
    for _, _, check in turns:
        reply = "\n\n".join(check.state.get("outbound") or [])
        numbers += len(reply_numbers(reply))
        ungrounded += len([p for p in find_ungrounded(reply, check.state, deps) if p.startswith("number:")])
        messages += len(check.state.get("outbound") or [])
        long_messages += sum(len(m) > 1600 for m in check.state.get("outbound") or [])
        spanish += is_spanish(reply)
    latencies = sorted(c.ms for _, _, c in turns)
    return {
        "conversations": len(runs),
        "turns": len(turns),
        "task_success_rate": _ratio(sum(r.passed for r in runs), len(runs)),
        "intent_accuracy": _ratio(sum(got == want for got, want in intent_pairs), len(intent_pairs)),
        "slot_precision": _ratio(slot_correct, slot_correct + slot_wrong),
        "slot_recall": _ratio(slot_correct, slot_expected),
        "tool_call_accuracy": _ratio(tools_expected - tools_missed, tools_expected),
        "ungrounded_number_rate": _ratio(ungrounded, numbers, empty=0.0),
        "whatsapp_length_compliance": _ratio(messages - long_messages, messages),
        "spanish_rate": _ratio(spanish, len(turns)),
        "latency_p50_ms": round(statistics.median(latencies), 2),
        "latency_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
    }


def check_thresholds(metrics: dict[str, Any], thresholds: dict[str, dict[str, float]]) -> list[str]:
    failed = [f"{name} {metrics[name]} < {value}" for name, value in (thresholds.get("min") or {}).items()
              if metrics[name] < value]
    failed += [f"{name} {metrics[name]} > {value}" for name, value in (thresholds.get("max") or {}).items()
               if metrics[name] > value]
    return failed


def run_eval(*, golden: Path = GOLDEN_DIR, thresholds_path: Path = THRESHOLDS, report: Path | None = None,
             deps_factory: Callable[[], Deps] | None = None, out: Any = sys.stdout) -> int:
    """Run every golden conversation, print the table, write the report; non-zero when below thresholds."""
    deps = deps_factory() if deps_factory else evaluation_deps()
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    conversations = load_conversations(golden)
    runs = [run_conversation(graph, c, f"eval-{i}") for i, c in enumerate(conversations)]
    metrics = compute(runs, deps)
    thresholds = yaml.safe_load(thresholds_path.read_text(encoding="utf-8"))
    failed = check_thresholds(metrics, thresholds)
    _print(metrics, runs, failed, thresholds, out)
    report = report or Path(tempfile.gettempdir()) / f"agente-eval-{int(time.time())}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps({"metrics": metrics, "thresholds": thresholds, "failed_thresholds": failed,
                                  "conversations": [_run_report(r) for r in runs]}, ensure_ascii=False, indent=2),
                      encoding="utf-8")
    print(f"\nreport: {report}", file=out)
    return 1 if failed else 0


def evaluation_deps() -> Deps:
    """The shipped catalog, a freshly built knowledge base and a fixed day: what every evaluation runs on."""
    knowledge = KnowledgeBase(Path(tempfile.mkdtemp(prefix="eval-kb-")))
    knowledge.build()
    return Deps(catalog=Catalog.from_csv(), knowledge=knowledge, clock=lambda: EVAL_INSTANT)


def _print(metrics: dict[str, Any], runs: list[ConversationRun], failed: list[str],
           thresholds: dict[str, Any], out: Any) -> None:
    limits = {**{k: f">= {v}" for k, v in (thresholds.get("min") or {}).items()},
              **{k: f"<= {v}" for k, v in (thresholds.get("max") or {}).items()}}
    print(f"{'metric':28} {'value':>9}  threshold", file=out)
    for name, value in metrics.items():
        print(f"{name:28} {value:>9}  {limits.get(name, '')}", file=out)
    for run in runs:
        for index, check in enumerate(run.turns, 1):
            for failure in check.failures:
                print(f"  FAIL {run.name} turn {index} ({check.user[:40]!r}): {failure}", file=out)
    print("\nthresholds: " + ("all met" if not failed else "NOT MET: " + "; ".join(failed)), file=out)


def _run_report(run: ConversationRun) -> dict[str, Any]:
    return {"name": run.name, "passed": run.passed,
            "turns": [{"user": c.user, "intent": c.state.get("intent"), "failures": c.failures,
                       "reply": c.state.get("outbound"), "ms": round(c.ms, 2)} for c in run.turns]}


def _ratio(part: float, whole: float, empty: float = 1.0) -> float:
    return round(part / whole, 4) if whole else empty
