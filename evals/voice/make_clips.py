"""Make the voice-note evaluation set: buyer messages of every intent spoken by espeak-ng's Latin-American Spanish
voices at several speeds, some with background noise mixed in by sox, encoded like WhatsApp voice notes (OGG/Opus,
mono, 16 kHz, 16 kbit/s) and listed with their labels in `references.yaml`.

    python -m evals.voice.make_clips [--per-intent 8] [--seed 13] [--out evals/voice]

The texts and labels are the training author A06's messages (evals/corpus/train/A06.messages.yaml, "a voice-note
transcriber": messages written the way buyers talk, numbers as words). The label format is the corpus's, so
evals/utterance_eval.py's scorer reads `references.yaml` as it reads the corpus. Needs espeak-ng, sox and ffmpeg (with
libopus) on the PATH; the clips are committed, so the evaluation itself needs none of them. Synthetic speech is
clean, regular and accent-free: it does not predict how real voice notes are heard.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from evals.corpus import Message, load_messages
from graph.state import INTENTS

HERE = Path(__file__).parent
AUTHOR = "A06"
VOICES = ("es-419", "es-419+f3", "es-419+m3")
"""espeak-ng's Latin-American Spanish voice (es-mx is an alias of it), male, and two variants (female, deeper male)."""
SPEEDS = {"slow": 130, "normal": 165, "fast": 200}
"""espeak-ng words per minute (its default is 175)."""
NOISES = {"none": None, "pink-snr20": ("pinknoise", 20.0), "brown-snr8": ("brownnoise", 8.0)}
"""Background noise kind and signal-to-noise ratio in dB: light hiss (fan, car cabin) and heavy rumble (street)."""
BITRATE = "16k"
MONEY = re.compile(r"\b(mil|millón|millon)\b")
MUST_INCLUDE = (
    "un carro de doscientos cincuenta mil cuánto pagaría al mes a cuatro años",
    "este fíjese que ando buscando un carrito para mí automático que no pase de doscientos mil",
)
"""Messages always in the set: money spoken as words, in a search and a financing question."""


def pick_messages(per_intent: int, seed: int) -> list[Message]:
    """`per_intent` messages of each intent from the author's file; for searches and financing, half of them state a
    money amount in words. Deterministic for a seed."""
    rng = random.Random(seed)
    messages = [m for m in load_messages("train", legacy=False) if m.author == AUTHOR]
    chosen: list[Message] = []
    for intent in INTENTS:
        pool = sorted((m for m in messages if m.intent == intent), key=lambda m: m.text)
        forced = [m for m in pool if m.text in MUST_INCLUDE]
        rest = [m for m in pool if m not in forced]
        if intent in ("search_cars", "financing"):
            money = [m for m in rest if MONEY.search(m.text) and m.slots]
            other = [m for m in rest if m not in money]
            n_money = max(per_intent // 2 - len(forced), 0)
            picked = forced + rng.sample(money, n_money) + rng.sample(other, per_intent - len(forced) - n_money)
        else:
            picked = forced + rng.sample(rest, per_intent - len(forced))
        if len(picked) < per_intent:
            raise SystemExit(f"{AUTHOR} has too few {intent} messages")
        chosen += picked
    return chosen


def conditions(index: int) -> tuple[str, str, str]:
    """(voice, speed, noise) of the index-th clip: every speed x noise pair equally often, voices rotating."""
    speeds, noises = list(SPEEDS), list(NOISES)
    return VOICES[(index // 9) % len(VOICES)], speeds[index % 3], noises[(index // 3) % 3]


def run(*args: str) -> str:
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    return done.stdout + done.stderr


def rms(wav: Path) -> float:
    found = re.search(r"RMS\s+amplitude:\s+([0-9.]+)", run("sox", "-R", str(wav), "-n", "stat"))
    if not found:
        raise RuntimeError(f"sox stat gave no RMS for {wav}")
    return float(found.group(1))


def make_clip(text: str, voice: str, speed: str, noise: str, out: Path, work: Path) -> None:
    raw, speech, mixed = work / "raw.wav", work / "speech.wav", work / "mixed.wav"
    run("espeak-ng", "-v", voice, "-s", str(SPEEDS[speed]), "-w", str(raw), text)
    run("sox", "-R", str(raw), "-r", "16000", "-c", "1", str(speech), "gain", "-n", "-3", "pad", "0.3", "0.4")
    source = speech
    if NOISES[noise] is not None:
        kind, snr_db = NOISES[noise]
        duration = run("soxi", "-D", str(speech)).strip()
        bed = work / "noise.wav"
        run("sox", "-R", "-n", "-r", "16000", "-c", "1", str(bed), "synth", duration, kind)
        scale = rms(speech) / rms(bed) / (10 ** (snr_db / 20))
        run("sox", "-R", "-m", "-v", "1", str(speech), "-v", f"{scale:.5f}", str(bed), str(mixed), "norm", "-3")
        source = mixed
    run("ffmpeg", "-y", "-loglevel", "error", "-i", str(source), "-ac", "1", "-ar", "16000", "-c:a", "libopus",
        "-b:a", BITRATE, "-application", "voip", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a",
        "+bitexact", str(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-intent", type=int, default=8)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    missing = [tool for tool in ("espeak-ng", "sox", "soxi", "ffmpeg") if not shutil.which(tool)]
    if missing:
        print(f"needs {', '.join(missing)} on the PATH", file=sys.stderr)
        return 2
    clips_dir = args.out / "clips"
    clips_dir.mkdir(parents=True, exist_ok=True)
    for old in clips_dir.glob("*.ogg"):
        old.unlink()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, message in enumerate(pick_messages(args.per_intent, args.seed)):
            voice, speed, noise = conditions(index)
            name = f"{index + 1:03d}-{message.intent}.ogg"
            make_clip(message.text, voice, speed, noise, clips_dir / name, Path(tmp))
            row: dict[str, Any] = {"file": f"clips/{name}", "text": message.text, "voice": voice, "speed": speed,
                                   "wpm": SPEEDS[speed], "noise": noise, "intent": message.intent}
            if message.slots:
                row["slots"] = message.slots
            if message.reference is not None:
                row["reference"] = message.reference
            if message.context:
                row["context"] = message.context
            rows.append(row)
    header = ("# Voice-note evaluation set, made by `python -m evals.voice.make_clips` (do not edit by hand).\n"
              f"# Texts and labels: author {AUTHOR} of the training corpus (evals/corpus/train/{AUTHOR}.messages.yaml).\n"
              "# voice: espeak-ng voice; speed: slow/normal/fast (wpm); noise: none or kind-snrDB mixed by sox.\n")
    (args.out / "references.yaml").write_text(
        header + yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    total = sum(p.stat().st_size for p in clips_dir.glob("*.ogg"))
    print(f"{len(rows)} clips in {clips_dir} ({total / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
