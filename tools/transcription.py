"""Speech to text for buyers' voice notes, on this machine: faster-whisper (CTranslate2) with the Whisper *base* model
from the installed registry packages (`stores/speech_model.py`), int8 on the CPU. Nothing is downloaded.

    model = load_model(threads=2)                    # once per process (cached); later calls return the same model
    result = transcribe(ogg_bytes, prompt=domain_prompt(catalog_names(catalog)))
    result.text, result.confidence, result.no_speech, result.duration_s, result.seconds

Audio (WhatsApp's OGG/Opus, or anything FFmpeg reads) is decoded with PyAV, which bundles FFmpeg's libraries, so no
system ffmpeg is needed. The temperature fallback stays on (a greedy decode that loops or is unsure is retried at a
higher temperature) but every window's output is capped (`max_new_tokens`), so a clip cannot loop for long.
"""

from __future__ import annotations

import io
import logging
import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stores.speech_model import SpeechModelMissing, materialize, model_files, read_model_files

if TYPE_CHECKING:
    import numpy as np
    from faster_whisper import WhisperModel

    from stores.catalog import Catalog

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
MAX_SECONDS = 120.0
"""Longer notes are refused (AudioTooLong): before decoding when the container states its length, else after."""
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
"""Whisper's fallback ladder: a window is decoded again, hotter, when its output repeats itself (compression ratio
above 2.4) or is improbable (average log-probability below -1)."""
MAX_NEW_TOKENS = 220
"""Cap on the tokens decoded per 30-second window; stops a looping decode. Spanish takes about 1.6 tokens a word
(measured on the corpus author A06's messages), so this holds about 135 words a window (270 words a minute); it is
also the most that fits beside the longest prompt Whisper reads (448 - 228 tokens)."""
PROMPT_MAX_CHARS = 560
"""Whisper reads at most 223 prompt tokens and silently drops the start of a longer prompt; this many characters of
the domain prompt stay under 200 tokens with the shipped catalog's names (a test counts them)."""
NO_SPEECH_PROB = 0.6
"""A transcript whose windows all say "probably no speech" at least this strongly, and which is not confidently
decoded, counts as no speech (Whisper's own rule per window, applied to the whole note)."""

PROMPT_INTRO = "Hola, busco un auto seminuevo"
MONEY_WORDS = ("de unos doscientos cincuenta mil pesos, trescientos mil o medio millón, con cincuenta mil de "
               "enganche y mensualidades a cuatro años")
DATE_WORDS = "¿Puedo ir a verlo mañana o el sábado a las once?"
"""Fixed parts of the domain prompt: Whisper continues the style and spelling of its prompt, so buyers' money and
dates tend to come out as these words do ("doscientos cincuenta mil", "sábado a las once")."""


class TranscriptionError(Exception):
    """The audio could not be transcribed; `code` says why (for the reply and the logs)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class AudioTooLong(TranscriptionError):
    """The note is longer than the limit; nothing was transcribed."""

    def __init__(self, duration_s: float, max_seconds: float) -> None:
        super().__init__("too_long", f"audio is {duration_s:.1f} s long, the limit is {max_seconds:.0f} s")
        self.duration_s = duration_s
        self.max_seconds = max_seconds


@dataclass(frozen=True)
class Transcript:
    """What was heard in one note, and how sure the model is."""

    text: str
    """The transcript, segments joined with spaces; empty when nothing was heard."""
    language: str
    language_probability: float
    """1.0 when the language was given rather than detected."""
    duration_s: float
    """Length of the audio."""
    seconds: float
    """Wall time spent decoding the audio and transcribing it (model loading excluded)."""
    confidence: float
    """Token-weighted mean of exp(average log-probability) over the segments: 0-1, the geometric mean probability
    of the decoded tokens; 0.0 when nothing was heard."""
    no_speech: bool
    """True when the note holds no speech the model could hear (silence, noise); `text` is then empty."""
    no_speech_prob: float
    """Highest per-window probability of "no speech" (Whisper's own estimate); 1.0 when there were no windows."""
    temperature: float
    """Highest decoding temperature used; above 0 means a fallback retry happened (less reliable, slower)."""
    segments: int

    @property
    def real_time_factor(self) -> float:
        return self.seconds / self.duration_s if self.duration_s else 0.0


_models: dict[tuple[str, int, int, str, str], WhisperModel] = {}
_models_lock = threading.Lock()


def load_model(threads: int = 2, *, workers: int = 1, compute_type: str = "int8", cache_dir: str | Path | None = None,
               model_dir: str | Path | None = None) -> WhisperModel:
    """The Whisper model, loaded (and warmed up) once per process and per (threads, workers, compute type, location).

    `threads` are the CPU threads of one transcription; `workers` how many transcriptions run at once when several
    Python threads call `transcribe` (with 1 they queue on the model; each more costs memory).

    By default the split model is joined in memory (nothing is written). With `cache_dir` the joined `model.bin` is
    written there once and loaded from disk (lower resident memory); `model_dir` points at a complete model instead
    of the packages. Raises TranscriptionError("model_unavailable") when the files are missing.
    """
    key = (str(model_dir or ""), threads, workers, compute_type, str(cache_dir or ""))
    with _models_lock:
        if key in _models:
            return _models[key]
        from faster_whisper import WhisperModel

        started = time.perf_counter()
        try:
            files = model_files(model_dir)
            directory = files.directory
            if directory is None and cache_dir is not None:
                try:
                    directory = materialize(files, cache_dir)
                except OSError as exc:  # a read-only disk: join in memory instead
                    log.warning("speech.model_cache_unwritable dir=%s error=%s", cache_dir, exc)
            if directory is not None:
                model = WhisperModel(str(directory), device="cpu", compute_type=compute_type, cpu_threads=threads,
                                     num_workers=workers)
            else:
                model = WhisperModel(files.name, device="cpu", compute_type=compute_type, cpu_threads=threads,
                                     num_workers=workers, files=read_model_files(files))
        except (SpeechModelMissing, OSError, RuntimeError, ValueError) as exc:
            raise TranscriptionError("model_unavailable", f"speech model unavailable: {exc}") from exc
        import numpy as np

        list(model.transcribe(np.zeros(SAMPLE_RATE, dtype=np.float32), language="es", vad_filter=True)[0])
        # ^ loads the voice-activity model now rather than in the first buyer's note
        log.info("speech.model_loaded model=%s threads=%d workers=%d compute=%s seconds=%.2f", files.name, threads,
                 workers, compute_type, time.perf_counter() - started)
        _models[key] = model
        return model


def decode(audio: bytes | str | Path, *, max_seconds: float = MAX_SECONDS) -> np.ndarray:
    """Mono 16 kHz float32 samples of an audio file (path or bytes), with PyAV.

    Raises AudioTooLong when the container says (or the decoded samples show) it is longer than `max_seconds`, and
    TranscriptionError("undecodable") when it is not audio PyAV can read.
    """
    import av
    import numpy as np
    from faster_whisper.audio import decode_audio

    def source() -> io.BytesIO | str:
        return io.BytesIO(audio) if isinstance(audio, (bytes, bytearray, memoryview)) else str(audio)

    if isinstance(audio, (bytes, bytearray, memoryview)) and not len(audio):
        raise TranscriptionError("undecodable", "empty audio file")
    try:
        with av.open(source(), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise TranscriptionError("undecodable", "the file has no audio stream")
            declared = container.duration / av.time_base if container.duration else None
        if declared is not None and declared > max_seconds:
            raise AudioTooLong(declared, max_seconds)
        samples = decode_audio(source(), sampling_rate=SAMPLE_RATE)
    except TranscriptionError:
        raise
    except FileNotFoundError as exc:
        raise TranscriptionError("not_found", f"no such audio file: {audio}") from exc
    except (av.FFmpegError, ValueError, IndexError, TypeError, OSError) as exc:
        raise TranscriptionError("undecodable", f"cannot decode audio: {exc}") from exc
    samples = np.asarray(samples, dtype=np.float32)
    if len(samples) / SAMPLE_RATE > max_seconds:
        raise AudioTooLong(len(samples) / SAMPLE_RATE, max_seconds)
    return samples


def transcribe(audio: bytes | str | Path, prompt: str | None = None, *, max_seconds: float = MAX_SECONDS,
               language: str | None = "es", threads: int = 2, beam_size: int = 5,
               max_new_tokens: int = MAX_NEW_TOKENS, vad_filter: bool = True,
               model: WhisperModel | None = None) -> Transcript:
    """Transcribe one voice note (OGG/Opus bytes or any audio file PyAV reads).

    `prompt` is Whisper's initial prompt (see `domain_prompt`); `language` None detects it (slower, and short notes
    are sometimes taken for Portuguese or Italian). Silence and noise give `no_speech=True` with an empty text.
    Raises TranscriptionError (`code` "undecodable", "not_found", "model_unavailable") or AudioTooLong.
    """
    started = time.perf_counter()
    samples = decode(audio, max_seconds=max_seconds)  # a broken file fails before the model is loaded
    duration = len(samples) / SAMPLE_RATE
    if duration < 0.1:
        return Transcript("", language or "", 0.0, duration, time.perf_counter() - started, 0.0, True, 1.0, 0.0, 0)
    if model is None:
        loading = time.perf_counter()
        model = load_model(threads)
        started += time.perf_counter() - loading  # `seconds` never counts loading the model
    segments, info = model.transcribe(
        samples, language=language, beam_size=beam_size, temperature=list(TEMPERATURES),
        initial_prompt=prompt or None, condition_on_previous_text=False, max_new_tokens=max_new_tokens,
        vad_filter=vad_filter, without_timestamps=True)
    texts, weights, logprobs, no_speech_probs, temperatures = [], [], [], [], [0.0]
    for segment in segments:
        text = segment.text.strip()
        no_speech_probs.append(segment.no_speech_prob)
        temperatures.append(segment.temperature or 0.0)
        if not text:
            continue
        texts.append(text)
        weights.append(max(len(segment.tokens), 1))
        logprobs.append(segment.avg_logprob)
    text = " ".join(texts)
    confidence = sum(w * math.exp(lp) for w, lp in zip(weights, logprobs)) / sum(weights) if weights else 0.0
    highest_no_speech = max(no_speech_probs, default=1.0)
    no_speech = not text or (min(no_speech_probs) >= NO_SPEECH_PROB and confidence < 0.5)
    return Transcript(
        text="" if no_speech else text, language=info.language, language_probability=info.language_probability,
        duration_s=duration, seconds=time.perf_counter() - started, confidence=0.0 if no_speech else confidence,
        no_speech=no_speech, no_speech_prob=highest_no_speech, temperature=max(temperatures),
        segments=len(texts))


def domain_prompt(car_names: Iterable[str], *, max_chars: int = PROMPT_MAX_CHARS) -> str:
    """Whisper's initial prompt for buyers' notes, in Spanish: car makes and models (in the order given, as many as
    fit in `max_chars`) around money and date words as buyers say them."""
    head, tail = f"{PROMPT_INTRO}: ", f", {MONEY_WORDS}. {DATE_WORDS}"
    budget = max_chars - len(head) - len(tail)
    names: list[str] = []
    seen: set[str] = set()
    used = -2
    for name in car_names:
        name = " ".join(str(name).split())
        if not name or name.lower() in seen or used + 2 + len(name) > budget:
            continue
        names.append(name)
        seen.add(name.lower())
        used += 2 + len(name)
    return f"{head}{', '.join(names)}{tail}" if names else f"{PROMPT_INTRO}{tail}"


def catalog_names(catalog: Catalog) -> list[str]:
    """Makes and models of a catalog for `domain_prompt`: every make, then the models, most stocked first (a model
    named by digits only keeps its make: "Peugeot 208")."""
    vocabulary = catalog.vocabulary
    names = list(vocabulary.makes.values())
    for make_key, model_key, _count in catalog.model_counts():
        model = vocabulary.models.get(make_key, {}).get(model_key, "")
        if model:
            names.append(f"{vocabulary.makes.get(make_key, '')} {model}".strip() if model.isdigit() else model)
    return names


def prompt_token_count(prompt: str, model: WhisperModel | None = None) -> int:
    """Tokens the prompt takes in Whisper's tokenizer (Whisper reads at most 223)."""
    whisper = model or load_model()
    return len(whisper.hf_tokenizer.encode(" " + prompt.strip(), add_special_tokens=False).ids)


def summary(result: Transcript) -> Sequence[str]:
    """Human lines for operators: the transcript and its timings."""
    heard = "(sin voz)" if result.no_speech else result.text
    return (heard,
            f"duration {result.duration_s:.1f} s, transcription {result.seconds:.2f} s "
            f"({result.real_time_factor:.2f}x real time), confidence {result.confidence:.2f}, "
            f"no-speech prob {result.no_speech_prob:.2f}, language {result.language}, "
            f"temperature {result.temperature:.1f}")
