"""Secrets never reach the logs: the operator token, the Twilio auth token, the LLM key and Redis's password, neither
in a normal run nor when authentication fails, a signature is bad or the LLM is unreachable."""

from __future__ import annotations

import logging
import secrets
from dataclasses import replace
from pathlib import Path

import pytest
import redis

from api.logs import configure_logging, mask, register_secrets
from graph.deps import Deps
from graph.settings import Settings
from nodes.llm import LLMAdvisor
from stores.redis_dev_server import RedisDevServer, free_port
from tests.api.conftest import TWILIO_TOKEN, sign, whatsapp_params


@pytest.fixture
def locked_redis() -> tuple[RedisDevServer, str]:
    password = "redis-pw-" + secrets.token_hex(12)
    with RedisDevServer() as server:
        redis.Redis.from_url(server.url).config_set("requirepass", password)
        yield server, password


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_no_secret_in_the_logs(log_format: str, locked_redis: tuple[RedisDevServer, str], make_client, deps: Deps,
                               tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server, redis_password = locked_redis
    admin_token, openai_key = "adm-" + secrets.token_hex(16), "sk-" + secrets.token_hex(24)
    settings = Settings(checkpoint_db=tmp_path / "state.sqlite", admin_token=admin_token,
                        twilio_auth_token=TWILIO_TOKEN, openai_api_key=openai_key,
                        openai_base_url=f"http://127.0.0.1:{free_port()}/v1",  # nothing listens: every call fails
                        redis_url=f"redis://:{redis_password}@127.0.0.1:{server.port}/0", log_format=log_format)
    configure_logging(log_format, level=logging.DEBUG)
    try:
        client = make_client(settings, replace(deps, llm=LLMAdvisor.from_settings(settings)))
        operator = {"Authorization": f"Bearer {admin_token}"}
        assert client.get("/webhook/conversations", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/webhook/conversations", headers=operator).status_code == 200
        params = whatsapp_params("busco un jetta")
        assert client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": "bad"}).status_code == 403
        good = whatsapp_params("busco un jetta 2019")
        assert client.post("/webhook/whatsapp", data=good, headers={"X-Twilio-Signature": sign(good)}).status_code == 200
        turn = client.post("/webhook/test", json={"message": "¿y a 4 años?", "session_id": "qa"}, headers=operator)
        assert turn.status_code == 200
        assert client.get("/ready").status_code == 200
        server.stop()  # the store fails: errors and tracebacks are logged
        failing = whatsapp_params("el primero")
        response = client.post("/webhook/whatsapp", data=failing, headers={"X-Twilio-Signature": sign(failing)})
        assert response.status_code == 503
        logging.getLogger("probe").error("connecting to %s", settings.redis_url)  # a careless line elsewhere
        out = capsys.readouterr().out
    finally:
        logging.getLogger().handlers.clear()
    assert "webhook.turn_failed" in out and "twilio.signature_invalid" in out  # the run did log its failures
    assert "llm.call_failed" in out
    for secret in (admin_token, TWILIO_TOKEN, openai_key, redis_password):
        assert secret not in out


def test_mask_hides_registered_secrets_and_url_credentials() -> None:
    register_secrets(["tok-0123456789abcdef"])
    assert mask("bearer tok-0123456789abcdef used") == "bearer *** used"
    assert mask("redis://:hunter2-password@10.0.0.5:6379/0") == "redis://:***@10.0.0.5:6379/0"
    assert mask("rediss://default:pw%40x@cache:6380") == "rediss://default:***@cache:6380"
    assert mask("https://api.example.com/v1 and 250000 pesos") == "https://api.example.com/v1 and 250000 pesos"
