"""The conversation state machine: ingest, classify, fill slots, decide, act, compose, verify, format."""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Callable
from typing import Any, Literal

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from langgraph.types import Checkpointer

from graph.context import AgentContext
from graph.deps import Deps, default_deps
from graph.state import InputState, State, jsonable
from nodes.book_appointment import book_appointment
from nodes.car_details import car_details
from nodes.classify_intent import classify_intent
from nodes.company_info import company_info
from nodes.compose import compose
from nodes.decide_action import decide_action
from nodes.fill_slots import fill_slots
from nodes.financing import financing
from nodes.format_whatsapp import format_whatsapp
from nodes.handoff import handoff
from nodes.ingest import ingest
from nodes.search_cars import search_cars
from nodes.verify_reply import verify_reply

ActionNode = Literal["search_cars", "car_details", "financing", "company_info", "book_appointment",
                     "handoff", "compose"]
ACTION_NODES: dict[str, ActionNode] = {
    "search": "search_cars", "search_more": "search_cars", "popular": "search_cars",
    "details": "car_details", "compare": "car_details", "similar": "search_cars",
    "finance": "financing", "finance_by_payment": "financing",
    "company_info": "company_info", "book_appointment": "book_appointment", "handoff": "handoff",
}
"""Actions that need a tool or a dedicated node; every other action is a reply composed directly."""


def route_after_decision(state: State) -> ActionNode:
    return ACTION_NODES.get(state.get("action", ""), "compose")


def traced(name: str, node: Callable[..., dict[str, Any]], deps: Deps) -> Callable[..., dict[str, Any]]:
    """Give the node its deps (as this run's context asks), and log its timing and changes in the trace."""
    wants_deps = "deps" in inspect.signature(node).parameters

    def run(state: State, runtime: Runtime[AgentContext]) -> dict[str, Any]:
        started = time.perf_counter()
        update = node(state, deps=deps.for_context(runtime.context)) if wants_deps else node(state)
        event = {"node": name, "ms": round((time.perf_counter() - started) * 1000, 3),
                 "changed": sorted(k for k in update if k != "trace"), "diff": state_diff(state, update)}
        # The trace is not checkpointed (the conversation log keeps it): each node appends to this run's list,
        # and ingest, which starts the turn, starts a new one.
        update["trace"] = [event] if name == "ingest" else [*state.get("trace", []), event]
        return update

    run.__name__ = name
    return run


DIFF_SKIPPED = ("trace", "messages", "llm_calls", "tool_calls")
"""Keys traced elsewhere (tool calls and LLM calls have their own records) or too bulky for a diff."""


def state_diff(state: State, update: dict[str, Any]) -> dict[str, Any]:
    """What a node changed: new values, and for the slots only the fields that moved (old, new)."""
    diff: dict[str, Any] = {}
    for key, value in update.items():
        if key in DIFF_SKIPPED:
            continue
        if key == "slots" and state.get("slots") is not None and not isinstance(state.get("slots"), dict):
            before, after = state["slots"].model_dump(), value.model_dump()
            moved = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            if moved:
                diff["slots"] = jsonable(moved)
        elif state.get(key) != value:  # type: ignore[misc]
            diff[key] = jsonable(value.model_dump() if hasattr(value, "model_dump") else value)
    return diff


def build_graph(*, deps: Deps | None = None, checkpointer: Checkpointer = None) -> CompiledStateGraph:
    """Compile the agent; `deps` default to the configured catalog and optional LLM."""
    deps = deps or default_deps()
    builder = StateGraph(State, context_schema=AgentContext, input_schema=InputState)
    for node in (ingest, classify_intent, fill_slots, decide_action, search_cars, car_details, financing,
                 company_info, book_appointment, handoff, compose, verify_reply, format_whatsapp):
        builder.add_node(node.__name__, traced(node.__name__, node, deps))

    builder.add_edge(START, "ingest")
    builder.add_edge("ingest", "classify_intent")
    builder.add_edge("classify_intent", "fill_slots")
    builder.add_edge("fill_slots", "decide_action")
    builder.add_conditional_edges("decide_action", route_after_decision)
    for tool_node in ("search_cars", "car_details", "financing", "company_info", "book_appointment"):
        builder.add_edge(tool_node, "compose")
    builder.add_edge("handoff", "verify_reply")
    builder.add_edge("compose", "verify_reply")
    builder.add_edge("verify_reply", "format_whatsapp")
    builder.add_edge("format_whatsapp", END)
    return builder.compile(checkpointer=checkpointer, name="sales_agent")


def __getattr__(name: str) -> Any:
    """`graph` for langgraph.json, built on first use so importing this module stays cheap."""
    if name == "graph":
        return _default_graph()
    raise AttributeError(name)


@functools.lru_cache(maxsize=1)
def _default_graph() -> CompiledStateGraph:
    return build_graph()


if __name__ != "graph.build":
    # Loaded from its file path (`langgraph dev` / LangGraph API run `./graph/build.py` as a module of
    # another name and read `graph` from the module's __dict__, which skips `__getattr__`): build it now.
    graph = _default_graph()
