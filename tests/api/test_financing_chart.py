"""A financing chart on WhatsApp: a PNG whose figures are the financing tool's, attached as <Media> to the reply,
at a URL that says nothing about another conversation's chart."""

from __future__ import annotations

from decimal import Decimal
from xml.etree import ElementTree

from fastapi.testclient import TestClient

from graph.settings import Settings
from tests.api.conftest import sign, whatsapp_params
from tools.financing import compare_terms
from tools.financing_chart import term_chart


def test_the_chart_writes_the_financing_tools_figures_to_the_centavo() -> None:
    plans = compare_terms(car_price=Decimal("289999"), down_payment=Decimal("60000"))
    chart = term_chart(plans)
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n") and len(chart.png) > 5_000
    assert chart.labels == [f"${p.monthly_payment:,.2f}" for p in plans] + [f"${p.total_interest:,.2f}" for p in plans]


def media_urls(twiml: str) -> list[str]:
    return [m.text or "" for m in ElementTree.fromstring(twiml).iter("Media")]


def send(client: TestClient, text: str, sender: str, url: str = "http://testserver/webhook/whatsapp") -> str:
    params = whatsapp_params(text, sender=sender)
    return client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params, url)}).text


def test_the_chart_rides_on_the_reply_at_an_unguessable_url(make_client, api_settings: Settings) -> None:
    settings = api_settings.model_copy(update={"public_base_url": "https://bot.example.mx"})
    client = make_client(settings)
    urls = []
    for buyer in ("whatsapp:+5215511110001", "whatsapp:+5215511110002"):
        public = "https://bot.example.mx/webhook/whatsapp"  # what Twilio signs behind the public URL
        send(client, "quiero financiar un auto de 300 mil", buyer, public)
        reply = send(client, "le doy 60 mil de enganche", buyer, public)
        [url] = media_urls(reply)
        assert url.startswith("https://bot.example.mx/media/") and url.endswith(".png")
        urls.append(url)
    first, second = (u.removeprefix("https://bot.example.mx") for u in urls)
    assert first != second and len(first.split("/")[-1]) >= 26  # 128 random bits each
    image = client.get(first)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert client.get(first[:-8] + "AAAA.png").status_code == 404


def test_no_public_url_no_media(client: TestClient) -> None:
    send(client, "quiero financiar un auto de 300 mil", "whatsapp:+5215511110003")
    assert media_urls(send(client, "le doy 60 mil de enganche", "whatsapp:+5215511110003")) == []
