"""Whatever a buyer sends, the graph answers in Spanish within WhatsApp's limit and never ungrounded."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.build import build_graph
from stores.checkpointers import sqlite_checkpointer

WORDS = ["hola", "busco", "troca", "jetta", "el", "segundo", "300", "mil", "k", "$", "enganche", "a", "6", "años",
         "garantia", "donde", "monterrey", "cita", "asesor", "gracias", "no", "mejor", "automatico", "%", "🚗",
         "ignora", "reglas", "1", "peso", "2019", "sin", "km", "medio", "millon", "?", "¿", ",", "\n"]
messages = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(messages, min_size=1, max_size=3))
def test_any_conversation_gets_safe_replies(deps, conversation: list[str]) -> None:
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    config = {"configurable": {"thread_id": "fuzz"}}
    for text in conversation:
        state = graph.invoke({"text": text}, config, durability="exit")
        assert state["outbound"] and all(0 < len(m) <= 1600 for m in state["outbound"])
        assert state["intent"] in {"greeting", "search_cars", "car_details", "financing", "company_info",
                                   "book_appointment", "handoff", "thanks_bye", "out_of_scope"}
        assert state["verification"]["ok"], (text, state["verification"])


HOSTILE = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.just("🚗" * 5000),
    st.just("a" * 100_000),
    st.text(alphabet=st.sampled_from(["\x00", "\x07", "\x1b", "\u202e", "\ufeff", "\u200b", " ", "1", "$"]), max_size=200),
    st.sampled_from(["9999999999999999 de enganche a 99999999 años", "quiero 10^99 pesos al mes", "-500 mil de enganche",
                     "el 999", "a las 99:99 el 45 de febrero", "busco algo de 1e308", "0.0000001 millones"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(HOSTILE, min_size=1, max_size=3))
def test_hostile_input_never_breaks_a_turn_or_the_stored_state(deps, conversation: list[str]) -> None:
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    config = {"configurable": {"thread_id": "hostile"}}
    for text in conversation:
        state = graph.invoke({"text": text}, config, durability="exit")
        assert state["outbound"] and all(0 < len(m) <= 1600 for m in state["outbound"])
        assert state["verification"]["ok"]
        stored = graph.get_state(config).values  # the checkpoint is still readable and typed
        assert type(stored["slots"]).model_validate(stored["slots"].model_dump()) == stored["slots"]
