"""The one-message fast path of the classifier gives exactly the pipeline's probabilities."""

from __future__ import annotations

import numpy as np

from evals.corpus import load_messages
from nodes.understanding.classifier import shipped_model
from stores.text import fold


def test_fast_rank_equals_the_pipeline() -> None:
    model = shipped_model()
    assert model is not None
    messages = load_messages("train")[::37]
    texts = [fold(m.text) for m in messages]
    evidence = [["rule:search_cars", f"last:{m.context.get('last_intent')}", "act:question"] for m in messages]
    texts.append("")  # nothing the vocabularies know
    evidence.append([])
    batch = model.rank_batch(texts, evidence)
    for text, tokens, expected in zip(texts, evidence, batch, strict=True):
        got = dict(model.rank(text, tokens))
        assert np.allclose([got[label] for label in model.labels], expected, atol=1e-9)
