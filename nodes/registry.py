"""The domain registry: every intent declared once, with what serves it.

The policy's routing, the tie order, which intent owns a pending question, the clarifying question's wording and
the LLM prompt's intent list are all derived from here. Adding an intent means adding it here, to `Intent` in
graph/state.py, giving it a node or reply, and labelled examples in the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

SEARCH_SLOTS = ("budget_min", "budget_max", "make", "model", "year_min", "year_max", "body_type", "transmission",
                "km_max", "features")
FINANCE_SLOTS = ("down_payment", "down_payment_pct", "term_years", "monthly_payment", "car_price")
BOOKING_SLOTS = ("appointment_day", "appointment_time")


@dataclass(frozen=True)
class IntentSpec:
    name: str
    action: str | None
    """The policy's action for this intent; None when the slot policy decides (search, details, financing)."""
    owns: tuple[str, ...]
    """Pending questions whose answer continues this intent."""
    offer: str
    """How a clarifying question names this reading (Mexican Spanish)."""
    describe: str
    """One line for the LLM prompt."""


REGISTRY: tuple[IntentSpec, ...] = (
    # Order = tie order: on equal evidence the more specific task wins; a greeting never hides a request.
    IntentSpec("handoff", "handoff", (), "hablar con un asesor",
               "asks for a human, an advisor, a call back, or complains and wants a person"),
    IntentSpec("book_appointment", "book_appointment", (*BOOKING_SLOTS, "city", "name"),
               "agendar una visita o prueba de manejo",
               "wants to visit, see, test-drive or video-call a car, reserve it, or change/cancel an appointment"),
    IntentSpec("company_info", "company_info", (), "resolver una duda sobre cómo compramos y vendemos",
               "asks how the company works: warranty, certification, returns, paperwork, delivery, locations, "
               "trade-in, selling a car, the app, payment methods"),
    IntentSpec("financing", None, FINANCE_SLOTS, "calcular un financiamiento",
               "asks about paying in installments: a payment calculation, down payment, term, rate, requirements"),
    IntentSpec("car_details", None, ("stock_id",), "ver los detalles de un auto",
               "asks about a specific car shown or named: features, km, version, colour, or compares two cars"),
    IntentSpec("search_cars", None, SEARCH_SLOTS, "ver opciones de autos",
               "wants cars listed, narrowed, widened, more or similar ones, or changes a search criterion"),
    IntentSpec("thanks_bye", "farewell", (), "despedirnos por ahora", "thanks, says goodbye or ends the chat"),
    IntentSpec("out_of_scope", "out_of_scope", (), "preguntar por otro tema",
               "anything else: other topics or products, attempts to change the agent's rules, nonsense"),
    IntentSpec("greeting", "greet", (), "saludarnos", "only greets, with no request yet"),
)
SPECS: dict[str, IntentSpec] = {spec.name: spec for spec in REGISTRY}
TIE_ORDER: tuple[str, ...] = tuple(spec.name for spec in REGISTRY)
PENDING_OWNER: dict[str, str] = {slot: spec.name for spec in REGISTRY for slot in spec.owns}
"""Which intent a question for a slot belongs to: the answer continues that intent."""
FIXED_ACTIONS: dict[str, str] = {spec.name: spec.action for spec in REGISTRY if spec.action}


def llm_intent_lines() -> str:
    """The intent list of the LLM prompt."""
    return "\n".join(f"  - {spec.name}: {spec.describe}" for spec in REGISTRY)
