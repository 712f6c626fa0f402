"""Handoff end to end over the signed WhatsApp webhook: the buyer asks for a person, the bot goes quiet, the buyer's
next messages are kept in order, an operator replies (Twilio REST, a local fake) and releases, the bot answers again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.settings import Settings
from nodes import wording
from stores.redis_dev_server import RedisDevServer
from tests.api.conftest import BUYER, messages_of, sign, whatsapp_params
from tests.api.test_late_reply import FakeTwilio, fake_twilio  # noqa: F401 (fixture)

ADMIN = {"Authorization": "Bearer operator-token"}


@pytest.fixture(params=["sqlite", "redis"])
def operator_settings(request: pytest.FixtureRequest, api_settings: Settings, fake_twilio: str) -> Any:  # noqa: F811
    update = {"admin_token": "operator-token", "twilio_account_sid": "AC" + "1" * 32,
              "twilio_api_base_url": fake_twilio, "twilio_whatsapp_from": "whatsapp:+14155238886"}
    if request.param == "sqlite":
        yield api_settings.model_copy(update=update)
        return
    with RedisDevServer() as server:
        yield api_settings.model_copy(update={**update, "redis_url": server.url})


def send(client: TestClient, text: str) -> list[str]:
    params = whatsapp_params(text)
    response = client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})
    assert response.status_code == 200
    return messages_of(response.text)


def test_handoff_over_the_webhook(make_client: Callable[..., TestClient], operator_settings: Settings) -> None:
    client = make_client(operator_settings)
    assert send(client, "busco una camioneta automatica hasta 400 mil")
    assert send(client, "quiero hablar con un asesor, por favor") == [wording.HANDOFF]

    assert send(client, "hola? sigue ahi alguien?") == []  # the bot stays quiet
    assert send(client, "es para la camioneta que me mostraron") == []
    assert client.get("/operator/handoffs").status_code == 401  # the operator token is required
    [waiting] = client.get("/operator/handoffs", headers=ADMIN).json()["handoffs"]
    assert waiting["conversation_id"] == BUYER and waiting["reason"] == "buyer_asked"
    assert waiting["summary"]["slots"]["body_type"] == "suv" and waiting["summary"]["cars_shown"]
    assert [m["text"] for m in waiting["messages"]] == ["hola? sigue ahi alguien?", "es para la camioneta que me mostraron"]

    FakeTwilio.received = []
    sent = client.post(f"/operator/handoffs/{BUYER}/reply", json={"text": "Hola, soy Marco, ¿te marco?"}, headers=ADMIN)
    assert sent.status_code == 200
    [delivered] = FakeTwilio.received
    assert delivered["To"] == [BUYER] and delivered["Body"] == ["Hola, soy Marco, ¿te marco?"]
    detail = client.get(f"/operator/handoffs/{BUYER}", headers=ADMIN).json()
    assert [m["role"] for m in detail["messages"]] == ["buyer", "buyer", "operator"]

    assert client.post(f"/operator/handoffs/{BUYER}/release", headers=ADMIN).status_code == 200
    assert client.get("/operator/handoffs", headers=ADMIN).json()["handoffs"] == []
    reply = send(client, "y tienen en gris?")
    assert reply and reply != [wording.HANDOFF]  # the bot answers again, with the state it had


def test_three_misunderstood_turns_hand_over(make_client: Callable[..., TestClient],
                                             operator_settings: Settings) -> None:
    client = make_client(operator_settings)
    replies = [send(client, text) for text in ("cuentame un chiste", "y el clima de mañana?", "quien gano el futbol")]
    assert replies[-1] == [wording.HANDOFF_MISUNDERSTOOD]
    [waiting] = client.get("/operator/handoffs", headers=ADMIN).json()["handoffs"]
    assert waiting["reason"] == "repeated_misunderstanding"
    assert send(client, "hola?") == []


def test_operator_sees_appointments_by_day(make_client: Callable[..., TestClient], operator_settings: Settings) -> None:
    client = make_client(operator_settings)
    found = client.get("/operator/appointments", params={"day": "2026-11-28"}, headers=ADMIN)
    assert found.status_code == 200 and found.json() == {"day": "2026-11-28", "appointments": []}
    assert client.get("/operator/appointments", params={"day": "mañana"}, headers=ADMIN).status_code == 422
