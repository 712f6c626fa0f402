"""Malformed input the schemathesis run found answered with a 5xx, now a clear 4xx: an offset past SQLite's integers,
a simulator catalog that cannot be read, and conversation ids the Redis checkpointer's search cannot take."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.schemas import is_conversation_id
from graph.settings import Settings
from stores.redis_dev_server import RedisDevServer
from tests.api.conftest import sign, whatsapp_params


@pytest.mark.parametrize(("value", "valid"), [
    ("whatsapp:+5215512345678", True), ("qa-001", True), ("ñandú", True), ("a b", True), ("_1", True),
    ("_", False), ("`", False), ("_`", False), ("", False), ("\x1f", False), ("a\x00b", False), ("abc\n", False),
    ("😀", False), ("x" * 201, False),
])
def test_conversation_ids(value: str, valid: bool) -> None:
    assert is_conversation_id(value) is valid


def test_huge_offset_is_a_422(client) -> None:
    assert client.get("/webhook/conversations", params={"offset": 2**63}).status_code == 422


def test_unreadable_simulator_catalog_is_a_422(client, tmp_path: Path) -> None:
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(b for b in range(1, 256) if b not in b'\n\r,"') * 1000)  # one endless field
    for path in ("\x00", str(tmp_path / "missing.csv"), str(tmp_path), str(binary)):
        response = client.post("/simulator/api/turn", json={"session_id": "sim-1", "message": "hola",
                                                            "catalog_path": path})
        assert response.status_code == 422, (path, response.text)
        assert "catalog_path" in response.json()["detail"]


@pytest.fixture(params=["sqlite", "redis"])
def any_backend(request: pytest.FixtureRequest, api_settings: Settings):
    if request.param == "sqlite":
        yield api_settings
        return
    with RedisDevServer() as server:
        yield api_settings.model_copy(update={"redis_url": server.url})


def test_ids_the_stores_cannot_take_are_refused_not_failed(make_client, any_backend: Settings) -> None:
    client = make_client(any_backend)
    for bad in ("_", "%1F", "%60"):
        assert client.delete(f"/webhook/conversation/{bad}").status_code == 422
        assert client.get(f"/webhook/conversation/{bad}/trace").status_code == 422
        assert client.get(f"/operator/handoffs/{bad}").status_code == 422
        assert client.get(f"/simulator/api/golden/{bad}").status_code == 422
    assert client.post("/webhook/test", json={"session_id": "_", "message": "hola"}).status_code == 422
    params = whatsapp_params("hola", sender="_")
    response = client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})
    assert response.status_code == 400
    assert client.delete("/webhook/conversation/whatsapp:+5215500000000").status_code == 404  # a real id: unknown
