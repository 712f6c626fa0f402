"""Voice notes over the signed webhook, with a local fake of Twilio's media host and REST API.

The transcriptions are real (Whisper base, int8 on the CPU): these tests are slow.
"""

from __future__ import annotations

import io
import threading
import time
import wave
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nodes import wording
from tests.api.conftest import messages_of, sign, whatsapp_params
from tests.api.test_late_reply import FakeTwilio
from tests.api.test_late_reply import fake_twilio as fake_twilio  # a fixture

CLIPS = Path(__file__).resolve().parents[2] / "evals" / "voice" / "clips"
BUDGET_CLIP = "012-search_cars.ogg"
"""A buyer saying "como cuatrocientos cincuenta mil pesos" (espeak-ng)."""
pytestmark = pytest.mark.slow


def silence_wav(seconds: float = 2.0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(np.zeros(int(seconds * 16_000), dtype="<i2").tobytes())
    return buffer.getvalue()


class MediaHost(BaseHTTPRequestHandler):
    """Twilio's media URLs: a redirect from the API host to the file, as Twilio does; every GET counted."""

    files: dict[str, bytes] = {}
    gets: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        MediaHost.gets.append(self.path)
        if self.path.startswith("/Media/"):  # the API URL: needs the account's credentials, redirects to the file
            if not self.headers.get("Authorization", "").startswith("Basic "):
                self.send_response(401)
                self.end_headers()
                return
            self.send_response(307)
            self.send_header("Location", self.path.replace("/Media/", "/files/", 1))
            self.end_headers()
            return
        body = self.files.get(self.path.removeprefix("/files/"))
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "audio/ogg")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def media_host() -> Iterator[str]:
    MediaHost.files = {"budget.ogg": (CLIPS / BUDGET_CLIP).read_bytes(), "silence.wav": silence_wav(),
                       "broken.ogg": b"OggS" + bytes(range(256)) * 4, "huge.ogg": b"\0" * 400_000}
    MediaHost.gets = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), MediaHost)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def voice_settings(api_settings, media_host):  # type: ignore[no-untyped-def]
    return api_settings.model_copy(update={"voice_media_hosts": "127.0.0.1", "twilio_account_sid": "AC" + "1" * 32,
                                           "voice_max_bytes": 300_000})


def voice_params(media_host: str, name: str, body: str = "", content_type: str = "audio/ogg", **kwargs: Any) -> dict:
    params = whatsapp_params(body, media=1, **kwargs)
    params.update(MediaUrl0=f"{media_host}/Media/{name}", MediaContentType0=content_type)
    return params


def post(client, params: dict[str, str]) -> Any:  # type: ignore[no-untyped-def]
    return client.post("/webhook/whatsapp", data=params, headers={"X-Twilio-Signature": sign(params)})


def test_a_voice_note_becomes_a_turn_and_the_reply_says_what_was_heard(make_client, voice_settings,
                                                                        media_host) -> None:
    client = make_client(voice_settings)
    params = voice_params(media_host, "budget.ogg", sid="SMvoice1")
    messages = messages_of(post(client, params).text)
    # the amount was heard: the buyer sees what we understood, then the search
    assert messages[0].startswith("Entendí: *") and "450" in messages[0]
    assert "450,000" in messages[1] or "Encontré" in messages[1]
    [trace] = client.get(f"/webhook/conversation/{params['From']}/trace").json()["turns"]
    assert trace["intent"] == "search_cars" and trace["slots"]["budget_max"] == 450_000
    note = trace["voice"]
    assert "450" in note["transcript"] and trace["input"] == note["transcript"]
    assert note["duration_s"] > 0.5 and note["transcription_s"] > 0 and 0 < note["confidence"] <= 1

    # Twilio retries the same message: the first reply again, the note is neither downloaded nor heard twice
    gets = len(MediaHost.gets)
    again = post(client, params)
    assert messages_of(again.text) == messages and len(MediaHost.gets) == gets
    assert len(client.get(f"/webhook/conversation/{params['From']}/trace").json()["turns"]) == 1


def test_typed_text_with_the_note_follows_the_transcript(make_client, voice_settings, media_host) -> None:
    client = make_client(voice_settings)
    params = voice_params(media_host, "budget.ogg", body="automática")
    post(client, params)
    [trace] = client.get(f"/webhook/conversation/{params['From']}/trace").json()["turns"]
    assert trace["input"].endswith("\nautomática") and trace["slots"]["transmission"] == "automatic"


@pytest.mark.parametrize(("name", "expected"), [
    ("silence.wav", wording.VOICE_NO_SPEECH),
    ("broken.ogg", wording.VOICE_UNREADABLE),
    ("missing.ogg", wording.VOICE_UNREADABLE),
    ("huge.ogg", None),  # over VOICE_MAX_BYTES: the "shorter note" reply
])
def test_notes_that_cannot_be_heard_get_a_clear_reply_and_lose_nothing(make_client, voice_settings, media_host,
                                                                         name, expected) -> None:
    client = make_client(voice_settings)
    typed = whatsapp_params("busco una camioneta de 400 mil")
    post(client, typed)
    params = voice_params(media_host, name)
    response = post(client, params)
    assert response.status_code == 200
    [message] = messages_of(response.text)
    assert message == (expected or wording.VOICE_TOO_LONG.format(minutes="2 minutos"))
    # no turn was run: the conversation is as it was, and the next message builds on it
    turns = client.get(f"/webhook/conversation/{params['From']}/trace").json()["turns"]
    assert len(turns) == 1
    assert "Encontré" in messages_of(post(client, whatsapp_params("automática")).text)[0]


def test_media_from_a_host_not_allowed_is_never_fetched(make_client, voice_settings, media_host) -> None:
    client = make_client(voice_settings.model_copy(update={"voice_media_hosts": "api.twilio.com"}))
    response = post(client, voice_params(media_host, "budget.ogg"))
    assert messages_of(response.text) == [wording.VOICE_UNREADABLE] and MediaHost.gets == []


def test_a_photo_gets_an_honest_reply_and_keeps_the_conversation(make_client, voice_settings, media_host) -> None:
    client = make_client(voice_settings)
    post(client, whatsapp_params("busco un sedan de 300 mil"))
    photo = post(client, voice_params(media_host, "car.jpg", content_type="image/jpeg"))
    assert messages_of(photo.text) == [wording.MEDIA_ONLY.format(kind="foto")] and MediaHost.gets == []
    details = messages_of(post(client, whatsapp_params("el primero")).text)
    assert "Precio:" in details[0]


def test_a_slow_transcription_sends_the_holding_message_then_the_reply(make_client, voice_settings, media_host,
                                                                        fake_twilio) -> None:
    settings = voice_settings.model_copy(update={"turn_deadline_s": 0.3, "twilio_api_base_url": fake_twilio})
    client = make_client(settings)
    params = voice_params(media_host, "budget.ogg")
    assert messages_of(post(client, params).text) == [wording.HOLDING]
    deadline = time.monotonic() + 60
    while len(FakeTwilio.received) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    bodies = [sent["Body"][0] for sent in FakeTwilio.received]
    assert bodies[0].startswith("Entendí: *") and all(sent["To"] == [params["From"]] for sent in FakeTwilio.received)
