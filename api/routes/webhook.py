"""Inbound messages: the Twilio WhatsApp webhook and the JSON test endpoint for QA."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from starlette.concurrency import run_in_threadpool

from api import metrics
from api.deps import OperatorDep, ServiceDep, SettingsDep
from api.logs import mask
from api.schemas import WHATSAPP_WEBHOOK, ChatReply, ChatRequest, is_conversation_id
from api.service import ChatService
from api.twilio_io import TwilioSender, app_sender, signature_is_valid, twiml
from api.voice import VoiceNotes, heard_echo, read_inbound
from graph.settings import Settings
from nodes import wording
from stores.deliveries import Claim, wait_for_reply
from stores.rate_limits import Decision

log = logging.getLogger(__name__)
router = APIRouter(prefix="/webhook", tags=["webhook"])
TWIML = "application/xml"


@router.post("/whatsapp", response_class=Response, summary="Twilio WhatsApp webhook (TwiML reply)",
             openapi_extra=WHATSAPP_WEBHOOK)
async def whatsapp(request: Request, settings: SettingsDep, service: ServiceDep) -> Response:
    form = await request.form()
    params = {key: str(value) for key, value in form.multi_items()}
    if not signature_is_valid(request, params, settings):
        return Response(status_code=status.HTTP_403_FORBIDDEN)
    if not is_conversation_id(params.get("From", "")) or not params.get("MessageSid"):
        return Response("From (a sender id) and MessageSid are required", status_code=status.HTTP_400_BAD_REQUEST)
    # One thread hop for rate limit, claim, turn and record; the event loop only enforces Twilio's deadline.
    voice = getattr(request.app.state, "voice", None)
    delivery = asyncio.ensure_future(run_in_threadpool(_deliver, service, settings, params, voice))
    try:
        reply = await asyncio.wait_for(asyncio.shield(delivery), timeout=settings.turn_deadline_s)
    except TimeoutError:
        log.warning("webhook.deadline_exceeded deadline_s=%s", settings.turn_deadline_s)
        delivery.add_done_callback(lambda done: _send_late(request, params, done))
        return _twiml([wording.HOLDING])
    except StillProcessing:
        log.info("webhook.duplicate_still_processing")
        return _twiml([wording.TRY_AGAIN], status.HTTP_503_SERVICE_UNAVAILABLE)
    except Exception:
        log.exception("webhook.turn_failed")
        metrics.STORE_ERRORS.inc()
        await run_in_threadpool(_release_quietly, service, params["MessageSid"])
        return _twiml([wording.TRY_AGAIN], status.HTTP_503_SERVICE_UNAVAILABLE)
    return _twiml(reply["messages"], media=reply["media"])


def _deliver(service: ChatService, settings: Settings, params: dict[str, str],
             voice: VoiceNotes | None = None) -> dict[str, list[str]]:
    """The reply to one delivery ({"messages", "media"}); a retry gets the first delivery's, or StillProcessing
    while that one runs. A voice note is transcribed only by the delivery that claimed the message."""
    if settings.rate_limit_per_minute and (limited := _rate_limited(service, settings, params)) is not None:
        return {"messages": limited, "media": []}  # over the sender's limit: not claimed, no turn
    ledger, message_sid = service.backend.deliveries, params["MessageSid"]
    claim = ledger.claim(message_sid, settings.turn_lease_s)
    if claim is Claim.TAKEN:
        log.info("webhook.duplicate_delivery")
        metrics.WEBHOOK_DUPLICATES.inc()
        # Wait a little less than the deadline so a retry gets a retryable 503, never the holding message.
        earlier = wait_for_reply(ledger, message_sid, max(0.0, settings.turn_deadline_s - 1.0))
        if earlier is None:  # the first delivery is still running (or died): Twilio may try again later
            raise StillProcessing(message_sid)
        return {"messages": earlier["messages"], "media": earlier.get("media", [])}
    inbound = read_inbound(params, voice)
    messages, media = inbound.notes, []
    if inbound.text is not None:
        result = service.run_turn(params["From"], inbound.text, message_sid=message_sid,
                                  takeover=claim is Claim.TAKEOVER, voice=inbound.voice)
        echo = heard_echo(inbound, result.trace.get("heard_slots", []), settings.voice_low_confidence)
        # with a person the bot stays quiet, notes included
        messages = inbound.notes + echo + result.messages if result.messages else []
        media = result.media
    reply = {"messages": messages, "media": media}
    ledger.complete(message_sid, reply)
    return reply


class StillProcessing(RuntimeError):
    """A retried message whose first delivery has not finished yet: answered with a retryable 503."""


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


def _rate_limited(service: ChatService, settings: Settings, params: dict[str, str]) -> list[str] | None:
    """None while the sender is within its budget; over it, the polite note once per window, then an empty reply
    (both 200: Twilio must not retry). A retry of a MessageSid already counted gets its first decision again."""
    try:
        decision = service.backend.rate_limits.hit(params["From"], params["MessageSid"],
                                                   burst=settings.rate_limit_burst,
                                                   per_minute=settings.rate_limit_per_minute)
    except Exception as exc:  # the limiter's store failing must not cost the buyer the turn
        log.warning("webhook.rate_limit_unavailable error=%s", type(exc).__name__)
        return None
    if decision is Decision.ALLOW:
        return None
    answer = "notice" if decision is Decision.NOTIFY else "silent"
    metrics.RATE_LIMITED.labels(answer=answer).inc()
    log.log(logging.WARNING if decision is Decision.NOTIFY else logging.DEBUG,
            "webhook.rate_limited conversation=%s answer=%s", mask(params["From"]), answer)
    return [wording.RATE_LIMITED] if decision is Decision.NOTIFY else []


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
