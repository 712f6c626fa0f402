"""The optional LLM misbehaving over HTTP (a local OpenAI-compatible server, OPENAI_BASE_URL pointed at it): nonsense
text, HTTP 500 and a hang. The buyer always gets a grounded reply, and a hanging model costs one budget, once."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from graph.deps import Deps
from graph.settings import Settings
from nodes.llm import LLMAdvisor
from tests.api.conftest import messages_of, sign, whatsapp_params


def send_completion(handler: BaseHTTPRequestHandler, content: str) -> None:
    """An OpenAI chat-completion response carrying `content`."""
    body = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "scripted",
                       "choices": [{"index": 0, "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": content}}],
                       "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class ScriptedModel(BaseHTTPRequestHandler):
    mode = "garbage"
    calls = 0

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        ScriptedModel.calls += 1
        if ScriptedModel.mode == "hang":
            time.sleep(4)
        if ScriptedModel.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        send_completion(self, "esto no es json {{{")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def scripted_model() -> Iterator[str]:
    ScriptedModel.calls = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), ScriptedModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def client_for(make_client, api_settings: Settings, deps: Deps, url: str, **update: Any):  # noqa: ANN001, ANN201
    settings = api_settings.model_copy(update={"openai_base_url": url, "llm_timeout_s": 3.0, **update})
    agent = Deps(catalog=deps.catalog, knowledge=deps.knowledge, clock=deps.clock, settings=settings,
                 llm=LLMAdvisor.from_settings(settings))
    return make_client(settings, agent)


def say(client, text: str) -> tuple[list[str], float]:  # noqa: ANN001
    params = whatsapp_params(text)
    started = time.monotonic()
    response = client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})
    return messages_of(response.text), time.monotonic() - started


@pytest.mark.parametrize("mode", ["garbage", "error"])
def test_nonsense_or_errors_never_reach_the_buyer(make_client, api_settings, deps, scripted_model, mode) -> None:  # noqa: ANN001
    ScriptedModel.mode = mode
    client = client_for(make_client, api_settings, deps, scripted_model)
    for text in ("busco una troca automatica de unos 400 mil", "el primero", "¿cuánto al mes con 80 mil a 4 años?"):
        reply, _ = say(client, text)
        joined = "\n".join(reply)
        assert reply and "esto no es json" not in joined
    assert "$" in joined and ScriptedModel.calls >= 3


@pytest.mark.slow
def test_a_hanging_model_costs_one_budget_then_the_circuit_opens(make_client, api_settings, deps,  # noqa: ANN001
                                                                  scripted_model) -> None:
    ScriptedModel.mode = "hang"
    client = client_for(make_client, api_settings, deps, scripted_model, llm_turn_budget_s=1.0,
                        llm_breaker_failures=1, llm_breaker_cooldown_s=300)
    first, first_s = say(client, "busco una troca automatica de unos 400 mil")
    assert first and first_s < 2.5  # one budget, not the provider timeout twice
    later = [say(client, text) for text in ("el primero", "gracias")]
    assert all(reply and seconds < 1.0 for reply, seconds in later)  # the circuit is open: no waiting
    assert "circuit open" in client.get("/ready").json()["checks"]["llm"]


class AdversarialModel(BaseHTTPRequestHandler):
    """Rewordings that go wrong in the ways models do; understanding calls get unusable text (rules answer)."""

    mode = "wrong_language"

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        if AdversarialModel.mode == "rate_limited":
            self.send_response(429)
            self.send_header("Retry-After", "30")
            self.end_headers()
            return
        prompt = str(request["messages"][-1]["content"])
        draft = prompt.split("DRAFT:\n", 1)[1] if "DRAFT:\n" in prompt else ""
        send_completion(self, self.reword(draft) if draft else "claro que sí")

    @staticmethod
    def reword(draft: str) -> str:
        mode = AdversarialModel.mode
        if mode == "wrong_language":
            return "Sure! Here are the best options I found for you. Which one do you like?"
        if mode == "hallucinated_car":
            return draft + "\nTambién tengo un *Ferrari F8 2023* en $99,999 para ti."
        if mode == "policy_claim":
            return draft + "\nY recuerda: incluye garantía de por vida y entrega gratis a domicilio."
        if mode == "dropped_fact":
            lines = draft.split("\n")
            return "\n".join(line for line in lines if "$" not in line) or "¡Claro!"
        if mode == "swapped_numbers":
            return re.sub(r"\$(\d),(\d)(\d)", r"$\1,\3\2", draft, count=1)
        return ""  # empty content

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def adversarial_model() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), AdversarialModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


CONVERSATION = ("busco una troca automatica de unos 400 mil", "el primero", "¿cuánto al mes con 80 mil a 4 años?")


@pytest.mark.parametrize("mode", ["wrong_language", "hallucinated_car", "policy_claim", "dropped_fact",
                                  "swapped_numbers", "empty", "rate_limited"])
def test_a_bad_rewording_leaves_the_buyer_with_the_grounded_reply(make_client, api_settings, deps,  # noqa: ANN001
                                                                  adversarial_model, mode) -> None:
    AdversarialModel.mode = mode
    with_llm = client_for(make_client, api_settings, deps, adversarial_model)
    plain = make_client(api_settings.model_copy(update={"checkpoint_db": api_settings.checkpoint_db.with_name("b.sqlite")}))
    for text in CONVERSATION:
        received, _ = say(with_llm, text)
        grounded, _ = say(plain, text)
        assert received == grounded  # exactly what the built-in layer says: nothing the model made up got through


@pytest.mark.slow
def test_eval_llm_reports_the_llm_path_against_any_openai_compatible_server(adversarial_model) -> None:  # noqa: ANN001
    import io

    from evals.llm_eval import main

    AdversarialModel.mode = "policy_claim"
    out = io.StringIO()
    settings = Settings(openai_base_url=adversarial_model, llm_model="adversarial", llm_timeout_s=3.0)
    assert main([], settings, out) == 0
    report = out.getvalue()
    assert "task_success_rate" in report and "heldout_intent_accuracy" in report
    assert "rewording_acceptance         0.0" in report  # every policy-claiming rewording refused
    skipped = io.StringIO()
    assert main([], Settings(), skipped) == 0 and "skipped" in skipped.getvalue()
