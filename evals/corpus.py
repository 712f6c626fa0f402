"""The labelled corpus of buyer messages and conversations, by author.

Layout (labelling rules: evals/utterances/GUIDE.md):

    evals/corpus/train/<author>.messages.yaml        used for training and leave-one-author-out evaluation
    evals/corpus/train/<author>.conversations.yaml
    evals/corpus/heldout/<author>.messages.yaml      the final held-out set: never trained on, never used to fix rules
    evals/corpus/heldout/<author>.conversations.yaml
    evals/utterances/{dev,dev2,heldout}.yaml         the earlier sets, one author each (training authors now)

Every message row names its author; conversation turns are checked against the real graph.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.state import INTENTS

CORPUS_DIR = Path(__file__).parent / "corpus"
LEGACY_DIR = Path(__file__).parent / "utterances"
LEGACY_SETS = ("dev", "dev2", "heldout")
CONTEXT_KEYS = frozenset({"last_intent", "pending", "shown_count"})


@dataclass(frozen=True)
class Message:
    """One labelled buyer message."""

    author: str
    text: str
    intent: str
    slots: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    reference: int | None = None

    def key(self) -> dict[str, Any]:
        return {"author": self.author, "text": self.text, "intent": self.intent, "slots": self.slots,
                "context": self.context, "reference": self.reference}


@dataclass(frozen=True)
class Conversation:
    author: str
    id: str
    turns: list[dict[str, Any]]


def _message(author: str, row: dict[str, Any]) -> Message:
    if row.get("intent") not in INTENTS:
        raise ValueError(f"{author}: unknown intent {row.get('intent')!r} for {row.get('text')!r}")
    slots = dict(row.get("slots") or {})
    reference = row.get("reference", slots.pop("reference", None))
    context = {k: v for k, v in (row.get("context") or {}).items() if k in CONTEXT_KEYS and v is not None}
    return Message(author=author, text=str(row["text"]), intent=row["intent"], slots=slots,
                   context=context, reference=reference)


def load_messages(split: str = "train", *, legacy: bool = True) -> list[Message]:
    """Messages of one split ("train" or "heldout"); the training split includes the earlier sets."""
    messages: list[Message] = []
    for path in sorted((CORPUS_DIR / split).glob("*.messages.yaml")):
        author = path.name.split(".")[0]
        messages += [_message(author, row) for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    if split == "train" and legacy:
        for name in LEGACY_SETS:
            rows = yaml.safe_load((LEGACY_DIR / f"{name}.yaml").read_text(encoding="utf-8")) or []
            messages += [_message(f"L-{name}", row) for row in rows]
    return messages


def load_conversations(split: str = "train") -> list[Conversation]:
    conversations: list[Conversation] = []
    for path in sorted((CORPUS_DIR / split).glob("*.conversations.yaml")):
        author = path.name.split(".")[0]
        for index, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [], 1):
            turns = item.get("turns") or []
            for turn in turns:
                if turn.get("intent") not in INTENTS:
                    raise ValueError(f"{path.name}: unknown intent {turn.get('intent')!r}")
            conversations.append(Conversation(author=author, id=str(item.get("id") or f"{author}-c{index:02d}"),
                                              turns=turns))
    return conversations


def data_hash(messages: list[Message]) -> str:
    """A stable hash of the training rows (recorded in the model artifact)."""
    payload = json.dumps([m.key() for m in messages], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
