"""Another dealer runs the agent on their own welcome, catalog and locations: nothing of the shipped business leaks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from graph.build import build_graph
from graph.deps import Deps, default_deps
from graph.settings import Settings
from stores.checkpointers import sqlite_checkpointer

CATALOG = """stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay
N-1,38000,289999.0,NISSAN,KICKS,2021,ADVANCE CVT,Sí,,,,Sí
N-2,90000,349000.0,Toyota,Hilux,2018,DOBLE CABINA 4X4 MT,Sí,,,,
"""
LOCATIONS = """default_hours: {mon: "10:00-19:00", tue: "10:00-19:00", wed: "10:00-19:00", thu: "10:00-19:00",
                fri: "10:00-19:00", sat: "10:00-14:00"}
locations:
  - {id: saltillo-centro, name: Autos del Norte Centro, city: Saltillo, address: "Blvd. Venustiano Carranza 100, Saltillo, Coah."}
"""


def test_a_dealer_with_its_own_welcome_catalog_and_locations(tmp_path: Path, deps: Deps) -> None:
    (tmp_path / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "locations.yaml").write_text(LOCATIONS, encoding="utf-8")
    settings = Settings(catalog_path=tmp_path / "catalog.csv", locations_path=tmp_path / "locations.yaml",
                        checkpoint_db=tmp_path / "state.sqlite", knowledge_path=tmp_path / "kb",
                        greeting="¡Bienvenido a Autos del Norte! ¿Qué auto buscas?")
    dealer = default_deps(settings)
    dealer.knowledge = deps.knowledge
    dealer.clock = lambda: datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # Wednesday 10:00 in Mexico City
    graph = build_graph(deps=dealer, checkpointer=sqlite_checkpointer(":memory:"))
    config = {"configurable": {"thread_id": "dealer"}}

    def say(text: str) -> dict:
        return graph.invoke({"text": text}, config, durability="exit")

    assert say("hola")["reply"] == "¡Bienvenido a Autos del Norte! ¿Qué auto buscas?"
    assert say("tienen kicks?")["shown_cars"] == ["N-1"]
    state = say("quiero verla en saltillo el sábado a las 11, soy Ana")
    assert state["booking"]["place"] == "saltillo-centro" and state["booking_step"] == "confirm"
    assert "Autos del Norte Centro" in state["reply"] and "sábado 28 de noviembre a las 11:00" in state["reply"]
    late = say("mejor a las 3 de la tarde")  # their Saturday closes at 14:00
    assert late["booking_step"] == "problem" and "fuera del horario" in late["reply"]
