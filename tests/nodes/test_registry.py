"""The domain registry covers every intent: a route, a reply, training examples, and one owner per pending slot."""

from __future__ import annotations

from collections import Counter

from evals.corpus import data_hash, load_messages
from graph.build import ACTION_NODES
from graph.state import INTENTS, SLOT_NAMES
from nodes.compose import _BUILDERS
from nodes.registry import PENDING_OWNER, REGISTRY, SPECS
from nodes.understanding.classifier import MODEL_PATH, shipped_model


def test_every_intent_is_declared_once_with_a_route_and_a_reply() -> None:
    assert sorted(SPECS) == sorted(INTENTS) and len(REGISTRY) == len(INTENTS)
    for spec in REGISTRY:
        actions = [spec.action] if spec.action else ["search", "details", "finance"]
        for action in actions:
            assert action in ACTION_NODES or action in _BUILDERS, (spec.name, action)
            assert action in _BUILDERS or ACTION_NODES[action] in ("handoff",), (spec.name, action)
        assert spec.offer and spec.describe


def test_pending_slots_have_one_owner() -> None:
    assert set(PENDING_OWNER) <= set(SLOT_NAMES)


def test_every_intent_has_training_examples_by_many_authors() -> None:
    messages = load_messages("train")
    per_intent = Counter(m.intent for m in messages)
    assert all(per_intent[intent] >= 150 for intent in INTENTS), per_intent
    assert len({m.author for m in messages}) >= 12


def test_the_shipped_classifier_was_trained_on_the_current_corpus() -> None:
    model = shipped_model()
    assert model is not None and sorted(model.labels) == sorted(INTENTS)
    assert model.meta["data_hash"] == data_hash(load_messages("train")), "run `make intent-model`"
    assert MODEL_PATH.stat().st_size <= 20 * 1024 * 1024
    assert not {m.author for m in load_messages("heldout")} & set(model.meta["authors"])
