"""Conversations through the real graph for each kind of message the understanding used to get wrong,
on the shipped catalog and on a second catalog in the brief's format. Wording written fresh for these tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from graph.build import build_graph
from graph.deps import Deps
from stores.catalog import Catalog
from stores.checkpointers import sqlite_checkpointer
from tools.financing import calculate_financing

SECOND_CATALOG = """stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay
2001,38000,289999.0,NISSAN,KICKS,2021,ADVANCE CVT,Sí,,,,Sí
2002,61000,214500.0,Nissan,Versa,2019,SENSE TM,Sí,,,,
2003,52000,239900.0,nissan,versa,2020,ADVANCE CVT,Sí,,,,Sí
2004,90000,349000.0,Toyota,Hilux,2018,DOBLE CABINA 4X4 MT,Sí,,,,
2005,25000,459000.0,Mazda,CX-5,2022,I GRAND TOURING AUT,Sí,,,,Sí
2006,47000,199000.0,Chevrolet,Aveo,2021,LT AUT,Sí,,,,
"""

Chat = Callable[[str], dict[str, Any]]


def conversation(deps: Deps) -> Chat:
    graph = build_graph(deps=deps, checkpointer=sqlite_checkpointer(":memory:"))
    config = {"configurable": {"thread_id": "categories"}}
    return lambda text: graph.invoke({"text": text}, config, durability="exit")


@pytest.fixture(params=["shipped", "second"])
def any_catalog_chat(request: pytest.FixtureRequest, deps: Deps, tmp_path: Path) -> Chat:
    if request.param == "shipped":
        return conversation(deps)
    path = tmp_path / "second.csv"
    path.write_text(SECOND_CATALOG, encoding="utf-8")
    return conversation(Deps(catalog=Catalog.from_csv(path), knowledge=deps.knowledge, today=deps.today))


def tools_called(state: dict[str, Any]) -> set[str]:
    return {call["name"] for call in state.get("tool_calls") or []}


# 1. A question about one car of the list is about that car, not a new search.

def test_question_about_a_listed_car_stays_on_it(any_catalog_chat: Chat) -> None:
    listing = any_catalog_chat("ando buscando algo automatico, lo que tengas")
    shown = listing["shown_cars"]
    assert len(shown) >= 2
    state = any_catalog_chat("oye y el segundo de cuantos km es?")
    assert state["intent"] == "car_details" and state["slots"].stock_id == shown[1]
    assert "get_car" in tools_called(state) and "search_cars" not in tools_called(state)
    assert state["shown_cars"] == shown


# 2. Company questions in few or misspelled words reach the knowledge base.

@pytest.mark.parametrize("text", ["se puede apartar uno?", "q garantia dan", "aceptan pago con tarjeta?",
                                  "donde tienen sucursales"])
def test_terse_company_questions_are_answered_from_the_knowledge_base(chat: Chat, text: str) -> None:
    state = chat(text)
    assert state["action"] in ("company_info", "clarify"), state["action"]
    assert "search_cars" not in tools_called(state) and "get_popular_cars" not in tools_called(state)


# 3. Off-topic messages with car or money words run no car tool.

@pytest.mark.parametrize("text", ["vendo mi celular samsung en 4 mil, te interesa?",
                                  "conoces un taller que arregle motos en puebla?",
                                  "cuanto cuesta asegurar una camioneta con otra aseguradora? solo cotizo"])
def test_off_topic_with_car_words_runs_no_car_tool(any_catalog_chat: Chat, text: str) -> None:
    state = any_catalog_chat(text)
    assert not tools_called(state) & {"search_cars", "get_popular_cars", "calculate_financing",
                                      "calculate_multiple_options"}
    assert state["intent"] != "search_cars" or state["action"] == "clarify"


# 5. Corrections and negation take the new value.

def test_corrections_take_the_new_value(any_catalog_chat: Chat) -> None:
    any_catalog_chat("busco algo estandar")
    assert any_catalog_chat("no mejor automatico, mi esposa no maneja clutch")["slots"].transmission == "automatic"
    assert any_catalog_chat("que no sea automatico")["slots"].transmission == "manual"


def test_term_correction_in_financing(any_catalog_chat: Chat) -> None:
    shown = any_catalog_chat("que autos automaticos tienes")["shown_cars"]
    any_catalog_chat("el primero con 60 mil de enganche a 4 años")
    state = any_catalog_chat("no, mejor a 6, 4 es mucho por mes")
    assert state["slots"].term_years == 6 and state["slots"].stock_id == shown[0]


# 6. Amount idioms inside questions.

def test_amount_idioms(chat: Chat) -> None:
    assert chat("tendran algo en un cuarto de millon mas o menos?")["slots"].budget_max == 250_000
    chat("el primero")
    assert chat("y si pongo la mitad de enganche?")["slots"].down_payment_pct == 50


# 7. Flow: financing a named model shows that model; with one car listed, a down payment uses it.

def test_financing_a_named_model_lists_it_to_pick(any_catalog_chat: Chat, deps: Deps) -> None:
    state = any_catalog_chat("me gusta el versa, me lo financian?")
    assert state["shown_cars"], state["reply"]
    assert "versa" in state["reply"].lower()


def test_one_car_listed_then_down_payment_uses_it(tmp_path: Path, deps: Deps) -> None:
    path = tmp_path / "second.csv"
    path.write_text(SECOND_CATALOG, encoding="utf-8")
    catalog = Catalog.from_csv(path)
    chat = conversation(Deps(catalog=catalog, knowledge=deps.knowledge, today=deps.today))
    assert chat("tienen la hilux?")["shown_cars"] == ["2004"]
    state = chat("cuanto me quedaria dando 90 mil de enganche?")
    assert state["slots"].stock_id == "2004"
    car = catalog.get("2004")
    plans = [calculate_financing(car_price=car.price, down_payment=90_000, term_years=y) for y in (3, 4, 5, 6)]
    assert any(f"{plan.monthly_payment:,.2f}" in state["reply"] for plan in plans), state["reply"]


# 8. "Mañana" is the buyer's tomorrow in Mexico City, whatever the server's clock says.

def test_tomorrow_is_computed_in_mexico_city(catalog: Catalog, deps: Deps) -> None:
    late_evening = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)  # 22:00 on 2 December in Mexico City
    chat = conversation(Deps(catalog=catalog, knowledge=deps.knowledge, clock=lambda: late_evening))
    state = chat("puedo ir mañana a las 11 a ver un carro?")
    assert state["slots"].appointment_day == "2026-12-03"
    assert state["slots"].appointment_time == "11:00"


# 1b. Yes / no / not confirmed about the car in focus, and two cars side by side.

def test_feature_question_gets_a_yes_no_from_the_catalog(any_catalog_chat: Chat) -> None:
    shown = any_catalog_chat("que tienes automatico?")["shown_cars"]
    state = any_catalog_chat("el segundo cuenta con bluetooth?")
    assert state["slots"].stock_id == shown[1] and "search_cars" not in tools_called(state)
    car = next(c for c in state["tool_calls"] if c["name"] == "get_car")["result"]["car"]
    answers = next(c for c in state["tool_calls"] if c["name"] == "answer_car_questions")["result"]["answers"]
    verdict = "yes" if "bluetooth" in car["features"] else "no"  # a yes/no column of the catalog file
    assert answers == [{"attribute": "features", "value": "bluetooth", "answer": verdict}]
    assert {"yes": "Sí, trae *Bluetooth*", "no": "no trae *Bluetooth*"}[verdict] in state["reply"]


def test_drive_question_is_not_confirmed_rather_than_guessed(tmp_path: Path, deps: Deps) -> None:
    path = tmp_path / "second.csv"
    path.write_text(SECOND_CATALOG, encoding="utf-8")
    chat = conversation(Deps(catalog=Catalog.from_csv(path), knowledge=deps.knowledge, today=deps.today))
    chat("tienen la hilux?")
    state = chat("oiga y es de doble traccion?")
    assert state["intent"] == "car_details" and state["slots"].stock_id == "2004"
    assert "4x4 o 4x2 no lo tengo confirmado" in state["reply"]
    assert state["slots"].body_type is None


def test_two_listed_cars_compared_side_by_side(any_catalog_chat: Chat, deps: Deps) -> None:
    shown = any_catalog_chat("enseñame opciones automaticas")["shown_cars"]
    state = any_catalog_chat("entre la primera y la tercera cual es mas nueva?")
    call = next(c for c in state["tool_calls"] if c["name"] == "compare_cars")
    assert call["args"]["stock_ids"] == [shown[0], shown[2]]
    assert state["shown_cars"] == shown  # the list keeps its numbering
    cars = {c["stock_id"]: c for c in call["result"]["cars"]}
    first, third = cars[shown[0]], cars[shown[2]]
    if first["year"] != third["year"]:
        newest = max((first, third), key=lambda c: c["year"])
        assert f"Más nuevo: *{newest['make']} {newest['model']} {newest['year']}*" in state["reply"]


def test_two_named_cars_compared(any_catalog_chat: Chat) -> None:
    state = any_catalog_chat("cual me sale mas barato, el aveo o el versa?")
    assert state["action"] == "compare"
    cars = next(c for c in state["tool_calls"] if c["name"] == "compare_cars")["result"]["cars"]
    assert {c["model"].lower() for c in cars} == {"aveo", "versa"}
    cheapest = min(cars, key=lambda c: c["price"])
    assert f"Más barato: *{cheapest['make']} {cheapest['model']} {cheapest['year']}*" in state["reply"]


# 7b. Two models at once, and similar cars cheaper than the one in focus.

def test_two_models_are_both_searched(any_catalog_chat: Chat, deps: Deps) -> None:
    state = any_catalog_chat("tendras un kicks o un aveo?")
    call = next(c for c in state["tool_calls"] if c["name"] == "search_alternatives")
    models = {c["model"].lower() for c in call["result"]["cars"]}
    assert models == {"kicks", "aveo"}, state["reply"]
    assert state["slots"].model is None
    follow = any_catalog_chat("y que sean automaticos")
    assert "search_alternatives" in tools_called(follow)


def test_similar_but_cheaper_than_the_car_in_focus(any_catalog_chat: Chat) -> None:
    shown = any_catalog_chat("busco una suv")["shown_cars"]
    focus = any_catalog_chat("dame detalles de la primera")
    price = focus["slots"].car_price
    state = any_catalog_chat("tienes otras parecidas pero mas baratitas?")
    call = next(c for c in state["tool_calls"] if c["name"] == "similar_cars")
    assert call["args"] == {"stock_id": shown[0], "cheaper": True}
    cars = call["result"]["cars"]
    assert all(c["price"] < price and c["stock_id"] != shown[0] for c in cars)
    assert cars or "No tengo autos parecidos más baratos" in state["reply"]
