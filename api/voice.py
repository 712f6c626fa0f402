"""Voice notes on the webhook: fetch the note from Twilio, transcribe it on this machine in a bounded pool.

The pool is separate from the threads that run turns: at most `VOICE_WORKERS` notes are transcribed at once and at
most `VOICE_QUEUE_LIMIT` wait; past that the buyer is asked to write instead (VoiceBusy). The web workers' event loop
never waits on it (the webhook already runs each delivery in a thread and answers a holding message at its deadline).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

from graph.settings import Settings
from nodes import wording
from stores.catalog import Catalog
from tools.transcription import (
    AudioTooLong,
    Transcript,
    TranscriptionError,
    catalog_names,
    domain_prompt,
    load_model,
    transcribe,
)

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

log = logging.getLogger(__name__)


class VoiceBusy(Exception):
    """Too many notes waiting: the buyer is asked to write or try later."""


@dataclass(frozen=True)
class HeardNote:
    transcript: Transcript
    download_s: float


class VoiceNotes:
    """Download and transcription of the buyers' voice notes, one per process."""

    def __init__(self, settings: Settings, catalog: Catalog) -> None:
        self.settings = settings
        self.prompt = domain_prompt(catalog_names(catalog))
        self._pool = ThreadPoolExecutor(max_workers=settings.voice_workers, thread_name_prefix="voice")
        self._slots = threading.BoundedSemaphore(settings.voice_workers + settings.voice_queue_limit)
        self._allowed_hosts = {h.strip().lower() for h in settings.voice_media_hosts.split(",") if h.strip()}

    def model(self) -> WhisperModel:
        """The Whisper model (loaded on the first note, then shared: VOICE_WORKERS notes decode at once)."""
        return load_model(self.settings.voice_threads, workers=self.settings.voice_workers,
                          cache_dir=self.settings.voice_model_cache_dir)

    def hear(self, url: str, message_sid: str) -> HeardNote:
        """The transcript of the note at `url`. Raises TranscriptionError (download or decoding problems, too long)
        or VoiceBusy."""
        if not self._slots.acquire(blocking=False):
            raise VoiceBusy()
        try:
            started = time.perf_counter()
            audio = self.download(url)
            download_s = time.perf_counter() - started
            self._keep(audio, message_sid)
            future = self._pool.submit(lambda: transcribe(audio, self.prompt, model=self.model(),
                                                          max_seconds=self.settings.voice_max_seconds))
            return HeardNote(future.result(), download_s)
        finally:
            self._slots.release()

    def download(self, url: str) -> bytes:
        """The media bytes, from an allowed host only, within the size and time caps (Twilio's media needs the
        account's credentials; redirects to its CDN are followed and checked too)."""
        self._check_host(url)
        auth = (self.settings.twilio_account_sid or "", self.settings.twilio_auth_token or "")
        limit = self.settings.voice_max_bytes
        try:
            with httpx.Client(timeout=self.settings.voice_download_timeout_s, follow_redirects=False) as client:
                for _ in range(3):  # Twilio answers with a redirect to its media CDN
                    with client.stream("GET", url, auth=auth if _needs_credentials(url) else None) as response:
                        if response.is_redirect:
                            url = str(response.next_request.url) if response.next_request else ""
                            self._check_host(url)
                            continue
                        if response.status_code != 200:
                            raise TranscriptionError("download_failed", f"media answered HTTP {response.status_code}")
                        declared = int(response.headers.get("Content-Length") or 0)
                        if declared > limit:
                            raise TranscriptionError("too_large", f"media is {declared} bytes, the cap is {limit}")
                        body = bytearray()
                        for chunk in response.iter_bytes():
                            body += chunk
                            if len(body) > limit:
                                raise TranscriptionError("too_large", f"media passed the cap of {limit} bytes")
                        return bytes(body)
        except httpx.HTTPError as exc:
            raise TranscriptionError("download_failed", f"media download failed: {type(exc).__name__}") from exc
        raise TranscriptionError("download_failed", "too many redirects")

    def _check_host(self, url: str) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("https", "http") or not any(host == h or host.endswith("." + h)
                                                             for h in self._allowed_hosts):
            raise TranscriptionError("host_not_allowed", f"media host {host or '?'} is not allowed")

    def _keep(self, audio: bytes, message_sid: str) -> None:
        """Only when VOICE_KEEP_AUDIO_DIR is set: the note is written there under its MessageSid."""
        if not self.settings.voice_keep_audio_dir:
            return
        directory = Path(self.settings.voice_keep_audio_dir)
        directory.mkdir(parents=True, exist_ok=True)
        safe = "".join(c for c in message_sid if c.isalnum())[:64] or "note"
        (directory / f"{safe}.ogg").write_bytes(audio)


HEARD_FACTS = frozenset({"budget_min", "budget_max", "car_price", "down_payment", "down_payment_pct",
                         "monthly_payment", "term_years", "appointment_day", "appointment_time", "make", "model"})
"""Slots whose mishearing would cost the buyer: when the note set one, the reply says what was understood."""
ECHO_CHARS = 300


@dataclass(frozen=True)
class Inbound:
    """What one WhatsApp delivery asks of the agent."""

    text: str | None
    """The buyer's message to run as a turn (a transcript, typed text after it); None: no turn."""
    notes: list[str]
    """Messages that go before the turn's reply, or alone when there is no turn."""
    voice: dict[str, object] | None = None
    """The trace record of a voice note: transcript, duration, transcription and download time, confidence."""


def _needs_credentials(url: str) -> bool:
    """Twilio's API host wants the account's credentials; its media CDN's signed links do not."""
    return (urlsplit(url).hostname or "").lower() != "media.twiliocdn.com"


def media_kind(content_type: str) -> str:
    return wording.MEDIA_KINDS.get(content_type.split("/", 1)[0].lower(), "archivo")


def read_inbound(params: dict[str, str], voice: VoiceNotes | None) -> Inbound:
    """The text a delivery brings: its Body, and the transcript of a voice note when it carries one."""
    body = params.get("Body", "")
    count = _int(params.get("NumMedia"))
    if count <= 0:
        return Inbound(body, [])
    types = [params.get(f"MediaContentType{i}", "") for i in range(min(count, 10))]
    audio = next((i for i, kind in enumerate(types) if kind.lower().startswith("audio/")), None)
    if audio is None or voice is None:
        kind = media_kind(types[0] if audio is None else types[audio])
        return Inbound(body, [wording.MEDIA_NOTE.format(kind=kind)]) if body.strip() else \
            Inbound(None, [wording.MEDIA_ONLY.format(kind=kind)])
    typed = body if body.strip() else None
    try:
        heard = voice.hear(params.get(f"MediaUrl{audio}", ""), params.get("MessageSid", ""))
    except VoiceBusy:
        log.warning("voice.busy")
        return Inbound(typed, [wording.VOICE_BUSY])
    except AudioTooLong as exc:
        log.info("voice.too_long seconds=%.0f", exc.duration_s)
        return Inbound(typed, [wording.VOICE_TOO_LONG.format(minutes=_duration(exc.max_seconds))])
    except TranscriptionError as exc:
        log.warning("voice.unreadable code=%s", exc.code)
        if exc.code == "too_large":  # a heavy note is a long one
            return Inbound(typed, [wording.VOICE_TOO_LONG.format(minutes=_duration(voice.settings.voice_max_seconds))])
        return Inbound(typed, [wording.VOICE_UNREADABLE])
    note = heard.transcript
    record: dict[str, object] = {"transcript": note.text, "duration_s": round(note.duration_s, 2),
                                 "transcription_s": round(note.seconds, 3), "download_s": round(heard.download_s, 3),
                                 "confidence": round(note.confidence, 3), "no_speech": note.no_speech}
    log.info("voice.heard seconds=%.2f duration_s=%.1f confidence=%.2f no_speech=%s", note.seconds, note.duration_s,
             note.confidence, note.no_speech)
    if note.no_speech:
        return Inbound(typed, [wording.VOICE_NO_SPEECH], record)
    return Inbound(f"{note.text}\n{body}" if typed else note.text, [], record)


def heard_echo(inbound: Inbound, heard_slots: list[str], low_confidence: float) -> list[str]:
    """"Entendí: *…*" before the reply, when the transcript is unsure or carries money, a date or a car."""
    if not inbound.voice or inbound.voice.get("no_speech"):
        return []
    unsure = float(inbound.voice.get("confidence") or 0.0) < low_confidence  # type: ignore[arg-type]
    if not unsure and not HEARD_FACTS.intersection(heard_slots):
        return []
    text = " ".join(str(inbound.voice["transcript"]).split()).replace("*", "").rstrip(" .")
    if len(text) > ECHO_CHARS:
        text = text[:ECHO_CHARS].rsplit(" ", 1)[0] + "…"
    return [wording.VOICE_HEARD.format(text=text)]


def _duration(seconds: float) -> str:
    minutes = seconds / 60
    if minutes >= 1 and minutes == int(minutes):
        return f"{int(minutes)} minuto" + ("s" if minutes != 1 else "")
    return f"{int(seconds)} segundos"


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0
