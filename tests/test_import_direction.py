"""Imports flow one way: api -> graph -> nodes -> tools -> stores, with the shared state, settings and run context
(graph/state.py, graph/settings.py, graph/context.py) below all of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ("graph.state", "graph.settings", "graph.context")
FORBIDDEN = {
    "stores": ("nodes", "tools", "graph", "api", "evals"),
    "tools": ("nodes", "graph", "api", "evals"),
    "nodes": ("api", "evals", "graph.build"),
    "graph/state.py": ("nodes", "tools", "stores", "api", "evals", "graph"),
    "graph/settings.py": ("nodes", "tools", "stores", "api", "evals", "graph"),
    "graph/context.py": ("nodes", "tools", "stores", "api", "evals", "graph"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("where", sorted(FORBIDDEN))
def test_imports_flow_one_way(where: str) -> None:
    files = [ROOT / where] if where.endswith(".py") else sorted((ROOT / where).rglob("*.py"))
    wrong = []
    for file in files:
        for module in imported_modules(file):
            if module in SHARED:
                continue  # the shared state, settings and context sit below every layer
            if any(module == banned or module.startswith(banned + ".") for banned in FORBIDDEN[where]):
                wrong.append(f"{file.relative_to(ROOT)} imports {module}")
    assert wrong == []
