"""Inbound messages: the Twilio WhatsApp webhook and the JSON test endpoint for QA."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from starlette.concurrency import run_in_threadpool

from api import metrics
from api.deps import OperatorDep, ServiceDep, SettingsDep
from api.schemas import ChatReply, ChatRequest
from api.service import ChatService
from api.twilio_io import TwilioSender, app_sender, signature_is_valid, twiml
from graph.settings import Settings
from nodes import wording
from stores.deliveries import wait_for_reply

log = logging.getLogger(__name__)
router = APIRouter(prefix="/webhook", tags=["webhook"])
TWIML = "application/xml"


@router.post("/whatsapp", response_class=Response, summary="Twilio WhatsApp webhook (TwiML reply)")
async def whatsapp(request: Request, settings: SettingsDep, service: ServiceDep) -> Response:
    form = await request.form()
    params = {key: str(value) for key, value in form.multi_items()}
    if not signature_is_valid(request, params, settings):
        return Response(status_code=status.HTTP_403_FORBIDDEN)
    if not params.get("From") or not params.get("MessageSid"):
        return Response("From and MessageSid are required", status_code=status.HTTP_400_BAD_REQUEST)
    # One thread hop for claim, turn and record; the event loop only enforces Twilio's deadline.
    delivery = asyncio.ensure_future(run_in_threadpool(_deliver, service, settings, params))
    try:
        reply = await asyncio.wait_for(asyncio.shield(delivery), timeout=settings.turn_deadline_s)
    except TimeoutError:
        log.warning("webhook.deadline_exceeded deadline_s=%s", settings.turn_deadline_s)
        delivery.add_done_callback(lambda done: _send_late(request, params, done))
        return _twiml([wording.HOLDING])
    except Exception:
        log.exception("webhook.turn_failed")
        metrics.STORE_ERRORS.inc()
        await run_in_threadpool(_release_quietly, service, params["MessageSid"])
        return _twiml([wording.TRY_AGAIN], status.HTTP_503_SERVICE_UNAVAILABLE)
    return _twiml(reply["messages"], media=reply["media"])


def _deliver(service: ChatService, settings: Settings, params: dict[str, str]) -> dict[str, list[str]]:
    """The reply to one delivery ({"messages", "media"}); a retry gets the first delivery's (nothing while it is
    still running late)."""
    ledger, message_sid = service.backend.deliveries, params["MessageSid"]
    if not ledger.claim(message_sid):
        log.info("webhook.duplicate_delivery")
        metrics.WEBHOOK_DUPLICATES.inc()
        earlier = wait_for_reply(ledger, message_sid, settings.turn_deadline_s)
        return {"messages": earlier["messages"], "media": earlier.get("media", [])} if earlier else \
            {"messages": [], "media": []}
    body = params.get("Body", "")
    has_media = _int(params.get("NumMedia")) > 0
    media: list[str] = []
    if has_media and not body.strip():
        messages = [wording.MEDIA_ONLY]
    else:
        result = service.run_turn(params["From"], body)
        messages = ([wording.MEDIA_NOTE] if has_media else []) + result.messages
        media = result.media if messages else []
    reply = {"messages": messages, "media": media}
    ledger.complete(message_sid, reply)
    return reply


def _send_late(request: Request, params: dict[str, str], done: asyncio.Future[Any]) -> None:
    """After a holding message, deliver the real reply through the REST API."""
    if done.cancelled() or done.exception() is not None:
        log.error("webhook.late_turn_failed")
        return
    sender = app_sender(request.app)
    if sender is None:
        log.error("webhook.late_reply_unsent reason=no_twilio_credentials")
        return
    messages = (done.result() or {}).get("messages") or []
    loop = asyncio.get_running_loop()
    loop.run_in_executor(None, lambda: _send_quietly(sender, params, messages))


def _send_quietly(sender: TwilioSender, params: dict[str, str], messages: list[str]) -> None:
    try:
        sender.send(to=params["From"], from_=params.get("To", ""), messages=messages)
        log.info("webhook.late_reply_sent messages=%d", len(messages))
    except Exception:
        log.exception("webhook.late_reply_failed")


def _release_quietly(service: ChatService, message_sid: str) -> None:
    try:
        service.backend.deliveries.release(message_sid)
    except Exception:
        log.warning("webhook.release_failed")


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _twiml(messages: list[str], status_code: int = status.HTTP_200_OK, media: list[str] | None = None) -> Response:
    return Response(twiml(messages, media), media_type=TWIML, status_code=status_code)


@router.post("/test", response_model=ChatReply, dependencies=[OperatorDep],
             summary="Run one turn and return the reply with its state (for QA)")
async def test_turn(payload: ChatRequest, service: ServiceDep) -> ChatReply:
    try:
        result = await run_in_threadpool(service.run_turn, payload.session_id, payload.message)
    except Exception as exc:
        log.exception("webhook.test_turn_failed")
        metrics.STORE_ERRORS.inc()
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, "State store unavailable; try again") from exc
    return ChatReply(response=result.response, messages=result.messages, session_id=result.session_id,
                     processing_time=result.processing_time, turn=result.turn)
