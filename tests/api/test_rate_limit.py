"""Per-sender rate limit on the WhatsApp webhook: a burst, then a steady rate; over it one polite note and then
silence (TwiML 200, Twilio must not retry); Twilio's retries and unsigned requests cost no budget; shared by every
worker on Redis."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from graph.settings import Settings
from nodes import wording
from stores.rate_limits import Decision, LocalRateLimiter, RateLimiter, RedisRateLimiter
from stores.redis_dev_server import RedisDevServer
from tests.api.conftest import BUYER, messages_of, sign, whatsapp_params
from tests.api.test_metrics import sample

OTHER_BUYER = "whatsapp:+5213398765432"


# --- the limiter on its own, in memory and in Redis ---------------------------------------------------------------

@pytest.fixture(params=["local", "redis"])
def limiter(request: pytest.FixtureRequest) -> Iterator[tuple[RateLimiter, Callable[[float], None]]]:
    """A limiter with a 0.5 s notice window, and how to let time pass for it."""
    if request.param == "local":
        now = [1000.0]
        local = LocalRateLimiter(clock=lambda: now[0], notice_window_s=0.5)

        def advance(seconds: float) -> None:
            now[0] += seconds

        yield local, advance
        return
    with RedisDevServer() as server:  # the script reads Redis's clock: time really passes
        yield RedisRateLimiter(redis.Redis.from_url(server.url), notice_window_s=0.5), time.sleep


def test_burst_then_one_note_then_silence_then_refill(limiter: tuple[RateLimiter, Any]) -> None:
    rate_limits, wait = limiter
    counter = iter(range(1000))

    def hit(sender: str = BUYER) -> Decision:  # 240 a minute: one message back every 0.25 s
        return rate_limits.hit(sender, f"SM{next(counter)}", burst=3, per_minute=240)

    assert [hit() for _ in range(5)] == [Decision.ALLOW] * 3 + [Decision.NOTIFY, Decision.DROP]
    assert hit(OTHER_BUYER) is Decision.ALLOW  # senders do not share a bucket
    wait(0.3)
    assert hit() is Decision.ALLOW  # one message back
    assert hit() is Decision.DROP  # still within the notice window: no second note
    wait(0.3)
    assert hit() is Decision.ALLOW
    assert hit() is Decision.NOTIFY  # a new window: one more note
    wait(0.8)  # the whole burst back, never more
    assert [hit() for _ in range(4)] == [Decision.ALLOW] * 3 + [Decision.NOTIFY]


def test_a_retried_message_sid_costs_nothing_and_gets_its_first_decision(limiter: tuple[RateLimiter, Any]) -> None:
    rate_limits, _ = limiter

    def hit(sid: str) -> Decision:
        return rate_limits.hit(BUYER, sid, burst=2, per_minute=1)

    assert [hit("SMa") for _ in range(5)] == [Decision.ALLOW] * 5
    assert hit("SMb") is Decision.ALLOW
    assert hit("SMc") is Decision.NOTIFY
    assert hit("SMd") is Decision.DROP
    assert (hit("SMa"), hit("SMc"), hit("SMd")) == (Decision.ALLOW, Decision.NOTIFY, Decision.DROP)


def test_local_limiter_forgets_idle_senders_and_old_messages() -> None:
    now = [0.0]
    rate_limits = LocalRateLimiter(clock=lambda: now[0], seen_ttl_s=120)
    for index in range(50):
        rate_limits.hit(f"whatsapp:+52155{index:08d}", f"SM{index}", burst=8, per_minute=20)
    now[0] = 500.0
    rate_limits.hit(BUYER, "SMlast", burst=8, per_minute=20)
    assert list(rate_limits._buckets) == [BUYER] and list(rate_limits._seen) == ["SMlast"]


# --- the webhook ----------------------------------------------------------------------------------------------------

@pytest.fixture
def limited_settings(api_settings: Settings) -> Settings:
    """Three messages in a row, then one a minute: nothing refills during a test."""
    return api_settings.model_copy(update={"rate_limit_burst": 3, "rate_limit_per_minute": 1})


def post(client: TestClient, body: str, sender: str = BUYER, sid: str | None = None,
         signature: str | None = None) -> Any:
    params = whatsapp_params(body, sender=sender, sid=sid)
    return client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": signature or sign(params)})


def replies(client: TestClient, body: str, **kwargs: Any) -> list[str]:
    response = post(client, body, **kwargs)
    assert response.status_code == 200, response.text
    return messages_of(response.text)


def test_over_the_limit_one_polite_note_then_empty_twiml(make_client, limited_settings,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    client = make_client(limited_settings)
    before = client.get("/metrics").text
    for text in ("hola", "busco un sedan de 300 mil", "el primero"):
        answered = replies(client, text)
        assert answered and wording.RATE_LIMITED not in answered
    with caplog.at_level(logging.INFO):
        assert replies(client, "a 4 años") == [wording.RATE_LIMITED]
        silent = post(client, "¿sigues ahí?")
        assert silent.status_code == 200 and silent.headers["content-type"].startswith("application/xml")
        assert messages_of(silent.text) == []
    assert replies(client, "hola", sender=OTHER_BUYER)  # another buyer is not affected
    after = client.get("/metrics").text
    for answer in ("notice", "silent"):
        name, labels = "agent_webhook_rate_limited_total", f'{{answer="{answer}"}}'
        assert sample(after, name, labels) == sample(before, name, labels) + 1
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("webhook.rate_limited")]
    assert "***5678" in line and "5512345678" not in line
    trace = client.get(f"/webhook/conversation/{BUYER}/trace").json()["turns"]
    assert len(trace) == 3  # the refused messages ran no turn


def test_twilio_retries_and_bad_signatures_cost_no_budget(make_client, limited_settings) -> None:
    client = make_client(limited_settings)
    for _ in range(4):
        assert post(client, "hola", signature="forged").status_code == 403
    first = replies(client, "busco una troca automatica", sid="SMfirst")
    for _ in range(3):  # Twilio retrying the same message: the first reply again, no budget spent
        assert replies(client, "busco una troca automatica", sid="SMfirst") == first
    assert wording.RATE_LIMITED not in replies(client, "el segundo")
    assert wording.RATE_LIMITED not in replies(client, "a 4 años")
    assert replies(client, "gracias") == [wording.RATE_LIMITED]
    assert replies(client, "busco una troca automatica", sid="SMfirst") == first  # a late retry still gets it


def test_rate_limit_off_with_zero_per_minute(make_client, api_settings) -> None:
    client = make_client(api_settings.model_copy(update={"rate_limit_burst": 1, "rate_limit_per_minute": 0}))
    for text in ("hola", "busco un jetta", "el primero"):
        assert wording.RATE_LIMITED not in replies(client, text)


def test_settings_default_to_a_person_typing() -> None:
    settings = Settings(_env_file=None)
    assert settings.rate_limit_burst == 8 and settings.rate_limit_per_minute == 20


def test_workers_share_the_budget_on_redis(make_client, limited_settings) -> None:
    with RedisDevServer() as server:
        settings = limited_settings.model_copy(update={"redis_url": server.url})
        first, second = make_client(settings), make_client(settings)  # two workers, one Redis
        greeting = replies(first, "hola", sid="SMone")
        assert replies(second, "hola", sid="SMone") == greeting  # a retry landing on the other worker: no budget
        assert replies(second, "busco un jetta") and replies(first, "el primero")
        assert replies(second, "a 4 años") == [wording.RATE_LIMITED]
        assert replies(first, "¿sigues?") == []
        assert replies(first, "hola", sender=OTHER_BUYER)
        keys = redis.Redis.from_url(server.url).keys("ratelimit:*")
        assert keys and all(0 < redis.Redis.from_url(server.url).ttl(key) <= 3600 + 60 for key in keys)
