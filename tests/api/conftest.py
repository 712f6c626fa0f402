"""API fixtures: the real app over httpx, Twilio-signed requests, a temp SQLite backend."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from api.main import create_app
from graph.deps import Deps
from graph.settings import Settings

TWILIO_TOKEN = "test-auth-token-0123456789"
WEBHOOK_URL = "http://testserver/webhook/whatsapp"
BUYER = "whatsapp:+5215512345678"


def sign(params: dict[str, str], url: str = WEBHOOK_URL, token: str = TWILIO_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def whatsapp_params(body: str, *, sender: str = BUYER, sid: str | None = None, media: int = 0) -> dict[str, str]:
    return {"Body": body, "From": sender, "To": "whatsapp:+14155238886", "NumMedia": str(media),
            "MessageSid": sid or f"SM{uuid.uuid4().hex}", "ProfileName": "Ana"}


def messages_of(twiml: str) -> list[str]:
    return [(m.text or "").strip() or (m.findtext("Body") or "") for m in ElementTree.fromstring(twiml).iter("Message")]


@pytest.fixture
def api_settings(tmp_path: Path) -> Settings:
    return Settings(checkpoint_db=tmp_path / "state.sqlite", twilio_auth_token=TWILIO_TOKEN,
                    twilio_validate_signature=True)


@pytest.fixture
def make_client(deps: Deps) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(settings: Settings, agent_deps: Deps | None = None) -> TestClient:
        client = TestClient(create_app(settings, deps=agent_deps or deps))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient], api_settings: Settings) -> TestClient:
    return make_client(api_settings)


@pytest.fixture
def whatsapp(client: TestClient) -> Callable[..., Any]:
    """POST a signed WhatsApp message; returns the response."""

    def send(body: str, **kwargs: Any) -> Any:
        params = whatsapp_params(body, **kwargs)
        return client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})

    return send
