"""A turn slower than Twilio's patience: holding message now, the real reply via the REST API."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from graph.deps import Deps
from nodes import wording
from nodes.llm import LLMAdvisor
from tests.api.conftest import messages_of, sign, whatsapp_params


class SlowChatModel(BaseChatModel):
    """A chat model that takes longer than the webhook deadline (and proposes nothing usable)."""

    delay_s: float = 0.6

    @property
    def _llm_type(self) -> str:
        return "slow-fake"

    def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        time.sleep(self.delay_s)
        return ChatResult(generations=[ChatGeneration(message=AIMessage("no json here"))])


class FakeTwilio(BaseHTTPRequestHandler):
    received: list[dict[str, list[str]]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length", 0))
        FakeTwilio.received.append({"path": [self.path], **parse_qs(self.rfile.read(length).decode())})
        body = json.dumps({"sid": "SMfake", "status": "queued", "body": "x"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_twilio() -> Iterator[str]:
    FakeTwilio.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_slow_turn_answers_holding_then_sends_the_reply(make_client, api_settings, catalog, fake_twilio) -> None:
    settings = api_settings.model_copy(update={"turn_deadline_s": 0.2, "twilio_account_sid": "AC" + "0" * 32,
                                               "twilio_api_base_url": fake_twilio, "llm_rephrase": False})
    client = make_client(settings, Deps(catalog=catalog, llm=LLMAdvisor(SlowChatModel()), settings=settings))
    params = whatsapp_params("busco una troca automatica")
    response = client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})
    assert messages_of(response.text) == [wording.HOLDING]

    deadline = time.monotonic() + 10
    while not FakeTwilio.received and time.monotonic() < deadline:
        time.sleep(0.05)
    [sent] = FakeTwilio.received
    assert sent["path"][0].endswith(f"/Accounts/{settings.twilio_account_sid}/Messages.json")
    assert sent["To"] == [params["From"]] and sent["From"] == [params["To"]]
    assert "pickup" in sent["Body"][0]
