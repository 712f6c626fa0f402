"""The trained intent classifier: word and character n-grams of the message plus the readers' evidence tokens,
into a multinomial logistic regression whose probabilities give the confidence.

Trained by `make intent-model` (`python -m evals.train_intent`) from the labelled corpus and saved as a versioned
artifact with the hash of its training data; loaded once per process, never trained at import.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from tools.text_vectors import SingleTextVectorizer

log = logging.getLogger(__name__)

MODEL_VERSION = "intent-v1"
MODEL_PATH = Path(__file__).parent / "models" / f"{MODEL_VERSION}.joblib"


def make_pipeline(c: float = 4.0) -> Any:
    """Unfitted: text n-grams (column 0) and evidence tokens (column 1) into one logistic regression."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    features = ColumnTransformer([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"[a-z0-9$%]+"), 0),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                  max_features=60_000), 0),
        ("evidence", CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True), 1),
    ])
    return Pipeline([("features", features), ("model", LogisticRegression(C=c, max_iter=3000))])


def rows(texts: list[str], evidence: list[list[str]]) -> np.ndarray:
    return np.array([[t, " ".join(e)] for t, e in zip(texts, evidence, strict=True)], dtype=object)


@dataclass
class IntentModel:
    """A fitted pipeline and what it was trained on."""

    pipeline: Any
    meta: dict[str, Any]

    @property
    def labels(self) -> list[str]:
        return list(self.pipeline.classes_)

    @cached_property
    def _blocks(self) -> list[tuple[SingleTextVectorizer, int, np.ndarray]]:
        """Per feature block: its one-text vectorizer, the input column it reads, and its slice of the weights."""
        blocks, offset = [], 0
        coef = self.pipeline.named_steps["model"].coef_
        for _, vectorizer, column in self.pipeline.named_steps["features"].transformers_:
            single = SingleTextVectorizer(vectorizer)
            blocks.append((single, column, coef[:, offset:offset + single.width]))
            offset += single.width
        return blocks

    def rank(self, folded: str, evidence: list[str]) -> list[tuple[str, float]]:
        """Every intent with its probability, best first (the pipeline's `predict_proba` for one message,
        computed directly: a turn pays microseconds, not the batch machinery's milliseconds)."""
        inputs = (folded, " ".join(evidence))
        logits = self.pipeline.named_steps["model"].intercept_.copy()
        for single, column, weights in self._blocks:
            columns, values = single.transform(inputs[column])
            if len(columns):
                logits += weights[:, columns] @ values
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        order = np.argsort(-probs)
        return [(str(self.labels[i]), float(probs[i])) for i in order]

    def rank_batch(self, folded: list[str], evidence: list[list[str]]) -> np.ndarray:
        """The pipeline's own probabilities for many messages (columns in `labels` order)."""
        return self.pipeline.predict_proba(rows(folded, evidence))

    def save(self, path: Path = MODEL_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"pipeline": self.pipeline, "meta": self.meta}, path, compress=3)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> IntentModel:
        started = time.perf_counter()
        data = joblib.load(path)
        model = cls(pipeline=data["pipeline"], meta=data["meta"])
        log.info("intent_model.loaded version=%s data=%s ms=%.0f", model.meta.get("version"),
                 model.meta.get("data_hash"), (time.perf_counter() - started) * 1000)
        return model


@lru_cache(maxsize=2)
def shipped_model(path: Path = MODEL_PATH) -> IntentModel | None:
    """The artifact shipped with the code, or None (the rules alone decide) when it is missing."""
    if not path.exists():
        log.warning("intent_model.missing path=%s: the rules alone decide intents", path)
        return None
    return IntentModel.load(path)
