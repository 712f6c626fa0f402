"""Retrieval quality of the knowledge base on the labelled buyer questions.

Prints recall@1, recall@3 and MRR (at document level) for hybrid, dense-only and FTS-only search,
and the p50/p95 latency per query; with --build-benchmark also the time to build the KB from scratch.

    python -m evals.knowledge_eval [--set evals/knowledge/retrieval_set.yaml]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from stores.knowledge import DOCS_DIR, KnowledgeBase, SearchMode

SET_PATH = Path(__file__).parent / "knowledge" / "retrieval_set.yaml"
TARGETS = {"recall@1": 0.85, "recall@3": 0.95}


@dataclass
class Scores:
    mode: str
    recall_at_1: float
    recall_at_3: float
    mrr: float
    p50_ms: float
    p95_ms: float
    misses: list[tuple[str, list[str], list[str]]]


def evaluate(kb: KnowledgeBase, questions: list[dict], mode: SearchMode) -> Scores:
    hits1 = hits3 = 0
    reciprocal: list[float] = []
    latencies: list[float] = []
    misses = []
    for item in questions:
        started = time.perf_counter()
        passages = kb.search(item["q"], k=10, mode=mode)
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = list(dict.fromkeys(p.doc_id for p in passages))
        expected = set(item["docs"])
        rank = next((i for i, doc in enumerate(ranked, 1) if doc in expected), None)
        hits1 += rank == 1
        hits3 += rank is not None and rank <= 3
        reciprocal.append(1 / rank if rank else 0.0)
        if rank != 1:
            misses.append((item["q"], item["docs"], ranked[:3]))
    n = len(questions)
    ordered = sorted(latencies)
    return Scores(mode, hits1 / n, hits3 / n, statistics.fmean(reciprocal), statistics.median(latencies),
                  ordered[int(0.95 * (n - 1))], misses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=SET_PATH)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    questions = yaml.safe_load(args.set.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(tmp)
        kb.embedder.encode(["calentamiento"])  # load the model outside the build timing
        report = kb.build(DOCS_DIR)
        print(f"KB build: {report.chunks} rows (sections + example questions) in {report.seconds:.2f} s (model already loaded)")
        kb.search("garantia")  # warm-up
        results = [evaluate(kb, questions, mode) for mode in ("hybrid", "dense", "fts")]
    print(f"{len(questions)} questions\n")
    print(f"{'mode':8} {'recall@1':>9} {'recall@3':>9} {'MRR':>6} {'p50 ms':>7} {'p95 ms':>7}")
    for r in results:
        print(f"{r.mode:8} {r.recall_at_1:9.3f} {r.recall_at_3:9.3f} {r.mrr:6.3f} {r.p50_ms:7.1f} {r.p95_ms:7.1f}")
    hybrid = results[0]
    print(f"\ntargets (hybrid): recall@1 >= {TARGETS['recall@1']}, recall@3 >= {TARGETS['recall@3']}")
    if args.show_misses:
        for question, expected, got in hybrid.misses:
            print(f"  miss: {question!r} expected {expected} got {got}")
    met = hybrid.recall_at_1 >= TARGETS["recall@1"] and hybrid.recall_at_3 >= TARGETS["recall@3"]
    raise SystemExit(0 if met else 1)


if __name__ == "__main__":
    main()
