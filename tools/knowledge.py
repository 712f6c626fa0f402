"""Knowledge tool: passages of the company knowledge base that answer a buyer's question."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from stores.knowledge import DOCS_DIR, KnowledgeBase, KnowledgeDoc, Passage, load_docs, normalise_query
from tools.text_vectors import SingleTextVectorizer

MAX_PASSAGES = 3


def search_knowledge(*, kb: KnowledgeBase, query: str, topic: str | None = None,
                     k: int = MAX_PASSAGES) -> list[Passage]:
    """The best passages for `query`, optionally only of one `topic` (e.g. "sedes")."""
    return kb.search(query, k=max(1, min(k, MAX_PASSAGES)), topic=topic)


class QuestionIndex:
    """How close a message is to the ways buyers ask each knowledge document's questions.

    A lexical retrieval over the documents' example questions, titles and keywords (character n-grams, so
    misspellings and chat spelling still match): microseconds per message, no model, no index on disk.
    Its score is evidence that a message is a company question (and about which topic).
    """

    def __init__(self, docs: list[KnowledgeDoc]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts, self._doc_ids = [], []
        for doc in docs:
            for text in (*doc.questions, doc.title, *doc.keywords):
                texts.append(normalise_query(text))
                self._doc_ids.append(doc.id)
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self._columns = vectorizer.fit_transform(texts).T.tocsr()  # one row per n-gram: its weight per question
        self._query = SingleTextVectorizer(vectorizer)

    @classmethod
    @lru_cache(maxsize=4)
    def shipped(cls, docs_dir: Path = DOCS_DIR) -> QuestionIndex:
        return cls(load_docs(docs_dir))

    def best(self, text: str) -> tuple[str | None, float]:
        """The closest document's id and the cosine similarity (0-1) of its closest question."""
        columns, values = self._query.transform(normalise_query(text))
        if not len(columns):
            return None, 0.0
        scores = self._columns[columns].T @ values
        index = int(scores.argmax())
        return self._doc_ids[index], float(scores[index])
