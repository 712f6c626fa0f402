"""Optional LLM advisor: proposes understanding and rewording; code validates and decides."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AnyMessage, HumanMessage, SystemMessage

from graph.state import Feature, Slots, Understanding
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


class LLMAdvisor:
    """Wraps any LangChain chat model; every failure returns None so the rules answer."""

    def __init__(self, model: BaseChatModel) -> None:
        self.model = model

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMAdvisor:
        from langchain_openai import ChatOpenAI

        model = ChatOpenAI(model=settings.llm_model, api_key=settings.openai_api_key or "not-needed",
                           base_url=settings.openai_base_url, timeout=settings.llm_timeout_s,
                           max_retries=0, temperature=0)
        return cls(model)

    def propose(self, text: str, ctx: DialogContext,
                history: list[AnyMessage]) -> tuple[Understanding | None, LLMCall]:
        """The model's proposal (None if unusable) and the record of the call, for traces and replay."""
        earlier = history[:-1] if history and history[-1].content == text else history
        recent = "\n".join(f"{m.type}: {m.content}" for m in earlier[-HISTORY_TURNS:])
        prompt = (f"Conversation so far:\n{recent}\n\nPending question slot: {ctx.pending}\n"
                  f"Cars shown: {ctx.shown_count}\nToday: {ctx.today.isoformat()}\n\nBuyer: {text}")
        raw, record = self._call("understand", [SystemMessage(UNDERSTAND_PROMPT), HumanMessage(prompt)])
        if raw is None:
            return None, record
        try:
            data: dict[str, Any] = json.loads(_JSON_OBJECT.search(raw).group(0))  # type: ignore[union-attr]
            data["slots"] = {k: v for k, v in (data.get("slots") or {}).items() if v is not None}
            proposal = Understanding.model_validate({**data, "confidence": 0.9, "source": "llm"})
            _check_slots(proposal)
            return proposal, record
        except (AttributeError, ValueError, TypeError) as exc:  # incl. JSONDecodeError, ValidationError
            log.warning("llm.proposal_rejected reason=%s", type(exc).__name__)
            return None, {**record, "rejected": type(exc).__name__}

    def rephrase(self, draft: str, buyer_text: str) -> tuple[str | None, LLMCall]:
        raw, record = self._call("rephrase", [SystemMessage(REPHRASE_PROMPT),
                                              HumanMessage(f"Buyer said: {buyer_text}\n\nDRAFT:\n{draft}")])
        return (raw.strip() if raw and raw.strip() else None), record

    def _call(self, purpose: str, messages: list[AnyMessage]) -> tuple[str | None, LLMCall]:
        record: LLMCall = {"purpose": purpose, "prompt": [str(m.content) for m in messages], "output": None}
        try:
            content = self.model.invoke(messages).content
        except Exception as exc:  # any provider, network or timeout error: the rules answer instead
            log.warning("llm.call_failed error=%s", type(exc).__name__)
            return None, {**record, "error": type(exc).__name__}
        raw = content if isinstance(content, str) else None
        return raw, {**record, "output": raw}


CLEARABLE = frozenset({*Slots.model_fields, *(f"features:{f}" for f in get_args(Feature))})


def _check_slots(proposal: Understanding) -> None:
    """Reject unknown slot names and values the Slots model refuses (e.g. body_type "tank"), so a
    bad value neither overrides a valid rules value nor reaches `fill_slots` (an unknown cleared
    name used to crash the turn there)."""
    Slots.model_validate(proposal.slots)
    unknown = set(proposal.cleared) - CLEARABLE
    if unknown:
        raise ValueError(f"unknown cleared slots {sorted(unknown)}")
