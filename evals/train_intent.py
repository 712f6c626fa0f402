"""Train the intent classifier on the labelled corpus, and measure it across authors.

    python -m evals.train_intent              # fit on every training author, save the artifact
    python -m evals.train_intent --loao       # leave-one-author-out report only (saves nothing)

The evidence of each message is read by the shipped readers (rules, extractors, knowledge-base index) over the
shipped catalog, exactly as at run time. The held-out split (evals/corpus/heldout) is never read here.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from evals.corpus import Message, data_hash, load_messages
from evals.utterance_eval import TODAY
from nodes.understanding import MIN_CONFIDENCE, DialogContext, choose_intent, read
from nodes.understanding.classifier import MODEL_PATH, MODEL_VERSION, IntentModel, make_pipeline, rows


@dataclass(frozen=True)
class Example:
    message: Message
    folded: str
    evidence: list[str]
    ctx: DialogContext
    named_model: str | None = None


def context_of(message: Message) -> DialogContext:
    ctx = message.context
    return DialogContext(pending=ctx.get("pending"), last_intent=ctx.get("last_intent"),
                         shown_count=int(ctx.get("shown_count") or 0), today=TODAY)


def examples(messages: list[Message]) -> list[Example]:
    """Every message read by the run-time readers (the slow part of training, done once)."""
    from stores.catalog import Catalog
    from tools.car_names import CarNames

    names = CarNames(Catalog.from_csv().vocabulary)
    out = []
    for message in messages:
        ctx = context_of(message)
        reading = read(message.text, ctx, names)
        out.append(Example(message, reading.folded, reading.evidence.tokens(ctx), ctx,
                           reading.extraction.slots.get("model")))
    return out


def fit(train: list[Example]) -> Any:
    pipeline = make_pipeline()
    pipeline.fit(rows([e.folded for e in train], [e.evidence for e in train]), [e.message.intent for e in train])
    return pipeline


@dataclass
class Decision:
    expected: str
    predicted: str
    confidence: float
    clarify: bool


def leave_one_author_out(all_examples: list[Example]) -> dict[str, list[tuple[Example, list[tuple[str, float]]]]]:
    """Each author's messages ranked by a model trained on every other author."""
    by_author: dict[str, list[Example]] = {}
    for example in all_examples:
        by_author.setdefault(example.message.author, []).append(example)
    results = {}
    for author, held in sorted(by_author.items()):
        train = [e for e in all_examples if e.message.author != author]
        model = IntentModel(fit(train), {})
        results[author] = [(e, model.rank(e.folded, e.evidence)) for e in held]
    return results


def decisions(ranked: list[tuple[Example, list[tuple[str, float]]]], min_confidence: float = MIN_CONFIDENCE) -> list[Decision]:
    out = []
    for example, ranking in ranked:
        intent, confidence, _, clarify = choose_intent(ranking, example.evidence, example.ctx, example.named_model,
                                                       min_confidence)
        out.append(Decision(example.message.intent, intent, confidence, clarify))
    return out


def print_sweep(results: dict[str, list[tuple[Example, list[tuple[str, float]]]]]) -> None:
    """How the confidence floor trades clarifying questions against confident wrong intents (to choose it)."""
    pooled = [item for ranked in results.values() for item in ranked]
    print(f"\n{'floor':>6} {'accuracy':>9} {'clarify':>8} {'conf.wrong':>11}")
    for floor in (0.6, 0.7, 0.75, 0.8, 0.83, 0.86, 0.9):
        s = summarise(decisions(pooled, floor))
        print(f"{floor:>6.2f} {s['accuracy']:>9.3f} {s['clarify_rate']:>8.3f} {s['confident_wrong']:>11.3f}"
              + ("   <- shipped" if floor == MIN_CONFIDENCE else ""))


def summarise(decisions: list[Decision]) -> dict[str, float]:
    """Accuracy counts a clarifying question as not wrong (and reports how often it happens)."""
    n = len(decisions) or 1
    clarified = sum(d.clarify for d in decisions)
    correct = sum(d.predicted == d.expected for d in decisions if not d.clarify)
    wrong_confident = sum(d.predicted != d.expected for d in decisions if not d.clarify)
    committed = n - clarified or 1
    return {"n": len(decisions), "accuracy": round((correct + clarified) / n, 4),
            "accuracy_committed": round(correct / committed, 4),
            "raw_accuracy": round(sum(d.predicted == d.expected for d in decisions) / n, 4),
            "clarify_rate": round(clarified / n, 4), "confident_wrong": round(wrong_confident / n, 4)}


def confusion(decisions: list[Decision]) -> Counter[tuple[str, str]]:
    return Counter((d.expected, "clarify" if d.clarify else d.predicted) for d in decisions)


def print_confusion(decisions: list[Decision]) -> None:
    matrix = confusion(decisions)
    labels = sorted({d.expected for d in decisions})
    columns = [*labels, "clarify"]
    short = {label: label[:7] for label in columns}
    header = "expected / got"
    print(f"{header:18}" + "".join(f"{short[c]:>8}" for c in columns))
    for label in labels:
        print(f"{label:18}" + "".join(f"{matrix[(label, c)]:>8}" for c in columns))


def report_loao(results: dict[str, list[Decision]]) -> dict[str, Any]:
    print(f"{'author':12} {'n':>5} {'acc':>7} {'commit':>7} {'raw':>7} {'clarify':>8} {'conf.wrong':>10}")
    per_author = {}
    for author, decisions in results.items():
        s = summarise(decisions)
        per_author[author] = s
        print(f"{author:12} {s['n']:>5} {s['accuracy']:>7.3f} {s['accuracy_committed']:>7.3f} {s['raw_accuracy']:>7.3f} "
              f"{s['clarify_rate']:>8.3f} {s['confident_wrong']:>10.3f}")
    every = [d for decisions in results.values() for d in decisions]
    overall = summarise(every)
    mean = sum(s["accuracy"] for s in per_author.values()) / len(per_author)
    worst = min(per_author.items(), key=lambda kv: kv[1]["accuracy"])
    print(f"\nleave-one-author-out: mean author accuracy {mean:.3f}, worst {worst[0]} {worst[1]['accuracy']:.3f}; "
          f"pooled {overall['accuracy']:.3f}, clarify rate {overall['clarify_rate']:.3f}, "
          f"confident wrong {overall['confident_wrong']:.3f}")
    print_confusion(every)
    return {"mean": mean, "worst": worst, "overall": overall}


def train_and_save(all_examples: list[Example]) -> IntentModel:
    started = time.perf_counter()
    messages = [e.message for e in all_examples]
    import sklearn

    model = IntentModel(fit(all_examples), {
        "version": MODEL_VERSION, "data_hash": data_hash(messages), "messages": len(messages),
        "authors": sorted({m.author for m in messages}), "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "sklearn": sklearn.__version__, "python": platform.python_version()})
    model.save()
    print(f"saved {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB) from {len(messages)} messages, "
          f"{len(model.meta['authors'])} authors, data {model.meta['data_hash']}, "
          f"{time.perf_counter() - started:.1f} s")
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loao", action="store_true", help="leave-one-author-out report only")
    args = parser.parse_args(argv)
    all_examples = examples(load_messages("train"))
    if args.loao:
        ranked = leave_one_author_out(all_examples)
        report_loao({author: decisions(items) for author, items in ranked.items()})
        print_sweep(ranked)
        return 0
    train_and_save(all_examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
