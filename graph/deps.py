"""What the nodes need from outside the state: catalog, name matcher, optional LLM, clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from graph.settings import Settings
from nodes.llm import LLMAdvisor
from stores.catalog import DEFAULT_CATALOG_PATH, Catalog
from stores.knowledge import KnowledgeBase
from tools.car_names import CarNames, common_words


@dataclass
class Deps:
    """Built once per process and shared by every turn."""

    catalog: Catalog
    settings: Settings = field(default_factory=Settings)
    llm: LLMAdvisor | None = None
    knowledge: KnowledgeBase | None = None
    today: Callable[[], date] = date.today
    names: CarNames = field(init=False)

    def __post_init__(self) -> None:
        self.names = CarNames(self.catalog.vocabulary)
        common_words()  # load the word lists now, not during a buyer's first turn


def default_deps(settings: Settings | None = None) -> Deps:
    """Deps from settings: the configured (or shipped) catalog, and the LLM when a key is set."""
    settings = settings or Settings()
    catalog = Catalog.from_csv(settings.catalog_path or DEFAULT_CATALOG_PATH)
    llm = LLMAdvisor.from_settings(settings) if settings.llm_enabled else None
    return Deps(catalog=catalog, settings=settings, llm=llm, knowledge=KnowledgeBase(settings.knowledge_path))
