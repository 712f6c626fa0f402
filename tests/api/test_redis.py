"""Production state on a real Redis 8 with the JSON and Search modules (started by the tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from graph.settings import Settings
from nodes import wording
from stores.backend import redis_backend
from stores.checkpointers import RedisUnavailable
from stores.redis_dev_server import RedisDevServer, free_port, server_binary
from tests.api.conftest import TWILIO_TOKEN, messages_of, sign, whatsapp_params

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_server() -> Iterator[RedisDevServer]:
    with RedisDevServer() as server:
        yield server


@pytest.fixture
def redis_settings(redis_server: RedisDevServer, api_settings: Settings) -> Settings:
    return api_settings.model_copy(update={"redis_url": redis_server.url, "redis_ttl_days": 2})


def post(client, body: str, sid: str | None = None) -> list[str]:
    params = whatsapp_params(body, sid=sid)
    response = client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})
    assert response.status_code == 200, response.text
    return messages_of(response.text)


def test_keys_expire_after_the_configured_ttl(make_client, redis_settings, redis_server) -> None:
    client = make_client(redis_settings)
    post(client, "busco un jetta")
    r = redis.Redis.from_url(redis_server.url)
    keys = [k.decode() for k in r.keys("*") if not k.decode().startswith("lock:")]
    assert any(k.startswith("checkpoint") for k in keys) and any(k.startswith("conversation:") for k in keys)
    assert any(k.startswith("delivery:") for k in keys)
    two_days = 2 * 86400
    for key in keys:
        if r.type(key) in (b"none", b"index") or key == "conversations:by_updated":
            continue
        ttl = r.ttl(key)
        assert 0 < ttl <= two_days, (key, ttl)


def test_conversation_survives_a_redis_restart(make_client, redis_settings, redis_server) -> None:
    client = make_client(redis_settings)
    listing = post(client, "busco una troca automatica")
    assert "pickup" in listing[0]
    post(client, "el segundo")
    time.sleep(1.1)  # appendfsync everysec
    redis_server.restart()
    financing = post(client, "con 100 mil de enganche a 4 años")
    assert "4 años (48 meses)" in financing[0]
    trace = client.get(f"/webhook/conversation/{whatsapp_params('')['From']}/trace").json()["turns"]
    assert [t["turn"] for t in trace] == [1, 2, 3]
    assert [t["intent"] for t in trace] == ["search_cars", "car_details", "financing"]


def test_redis_down_answers_try_again_and_loses_nothing(make_client, redis_settings, redis_server) -> None:
    client = make_client(redis_settings)
    post(client, "busco un sedan de 300 mil")
    redis_server.stop()
    params = whatsapp_params("el primero", sid="SMwhileDown")
    response = client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})
    assert response.status_code == 503 and messages_of(response.text) == [wording.TRY_AGAIN]
    assert client.get("/ready").status_code == 503
    redis_server.start()
    # Twilio's retry of the same message now gets a real turn, built on the state from before
    details = post(client, "el primero", sid="SMwhileDown")
    assert "Precio:" in details[0]
    assert client.get("/ready").status_code == 200


def test_start_up_refuses_unreachable_or_moduleless_redis(tmp_path: Path) -> None:
    with pytest.raises(RedisUnavailable, match="cannot reach"):
        redis_backend(f"redis://127.0.0.1:{free_port()}/0", 1)
    port = free_port()
    plain = subprocess.Popen([str(server_binary()), "--port", str(port), "--save", "", "--dir", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        with pytest.raises(RedisUnavailable, match="lacks modules"):
            redis_backend(f"redis://127.0.0.1:{port}/0", 1)
    finally:
        plain.terminate()
        plain.wait(10)


def _start_worker(port: int, redis_url: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REDIS_URL": redis_url, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
           "CHECKPOINT_DB": str(tmp_path / "unused.sqlite")}
    env.pop("ADMIN_TOKEN", None)
    return subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_healthy(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("worker did not start")


@pytest.mark.slow
def test_two_processes_share_one_conversation(redis_server, tmp_path: Path) -> None:
    ports = [free_port(), free_port()]
    workers = [_start_worker(port, redis_server.url, tmp_path) for port in ports]
    try:
        for port, worker in zip(ports, workers):
            _wait_healthy(port, worker)

        def send(port: int, body: str) -> list[str]:
            url = f"http://127.0.0.1:{port}/webhook/whatsapp"
            params = whatsapp_params(body)
            response = httpx.post(url, data=params, headers={"X-Twilio-Signature": sign(params, url=url)}, timeout=10)
            assert response.status_code == 200, response.text
            return messages_of(response.text)

        listing = send(ports[0], "busco una camioneta automatica de hasta 500 mil")
        second_title = listing[0].split("\n2. *")[1].split("*")[0]
        details = send(ports[1], "el segundo")
        assert details[0].startswith(f"*{second_title}*")
        financing = send(ports[0], "con 20% de enganche a 6 años")
        assert "6 años (72 meses)" in financing[0]
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(15)
