"""Request and response bodies of the JSON endpoints (documented in the OpenAPI schema)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

CONVERSATION_ID_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*[^\W_][^\x00-\x1f\x7f-\x9f]*$"
"""A conversation id (a WhatsApp number, a QA or simulator session): at least one letter or digit and no control
character. Ids without them (a lone "_", a NUL) break the Redis checkpointer's search: refused with a 4xx instead."""
CONVERSATION_ID_MAX_CHARS = 200
ConversationIdPath = Annotated[str, Path(min_length=1, max_length=CONVERSATION_ID_MAX_CHARS,
                                         pattern=CONVERSATION_ID_PATTERN, description="Conversation id.")]


def is_conversation_id(value: str) -> bool:
    return len(value) <= CONVERSATION_ID_MAX_CHARS and re.fullmatch(CONVERSATION_ID_PATTERN, value) is not None


class ChatRequest(BaseModel):
    message: str = Field(..., max_length=20_000, description="The buyer's message.")
    session_id: str = Field(..., min_length=1, max_length=CONVERSATION_ID_MAX_CHARS, pattern=CONVERSATION_ID_PATTERN,
                            description="Conversation id.")

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


WHATSAPP_WEBHOOK: dict[str, Any] = {
    "parameters": [{"name": "X-Twilio-Signature", "in": "header", "required": False, "schema": {"type": "string"},
                    "description": "Twilio's signature of the URL and form fields (403 when it does not match)."}],
    "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
        "type": "object", "required": ["From", "MessageSid"],
        "properties": {
            "From": {"type": "string", "pattern": CONVERSATION_ID_PATTERN, "maxLength": CONVERSATION_ID_MAX_CHARS,
                     "description": "The buyer (whatsapp:+52...): the conversation id."},
            "MessageSid": {"type": "string", "description": "Twilio's id of the message; a retry repeats it."},
            "Body": {"type": "string", "description": "The buyer's message."},
            "To": {"type": "string", "description": "The business WhatsApp number."},
            "NumMedia": {"type": "integer", "minimum": 0, "description": "Attachments (not read)."},
            "ProfileName": {"type": "string", "description": "The buyer's WhatsApp name."}}}}}},
}
"""The webhook's form as Twilio sends it (the handler reads the raw form: the signature covers every field)."""
