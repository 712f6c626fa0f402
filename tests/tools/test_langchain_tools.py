"""The LangChain wrappers expose the plain tools unchanged: same names, same results, errors as data."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.tools import BaseTool
from pydantic import ValidationError

from graph.state import jsonable
from stores.catalog import Catalog
from tools.catalog_search import popular_cars, search_cars
from tools.financing import FINANCING_ERROR_MESSAGES as FINANCING_ERRORS
from tools.financing import calculate_financing, compare_terms, max_price_for_monthly_payment
from tools.langchain_tools import build_tools

NAMES = ["search_cars_by_budget", "search_specific_car", "get_popular_cars", "calculate_financing",
         "calculate_multiple_options", "calculate_budget_by_monthly_payment"]


@pytest.fixture(scope="module")
def tools(catalog: Catalog) -> dict[str, BaseTool]:
    return {tool.name: tool for tool in build_tools(catalog)}


def test_names_are_the_seed_projects(catalog: Catalog) -> None:
    assert [tool.name for tool in build_tools(catalog)] == NAMES


def test_the_catalog_is_never_a_model_argument(tools: dict[str, BaseTool]) -> None:
    for tool in tools.values():
        assert tool.description
        assert "catalog" not in tool.args


@pytest.mark.parametrize(("name", "args", "plain"), [
    ("search_cars_by_budget", {"budget_max": 300_000, "body_type": "suv", "transmission": "automatic"},
     lambda c: search_cars(catalog=c, budget_max=300_000, body_type="suv", transmission="automatic")),
    ("search_cars_by_budget", {"budget_max": 400_000, "budget_min": 250_000},
     lambda c: search_cars(catalog=c, budget_max=400_000, budget_min=250_000)),
    ("search_specific_car", {"make": "toyta", "model": "corola", "year_min": 2017, "budget_max": 350_000},
     lambda c: search_cars(catalog=c, make="toyta", model="corola", year_min=2017, budget_max=350_000)),
    ("search_specific_car", {"make": "Tesla", "model": "Cybertruck"},
     lambda c: search_cars(catalog=c, make="Tesla", model="Cybertruck")),
    ("get_popular_cars", {}, lambda c: {"cars": popular_cars(catalog=c)}),
    ("get_popular_cars", {"limit": 2}, lambda c: {"cars": popular_cars(catalog=c, limit=2)}),
])
def test_catalog_tools_match_the_plain_functions(tools: dict[str, BaseTool], catalog: Catalog, name: str,
                                                 args: dict[str, Any], plain: Any) -> None:
    result = tools[name].invoke(args)
    assert result == jsonable(plain(catalog))
    json.dumps(result)


def test_financing_tools_match_the_plain_functions(tools: dict[str, BaseTool]) -> None:
    plan = tools["calculate_financing"].invoke({"car_price": 289_999, "down_payment": 70_000,
                                                "term_years": 4})
    assert plan == jsonable(calculate_financing(car_price=289_999, down_payment=70_000, term_years=4))
    assert plan["monthly_payment"] == str(calculate_financing(car_price=289_999, down_payment=70_000,
                                                              term_years=4).monthly_payment)

    by_pct = tools["calculate_financing"].invoke({"car_price": "350000", "down_payment_pct": 20.5,
                                                  "term_years": 6})
    assert by_pct == jsonable(calculate_financing(car_price=350_000, down_payment_pct=Decimal("20.5"),
                                                  term_years=6))

    options = tools["calculate_multiple_options"].invoke({"car_price": 289_999, "down_payment_pct": 20})
    assert options == {"plans": jsonable(compare_terms(car_price=289_999, down_payment_pct=20))}
    assert [p["term_years"] for p in options["plans"]] == [3, 4, 5, 6]

    budget = tools["calculate_budget_by_monthly_payment"].invoke({"monthly_payment": 6_000,
                                                                  "down_payment": 50_000})
    assert budget == {"max_price_by_term": {
        str(t): str(max_price_for_monthly_payment(monthly_payment=6_000, down_payment=50_000, term_years=t))
        for t in (3, 4, 5, 6)}}
    one = tools["calculate_budget_by_monthly_payment"].invoke({"monthly_payment": 6_000, "term_years": 5})
    assert one == {"max_price_by_term": {"5": str(max_price_for_monthly_payment(monthly_payment=6_000,
                                                                                 term_years=5))}}


@pytest.mark.parametrize(("name", "args", "code"), [
    ("calculate_financing", {"car_price": 289_999, "down_payment": 50_000, "term_years": 7},
     "term_out_of_range"),
    ("calculate_financing", {"car_price": 289_999, "term_years": 2}, "term_out_of_range"),
    ("calculate_financing", {"car_price": 289_999, "down_payment": 300_000, "term_years": 4},
     "down_payment_too_high"),
    ("calculate_financing", {"car_price": 289_999, "down_payment": -1, "term_years": 4}, "negative_amount"),
    ("calculate_financing", {"car_price": 0, "term_years": 4}, "missing_price"),
    ("calculate_multiple_options", {"car_price": 289_999, "down_payment_pct": 100}, "bad_percent"),
    ("calculate_budget_by_monthly_payment", {"monthly_payment": 0}, "missing_payment"),
    ("calculate_budget_by_monthly_payment", {"monthly_payment": 6_000, "term_years": 10},
     "term_out_of_range"),
])
def test_financing_errors_come_back_as_spanish_payloads(tools: dict[str, BaseTool], name: str,
                                                        args: dict[str, Any], code: str) -> None:
    assert tools[name].invoke(args) == {"error": code, "message_es": FINANCING_ERRORS[code]}


@pytest.mark.parametrize("name", ["calculate_financing", "calculate_multiple_options"])
def test_both_down_payment_forms_is_an_error_payload(tools: dict[str, BaseTool], name: str) -> None:
    result = tools[name].invoke({"car_price": 289_999, "down_payment": 50_000, "down_payment_pct": 20,
                                 "term_years": 4})
    assert result["error"] == "down_payment_conflict"
    assert "enganche" in result["message_es"]


@pytest.mark.parametrize(("name", "args"), [
    ("search_cars_by_budget", {}),
    ("search_cars_by_budget", {"budget_max": "mucho"}),
    ("search_cars_by_budget", {"budget_max": -5}),
    ("search_cars_by_budget", {"budget_max": 300_000, "body_type": "tank"}),
    ("search_specific_car", {"model": "Jetta"}),
    ("get_popular_cars", {"limit": 50}),
    ("calculate_financing", {"car_price": 289_999}),
    ("calculate_financing", {"car_price": 289_999, "term_years": 4.5}),
    ("calculate_multiple_options", {"car_price": "caro"}),
])
def test_args_schemas_reject_malformed_calls(tools: dict[str, BaseTool], name: str,
                                             args: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        tools[name].invoke(args)


class ToolCallingFake(GenericFakeChatModel):
    """A scripted chat model that accepts `bind_tools`, like a real tool-calling model."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> ToolCallingFake:  # type: ignore[override]
        return self


def test_bind_tools_round_trip(catalog: Catalog) -> None:
    tools = build_tools(catalog)
    args = {"car_price": 289_999, "down_payment": 70_000, "term_years": 5}
    model = ToolCallingFake(messages=iter([
        AIMessage(content="", tool_calls=[{"name": "calculate_financing", "args": args, "id": "call_1"}]),
    ])).bind_tools(tools)

    reply = model.invoke("¿Cuánto pagaría al mes por el de 289,999 con 70 mil de enganche a 5 años?")
    [call] = reply.tool_calls
    message = {tool.name: tool for tool in tools}[call["name"]].invoke(call)

    assert isinstance(message, ToolMessage)
    assert message.tool_call_id == "call_1" and message.name == "calculate_financing"
    expected = calculate_financing(car_price=289_999, down_payment=70_000, term_years=5)
    content = json.loads(message.content)
    assert content["monthly_payment"] == str(expected.monthly_payment) == "4674.33"
    assert content["total_paid"] == str(expected.total_paid)


def test_get_kavak_info_answers_from_the_knowledge_base(catalog, knowledge) -> None:
    tools = {t.name: t for t in build_tools(catalog, knowledge=knowledge)}
    result = tools["get_kavak_info"].invoke({"query": "cuanto dura la garantia"})
    assert result["passages"][0]["doc_id"] == "warranty"
    assert "get_kavak_info" not in {t.name for t in build_tools(catalog)}
