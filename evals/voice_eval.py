"""How well voice notes are understood: every clip of the voice-note set (evals/voice/, made by
`python -m evals.voice.make_clips`) is transcribed on this machine and run through the built-in understanding layer,
next to the same messages typed.

    python -m evals.voice_eval [--no-prompt] [--prompt-chars N] [--threads 2] [--beam-size 5] [--show] [--report FILE]

Printed per condition (all clips, each speed, each noise): word error rate, intent accuracy and slot F1 typed and
heard (evals/utterance_eval.py's scorer: a clarifying question counts as not wrong), and transcription time
p50 / p95 / max. WER is a word-level Levenshtein distance over the reference's words after lower-casing, removing
accents and punctuation and writing every number expression (with its unit word, if any) as its digits on both
sides ("doscientos cincuenta mil" and "250,000" are both 250000), so a number heard right but written differently is
not an error. `--no-prompt` transcribes without
the domain prompt (catalog makes and models, money and date words) to show its effect.

The messages are a training author's: the typed figures are training figures, and the gap between typed and heard is
what this set measures. Synthetic speech does not predict how real voice notes are heard.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from evals.utterance_eval import SetScore, rules_understander, score
from nodes.understanding.numbers import find_amounts
from stores.text import fold

VOICE_DIR = Path(__file__).parent / "voice"
REFERENCES = VOICE_DIR / "references.yaml"
_WORD = re.compile(r"[a-z0-9ñ]+")


def load_references(path: Path = REFERENCES) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def normalize_words(text: str) -> list[str]:
    """Words for WER: folded (lower case, no accents), no punctuation, every number expression as its digits."""
    folded = fold(text)
    for amount in sorted(find_amounts(folded), key=lambda a: a.start, reverse=True):
        folded = f"{folded[:amount.start]} {amount.value} {folded[amount.end:]}"
    return _WORD.findall(folded)


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Word-level Levenshtein distance (substitutions, deletions and insertions all cost 1)."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, 1):
        current = [i]
        for j, hyp_word in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word)))
        previous = current
    return previous[-1]


def word_error_rate(pairs: Sequence[tuple[str, str]]) -> float:
    """Corpus WER: total edits over total reference words, for (reference, hypothesis) pairs."""
    edits = words = 0
    for reference, hypothesis in pairs:
        ref = normalize_words(reference)
        edits += edit_distance(ref, normalize_words(hypothesis))
        words += len(ref)
    return edits / words if words else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0-100)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))]


@dataclass
class Heard:
    file: str
    text: str
    transcript: str
    seconds: float
    duration_s: float
    confidence: float
    no_speech: bool
    temperature: float


@dataclass
class Row:
    name: str
    clips: int
    wer: float
    intent_typed: float
    intent_heard: float
    asked_typed: float
    asked_heard: float
    """Share of clips answered with a clarifying question (counted as not wrong in intent accuracy)."""
    slot_f1_typed: float
    slot_f1_heard: float
    p50_s: float
    p95_s: float
    max_s: float
    fallbacks: int
    no_speech: int


def summarize(name: str, refs: list[dict[str, Any]], heard: list[Heard],
              understand: Callable[..., Any]) -> tuple[Row, SetScore]:
    typed = score(name, refs, understand)
    spoken = score(name, [ref | {"text": h.transcript} for ref, h in zip(refs, heard)], understand)
    times = [h.seconds for h in heard]
    row = Row(name=name, clips=len(refs), wer=word_error_rate([(h.text, h.transcript) for h in heard]),
              intent_typed=typed.intent_accuracy, intent_heard=spoken.intent_accuracy,
              asked_typed=typed.clarified / max(typed.n, 1), asked_heard=spoken.clarified / max(spoken.n, 1),
              slot_f1_typed=typed.f1,
              slot_f1_heard=spoken.f1, p50_s=percentile(times, 50), p95_s=percentile(times, 95),
              max_s=max(times, default=0.0), fallbacks=sum(h.temperature > 0 for h in heard),
              no_speech=sum(h.no_speech for h in heard))
    return row, spoken


MONEY_SLOTS = ("budget_min", "budget_max", "down_payment", "car_price", "monthly_payment")


def money_heard(refs: list[dict[str, Any]], heard: list[Heard]) -> tuple[int, int, int]:
    """(clips stating a money amount, clips whose transcript holds every labelled amount, clips whose transcript
    holds an amount that is not labelled: a wrong figure the buyer would have to correct)."""
    total = right = wrong = 0
    for ref, h in zip(refs, heard):
        labelled = {int(v) for k, v in (ref.get("slots") or {}).items() if k in MONEY_SLOTS}
        if not labelled:
            continue
        found = {a.value for a in find_amounts(h.transcript) if a.is_money}
        total += 1
        right += labelled <= found
        wrong += bool(found - labelled)
    return total, right, wrong


def table(rows: list[Row]) -> list[str]:
    lines = ["| clips | n | WER | intent typed / heard | asked back typed / heard | slot F1 typed / heard "
             "| transcription p50 / p95 / max | fallbacks |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r.name} | {r.clips} | {r.wer:.3f} | {r.intent_typed:.3f} / {r.intent_heard:.3f} | "
                     f"{r.asked_typed:.3f} / {r.asked_heard:.3f} | {r.slot_f1_typed:.3f} / {r.slot_f1_heard:.3f} | {r.p50_s:.2f} / {r.p95_s:.2f} / "
                     f"{r.max_s:.2f} s | {r.fallbacks} |")
    return lines


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-prompt", action="store_true", help="transcribe without the domain prompt")
    parser.add_argument("--prompt-chars", type=int, help="length limit of the domain prompt (default: the shipped one)")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads of the model (default 2)")
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--show", action="store_true", help="print every clip's reference and transcript")
    parser.add_argument("--report", type=Path, help="write the rows and transcripts as JSON")
    args = parser.parse_args(argv)

    import ctranslate2

    from stores.catalog import Catalog
    from tools.transcription import catalog_names, domain_prompt, load_model, transcribe

    ctranslate2.set_random_seed(0)  # the fallback's sampling is random: the same run gives the same table
    refs = load_references()
    started = time.perf_counter()
    model = load_model(args.threads)
    load_s = time.perf_counter() - started
    limit = {"max_chars": args.prompt_chars} if args.prompt_chars else {}
    prompt = None if args.no_prompt else domain_prompt(catalog_names(Catalog.from_csv()), **limit)
    heard: list[Heard] = []
    for ref in refs:
        result = transcribe(VOICE_DIR / ref["file"], prompt, model=model, beam_size=args.beam_size)
        heard.append(Heard(file=ref["file"], text=ref["text"], transcript=result.text, seconds=result.seconds,
                           duration_s=result.duration_s, confidence=result.confidence, no_speech=result.no_speech,
                           temperature=result.temperature))
        if args.show:
            flag = " [fallback]" if result.temperature > 0 else ""
            print(f"{ref['file']} ({ref['speed']}, {ref['noise']}) {result.seconds:.2f}s "
                  f"conf {result.confidence:.2f}{flag}\n  ref: {ref['text']}\n  got: {result.text}")

    understand = rules_understander()
    groups: list[tuple[str, list[int]]] = [("all", list(range(len(refs))))]
    for key in ("speed", "noise"):
        for value in dict.fromkeys(ref[key] for ref in refs):
            groups.append((f"{key} {value}", [i for i, ref in enumerate(refs) if ref[key] == value]))
    rows = [summarize(name, [refs[i] for i in idx], [heard[i] for i in idx], understand)[0] for name, idx in groups]

    audio = sum(h.duration_s for h in heard)
    print(f"voice-note set: {len(refs)} clips, {audio:.0f} s of audio; model load {load_s:.2f} s; "
          f"{'no prompt' if args.no_prompt else 'domain prompt'}; {args.threads} threads, int8, beam {args.beam_size}")
    print(f"transcription {sum(h.seconds for h in heard):.1f} s in all, "
          f"{statistics.median(h.seconds / h.duration_s for h in heard):.2f} x real time (median); "
          f"no speech {sum(h.no_speech for h in heard)}; peak RSS {peak_rss_mb():.0f} MB\n")
    total, right, wrong = money_heard(refs, heard)
    print(f"money amounts: {right} of {total} clips heard right; {wrong} with a wrong amount in the transcript\n")
    for line in table(rows):
        print(line)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps({"prompt": prompt, "threads": args.threads, "load_s": load_s,
                                           "rows": [asdict(r) for r in rows], "clips": [asdict(h) for h in heard]},
                                          ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
