"""Operator endpoints for the human side: open handoffs, replying to a buyer, releasing back to the bot, and the
appointments by location and day. Same bearer token as the other operator endpoints."""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import OperatorDep, ServiceDep, SettingsDep
from api.schemas import ConversationIdPath
from api.twilio_io import app_sender

log = logging.getLogger(__name__)
router = APIRouter(prefix="/operator", tags=["operator"], dependencies=[OperatorDep])


class OperatorReply(BaseModel):
    text: str = Field(..., min_length=1, max_length=1600, description="Message to the buyer (one WhatsApp message).")


@router.get("/handoffs", summary="Conversations waiting for or with a person, oldest first")
async def list_handoffs(service: ServiceDep) -> dict[str, Any]:
    found = await run_in_threadpool(service.backend.handoffs.list_open)
    return {"handoffs": [h.to_dict() for h in found]}


@router.get("/handoffs/{conversation_id}", summary="One handoff: reason, summary and the messages since")
async def get_handoff(conversation_id: ConversationIdPath, service: ServiceDep) -> dict[str, Any]:
    found = await run_in_threadpool(service.backend.handoffs.get, conversation_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No open handoff for that conversation")
    return found.to_dict()


@router.post("/handoffs/{conversation_id}/reply", summary="Send a message to the buyer over WhatsApp (Twilio REST)")
async def reply(conversation_id: ConversationIdPath, body: OperatorReply, request: Request, settings: SettingsDep,
                service: ServiceDep) -> dict[str, Any]:
    if not await run_in_threadpool(service.backend.handoffs.is_open, conversation_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No open handoff for that conversation")
    sender = app_sender(request.app)
    if sender is None or not settings.twilio_whatsapp_from:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                            "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM are needed to send")
    try:
        await run_in_threadpool(sender.send, to=conversation_id, from_=settings.twilio_whatsapp_from,
                                messages=[body.text])
    except Exception as exc:
        log.exception("operator.reply_failed")
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, "Twilio did not accept the message") from exc
    await run_in_threadpool(service.backend.handoffs.add_message, conversation_id, "operator", body.text)
    log.info("operator.reply_sent")
    return {"sent": True}


@router.post("/handoffs/{conversation_id}/release", summary="Give the conversation back to the bot")
async def release(conversation_id: ConversationIdPath, service: ServiceDep) -> dict[str, Any]:
    released = await run_in_threadpool(service.backend.handoffs.release, conversation_id)
    if released is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No open handoff for that conversation")
    log.info("operator.released")
    return released.to_dict()


@router.get("/appointments", summary="Active appointments of one day, optionally of one location")
async def appointments(service: ServiceDep, day: Annotated[date, Query(description="YYYY-MM-DD, the buyers' day")],
                       location: Annotated[str | None, Query(description="Location id (stores/data/locations.yaml)")] = None
                       ) -> dict[str, Any]:
    found = await run_in_threadpool(service.backend.appointments.on_day, day.isoformat(), location)
    return {"day": day.isoformat(), "appointments": [a.to_dict() for a in found]}
