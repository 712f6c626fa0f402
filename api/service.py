"""One buyer turn as the API runs it: serialised per conversation, logged with its trace."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from langchain_core.messages import AIMessage
from langgraph.graph.state import CompiledStateGraph

from api import metrics
from graph.context import AgentContext
from nodes.format_whatsapp import split_message
from stores.backend import Backend

log = logging.getLogger(__name__)
LAST_MESSAGE_CHARS = 200


@dataclass(frozen=True)
class TurnResult:
    session_id: str
    response: str
    messages: list[str]
    processing_time: float
    turn: dict[str, Any] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)
    """Media URLs attached to the last message (a financing chart)."""
    trace: dict[str, Any] = field(default_factory=dict)
    """The turn as the conversation log keeps it (for the simulator's inspector)."""


@lru_cache(maxsize=1)
def code_version() -> str:
    try:
        return version("agente-autos")
    except PackageNotFoundError:
        return "unknown"


class ChatService:
    """Runs turns on the compiled graph against one storage backend."""

    def __init__(self, graph: CompiledStateGraph, backend: Backend) -> None:
        self.graph = graph
        self.backend = backend

    def run_turn(self, session_id: str, text: str, context: AgentContext | None = None, *,
                 message_sid: str | None = None, takeover: bool = False,
                 voice: dict[str, Any] | None = None) -> TurnResult:
        """One turn. `takeover`: an earlier delivery of `message_sid` died or failed; if its turn reached the
        checkpoint, answer from there instead of applying it twice. `voice`: the voice note `text` was heard in."""
        with self.backend.locks.hold(session_id):
            if takeover and message_sid and (applied := self._applied_turn(session_id, text, message_sid)):
                return applied
            if self.backend.handoffs.is_open(session_id):  # a person has it: keep the message, the bot stays quiet
                self.backend.handoffs.add_message(session_id, "buyer", text)
                metrics.WITH_PERSON.inc()
                log.info("turn.with_person")
                return TurnResult(session_id=session_id, response="", messages=[], processing_time=0.0,
                                  turn={"with_person": True})
            started = time.perf_counter()
            turn_input = {"text": text, "message_sid": message_sid} if message_sid else {"text": text}
            state = self.graph.invoke(turn_input, {"configurable": {"thread_id": session_id}},
                                      durability="exit", context=context or AgentContext())
            elapsed = time.perf_counter() - started
            turn = turn_summary(state)
            trace = {**turn, "at": time.time(), "input": text, "outbound": state["outbound"],
                     "timings": state.get("trace", []), "llm_calls": state.get("llm_calls", []),
                     "verification": state.get("verification"), "action": state.get("action"),
                     "confidence": state["understanding"].confidence, "media": state.get("media", []),
                     "heard_slots": sorted(state["understanding"].slots), "voice": voice,
                     "ms": round(elapsed * 1000, 3), "code_version": code_version(), "message_sid": message_sid}
            self.backend.conversations.record_turn(session_id, text[:LAST_MESSAGE_CHARS], trace)
        metrics.record_turn(state, elapsed)
        log.info("turn.done", extra={"conversation": session_id, "intent": turn["intent"], "action": state.get("action"),
                                     "path": turn["path"], "ms": round(elapsed * 1000, 1)})  # the number is masked
        return TurnResult(session_id=session_id, response="\n\n".join(state["outbound"]),
                          messages=state["outbound"], processing_time=round(elapsed, 4), turn=turn,
                          media=list(state.get("media") or []), trace=trace)

    def _applied_turn(self, session_id: str, text: str, message_sid: str) -> TurnResult | None:
        """The reply of a turn already checkpointed for `message_sid` (its log entry written if it was missed)."""
        values = self.graph.get_state({"configurable": {"thread_id": session_id}}).values
        if values.get("message_sid") != message_sid:
            return None
        traces = self.backend.conversations.traces(session_id)
        if traces and traces[-1].get("message_sid") == message_sid:
            messages, media = traces[-1]["outbound"], traces[-1].get("media", [])
        else:  # the worker died between the checkpoint and the log: the reply is the last message in state
            last = next((m for m in reversed(values.get("messages", [])) if isinstance(m, AIMessage)), None)
            messages, media = split_message(str(last.content)) if last else [], []
            self.backend.conversations.record_turn(session_id, text[:LAST_MESSAGE_CHARS], {
                **turn_summary(values), "at": time.time(), "input": text, "outbound": messages,
                "message_sid": message_sid, "recovered": True, "code_version": code_version()})
        log.info("turn.already_applied", extra={"conversation": session_id})
        metrics.RECOVERED_TURNS.inc()
        return TurnResult(session_id=session_id, response="\n\n".join(messages), messages=messages,
                          processing_time=0.0, turn=turn_summary(values), media=media)


def turn_summary(state: dict[str, Any]) -> dict[str, Any]:
    """What QA tools read of a turn: intent, accumulated slots, next question, path, tool calls."""
    slots = state.get("slots")
    return {
        "turn": state.get("turn"),
        "intent": state.get("intent"),
        "slots": slots.model_dump() if slots is not None else {},
        "pending": state.get("pending"),
        "path": [event["node"] for event in state.get("trace", [])],
        "tool_calls": state.get("tool_calls", []),
    }
