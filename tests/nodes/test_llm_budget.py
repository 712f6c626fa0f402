"""A slow or failing LLM costs a turn at most its budget, and after a few failures it is not called at all for a
cooldown; then one probe checks whether it is back."""

from __future__ import annotations

import time
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from graph.build import build_graph
from graph.deps import Deps
from nodes.llm import CircuitBreaker, LLMAdvisor
from stores.catalog import Catalog
from stores.checkpointers import sqlite_checkpointer


class HangingModel(BaseChatModel):
    """An endpoint that hangs (far longer than any budget)."""

    calls: int = 0
    delay_s: float = 3.0

    @property
    def _llm_type(self) -> str:
        return "hanging"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.calls += 1
        time.sleep(self.delay_s)
        return ChatResult(generations=[ChatGeneration(message=AIMessage("{}"))])


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_hanging_model_costs_a_turn_at_most_its_budget_then_is_skipped(catalog: Catalog, deps: Deps) -> None:
    model = HangingModel()
    clock = FakeClock()
    advisor = LLMAdvisor(model, budget_s=0.6, breaker=CircuitBreaker(failures=2, cooldown_s=60, clock=clock))
    graph = build_graph(deps=Deps(catalog=catalog, knowledge=deps.knowledge, llm=advisor, clock=deps.clock),
                        checkpointer=sqlite_checkpointer(":memory:"))
    config = {"configurable": {"thread_id": "hang"}}
    timings, errors = [], []
    for text in ("busco una troca automatica", "de unos 400 mil", "el primero", "¿y a 4 años con 80 mil?"):
        started = time.monotonic()
        state = graph.invoke({"text": text}, config, durability="exit")
        timings.append(time.monotonic() - started)
        errors.append([call.get("error") for call in state["llm_calls"]])
        assert state["reply"] and state["verification"]["ok"]  # the rules answer every turn
    assert timings[0] < 1.2  # both calls together within the budget, not the provider's own timeout twice
    assert errors[0] == ["turn_budget_timeout", "turn_budget_spent"]
    assert advisor.breaker.state == "open" and model.calls == 2
    assert all(t < 0.3 for t in timings[2:]) and errors[2][0] == "circuit_open"  # skipped while open

    clock.now += 61  # the cooldown passes: one probe goes through
    state = graph.invoke({"text": "gracias"}, config, durability="exit")
    assert model.calls == 3 and state["llm_calls"][0]["error"] == "turn_budget_timeout"
    assert advisor.breaker.state == "open"  # the probe failed: closed again for another cooldown


def test_the_breaker_closes_after_a_successful_probe() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failures=1, cooldown_s=10, clock=clock)
    breaker.record(ok=False)
    assert breaker.state == "open" and not breaker.allow()
    clock.now = 11
    assert breaker.allow() and not breaker.allow()  # one probe at a time
    breaker.record(ok=True)
    assert breaker.state == "closed" and breaker.allow()
