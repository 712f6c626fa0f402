"""Tests for tools.transcription and stores.speech_model: the domain prompt, decoding and its errors (fast), and real
transcriptions of the voice-note set's clips with the installed Whisper base model (slow)."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest

from nodes.understanding.numbers import find_amounts
from stores.catalog import Catalog
from stores.speech_model import SpeechModelMissing, materialize, model_files
from stores.text import fold
from tools.transcription import (
    DATE_WORDS,
    MONEY_WORDS,
    PROMPT_MAX_CHARS,
    SAMPLE_RATE,
    AudioTooLong,
    Transcript,
    TranscriptionError,
    catalog_names,
    decode,
    domain_prompt,
    load_model,
    transcribe,
)

CLIPS = Path(__file__).resolve().parents[2] / "evals" / "voice" / "clips"
WHISPER_PROMPT_TOKENS = 223
"""Whisper reads at most this many prompt tokens and drops the start of a longer prompt."""


def wav_bytes(samples: np.ndarray, rate: int = SAMPLE_RATE) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


# --- the domain prompt -------------------------------------------------------------------------------------------


def test_prompt_lists_names_in_order_then_money_and_date_words() -> None:
    prompt = domain_prompt(["Nissan", "Versa", "Jetta", "versa", "  Hilux  "])
    assert "Nissan, Versa, Jetta, Hilux" in prompt  # in order, duplicates and spaces dropped
    assert "doscientos cincuenta mil" in prompt and "enganche" in prompt and "sábado" in prompt
    assert prompt.endswith(DATE_WORDS) and MONEY_WORDS in prompt


def test_prompt_keeps_within_its_length_and_still_has_money_and_dates() -> None:
    names = [f"Modelo{i}" for i in range(500)]
    prompt = domain_prompt(names, max_chars=300)
    assert len(prompt) <= 300
    assert "Modelo0, Modelo1" in prompt and "Modelo499" not in prompt
    assert MONEY_WORDS in prompt and DATE_WORDS in prompt
    assert domain_prompt([]).startswith("Hola, busco un auto seminuevo, de unos doscientos cincuenta mil")


def test_catalog_names_are_makes_then_most_stocked_models(catalog: Catalog) -> None:
    names = catalog_names(catalog)
    makes = list(catalog.vocabulary.makes.values())
    assert names[: len(makes)] == makes
    assert "Versa" in names and "Peugeot 208" in names  # a model named by digits keeps its make
    assert len(names) == len(makes) + len(catalog.model_counts())


def test_shipped_catalog_prompt_fits_whispers_prompt_window(catalog: Catalog) -> None:
    from tokenizers import Tokenizer

    tokenizer_file = next(p for p in model_files().aux if p.name == "tokenizer.json")
    prompt = domain_prompt(catalog_names(catalog))
    tokens = Tokenizer.from_file(str(tokenizer_file)).encode(" " + prompt, add_special_tokens=False).ids
    assert len(prompt) <= PROMPT_MAX_CHARS
    assert len(tokens) < WHISPER_PROMPT_TOKENS - 20
    assert "Toyota" in prompt and "Jetta" in prompt


# --- the model's files -------------------------------------------------------------------------------------------


def test_model_files_come_from_the_two_installed_packages() -> None:
    files = model_files()
    assert files.directory is None
    assert [p.name for p in files.parts] == ["model.bin.part1", "model.bin.part2"]
    assert {p.name for p in files.aux} == {"config.json", "tokenizer.json", "vocabulary.txt"}
    assert 100_000_000 < files.size_bytes < 200_000_000  # Whisper base, float16


def test_a_model_directory_must_be_complete(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(SpeechModelMissing, match="model.bin"):
        model_files(tmp_path)
    with pytest.raises(TranscriptionError) as error:
        load_model(model_dir=tmp_path)
    assert error.value.code == "model_unavailable"


# --- decoding and its errors (no model needed) -------------------------------------------------------------------


def test_an_eval_clip_decodes_to_16k_mono_with_pyav() -> None:
    clip = CLIPS / "041-book_appointment.ogg"
    samples = decode(clip)
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert 1.0 < len(samples) / SAMPLE_RATE < 10.0
    assert np.array_equal(decode(clip.read_bytes()), samples)  # bytes and paths alike


@pytest.mark.parametrize("data", [b"", b"this is not audio", b"OggS" + bytes(200),
                                  (CLIPS / "041-book_appointment.ogg").read_bytes()[:300]])
def test_a_broken_file_raises_a_clear_error_before_any_model_work(data: bytes) -> None:
    with pytest.raises(TranscriptionError) as error:
        transcribe(data, model=object())  # type: ignore[arg-type]  # never reached
    assert error.value.code == "undecodable"
    assert not isinstance(error.value, AudioTooLong)


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(TranscriptionError) as error:
        decode(tmp_path / "nope.ogg")
    assert error.value.code == "not_found"


def test_a_note_over_the_limit_is_refused_with_its_length() -> None:
    three_seconds = wav_bytes(np.zeros(3 * SAMPLE_RATE))
    with pytest.raises(AudioTooLong) as error:
        decode(three_seconds, max_seconds=2.0)
    assert error.value.code == "too_long" and error.value.duration_s == pytest.approx(3.0, abs=0.05)
    with pytest.raises(AudioTooLong):
        decode(CLIPS / "041-book_appointment.ogg", max_seconds=1.0)  # OGG/Opus: the container's duration
    assert len(decode(three_seconds, max_seconds=4.0)) == 3 * SAMPLE_RATE


def test_an_empty_but_valid_recording_has_no_speech() -> None:
    result = transcribe(wav_bytes(np.zeros(160)), model=object())  # type: ignore[arg-type]  # 10 ms
    assert result.no_speech and result.text == "" and result.confidence == 0.0


# --- real transcriptions (load the model: slow) --------------------------------------------------------------------


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return load_model(threads=2)


@pytest.fixture(scope="module")
def prompt(catalog: Catalog) -> str:
    return domain_prompt(catalog_names(catalog))


@pytest.mark.slow
def test_model_is_loaded_once_per_process(model) -> None:  # type: ignore[no-untyped-def]
    assert load_model(threads=2) is model


@pytest.mark.slow
@pytest.mark.parametrize(("clip", "words"), [
    ("041-book_appointment.ogg", {"aparta", "lunes", "verlo"}),  # normal speed, light noise
    ("053-handoff.ogg", {"queja", "encargado"}),                  # normal speed, heavy noise
    ("051-handoff.ogg", {"asesor"}),                               # fast
])
def test_an_espeak_clip_transcribes_to_its_key_words(model, prompt: str, clip: str,  # type: ignore[no-untyped-def]
                                                     words: set[str]) -> None:
    result = transcribe(CLIPS / clip, prompt, model=model)
    assert isinstance(result, Transcript)
    heard = set(fold(result.text).replace(",", " ").replace(".", " ").split())
    assert words <= heard, result.text
    assert not result.no_speech and result.language == "es"
    assert 0.3 < result.confidence <= 1.0
    assert result.duration_s == pytest.approx(len(decode(CLIPS / clip)) / SAMPLE_RATE)
    assert 0 < result.seconds < 30


@pytest.mark.slow
def test_money_spoken_as_words_reaches_the_number_reader(model, prompt: str) -> None:  # type: ignore[no-untyped-def]
    result = transcribe(CLIPS / "012-search_cars.ogg", prompt, model=model)  # "como cuatrocientos cincuenta mil pesos"
    assert [a.value for a in find_amounts(result.text) if a.is_money] == [450000], result.text


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["silence", "white", "rumble", "hum"])
def test_silence_and_noise_have_no_speech(model, prompt: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    n = 3 * SAMPLE_RATE
    samples = {"silence": np.zeros(n), "white": rng.normal(0, 0.1, n),
               "rumble": np.cumsum(rng.normal(0, 0.01, n)) / 3,
               "hum": 0.3 * np.sin(2 * np.pi * 50 * np.arange(n) / SAMPLE_RATE)}[kind]
    for with_vad in (True, False):
        result = transcribe(wav_bytes(samples), prompt, model=model, vad_filter=with_vad)
        assert result.no_speech and result.text == "", (kind, with_vad, result)


@pytest.mark.slow
def test_the_joined_model_can_be_cached_on_disk_once(tmp_path: Path) -> None:
    files = model_files()
    directory = materialize(files, tmp_path / "whisper")
    assert (directory / "model.bin").stat().st_size == files.size_bytes
    stamp = (directory / "model.bin").stat().st_mtime_ns
    assert materialize(files, tmp_path / "whisper") == directory
    assert (directory / "model.bin").stat().st_mtime_ns == stamp  # reused, not rewritten
    assert not list(directory.glob(".*.tmp"))


# --- `agente transcribe FILE` ------------------------------------------------------------------------------------


def test_cli_explains_a_broken_file_without_loading_the_model(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from api.cli import main

    broken = tmp_path / "note.ogg"
    broken.write_bytes(b"OggS not really")
    assert main(["transcribe", str(broken)]) == 2
    assert "error (undecodable)" in capsys.readouterr().err
    assert main(["transcribe", str(tmp_path / "missing.ogg")]) == 2
    assert "error (not_found)" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_prints_the_transcript_with_its_timings(model, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from api.cli import main

    assert main(["transcribe", str(CLIPS / "051-handoff.ogg")]) == 0
    transcript, timings, load = capsys.readouterr().out.splitlines()
    assert "asesor" in fold(transcript)
    assert timings.startswith("duration ") and "transcription " in timings and "confidence " in timings
    assert load.startswith("model load ")
