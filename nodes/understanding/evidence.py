"""Evidence about a message's intent from independent readers, as tokens a trained classifier weighs.

Each reader looks at the message on its own terms: the cue vocabulary, the extractors (amounts, cars, cities,
dates, references), the dialogue-act reader, the knowledge base's question index, and the dialogue state (the
pending question, the cars shown, the previous intent). None of them decides; the classifier learns how much
each is worth from the labelled corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

from nodes.understanding.dialogue_acts import DialogueAct
from nodes.understanding.slots import DialogContext, Extraction

KB_BUCKETS = ((0.75, "high"), (0.55, "mid"), (0.35, "low"))
CARRIED_TOPICS = frozenset({"company_info", "book_appointment", "handoff"})
"""Previous intents a follow-up continues even though they are not searches ("¿y se puede extender?")."""


@dataclass(frozen=True)
class Evidence:
    """What the readers found, and the rules' own reading."""

    cue_scores: dict[str, float]
    extraction: Extraction
    acts: frozenset[DialogueAct]
    kb_doc: str | None
    kb_score: float
    rule_intent: str
    injection: bool
    comparison: bool = False

    def tokens(self, ctx: DialogContext) -> list[str]:
        out = [f"cue:{intent}" for intent, score in self.cue_scores.items() if score > 0]
        out += [f"cue2:{intent}" for intent, score in self.cue_scores.items() if score >= 3]
        ext = self.extraction
        named_cars = {"make", "model"} if ext.car_options else set()  # alternatives name cars too
        out += [f"slot:{name}" for name in sorted(set(ext.slots) | named_cars) if name != "name"]
        if ext.reference is not None:
            out.append("ref")
        if ext.pick:
            out.append("pick")
        if ext.car_options:
            out.append("options")
        if ext.compared:
            out.append("compared")
        if ext.relative:
            out.append(f"relative:{ext.relative}")
        if self.comparison:
            out.append("comparison")
        if ext.more_results:
            out.append("more")
        if ext.own_car:
            out.append("own_car")
        if ext.cleared:
            out.append("cleared")
        out += [f"act:{act}" for act in sorted(self.acts)]
        bucket = next((name for floor, name in KB_BUCKETS if self.kb_score >= floor), None)
        if bucket:
            out += [f"kb:{bucket}", f"kb:{self.kb_doc}:{bucket}"]
        out.append(f"rule:{self.rule_intent}")
        if self.injection:
            out.append("injection")
        out += context_tokens(ctx)
        return out


def context_tokens(ctx: DialogContext) -> list[str]:
    out = []
    if ctx.pending:
        out.append(f"pending:{ctx.pending}")
    last = ctx.previous_intent if ctx.previous_intent in CARRIED_TOPICS else ctx.last_intent
    if last:
        out.append(f"last:{last}")
    if ctx.shown_count:
        out.append("shown:one" if ctx.shown_count == 1 else "shown:many")
    if not (ctx.pending or ctx.last_intent or ctx.shown_count):
        out.append("fresh")
    return out
