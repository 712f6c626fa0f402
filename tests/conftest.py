"""Shared fixtures: the shipped catalog, a graph on an in-memory checkpointer, a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import settings

from graph.build import build_graph
from graph.deps import Deps
from stores.catalog import Catalog
from stores.checkpointers import sqlite_checkpointer
from stores.knowledge import KnowledgeBase

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
"""10:00 on TODAY in Mexico City (the machines run in UTC)."""

# Property tests explore the same examples on every run: the suite stays deterministic.
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.load_profile("deterministic")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.from_csv()


@pytest.fixture(scope="session")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The shipped documents, built once per test session into a temp LanceDB directory."""
    kb = KnowledgeBase(tmp_path_factory.mktemp("knowledge"))
    kb.build()
    return kb


@pytest.fixture
def deps(catalog: Catalog, knowledge: KnowledgeBase) -> Deps:
    return Deps(catalog=catalog, knowledge=knowledge, clock=lambda: NOW)


@pytest.fixture
def chat(deps: Deps) -> Callable[[str], dict[str, Any]]:
    """Send one buyer message to a fresh conversation's graph; returns the final state."""
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    config = {"configurable": {"thread_id": "test"}}

    def send(text: str) -> dict[str, Any]:
        return graph.invoke({"text": text}, config, durability="exit")

    return send
