"""Twilio as Twilio behaves: signed webhooks, TwiML replies, late replies over the REST API."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import Request
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.messaging_response import Message, MessagingResponse

from graph.settings import Settings

log = logging.getLogger(__name__)


def public_url(request: Request, settings: Settings) -> str:
    """The URL Twilio signed: fixed PUBLIC_BASE_URL, X-Forwarded-* from a trusted proxy, or as received."""
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/") + path
    if settings.trusted_proxy:
        proto = request.headers.get("x-forwarded-proto", request.url.scheme).split(",")[0].strip()
        host = request.headers.get("x-forwarded-host", request.headers.get("host", "")).split(",")[0].strip()
        return f"{proto}://{host}{path}"
    return str(request.url)


def signature_is_valid(request: Request, params: Mapping[str, str], settings: Settings) -> bool:
    if not settings.twilio_validate_signature:
        return True
    signature = request.headers.get("x-twilio-signature", "")
    if not settings.twilio_auth_token or not signature:
        log.warning("twilio.signature_missing token_configured=%s", bool(settings.twilio_auth_token))
        return False
    valid = RequestValidator(settings.twilio_auth_token).validate(public_url(request, settings), dict(params),
                                                                   signature)
    if not valid:
        log.warning("twilio.signature_invalid")
    return valid


def twiml(messages: list[str], media: list[str] | None = None) -> str:
    """One <Message> per chunk; media (a chart's public URL) rides on the last one."""
    response = MessagingResponse()
    for index, text in enumerate(messages):
        if index < len(messages) - 1 or not media:
            response.message(text)
            continue
        message = Message()
        message.body(text)
        for url in media:
            message.media(url)
        response.append(message)
    return str(response)


class TwilioSender:
    """Sends messages outside the webhook's reply (after a holding message)."""

    def __init__(self, settings: Settings) -> None:
        self._client = Client(settings.twilio_account_sid, settings.twilio_auth_token)
        if settings.twilio_api_base_url:
            self._client.api.base_url = settings.twilio_api_base_url.rstrip("/")

    def send(self, *, to: str, from_: str, messages: list[str]) -> None:
        for message in messages:
            self._client.messages.create(to=to, from_=from_, body=message)


def app_sender(app: Any) -> TwilioSender | None:
    """The app's Twilio REST sender (created once), or None without account credentials."""
    settings: Settings = app.state.settings
    if not (settings.twilio_account_sid and settings.twilio_auth_token):
        return None
    if getattr(app.state, "twilio_sender", None) is None:
        app.state.twilio_sender = TwilioSender(settings)
    return app.state.twilio_sender
