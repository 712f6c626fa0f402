"""One text into a fitted scikit-learn TF-IDF or count vector, without the per-call overhead of `transform`.

scikit-learn's transformers are built for batches: for a single WhatsApp message their bookkeeping costs more than
the arithmetic. This applies the same analyzer, vocabulary, tf, idf and norm to one text and returns the sparse
vector as (column indices, values); a test checks it equals `transform` to floating-point precision.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


class SingleTextVectorizer:
    """The fitted vectorizer's exact transform of one text."""

    def __init__(self, vectorizer: Any) -> None:
        self._analyze = vectorizer.build_analyzer()
        self._vocabulary: dict[str, int] = vectorizer.vocabulary_
        self._binary: bool = vectorizer.binary
        self._sublinear: bool = getattr(vectorizer, "sublinear_tf", False)
        self._idf: np.ndarray | None = vectorizer.idf_ if getattr(vectorizer, "use_idf", False) else None
        self._norm: str | None = getattr(vectorizer, "norm", None)
        self.width = len(self._vocabulary)

    def transform(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        counts: dict[int, float] = {}
        for token in self._analyze(text):
            column = self._vocabulary.get(token)
            if column is not None:
                counts[column] = counts.get(column, 0.0) + 1.0
        if not counts:
            return np.empty(0, dtype=np.int64), np.empty(0)
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = np.fromiter(counts.values(), dtype=float, count=len(counts))
        if self._binary:
            values[:] = 1.0
        elif self._sublinear:
            values = 1.0 + np.log(values)
        if self._idf is not None:
            values = values * self._idf[columns]
        if self._norm == "l2":
            values = values / math.sqrt(float(values @ values))
        return columns, values
