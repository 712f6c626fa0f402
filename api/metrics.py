"""Prometheus metrics of the agent (`GET /metrics`).

With several uvicorn workers set `PROMETHEUS_MULTIPROC_DIR` (`agente serve --workers N` does it for you): each worker
writes its samples there and `/metrics` aggregates them, whichever worker answers.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

TURNS = Counter("agent_turns_total", "Buyer turns by accepted intent and the action taken", ["intent", "action"])
CLARIFYING = Counter("agent_clarifying_questions_total", "Turns that asked which of two readings the buyer meant")
TOOL_CALLS = Counter("agent_tool_calls_total", "Tool calls by tool", ["tool"])
TOOL_ERRORS = Counter("agent_tool_errors_total", "Tool calls that returned an error, by tool", ["tool"])
VERIFICATION_REJECTIONS = Counter("agent_verification_rejections_total",
                                  "Replies the grounding check replaced with the grounded draft")
HANDOFFS = Counter("agent_handoffs_total", "Conversations handed to a person, by reason", ["reason"])
APPOINTMENTS = Counter("agent_appointments_total", "Appointments booked, moved and cancelled", ["event"])
LLM_CALLS = Counter("agent_llm_calls_total", "LLM calls by purpose and outcome", ["purpose", "outcome"])
WEBHOOK_DUPLICATES = Counter("agent_webhook_duplicates_total", "Twilio retries absorbed (same MessageSid)")
RATE_LIMITED = Counter("agent_webhook_rate_limited_total",
                       "Buyer messages refused by the per-sender rate limit, by what was answered", ["answer"])
STORE_ERRORS = Counter("agent_state_store_errors_total", "Turns that failed on the state store (checkpointer)")
RECOVERED_TURNS = Counter("agent_recovered_turns_total",
                          "Retried messages whose turn an earlier, failed delivery had already applied")
WITH_PERSON = Counter("agent_messages_with_person_total", "Buyer messages kept for a person (bot quiet)")
TURN_SECONDS = Histogram("agent_turn_seconds", "Turn latency in seconds (graph run and state write)",
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15))
BOOKING_EVENTS = frozenset({"booked", "rescheduled", "cancelled"})


def record_turn(state: dict[str, Any], seconds: float) -> None:
    """Count what one turn did, from its final state."""
    action = state.get("action") or "none"
    TURNS.labels(intent=state.get("intent") or "none", action=action).inc()
    TURN_SECONDS.observe(seconds)
    if action == "clarify":
        CLARIFYING.inc()
    for call in state.get("tool_calls") or []:
        TOOL_CALLS.labels(tool=call["name"]).inc()
        if isinstance(call.get("result"), dict) and call["result"].get("error"):
            TOOL_ERRORS.labels(tool=call["name"]).inc()
    if (state.get("verification") or {}).get("ok") is False:
        VERIFICATION_REJECTIONS.inc()
    if action == "handoff":
        HANDOFFS.labels(reason=state.get("handoff_reason") or "buyer_asked").inc()
    if state.get("booking_step") in BOOKING_EVENTS:
        APPOINTMENTS.labels(event=state["booking_step"]).inc()
    for call in state.get("llm_calls") or []:  # an error or a rejected proposal/rewording: the rules answered
        failed = call.get("error") or call.get("rejected")
        LLM_CALLS.labels(purpose=str(call.get("purpose", "unknown")), outcome="fallback" if failed else "ok").inc()


def exposition() -> tuple[bytes, str]:
    """The metrics text; aggregated over every worker when running multiprocess."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
