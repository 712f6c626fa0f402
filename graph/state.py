"""The typed state a conversation turn flows through, and the names that are persisted."""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired, get_args

from langchain_core.messages import AnyMessage
from langgraph.channels.untracked_value import UntrackedValue
from langgraph.graph.message import add_messages
from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

Intent = Literal[
    "greeting",
    "search_cars",
    "car_details",
    "financing",
    "company_info",
    "book_appointment",
    "handoff",
    "thanks_bye",
    "out_of_scope",
]
INTENTS: tuple[str, ...] = get_args(Intent)

BodyType = Literal["sedan", "suv", "hatchback", "pickup", "minivan", "coupe"]
Transmission = Literal["automatic", "manual"]
Feature = Literal["carplay", "android_auto", "bluetooth", "sunroof", "third_row"]

SlotName = Literal[
    "budget_min",
    "budget_max",
    "make",
    "model",
    "year_min",
    "year_max",
    "body_type",
    "transmission",
    "km_max",
    "features",
    "stock_id",
    "car_price",
    "down_payment",
    "down_payment_pct",
    "term_years",
    "monthly_payment",
    "appointment_day",
    "appointment_time",
    "city",
    "name",
]
SLOT_NAMES: tuple[str, ...] = get_args(SlotName)


class Slots(BaseModel):
    """What the buyer has told us so far, normalised. Amounts are integer pesos."""

    model_config = ConfigDict(validate_assignment=True, extra="forbid")

    budget_min: int | None = Field(None, ge=0, description="Lowest car price wanted, pesos.")
    budget_max: int | None = Field(None, ge=0, description="Highest car price wanted, pesos.")
    make: str | None = Field(None, description="Make as spelled in the catalog.")
    model: str | None = Field(None, description="Model as spelled in the catalog.")
    year_min: int | None = Field(None, description="Oldest model year wanted.")
    year_max: int | None = Field(None, description="Newest model year wanted.")
    body_type: BodyType | None = None
    transmission: Transmission | None = None
    km_max: int | None = Field(None, ge=0, description="Most kilometres accepted.")
    features: list[Feature] = Field(default_factory=list)
    stock_id: str | None = Field(None, description="The car being discussed.")
    car_price: int | None = Field(None, ge=0, description="Price to finance, pesos.")
    down_payment: int | None = Field(None, description="Down payment (enganche), pesos.")
    down_payment_pct: float | None = Field(None, description="Down payment as % of price.")
    term_years: int | None = Field(None, description="Financing term in years (3-6 offered).")
    monthly_payment: int | None = Field(None, description="Monthly payment the buyer wants.")
    appointment_day: str | None = Field(None, description="ISO date of the visit.")
    appointment_time: str | None = Field(None, description="HH:MM of the visit.")
    city: str | None = None
    name: str | None = None

    def search_criteria(self) -> dict[str, Any]:
        """The slots that narrow a catalog search, without empty ones."""
        keys = ("budget_min", "budget_max", "make", "model", "year_min", "year_max",
                "body_type", "transmission", "km_max")
        criteria = {k: getattr(self, k) for k in keys if getattr(self, k) is not None}
        if self.features:
            criteria["features"] = list(self.features)
        return criteria


class Understanding(BaseModel):
    """What the understanding layer (rules or LLM) proposes for one message."""

    intent: Intent = "out_of_scope"
    confidence: float = 0.0
    slots: dict[str, Any] = Field(default_factory=dict, description="Proposed slot values.")
    cleared: list[str] = Field(default_factory=list, description="Slots the buyer dropped.")
    reference: int | None = Field(None, description="Index into the cars just shown (0-based, -1 last).")
    correction: bool = Field(False, description="The buyer is correcting an earlier value.")
    more_results: bool = Field(False, description="The buyer asked to see more options.")
    pick: Literal["cheapest", "priciest", "newest", "least_km", "best_value"] | None = Field(
        None, description="A car of the list chosen by a property (\"el más barato\").")
    issues: list[str] = Field(default_factory=list, description="Values we could not accept, by code.")
    alternatives: list[str] = Field(default_factory=list, description="Close runner-up intents, best first.")
    clarify: bool = Field(False, description="The best readings are too close: ask instead of guessing.")
    car_options: list[dict[str, str]] = Field(
        default_factory=list, description="Cars named as alternatives (\"un Jetta o un Sentra\"): make, model.")
    compared: list[int] = Field(default_factory=list, description="Positions of the list compared together.")
    asked: dict[str, Any] = Field(
        default_factory=dict, description="Attributes asked about a car (\"¿trae quemacocos?\"), not wanted.")
    day_part: Literal["morning", "afternoon", "evening"] | None = Field(
        None, description="A part of the day named without a time (\"en la tarde\").")
    relative: Literal["cheaper", "similar", "similar_cheaper"] | None = Field(
        None, description="Cars relative to the one in focus or those listed (\"parecidos pero más baratos\").")
    source: Literal["rules", "llm"] = "rules"


class ToolCall(TypedDict):
    """One tool invocation of this turn: what was asked and what came back (plain JSON)."""

    name: str
    args: dict[str, Any]
    result: Any


class TraceEvent(TypedDict):
    """One node step of this turn."""

    node: str
    ms: float
    changed: list[str]
    diff: dict[str, Any]


class Verification(TypedDict):
    """Outcome of the grounding check on the reply draft."""

    ok: bool
    problems: list[str]


HISTORY_MESSAGES = 8
"""Messages kept in state: the LLM reads the last six before this turn's two (nodes/llm.py HISTORY_TURNS), the
handoff summary as many; the full transcript is in the turn traces. Each checkpoint stays small and fast."""


def recent_messages(left: list[AnyMessage], right: list[AnyMessage] | AnyMessage) -> list[AnyMessage]:
    """`add_messages`, keeping only the last HISTORY_MESSAGES."""
    return add_messages(left, right)[-HISTORY_MESSAGES:]  # type: ignore[arg-type,index]


class InputState(TypedDict):
    """What a caller sends for one turn."""

    __pydantic_config__ = ConfigDict(use_attribute_docstrings=True)  # docstrings below -> schema descriptions

    text: str
    """The buyer's message as received."""
    message_sid: NotRequired[str]
    """The channel's id of the message (Twilio's MessageSid), kept so a retried delivery is never applied twice."""


class State(InputState, total=False):
    """Everything a turn reads and writes. Per-turn keys are `UntrackedValue`s: reset by `ingest`,
    returned by the run, never written to checkpoints (the conversation log keeps each turn's trace)."""

    __pydantic_config__ = ConfigDict(use_attribute_docstrings=True)

    messages: Annotated[list[AnyMessage], recent_messages]
    """Recent conversation history (buyer and agent); the full transcript is in the turn traces."""
    turn: int
    """Number of buyer messages so far."""
    clean_text: Annotated[str, UntrackedValue(str)]
    """The message after Unicode normalisation, trimming and capping."""
    notices: Annotated[list[str], UntrackedValue(list)]
    """Polite notes to prepend to the reply (e.g. the message was cut)."""
    understanding: Annotated[Understanding, UntrackedValue(Understanding)]
    """This turn's proposal from the understanding layer."""
    intent: Intent
    """The intent accepted for this turn."""
    last_intent: Intent | None
    """The intent of the previous task-oriented turn, for context carry-over."""
    slots: Slots
    """Accumulated slots over the conversation."""
    pending: str | None
    """What the agent asked for last, if anything: a slot name, or a booking step ("booking_kind", "location",
    "confirm_booking")."""
    offered: list[Intent]
    """The readings a clarifying question offered last turn (empty when none was asked)."""
    clarified_text: str
    """The message that was too ambiguous to act on; acted on once the buyer picks a reading."""
    action: Annotated[str, UntrackedValue(str)]
    """What the policy decided to do this turn (a tool or a question)."""
    focus: Annotated[str, UntrackedValue(str)]
    """Stock id of the car a relative request is about ("parecidos pero más baratos"), when the policy found one."""
    shown_cars: list[str]
    """Stock ids of the cars last listed, in order, for "el segundo" or "ese"."""
    car_options: list[dict[str, str]]
    """Alternative cars the search is about ("un Jetta o un Sentra"), while no single model is chosen."""
    booking: dict[str, Any]
    """The appointment being arranged: stock_id, kind, place, day, time (and the id of one being moved)."""
    appointment: dict[str, Any] | None
    """The buyer's active appointment as the booking tools describe it (the store is the source of truth)."""
    misses: int
    """Turns in a row that ended out of scope or with a clarifying question (three hand over to a person)."""
    llm_deadline: Annotated[float, UntrackedValue(float)]
    """When this turn's LLM budget ends (monotonic clock); both LLM calls of the turn share it."""
    handoff_reason: Annotated[str, UntrackedValue(str)]
    """Why this turn hands the conversation to a person ("buyer_asked", "repeated_misunderstanding")."""
    booking_step: Annotated[str, UntrackedValue(str)]
    """What the booking node did or needs this turn (ask_kind, confirm, booked, problem, ...), for the reply."""
    results_offset: int
    """How many results of the current search were already shown."""
    tool_calls: Annotated[list[ToolCall], UntrackedValue(list)]
    """Tools run this turn, with args and results."""
    reply: Annotated[str, UntrackedValue(str)]
    """The reply draft before formatting."""
    grounded_reply: Annotated[str, UntrackedValue(str)]
    """The template reply built only from tool results (fallback for `verify`)."""
    verification: Annotated[Verification, UntrackedValue(Verification)]
    """Whether every number and car in the reply is grounded."""
    media: Annotated[list[str], UntrackedValue(list)]
    """URLs of media (a financing chart) to attach to this turn's WhatsApp reply."""
    outbound: Annotated[list[str], UntrackedValue(list)]
    """WhatsApp messages to send, each at most 1,600 characters."""
    trace: Annotated[list[TraceEvent], UntrackedValue(list)]
    """Node path of this turn with timings and what each node changed (each node appends its event)."""
    llm_calls: Annotated[list[dict[str, Any]], UntrackedValue(list)]
    """LLM calls of this turn with prompts and raw outputs, for traces and replay (each call appended)."""


def jsonable(value: Any) -> Any:
    """Plain JSON data for a tool result: Decimals become exact strings, dataclasses dicts."""
    if hasattr(value, "to_dict"):
        return jsonable(value.to_dict())
    if hasattr(value, "__dataclass_fields__"):
        return {k: jsonable(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def tool_call(name: str, args: dict[str, Any], result: Any) -> ToolCall:
    return {"name": name, "args": jsonable(args), "result": jsonable(result)}
