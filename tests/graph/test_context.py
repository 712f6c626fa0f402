"""Per-run context (what Studio exposes): another catalog, or the LLM off, for one run only."""

from __future__ import annotations

import json
from pathlib import Path

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from graph.build import build_graph
from graph.context import AgentContext
from graph.deps import Deps
from nodes.llm import LLMAdvisor
from stores.checkpointers import sqlite_checkpointer

CSV = """stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay
9001,10000,250000.0,Fiat,Pulse,2023,1.3 DRIVE CVT,Sí,,,,Sí
"""


def test_context_schema_is_described(deps: Deps) -> None:
    schema = build_graph(deps=deps).get_context_jsonschema()
    assert set(schema["properties"]) == {"catalog_path", "use_llm"}
    assert all(p.get("description") for p in schema["properties"].values())


def test_a_run_can_use_another_catalog(deps: Deps, tmp_path: Path) -> None:
    path = tmp_path / "mini.csv"
    path.write_text(CSV, encoding="utf-8")
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    other = graph.invoke({"text": "busco algo de hasta 300 mil"}, {"configurable": {"thread_id": "a"}},
                         context=AgentContext(catalog_path=str(path)), durability="exit")
    assert other["shown_cars"] == ["9001"] and "Fiat Pulse 2023" in other["reply"]
    usual = graph.invoke({"text": "busco algo de hasta 300 mil"}, {"configurable": {"thread_id": "b"}},
                         durability="exit")
    assert "9001" not in usual["shown_cars"]


def test_a_run_can_switch_the_llm_off(deps: Deps) -> None:
    proposal = json.dumps({"intent": "search_cars", "slots": {"body_type": "suv"}})
    model = GenericFakeChatModel(messages=iter([AIMessage(proposal)] * 3))
    llm_deps = Deps(catalog=deps.catalog, knowledge=deps.knowledge, llm=LLMAdvisor(model), today=deps.today)
    graph = build_graph(deps=llm_deps, checkpointer=sqlite_checkpointer(":memory:"))
    off = graph.invoke({"text": "hola"}, {"configurable": {"thread_id": "c"}},
                       context=AgentContext(use_llm=False), durability="exit")
    assert off["understanding"].source == "rules" and off["intent"] == "greeting"
