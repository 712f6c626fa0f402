"""The simulator and the operator inbox in a real browser: Debian's Chromium, driven by Playwright, against the app
on loopback. Screenshots go to tests/browser/screenshots/ (ignored by git)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from api.main import create_app
from graph.deps import Deps
from graph.settings import Settings
from tests.api.test_late_reply import FakeTwilio, fake_twilio  # noqa: F401 (fixture)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).parent / "screenshots"
TOKEN = "browser-operator-token"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                                                           "(.ci/run installs it)")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def base_url(tmp_path: Path, deps: Deps, fake_twilio: str) -> Iterator[str]:  # noqa: F811
    settings = Settings(checkpoint_db=tmp_path / "state.sqlite", admin_token=TOKEN, twilio_auth_token="t" * 32,
                        twilio_account_sid="AC" + "2" * 32, twilio_api_base_url=fake_twilio,
                        twilio_whatsapp_from="whatsapp:+14155238886", llm_rephrase=False)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, deps=deps), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(base_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        yield page
        browser.close()


def say(page, text: str, replies_before: int) -> None:  # noqa: ANN001 (Playwright page)
    page.fill("#text", text)
    page.click("#send")
    page.wait_for_function(f"document.querySelectorAll('.bubble.agent').length > {replies_before}", timeout=20_000)


def test_simulator_then_operator(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(f"{base_url}/simulator")
    page.fill("#token", TOKEN)
    say(page, "busco una camioneta automatica hasta 400 mil", 0)
    assert "Encontré" in page.inner_text("#messages")
    assert page.inner_text("#intent") == "search_cars"
    assert "body_type" in page.inner_text(".slots-diff") and "suv" in page.inner_text(".slots-diff")
    assert "classify_intent" in page.inner_text("#path") and "search_cars" in page.inner_text("#tools")
    assert "fundamentada" in page.inner_text("#verification")
    say(page, "el segundo", page.locator(".bubble.agent").count())
    assert page.inner_text("#intent") == "car_details"
    page.screenshot(path=str(SHOTS / "simulator.png"))

    page.click("#export")
    page.wait_for_selector("#golden-yaml")
    golden = page.inner_text("#golden-yaml")
    assert "turns:" in golden and "user: busco una camioneta automatica hasta 400 mil" in golden
    assert "intent: car_details" in golden
    page.click("#replay")
    page.wait_for_selector("#replay-table")
    assert page.locator("#replay-table .ok").count() == 2  # the same graph answers the same way

    say(page, "quiero hablar con un asesor", page.locator(".bubble.agent").count())
    assert "le pedí a un asesor" in page.inner_text("#messages")
    session = page.inner_text("#session")

    page.evaluate("sessionStorage.clear()")  # a fresh operator session: the login form asks for the token
    page.goto(f"{base_url}/operator")
    page.wait_for_selector("#login:not(.hidden)")
    assert "token" not in page.url
    page.fill("#login #token", TOKEN)
    page.click("#login button")
    card = page.locator(f".handoff[data-conversation='{session}']")
    card.wait_for(timeout=15_000)
    assert "buyer_asked" in card.inner_text() and "suv" in card.inner_text()
    page.screenshot(path=str(SHOTS / "operator.png"))
    FakeTwilio.received = []
    card.locator("input[name=text]").fill("Hola, soy Marco, ¿te marco?")
    card.locator(".reply button").click()
    page.wait_for_function("document.querySelector('.handoff .messages').innerText.includes('Marco')")
    assert FakeTwilio.received and FakeTwilio.received[0]["Body"] == ["Hola, soy Marco, ¿te marco?"]
    card.locator(".release").click()
    page.wait_for_selector("#no-handoffs")


def test_simulator_runs_on_another_catalog_without_the_llm(page, base_url: str, tmp_path: Path) -> None:  # noqa: ANN001
    catalog = tmp_path / "other.csv"
    catalog.write_text("stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay\n"
                       "SIM-77,12345,333333.0,Nissan,Kicks,2024,EXCLUSIVE CVT,Sí,,,,Sí\n", encoding="utf-8")
    page.goto(f"{base_url}/simulator")
    page.fill("#token", TOKEN)
    page.uncheck("#use-llm")
    page.fill("#catalog", str(catalog))
    say(page, "tienen kicks?", 0)
    assert "Nissan Kicks 2024" in page.inner_text("#messages") and "$333,333" in page.inner_text("#messages")
    assert "SIM-77" in page.inner_text("#tools")
