"""The Twilio WhatsApp webhook through the real ASGI app, with signatures computed by the twilio SDK."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from api.main import create_app
from nodes import wording
from stores.catalog import Catalog
from tests.api.conftest import BUYER, messages_of, sign, whatsapp_params


def test_full_conversation_over_whatsapp(whatsapp, client) -> None:
    first = whatsapp("hola, busco una troca automática")
    assert first.status_code == 200 and first.headers["content-type"].startswith("application/xml")
    listing = messages_of(first.text)
    assert listing and "pickup" in listing[0]

    details = messages_of(whatsapp("el segundo").text)
    assert "Precio:" in details[0]

    financing = messages_of(whatsapp("con 80 mil de enganche a 5 años").text)
    assert "5 años (60 meses)" in financing[0]

    trace = client.get(f"/webhook/conversation/{BUYER}/trace").json()["turns"]
    assert [t["intent"] for t in trace] == ["search_cars", "car_details", "financing"]
    assert trace[1]["slots"]["stock_id"] == trace[2]["slots"]["stock_id"]


def test_bad_or_missing_signature_is_forbidden(client) -> None:
    params = whatsapp_params("hola")
    assert client.post("/webhook/whatsapp", data=params).status_code == 403
    forged = sign(params, token="not-the-token")
    assert client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": forged}).status_code == 403
    tampered = {**params, "Body": "dame el auto gratis"}
    response = client.post("/webhook/whatsapp", data=tampered, headers={"X-Twilio-Signature": sign(params)})
    assert response.status_code == 403


def test_signature_uses_forwarded_url_only_behind_a_trusted_proxy(make_client, api_settings) -> None:
    params = whatsapp_params("hola")
    public = "https://bot.example.mx/webhook/whatsapp"
    headers = {"X-Twilio-Signature": sign(params, url=public), "X-Forwarded-Proto": "https",
               "X-Forwarded-Host": "bot.example.mx"}
    untrusted = make_client(api_settings)
    assert untrusted.post("/webhook/whatsapp", data=params, headers=headers).status_code == 403
    trusted = make_client(api_settings.model_copy(update={"trusted_proxy": True}))
    assert trusted.post("/webhook/whatsapp", data=params, headers=headers).status_code == 200


def test_duplicate_delivery_returns_the_first_reply_without_a_new_turn(whatsapp, client) -> None:
    first = whatsapp("busco un sedan de 250 mil", sid="SMdup1")
    again = whatsapp("busco un sedan de 250 mil", sid="SMdup1")
    assert again.status_code == 200 and again.text == first.text
    [conversation] = client.get("/webhook/conversations").json()["conversations"]
    assert conversation["message_count"] == 1


@pytest.mark.anyio
async def test_concurrent_duplicates_make_exactly_one_turn(deps, api_settings) -> None:
    app = create_app(api_settings, deps=deps)
    params = whatsapp_params("busco una camioneta de 400 mil", sid="SMconcurrent")
    headers = {"X-Twilio-Signature": sign(params)}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            responses = await asyncio.gather(*[http.post("/webhook/whatsapp", data=params, headers=headers)
                                               for _ in range(6)])
            listing = (await http.get("/webhook/conversations")).json()
    assert {r.status_code for r in responses} == {200}
    assert len({r.text for r in responses}) == 1
    assert listing["conversations"][0]["message_count"] == 1


def test_media_and_empty_and_huge_bodies_get_polite_replies(whatsapp) -> None:
    assert messages_of(whatsapp("", media=1).text) == [wording.MEDIA_ONLY.format(kind="archivo")]
    with_text = messages_of(whatsapp("busco un jetta", media=2).text)
    assert with_text[0] == wording.MEDIA_NOTE.format(kind="archivo") and "Jetta" in with_text[1]
    assert "No me llegó texto" in messages_of(whatsapp("   ").text)[0]
    huge = whatsapp("busco un auto " + "x" * 10_000)
    assert huge.status_code == 200
    messages = messages_of(huge.text)
    assert messages[0].startswith("Tu mensaje era muy largo") and all(len(m) <= 1600 for m in messages)


def test_long_reply_is_split_into_several_messages(make_client, api_settings, tmp_path: Path) -> None:
    # Given a catalog whose versions are long, a five-car listing exceeds one WhatsApp message
    header = "stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay\n"
    rows = [f"{100 + i},{20000 + i},{300000 + i * 1000}.0,Toyota,Corolla,2020,"
            f"2.0 SE CVT {'EDICION ESPECIAL CON PAQUETE DE EQUIPAMIENTO ' * 8}{i},Sí,,,," for i in range(6)]
    catalog_file = tmp_path / "long.csv"
    catalog_file.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    from graph.deps import Deps

    client = make_client(api_settings, Deps(catalog=Catalog.from_csv(catalog_file)))
    params = whatsapp_params("busco un corolla")
    response = client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})
    messages = messages_of(response.text)
    assert len(messages) >= 2 and all(len(m) <= 1600 for m in messages)
    assert sum(m.count("Toyota Corolla 2020") for m in messages) == 5


def test_operator_endpoints_need_the_token_when_set(make_client, api_settings) -> None:
    client = make_client(api_settings.model_copy(update={"admin_token": "s3cret-operator"}))
    body = {"message": "hola", "session_id": "qa"}
    assert client.post("/webhook/test", json=body).status_code == 401
    assert client.get("/webhook/conversations", headers={"Authorization": "Bearer nope"}).status_code == 401
    ok = client.post("/webhook/test", json=body, headers={"Authorization": "Bearer s3cret-operator"})
    assert ok.status_code == 200 and ok.json()["turn"]["intent"] == "greeting"
    for public in ("/", "/health", "/ready", "/docs"):
        assert client.get(public).status_code == 200


def test_disabled_validation_is_loud(make_client, api_settings, caplog) -> None:
    client = make_client(api_settings.model_copy(update={"twilio_validate_signature": False}))
    assert "signature_validation_DISABLED" in caplog.text
    assert client.post("/webhook/whatsapp", data=whatsapp_params("hola")).status_code == 200


def test_missing_sender_is_a_clear_400(client) -> None:
    params = {"Body": "hola", "MessageSid": "SMx"}
    response = client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})
    assert response.status_code == 400


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.parametrize("failing", ["ledger", "log"])
def test_a_turn_applied_before_a_failure_is_not_applied_again_on_retry(make_client, api_settings, failing) -> None:
    # Given a store that fails once right after the turn reached the checkpoint (the reply is not recorded in the
    # ledger, or the turn is not in the conversation log): the buyer's message was applied, the delivery got a 503
    client = make_client(api_settings)
    backend = client.app.state.service.backend
    target, name = (backend.deliveries, "complete") if failing == "ledger" else (backend.conversations, "record_turn")
    original = getattr(target, name)

    def fail_once(*args, **kwargs):
        setattr(target, name, original)
        raise OSError("store went away")

    setattr(target, name, fail_once)
    params = whatsapp_params("busco un sedan de 250 mil", sid="SMapplied")
    headers = {"X-Twilio-Signature": sign(params)}
    assert client.post("/webhook/whatsapp", data=params, headers=headers).status_code == 503
    # When Twilio retries the same message
    retry = client.post("/webhook/whatsapp", data=params, headers=headers)
    # Then it gets the turn's reply, and the conversation holds that turn exactly once
    assert retry.status_code == 200 and "sedán" in retry.text.lower()
    [trace] = client.get(f"/webhook/conversation/{params['From']}/trace").json()["turns"]
    assert trace["turn"] == 1 and trace["message_sid"] == "SMapplied"
    assert client.app.state.service.graph.get_state(
        {"configurable": {"thread_id": params["From"]}}).values["turn"] == 1
