"""Company questions through the real graph: answered from the knowledge base, never invented."""

from __future__ import annotations

import re


def test_warranty(chat) -> None:
    state = chat("¿tienen garantía?")
    assert state["intent"] == "company_info"
    assert "3 meses" in state["reply"] and state["verification"]["ok"]


def test_trial_and_returns(chat) -> None:
    state = chat("y si no me gusta el carro lo puedo regresar?")
    assert "7 días o 300 km" in state["reply"]


def test_documents_for_credit(chat) -> None:
    reply = chat("q papeles ocupo pa el credito")["reply"]
    assert "INE o pasaporte" in reply and "comprobante de domicilio" in reply.lower()


def test_trade_in(chat) -> None:
    state = chat("puedo dar mi carro a cuenta?")
    assert state["intent"] == "company_info"
    assert "enganche" in state["reply"] and "inspección" in state["reply"]


def test_locations_by_city_list_addresses(chat) -> None:
    reply = chat("donde estan en monterrey")["reply"]
    assert "Río Missouri 555" in reply and "Av. Revolución 2703" in reply
    assert "Plaza Fortuna" not in reply


def test_city_without_a_location_is_said_plainly(chat) -> None:
    reply = chat("tienen sucursal en merida?")["reply"]
    assert "En Mérida no tengo registrada una sede" in reply and "Querétaro" in reply


def test_unknown_fact_is_refused_without_numbers(chat) -> None:
    for question in ("el credito incluye seguro?", "cuanto cobran de comision por apertura?", "cual es el CAT?"):
        state = chat(question)
        assert state["reply"].startswith("No tengo ese dato"), question
        assert "asesor" in state["reply"]
        assert not re.search(r"\d", state["reply"]), question


def test_company_question_inside_a_search_then_back(chat) -> None:
    listing = chat("busco una camioneta automatica de hasta 450 mil")
    shown = listing["shown_cars"]
    detour = chat("oye y tienen garantia?")
    assert detour["intent"] == "company_info" and "3 meses" in detour["reply"]
    assert "Seguimos con tu búsqueda" in detour["reply"]
    assert detour["slots"].budget_max == 450_000 and detour["slots"].body_type == "suv"
    back = chat("el segundo")
    assert back["intent"] == "car_details" and back["slots"].stock_id == shown[1]
