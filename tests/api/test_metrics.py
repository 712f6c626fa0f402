"""`GET /metrics`: Prometheus text that counts what the turns did (and names no buyer)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.conftest import BUYER, sign, whatsapp_params


def sample(text: str, name: str, labels: str = "") -> float:
    match = re.search(rf"^{re.escape(name)}{re.escape(labels)} ([0-9.e+]+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def test_metrics_count_turns_tools_duplicates_and_latency(client: TestClient) -> None:
    before = client.get("/metrics").text
    params = whatsapp_params("busco una troca automatica de unos 400 mil")
    for _ in range(2):  # Twilio retries the same MessageSid: one turn, one duplicate absorbed
        client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})
    after = client.get("/metrics")
    assert after.status_code == 200 and after.headers["content-type"].startswith("text/plain")
    text = after.text
    turns = '{action="search",intent="search_cars"}'
    assert sample(text, "agent_turns_total", turns) == sample(before, "agent_turns_total", turns) + 1
    assert sample(text, "agent_tool_calls_total", '{tool="search_cars"}') >= 1
    assert sample(text, "agent_webhook_duplicates_total") == sample(before, "agent_webhook_duplicates_total") + 1
    assert sample(text, "agent_turn_seconds_count") == sample(before, "agent_turn_seconds_count") + 1
    assert BUYER not in text and "5512345678" not in text
