"""Operator logs: JSON lines with one line per turn; phone numbers never appear beyond their last four digits."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from api.logs import configure_logging, mask
from tests.api.conftest import BUYER, sign, whatsapp_params


@pytest.mark.parametrize(("text", "shown"), [
    ("whatsapp:+5215512345678", "***5678"), ("+52 1 55 1234 5678", "***5678"), ("tel 55-1234-5678", "tel ***5678"),
    ("precio 250000, 1 200 000 pesos, stock 714006, 2021", "precio 250000, 1 200 000 pesos, stock 714006, 2021"),
])
def test_mask(text: str, shown: str) -> None:
    assert mask(text) == shown


def test_one_json_line_per_turn_with_the_number_masked(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("json")
    try:
        params = whatsapp_params("busco un jetta 2019, mi cel es 55 8765 4321")
        capsys.readouterr()
        client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    finally:
        logging.getLogger().handlers.clear()
    [turn] = [line for line in lines if line["msg"] == "turn.done"]
    assert turn["conversation"] == "***5678" and turn["intent"] == "search_cars"
    assert turn["path"][0] == "ingest" and turn["ms"] > 0
    everything = json.dumps(lines)
    assert BUYER not in everything and "5512345678" not in everything and "8765 4321" not in everything
