"""verify_reply: a reply whose numbers or cars are not in this turn's tool results is replaced."""

from __future__ import annotations

from nodes.verify_reply import find_ungrounded, verify_reply


def test_grounded_search_reply_passes(chat, deps) -> None:
    state = chat("busco un sedan de hasta 300 mil")
    assert state["verification"] == {"ok": True, "problems": []}
    assert find_ungrounded(state["reply"], state, deps) == []


def test_tampered_price_is_caught_and_replaced(chat, deps) -> None:
    # Given a real search turn
    state = chat("busco un sedan de hasta 300 mil")
    first = state["tool_calls"][0]["result"]["cars"][0]
    real_price = f"${first['price']:,}"
    assert real_price in state["reply"]
    # When its reply is tampered with a price the tool never returned
    tampered = state["reply"].replace(real_price, "$99,999", 1)
    result = verify_reply({**state, "reply": tampered}, deps=deps)
    # Then verify rejects it, says why, and falls back to the grounded template
    assert result["verification"]["ok"] is False
    assert "number:99999" in result["verification"]["problems"]
    assert result["reply"] == state["grounded_reply"]


def test_tampered_monthly_payment_is_caught(chat, deps) -> None:
    chat("busco un auto de 300 mil")
    chat("el primero")
    state = chat("con 50 mil de enganche a 4 años")
    assert state["verification"]["ok"]
    plan = next(c for c in state["tool_calls"] if c["name"] == "calculate_financing")["result"]["plans"][0]
    tampered = state["reply"].replace(f"{float(plan['monthly_payment']):,.2f}", "1,234.56")
    result = verify_reply({**state, "reply": tampered}, deps=deps)
    assert result["verification"]["ok"] is False
    assert "number:1234.56" in result["verification"]["problems"]


def test_invented_car_is_caught(chat, deps) -> None:
    state = chat("busco un sedan de hasta 300 mil")
    shown_models = {car["model"] for car in state["tool_calls"][0]["result"]["cars"]}
    other = next(model for models in deps.catalog.vocabulary.models.values()
                 for model in models.values() if model not in shown_models and len(model) > 4)
    result = verify_reply({**state, "reply": state["reply"] + f"\nTambién tengo un {other} increíble."},
                          deps=deps)
    assert result["verification"]["ok"] is False
    assert any(p.startswith("car:") for p in result["verification"]["problems"])


def test_policy_numbers_are_grounded(chat, deps) -> None:
    state = chat("hola")
    reply = "Manejamos plazos de 3 a 6 años (36 a 72 meses) con tasa fija de 10% anual."
    assert find_ungrounded(reply, state, deps) == []


def test_model_named_inside_a_grounded_version_is_grounded(tmp_path) -> None:
    # Given a car whose version text names another catalog model
    from graph.deps import Deps
    from stores.catalog import Catalog

    csv = ("stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay\n"
           "1,20000,500000.0,Volkswagen,Tiguan,2022,1.4 COMFORTLINE DSG,,,,,\n"
           "2,30000,700000.0,Volkswagen,Teramont,2021,3.6 V6 TIGUAN STYLE PACK,,,,,\n"
           "3,40000,300000.0,Volkswagen,Jetta,2019,1.4 TRENDLINE MT,,,,,\n")
    path = tmp_path / "c.csv"
    path.write_text(csv, encoding="utf-8")
    deps = Deps(catalog=Catalog.from_csv(path))
    car = deps.catalog.get("2")
    state = {"tool_calls": [{"name": "get_car", "args": {}, "result": {"car": car.to_dict()}}]}
    # Then quoting its version is not an invented car; naming a model no result mentions is
    assert find_ungrounded(f"*Volkswagen Teramont 2021* {car.version}", state, deps) == []
    assert find_ungrounded("También tengo un Jetta", state, deps) == ["car:Jetta"]


def test_a_model_named_like_an_everyday_word_is_not_a_car_mention(tmp_path) -> None:
    # Given a catalog with the classic VW "Sedán", a reply saying "sedán" as a body type is not a car claim
    from graph.deps import Deps
    from stores.catalog import Catalog

    csv = ("stockId,km,price,make,model,year,version,bluetooth,largo,ancho,altura,carPlay\n"
           "1,90000,120000.0,Volkswagen,Sedán,2003,1.6 CITY MT,,,,,\n"
           "2,30000,300000.0,Nissan,Versa,2020,1.6 ADVANCE AUTO,Sí,,,,\n")
    path = tmp_path / "c.csv"
    path.write_text(csv, encoding="utf-8")
    deps = Deps(catalog=Catalog.from_csv(path))
    state = {"tool_calls": [{"name": "search_cars", "args": {"body_type": "sedan"},
                             "result": {"cars": [deps.catalog.get("2").to_dict()], "total": 1}}]}
    assert find_ungrounded("Encontré 1 opción (sedán): *Nissan Versa 2020*", state, deps) == []
    assert find_ungrounded("Te recomiendo el Volkswagen Sedán", state, deps) == ["car:Sedán"]


def test_invented_city_in_a_company_answer_is_caught(chat, deps) -> None:
    state = chat("donde estan en monterrey")
    assert state["verification"]["ok"] and "Monterrey" in state["reply"]
    tampered = state["reply"] + "\nTambién tenemos sede en Tijuana."
    result = verify_reply({**state, "reply": tampered}, deps=deps)
    assert result["verification"]["ok"] is False and "place:Tijuana" in result["verification"]["problems"]


def test_knowledge_documents_never_name_a_city_the_check_would_reject() -> None:
    """A street or borough in an address ("Álvaro Obregón") must not read as another city (Ciudad Obregón):
    every city the grounding check finds in a document is spelled out in that document."""
    from pathlib import Path

    from nodes.verify_reply import mentioned_places
    from stores.text import fold

    docs = sorted(Path("stores/knowledge/docs").glob("*.md"))
    assert docs
    for doc in docs:
        body = doc.read_text(encoding="utf-8")
        assert {p for p in mentioned_places(body).values() if fold(p) not in fold(body)} == set(), doc.name


def test_a_booking_date_or_location_not_returned_by_a_tool_is_rejected(deps) -> None:
    from graph.state import Understanding
    from nodes.verify_reply import find_ungrounded

    state = {"tool_calls": [{"name": "describe_booking", "args": {}, "result": {
        "day_text": "sábado 28 de noviembre", "time_text": "11:00", "place_name": "Patio Santa Fe"}}],
        "understanding": Understanding()}
    assert find_ungrounded("Tu cita: el *sábado 28 de noviembre a las 11:00* en *Patio Santa Fe*", state, deps) == []
    assert find_ungrounded("Tu cita: el *domingo 29 de noviembre a las 11:00* en *Patio Santa Fe*", state,
                           deps) == ["number:29", "date:domingo 29 de noviembre"]
    assert find_ungrounded("Te espero en *Antara Fashion Hall* a las 11:00", state,
                           deps) == ["location:Antara Fashion Hall"]
