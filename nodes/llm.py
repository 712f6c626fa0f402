"""Optional LLM advisor: proposes understanding and rewording; code validates and decides."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AnyMessage, HumanMessage, SystemMessage

from graph.state import INTENTS, Feature, Slots, Understanding
from nodes.registry import llm_intent_lines

if TYPE_CHECKING:
    from graph.settings import Settings
    from nodes.understanding import DialogContext

log = logging.getLogger(__name__)

PROMPTS = Path(__file__).parent / "prompts"
UNDERSTAND_PROMPT = (PROMPTS / "understand.v1.md").read_text(encoding="utf-8").replace("{intents}", llm_intent_lines())
REPHRASE_PROMPT = (PROMPTS / "rephrase.v1.md").read_text(encoding="utf-8")
HISTORY_TURNS = 6
LLMCall = dict[str, Any]
"""One model call as traces keep it: purpose, prompt texts, raw output (or error)."""
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


MIN_CALL_S = 0.3
"""Less budget than this left in a turn: the call is not started (the rules answer)."""
_CALLS = ThreadPoolExecutor(max_workers=16, thread_name_prefix="llm")
"""Model calls run here so a turn can stop waiting at its budget even when the provider does not."""


class CircuitBreaker:
    """Stops calling a failing or slow endpoint: after `failures` failures in a row it opens for `cooldown_s`, then
    lets one probe through (half-open); a success closes it. Shared by every turn of the process."""

    def __init__(self, failures: int = 3, cooldown_s: float = 60.0, clock: Any = time.monotonic) -> None:
        self.failures, self.cooldown_s, self._clock = failures, cooldown_s, clock
        self._lock = threading.Lock()
        self._streak = 0
        self._opened_at: float | None = None
        self._probing = False

    @property
    def state(self) -> str:
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self._opened_at is None:
            return "closed"
        return "half_open" if self._clock() - self._opened_at >= self.cooldown_s else "open"

    def allow(self) -> bool:
        with self._lock:
            state = self._state()
            if state == "closed":
                return True
            if state == "half_open" and not self._probing:
                self._probing = True  # one probe at a time
                return True
            return False

    def record(self, ok: bool) -> None:
        with self._lock:
            self._probing = False
            if ok:
                if self._opened_at is not None:
                    log.warning("llm.circuit_closed")
                self._streak, self._opened_at = 0, None
                return
            self._streak += 1
            if self._opened_at is not None or self._streak >= self.failures:
                if self._opened_at is None:
                    log.warning("llm.circuit_opened failures=%d cooldown_s=%.0f", self._streak, self.cooldown_s)
                self._opened_at = self._clock()


class LLMAdvisor:
    """Wraps any LangChain chat model; every failure returns None so the rules answer. Both calls of a turn share
    one time budget, and a circuit breaker stops calling an endpoint that keeps failing."""

    def __init__(self, model: BaseChatModel, *, budget_s: float = 6.0, breaker: CircuitBreaker | None = None) -> None:
        self.model = model
        self.budget_s = budget_s
        self.breaker = breaker or CircuitBreaker()

    def deadline(self) -> float:
        """The turn's LLM deadline, counted from now (call at the start of the turn)."""
        return time.monotonic() + self.budget_s

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMAdvisor:
        from langchain_openai import ChatOpenAI

        model = ChatOpenAI(model=settings.llm_model, api_key=settings.openai_api_key or "not-needed",
                           base_url=settings.openai_base_url, timeout=settings.llm_timeout_s,
                           max_retries=0, temperature=0)
        return cls(model, budget_s=settings.llm_turn_budget_s,
                   breaker=CircuitBreaker(settings.llm_breaker_failures, settings.llm_breaker_cooldown_s))

    def propose(self, text: str, ctx: DialogContext, history: list[AnyMessage],
                deadline: float | None = None) -> tuple[Understanding | None, LLMCall]:
        """The model's proposal (None if unusable) and the record of the call, for traces and replay."""
        earlier = history[:-1] if history and history[-1].content == text else history
        recent = "\n".join(f"{m.type}: {m.content}" for m in earlier[-HISTORY_TURNS:])
        prompt = (f"Conversation so far:\n{recent}\n\nPending question slot: {ctx.pending}\n"
                  f"Cars shown: {ctx.shown_count}\nToday: {ctx.today.isoformat()}\n\nBuyer: {text}")
        raw, record = self._call("understand", [SystemMessage(UNDERSTAND_PROMPT), HumanMessage(prompt)], deadline)
        if raw is None:
            return None, record
        try:
            data = json.loads(_JSON_OBJECT.search(raw).group(0))  # type: ignore[union-attr]
            if not isinstance(data, dict):
                raise TypeError("not an object")
        except (AttributeError, ValueError, TypeError) as exc:  # no JSON object at all (incl. truncated JSON)
            log.warning("llm.proposal_rejected reason=%s", type(exc).__name__)
            return None, {**record, "rejected": [type(exc).__name__]}
        proposal, rejected = validated_proposal(data)
        if rejected:  # field by field: what is valid is kept, the rules fill the rest, the trace says what was not
            log.warning("llm.proposal_rejected fields=%s", rejected)
            record = {**record, "rejected": rejected}
        return proposal, record

    def rephrase(self, draft: str, buyer_text: str, deadline: float | None = None) -> tuple[str | None, LLMCall]:
        raw, record = self._call("rephrase", [SystemMessage(REPHRASE_PROMPT),
                                              HumanMessage(f"Buyer said: {buyer_text}\n\nDRAFT:\n{draft}")], deadline)
        return (raw.strip() if raw and raw.strip() else None), record

    def _call(self, purpose: str, messages: list[AnyMessage], deadline: float | None) -> tuple[str | None, LLMCall]:
        record: LLMCall = {"purpose": purpose, "prompt": [str(m.content) for m in messages], "output": None}
        remaining = (deadline - time.monotonic()) if deadline is not None else self.budget_s
        if remaining < MIN_CALL_S:
            return None, {**record, "error": "turn_budget_spent"}
        if not self.breaker.allow():
            return None, {**record, "error": "circuit_open"}
        future = _CALLS.submit(self.model.invoke, messages)
        started = time.monotonic()
        try:
            message = future.result(timeout=remaining)
            content = message.content
        except Exception as exc:  # provider, network, timeout or our budget: the rules answer instead
            self.breaker.record(ok=False)
            error = "turn_budget_timeout" if not future.done() else type(exc).__name__  # ours, or the provider's
            log.warning("llm.call_failed purpose=%s error=%s", purpose, error)
            return None, {**record, "error": error}
        self.breaker.record(ok=True)
        raw = content if isinstance(content, str) else None
        usage = getattr(message, "usage_metadata", None) or {}
        return raw, {**record, "output": raw, "ms": round((time.monotonic() - started) * 1000, 1),
                     "tokens": usage.get("total_tokens")}


CLEARABLE = frozenset({*Slots.model_fields, *(f"features:{f}" for f in get_args(Feature))})
PROPOSAL_KEYS = frozenset({"intent", "slots", "cleared", "reference", "correction", "more_results"})


def validated_proposal(data: dict[str, Any]) -> tuple[Understanding | None, list[str]]:
    """The model's proposal checked as strictly as typed input, field by field: an intent outside the registry,
    a slot the Slots model refuses (unknown name, wrong type, out of range), an unknown cleared name, a reference
    that is not a small integer, extra keys: each is dropped and named. None when nothing usable is left."""
    rejected = [f"extra:{key}" for key in data if key not in PROPOSAL_KEYS]
    intent = data.get("intent")
    if intent not in INTENTS:
        rejected.append("intent")
        intent = None
    slots: dict[str, Any] = {}
    if data.get("slots") is not None and not isinstance(data.get("slots"), dict):
        rejected.append("slots")
    for name, value in (data.get("slots") or {}).items() if isinstance(data.get("slots"), dict) else ():
        if value is None:
            continue
        try:
            Slots.model_validate({name: value})
            slots[name] = value
        except (ValueError, TypeError):
            rejected.append(f"slot:{name}")
    cleared = [c for c in data.get("cleared") or [] if isinstance(c, str) and c in CLEARABLE]
    rejected += [f"cleared:{c}" for c in data.get("cleared") or [] if c not in cleared]
    reference = data.get("reference")
    if reference is not None and not (isinstance(reference, int) and not isinstance(reference, bool)
                                      and -5 <= reference < 5):
        rejected.append("reference")
        reference = None
    if intent is None:
        return None, rejected  # without an intent the rules read the message on their own
    flags = {key: data[key] for key in ("correction", "more_results") if isinstance(data.get(key), bool)}
    return Understanding(intent=intent, slots=slots, cleared=cleared, reference=reference, confidence=0.9,
                         source="llm", **flags), rejected
