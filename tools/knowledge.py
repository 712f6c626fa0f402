"""Knowledge tool: passages of the company knowledge base that answer a buyer's question."""

from __future__ import annotations

from stores.knowledge import KnowledgeBase, Passage

MAX_PASSAGES = 3


def search_knowledge(*, kb: KnowledgeBase, query: str, topic: str | None = None,
                     k: int = MAX_PASSAGES) -> list[Passage]:
    """The best passages for `query`, optionally only of one `topic` (e.g. "sedes")."""
    return kb.search(query, k=max(1, min(k, MAX_PASSAGES)), topic=topic)
