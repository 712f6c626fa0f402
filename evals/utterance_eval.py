"""Intent and slot accuracy of the built-in (no-LLM) understanding layer on labelled buyer messages.

Sets live in evals/utterances/: `dev` (used while writing the rules) and `heldout` (written before
reading them, never used to tune them). Slots are scored as atoms: one per slot, one per feature,
and `reference` (index into the cars just shown) whenever it is expected or predicted. Predicted
slots outside SLOT_NAMES (name, booking date, ...) are not scored.

    python -m evals.utterance_eval [--set dev|dev2|heldout|both|corpus-train|corpus-heldout] [--show-errors]
                                   [--min-intent 0.8] [--min-slot-f1 0.8]

`corpus-train` scores the training authors' messages with the shipped model (it has seen them: a training
figure, not a measure); `corpus-heldout` is the final held-out set (evals/corpus/heldout). A clarifying question
counts as not wrong and its rate is printed; "confident wrong" is a wrong intent given without asking.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from stores.text import fold

SETS_DIR = Path(__file__).parent / "utterances"
TODAY = date(2026, 11, 25)
SLOT_NAMES = frozenset({
    "budget_min", "budget_max", "make", "model", "year_min", "year_max", "body_type", "transmission",
    "km_max", "features", "down_payment", "down_payment_pct", "term_years", "monthly_payment",
    "car_price", "city",
})
TEXT_SLOTS = frozenset({"make", "model", "city"})

Atom = tuple[str, Any]
Prediction = tuple[str, dict[str, Any], int | None]  # intent, slots, reference
Understander = Callable[[str, dict[str, Any]], Prediction]


@dataclass
class SetScore:
    name: str
    n: int = 0
    intent_ok: int = 0
    clarified: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    per_intent: Counter[str] = field(default_factory=Counter)
    per_intent_ok: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def intent_accuracy(self) -> float:
        return self.intent_ok / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def comparable_value(key: str, value: Any) -> Any:
    """Comparable form: folded text for names, ints for whole numbers."""
    if key in TEXT_SLOTS or isinstance(value, str):
        return re.sub(r"[\s\-]+", " ", fold(str(value))).strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def atoms(slots: dict[str, Any], reference: int | None, shown_count: int | None) -> set[Atom]:
    """Scored atoms of one message; a negative reference counts from the end of the list shown."""
    out: set[Atom] = set()
    for key, value in slots.items():
        if key not in SLOT_NAMES or value is None:
            continue
        for item in value if isinstance(value, (list, tuple, set)) else [value]:
            out.add((key, comparable_value(key, item)))
    if reference is not None:
        if reference < 0 and shown_count:
            reference += shown_count
        out.add(("reference", reference))
    return out


def score(name: str, items: list[dict[str, Any]], understand_fn: Understander) -> SetScore:
    result = SetScore(name)
    for item in items:
        ctx = item.get("context") or {}
        expected_slots = dict(item.get("slots") or {})
        expected_ref = item.get("reference", expected_slots.pop("reference", None))
        intent, slots, reference = understand_fn(item["text"], ctx)
        expected = atoms(expected_slots, expected_ref, ctx.get("shown_count"))
        got = atoms(slots, reference, ctx.get("shown_count"))
        result.n += 1
        result.per_intent[item["intent"]] += 1
        result.clarified += intent == "clarify"
        intent_ok = intent in (item["intent"], "clarify")
        result.intent_ok += intent_ok
        result.per_intent_ok[item["intent"]] += intent_ok
        result.tp += len(expected & got)
        result.fp += len(got - expected)
        result.fn += len(expected - got)
        if not intent_ok or expected != got:
            parts = [] if intent_ok else [f"intent {item['intent']} -> {intent}"]
            if expected - got:
                parts.append(f"missed {sorted(expected - got, key=str)}")
            if got - expected:
                parts.append(f"extra {sorted(got - expected, key=str)}")
            where = f" ctx={ctx}" if ctx else ""
            result.errors.append(f"{item['text']!r}{where}: " + "; ".join(parts))
    return result


def rules_understander() -> Understander:
    """The shipped built-in understanding layer over the shipped catalog's names."""
    from nodes.understanding import DialogContext, understand
    from nodes.understanding.classifier import shipped_model
    from stores.catalog import Catalog
    from tools.car_names import CarNames

    names = CarNames(Catalog.from_csv().vocabulary)
    model = shipped_model()

    def run(text: str, ctx: dict[str, Any]) -> Prediction:
        dialog = DialogContext(pending=ctx.get("pending"), last_intent=ctx.get("last_intent"),
                               shown_count=ctx.get("shown_count", 0), today=TODAY)
        u = understand(text, dialog, names, model)
        return ("clarify" if u.clarify else u.intent), dict(u.slots), u.reference

    return run


def report(s: SetScore, show_errors: bool) -> None:
    print(f"== {s.name}: {s.n} messages")
    wrong = s.n - s.intent_ok
    print(f"intent accuracy {s.intent_accuracy:.3f} ({s.intent_ok}/{s.n}); clarifying questions "
          f"{s.clarified / max(s.n, 1):.3f}; confident wrong {wrong / max(s.n, 1):.3f}")
    print(f"slots P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  (tp {s.tp}, fp {s.fp}, fn {s.fn})")
    for intent in sorted(s.per_intent):
        ok, total = s.per_intent_ok[intent], s.per_intent[intent]
        print(f"  {intent:18} {ok / total:.3f} ({ok}/{total})")
    if show_errors and s.errors:
        print(f"errors ({len(s.errors)}):")
        for line in s.errors:
            print(f"  - {line}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=("dev", "dev2", "heldout", "both", "corpus-train", "corpus-heldout"),
                        default="both")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--min-intent", type=float, help="fail if held-out intent accuracy is below")
    parser.add_argument("--min-slot-f1", type=float, help="fail if held-out slot F1 is below")
    args = parser.parse_args(argv)
    if (args.min_intent is not None or args.min_slot_f1 is not None) and args.set in ("dev", "dev2", "corpus-train"):
        parser.error("thresholds apply to a held-out set")
    understand_fn = rules_understander()
    names = ["dev", "heldout"] if args.set == "both" else [args.set]
    scores = {}
    for name in names:
        if name.startswith("corpus-"):
            from evals.corpus import load_messages

            items = [m.key() for m in load_messages(name.split("-", 1)[1], legacy=False)]
        else:
            items = yaml.safe_load((SETS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        scores[name] = score(name, items, understand_fn)
        report(scores[name], args.show_errors)
    held = scores.get("heldout") or scores.get("corpus-heldout")
    failed = held is not None and (
        (args.min_intent is not None and held.intent_accuracy < args.min_intent)
        or (args.min_slot_f1 is not None and held.f1 < args.min_slot_f1))
    if failed:
        print("held-out below threshold")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
