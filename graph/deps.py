"""What the nodes need from outside the state: catalog, name matcher, optional LLM, clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import lru_cache

from graph.context import AgentContext
from graph.settings import Settings
from nodes.llm import LLMAdvisor
from nodes.understanding.classifier import IntentModel, shipped_model
from stores.appointments import AppointmentStore, RedisAppointments, SqliteAppointments
from stores.catalog import DEFAULT_CATALOG_PATH, Catalog
from stores.clock import BUYER_TZ, buyer_today, utc_now
from stores.handoffs import HandoffStore, RedisHandoffs, SqliteHandoffs
from stores.knowledge import KnowledgeBase
from stores.locations import Locations, load_locations
from stores.media import MediaStore, RedisMedia, SqliteMedia
from tools.booking import BookingRules
from tools.car_names import CarNames, common_words, names_for
from tools.knowledge import QuestionIndex


@dataclass
class Deps:
    """Built once per process and shared by every turn."""

    catalog: Catalog
    settings: Settings = field(default_factory=Settings)
    llm: LLMAdvisor | None = None
    knowledge: KnowledgeBase | None = None
    clock: Callable[[], datetime] = utc_now
    """The current instant (UTC); injected so tests can freeze it."""
    today: Callable[[], date] | None = None
    """The buyer's calendar day; by default the clock's instant in America/Mexico_City."""
    intent_model: IntentModel | None = field(default_factory=shipped_model)
    """The trained intent classifier (None: the rules alone decide)."""
    questions: QuestionIndex = field(default_factory=QuestionIndex.shipped)
    """The knowledge base's question index: evidence that a message is a company question."""
    appointments: AppointmentStore = field(default_factory=lambda: SqliteAppointments(":memory:"))
    """Where bookings live: the deployment's backend (SQLite file or Redis); in memory by default (tests)."""
    locations: Locations = field(default_factory=load_locations)
    handoffs: HandoffStore = field(default_factory=lambda: SqliteHandoffs(":memory:"))
    """Conversations with a person; the deployment's backend, in memory by default (tests)."""
    media: MediaStore = field(default_factory=lambda: SqliteMedia(":memory:"))
    """Charts attached to replies, served by the API at unguessable URLs."""
    names: CarNames = field(init=False)

    def __post_init__(self) -> None:
        if self.today is None:
            self.today = lambda: buyer_today(self.clock())  # always the current clock's day
        self.names = names_for(self.catalog.vocabulary)
        self._variants: dict[AgentContext, Deps] = {}
        common_words()  # load the word lists now, not during a buyer's first turn

    @property
    def booking_rules(self) -> BookingRules:
        return BookingRules(capacity=self.settings.booking_slot_capacity, slot_minutes=self.settings.booking_slot_minutes)

    def local_now(self) -> datetime:
        """The buyer's wall-clock time (America/Mexico_City), naive, from the injected clock."""
        now = self.clock()
        return (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(BUYER_TZ).replace(tzinfo=None)

    def for_context(self, context: AgentContext | None) -> Deps:
        """These deps as one run's context asks (another catalog, LLM off); built once per choice."""
        if context is None or context == AgentContext() or (not context.catalog_path and self.llm is None):
            return self
        if context not in self._variants:
            catalog = _catalog(context.catalog_path) if context.catalog_path else self.catalog
            self._variants[context] = replace(self, catalog=catalog, llm=self.llm if context.use_llm else None)
        return self._variants[context]


@lru_cache(maxsize=8)
def _catalog(path: str) -> Catalog:
    return Catalog.from_csv(path)


def default_deps(settings: Settings | None = None) -> Deps:
    """Deps from settings: the configured (or shipped) catalog, and the LLM when a key is set."""
    settings = settings or Settings()
    catalog = Catalog.from_csv(settings.catalog_path or DEFAULT_CATALOG_PATH)
    llm = LLMAdvisor.from_settings(settings) if settings.llm_enabled else None
    locations = load_locations(settings.locations_path) if settings.locations_path else load_locations()
    return Deps(catalog=catalog, settings=settings, llm=llm, knowledge=KnowledgeBase(settings.knowledge_path),
                locations=locations, **stores_for(settings))


def stores_for(settings: Settings) -> dict[str, AppointmentStore | HandoffStore | MediaStore]:
    """Appointment, handoff and media stores of the configured backend (the API passes its own backend's)."""
    if settings.redis_url:
        import redis

        client = redis.Redis.from_url(settings.redis_url)
        return {"appointments": RedisAppointments(client), "handoffs": RedisHandoffs(client), "media": RedisMedia(client)}
    settings.checkpoint_db.parent.mkdir(parents=True, exist_ok=True)
    path = settings.checkpoint_db
    return {"appointments": SqliteAppointments(path), "handoffs": SqliteHandoffs(path), "media": SqliteMedia(path)}
