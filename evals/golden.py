"""Golden conversations: a YAML format designers write, run through the real graph and checked turn by turn.

A conversation file (evals/golden/*.yaml):

    name: troca_financing
    description: A buyer looks for a pickup and finances it.
    turns:
      - user: "busco una troca automatica de unos 500 mil"
        expect:
          intent: search_cars
          slots: {body_type: pickup, transmission: automatic, budget_max: 500000}   # must hold after the turn
          tools: [{name: search_cars, args: {body_type: pickup}}]                   # called, args a subset
          contains: ["pickup"]            # substrings the reply must have (case-insensitive)
          not_contains: ["Ferrari"]
          asks_for: null                  # the slot the reply asks for next (null: none)
          max_chars: 1600                 # per WhatsApp message
      - user: "el primero, con 100 mil de enganche a 4 años"
        expect:
          monthly_payment: {price: car, down_payment: 100000, years: 4}   # price: pesos, or "car" = chosen car
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path
from typing import Any

import yaml

from graph.state import Slots

GOLDEN_DIR = Path(__file__).parent / "golden"
EXPECT_KEYS = {"intent", "slots", "tools", "contains", "not_contains", "asks_for", "max_chars", "monthly_payment"}


@dataclass
class TurnCheck:
    """The outcome of one turn against its expectations."""

    user: str
    state: dict[str, Any]
    ms: float
    failures: list[str] = field(default_factory=list)


@dataclass
class ConversationRun:
    name: str
    turns: list[TurnCheck]
    expectations: list[dict[str, Any]]

    @property
    def passed(self) -> bool:
        return all(not t.failures for t in self.turns)


def load_conversations(folder: Path = GOLDEN_DIR) -> list[dict[str, Any]]:
    conversations = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data if isinstance(data, list) else [data]:
            item.setdefault("name", path.stem)
            for turn in item["turns"]:
                unknown = set(turn.get("expect") or {}) - EXPECT_KEYS
                if unknown:
                    raise ValueError(f"{path.name}: unknown expectation {sorted(unknown)}")
            conversations.append(item)
    return conversations


def run_conversation(graph: Any, conversation: dict[str, Any], thread_id: str) -> ConversationRun:
    config = {"configurable": {"thread_id": thread_id}}
    checks = []
    for turn in conversation["turns"]:
        started = time.perf_counter()
        state = graph.invoke({"text": turn["user"]}, config, durability="exit")
        check = TurnCheck(turn["user"], state, (time.perf_counter() - started) * 1000)
        check.failures = check_turn(state, turn.get("expect") or {})
        checks.append(check)
    return ConversationRun(conversation["name"], checks, [t.get("expect") or {} for t in conversation["turns"]])


def check_turn(state: dict[str, Any], expect: dict[str, Any]) -> list[str]:
    failures: list[str] = []
    reply = "\n\n".join(state.get("outbound") or [])
    if "intent" in expect and state.get("intent") != expect["intent"]:
        failures.append(f"intent {state.get('intent')} != {expect['intent']}")
    failures += [f"slot {name}: {got!r} != {want!r}" for name, want, got in slot_mismatches(state, expect)]
    for wanted in expect.get("tools") or []:
        if not any(_tool_matches(call, wanted) for call in state.get("tool_calls") or []):
            failures.append(f"tool {wanted} not called")
    lowered = reply.lower()
    failures += [f"missing {text!r}" for text in expect.get("contains") or [] if text.lower() not in lowered]
    failures += [f"unexpected {text!r}" for text in expect.get("not_contains") or [] if text.lower() in lowered]
    if "asks_for" in expect and state.get("pending") != expect["asks_for"]:
        failures.append(f"asks_for {state.get('pending')} != {expect['asks_for']}")
    limit = expect.get("max_chars", 1600)
    failures += [f"message of {len(m)} chars > {limit}" for m in state.get("outbound") or [] if len(m) > limit]
    if "monthly_payment" in expect:
        payment = expected_payment(expect["monthly_payment"], state)
        if payment is None or f"${payment:,.2f}" not in reply:
            failures.append(f"monthly payment {payment} not stated")
    return failures


def slot_mismatches(state: dict[str, Any], expect: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    slots = state.get("slots") or Slots()
    mismatches = []
    for name, want in (expect.get("slots") or {}).items():
        got = getattr(slots, name)
        if isinstance(want, list):
            ok = sorted(got or []) == sorted(want)
        elif isinstance(want, str) and isinstance(got, str):
            ok = got.casefold() == want.casefold()
        else:
            ok = got == want
        if not ok:
            mismatches.append((name, want, got))
    return mismatches


def expected_payment(spec: dict[str, Any], state: dict[str, Any]) -> Decimal | None:
    """The textbook annuity payment, computed here independently of tools/financing.py."""
    price = (state.get("slots") or Slots()).car_price if spec.get("price") == "car" else spec.get("price")
    if price is None:
        return None
    with localcontext(prec=40):
        rate = Decimal("0.10") / 12
        months = int(spec["years"]) * 12
        principal = Decimal(price) - Decimal(spec.get("down_payment", 0))
        payment = principal * rate / (1 - (1 + rate) ** -months)
    return payment.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _tool_matches(call: dict[str, Any], wanted: dict[str, Any]) -> bool:
    if call["name"] != wanted["name"]:
        return False
    args = call.get("args") or {}
    return all(_same(args.get(key), value) for key, value in (wanted.get("args") or {}).items())


def _same(got: Any, want: Any) -> bool:
    if isinstance(got, str) and isinstance(want, str):
        return got.casefold() == want.casefold()
    try:
        return Decimal(str(got)) == Decimal(str(want))
    except ArithmeticError:
        return got == want
