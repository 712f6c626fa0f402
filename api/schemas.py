"""Request and response bodies of the JSON endpoints (documented in the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ChatRequest(BaseModel):
    message: str = Field(..., max_length=20_000, description="The buyer's message.")
    session_id: str = Field(..., min_length=1, max_length=200, description="Conversation id.")

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"message": "busco una troca automática de unos 400 mil", "session_id": "qa-001"}]})


class ToolCallInfo(BaseModel):
    name: str
    args: dict[str, Any]
    result: Any


class TurnInfo(BaseModel):
    intent: str | None = Field(None, description="Intent accepted for this turn.")
    slots: dict[str, Any] = Field(default_factory=dict, description="Accumulated slots (engine slot names).")
    pending: str | None = Field(None, description="Slot the reply asks for next, if any.")
    path: list[str] = Field(default_factory=list, description="Graph nodes run, in order.")
    tool_calls: list[ToolCallInfo] = Field(default_factory=list)
    with_person: bool = Field(False, description="The conversation is with a person: the bot did not answer.")


class ChatReply(BaseModel):
    response: str = Field(..., description="Full reply text (all messages joined).")
    messages: list[str] = Field(..., description="WhatsApp messages, each at most 1,600 characters.")
    session_id: str
    processing_time: float = Field(..., description="Seconds spent in the turn.")
    turn: TurnInfo

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "response": "Encontré 13 opciones (pickup, automática, hasta $400,000)...",
        "messages": ["Encontré 13 opciones (pickup, automática, hasta $400,000)..."],
        "session_id": "qa-001", "processing_time": 0.006,
        "turn": {"intent": "search_cars", "slots": {"budget_max": 400000, "body_type": "pickup",
                                                    "transmission": "automatic"},
                 "pending": None, "path": ["ingest", "classify_intent", "fill_slots", "decide_action",
                                           "search_cars", "compose", "verify_reply", "format_whatsapp"],
                 "tool_calls": [{"name": "search_cars", "args": {"budget_max": 400000},
                                 "result": {"cars": [], "total": 13}}]}}]})


class ConversationSummary(BaseModel):
    session_id: str
    message_count: int
    last_message: str
    created: float = Field(..., description="Unix time.")
    updated: float = Field(..., description="Unix time.")


class ConversationPage(BaseModel):
    conversations: list[ConversationSummary]
    total: int
    offset: int
    limit: int
