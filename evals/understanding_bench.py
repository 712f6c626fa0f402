"""Speed of the understanding layer in-process: artifact load time and per-message latency over the corpus.

    python -m evals.understanding_bench
"""

from __future__ import annotations

import statistics
import time

from evals.corpus import load_messages
from evals.train_intent import context_of
from nodes.understanding import understand
from nodes.understanding.classifier import MODEL_PATH, IntentModel
from stores.catalog import Catalog
from tools.car_names import CarNames
from tools.knowledge import QuestionIndex


def main() -> int:
    started = time.perf_counter()
    model = IntentModel.load(MODEL_PATH)
    load_ms = (time.perf_counter() - started) * 1000
    names = CarNames(Catalog.from_csv().vocabulary)
    questions = QuestionIndex.shipped()
    messages = load_messages("train", legacy=False)
    for message in messages[:50]:  # warm caches
        understand(message.text, context_of(message), names, model, questions)
    times = []
    for message in messages:
        ctx = context_of(message)
        t0 = time.perf_counter()
        understand(message.text, ctx, names, model, questions)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95)]
    print(f"artifact load {load_ms:.0f} ms ({MODEL_PATH.stat().st_size / 1e6:.1f} MB); "
          f"understanding over {len(times)} messages: p50 {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, "
          f"max {times[-1]:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
