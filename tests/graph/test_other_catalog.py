"""The agent on a catalog it was not built around: other makes, the classic VW Sedán, changing searches."""

from __future__ import annotations

from pathlib import Path

from graph.build import build_graph
from graph.deps import Deps
from stores.catalog import Catalog
from stores.checkpointers import sqlite_checkpointer

CSV = """stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay
1001,45000,329999.0,FIAT,PULSE,2022,1.3 DRIVE CVT,Sí,,,,Sí
1003,80000,215000.0,Renault,Koleos,2017,2.5 ZEN CVT,Sí,4672.0,1843.0,1678.0,
1005,150000,99999.0,Volkswagen,Sedan,2003,1.6 CITY,,,,,
1007,70000,279999.0,Hyundai,HB20,2020,1.6 GL MT,Sí,,,,
"""


def test_searches_change_with_the_buyer(tmp_path: Path, knowledge) -> None:
    path = tmp_path / "other.csv"
    path.write_text(CSV, encoding="utf-8")
    graph = build_graph(deps=Deps(catalog=Catalog.from_csv(path), knowledge=knowledge),
                        checkpointer=sqlite_checkpointer(":memory:"))

    def send(text: str) -> dict:
        return graph.invoke({"text": text}, {"configurable": {"thread_id": "x"}}, durability="exit")

    assert send("tienen el fiat pulse?")["shown_cars"] == ["1001"]
    sedan = send("busco un sedan")  # a different kind of car: the Pulse no longer applies
    assert sedan["slots"].model is None and sedan["shown_cars"] == ["1005"]
    assert send("tienen hb20?")["shown_cars"] == ["1007"]  # the model decides the body
    assert send("y un vocho?")["shown_cars"] == ["1005"]  # nickname of the classic VW Sedán
