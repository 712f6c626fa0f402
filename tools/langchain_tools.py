"""The plain catalog and financing tools as LangChain tools, for a chat model with tool calling.

The catalog is bound by closure (never a model-chosen argument); results are plain JSON data with
Decimals as exact strings; financing errors come back as {"error", "message_es"} instead of raising.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from graph.state import BodyType, Transmission, jsonable
from stores.catalog import Catalog
from stores.knowledge import KnowledgeBase
from tools.catalog_search import MAX_RESULTS, popular_cars, search_cars
from tools.financing import (
    FINANCING_ERROR_MESSAGES,
    TERMS_YEARS,
    FinancingError,
    calculate_financing,
    compare_terms,
    max_price_for_monthly_payment,
)
from tools.knowledge import search_knowledge

ERROR_MESSAGES: dict[str, str] = {
    **FINANCING_ERROR_MESSAGES,
    "down_payment_conflict": "Dime el enganche en pesos o en porcentaje, pero no los dos. ¿Cuál tomamos?",
}
_TERM = "Financing term in whole years; 3, 4, 5 or 6 are offered."
_DOWN = "Down payment (enganche) in pesos; give this or down_payment_pct, not both."
_DOWN_PCT = "Down payment as a percent of the price (20 means 20 %); give this or down_payment."


class BudgetSearchArgs(BaseModel):
    budget_max: int = Field(ge=0, description="Highest price the buyer can pay, integer pesos.")
    budget_min: int | None = Field(None, ge=0, description="Lowest price wanted, integer pesos.")
    body_type: BodyType | None = None
    transmission: Transmission | None = None


class SpecificCarArgs(BaseModel):
    make: str = Field(description="Make as the buyer wrote it (typos are tolerated).")
    model: str | None = Field(None, description="Model as the buyer wrote it.")
    year_min: int | None = Field(None, description="Oldest model year wanted.")
    year_max: int | None = Field(None, description="Newest model year wanted.")
    budget_max: int | None = Field(None, ge=0, description="Highest price, integer pesos.")


class PopularArgs(BaseModel):
    limit: int = Field(MAX_RESULTS, ge=1, le=MAX_RESULTS, description="How many featured cars.")


class FinancingArgs(BaseModel):
    car_price: Decimal = Field(description="Price of the car to finance, pesos.")
    term_years: int = Field(description=_TERM)
    down_payment: Decimal | None = Field(None, description=_DOWN)
    down_payment_pct: Decimal | None = Field(None, description=_DOWN_PCT)


class MultipleOptionsArgs(BaseModel):
    car_price: Decimal = Field(description="Price of the car to finance, pesos.")
    down_payment: Decimal | None = Field(None, description=_DOWN)
    down_payment_pct: Decimal | None = Field(None, description=_DOWN_PCT)


class BudgetByPaymentArgs(BaseModel):
    monthly_payment: Decimal = Field(description="Monthly payment the buyer can afford, pesos.")
    down_payment: Decimal = Field(Decimal(0), description="Down payment (enganche) in pesos.")
    term_years: int | None = Field(None, description=_TERM + " Omit to get every term.")


def error_payload(code: str) -> dict[str, str]:
    return {"error": code, "message_es": ERROR_MESSAGES.get(code, FINANCING_ERROR_MESSAGES["missing_price"])}


def _financing(compute: Callable[[], Any], down: Any = None, down_pct: Any = None) -> Any:
    if down is not None and down_pct is not None:
        return error_payload("down_payment_conflict")
    try:
        return jsonable(compute())
    except FinancingError as exc:
        return error_payload(exc.code)


class KnowledgeArgs(BaseModel):
    query: str = Field(..., min_length=2, max_length=500, description="The buyer's question, in Spanish.")


def build_tools(catalog: Catalog, knowledge: KnowledgeBase | None = None) -> list[BaseTool]:
    """The seed-project tools over `catalog` (and `get_kavak_info` when a knowledge base is given)."""

    def search(**criteria: Any) -> dict[str, Any]:  # only the criteria the model gave, validated
        return jsonable(search_cars(catalog=catalog, **criteria))

    def get_popular_cars(limit: int = MAX_RESULTS) -> dict[str, Any]:
        return {"cars": jsonable(popular_cars(catalog=catalog, limit=limit))}

    def calculate_financing_tool(car_price: Decimal, term_years: int, down_payment: Decimal | None = None,
                                 down_payment_pct: Decimal | None = None) -> dict[str, Any]:
        return _financing(lambda: calculate_financing(car_price=car_price, term_years=term_years,
                                                      down_payment=down_payment,
                                                      down_payment_pct=down_payment_pct),
                          down_payment, down_payment_pct)

    def calculate_multiple_options(car_price: Decimal, down_payment: Decimal | None = None,
                                   down_payment_pct: Decimal | None = None) -> dict[str, Any]:
        return _financing(lambda: {"plans": compare_terms(car_price=car_price, down_payment=down_payment,
                                                          down_payment_pct=down_payment_pct)},
                          down_payment, down_payment_pct)

    def calculate_budget_by_monthly_payment(monthly_payment: Decimal, down_payment: Decimal = Decimal(0),
                                            term_years: int | None = None) -> dict[str, Any]:
        terms = (term_years,) if term_years is not None else TERMS_YEARS
        return _financing(lambda: {"max_price_by_term": {str(t): max_price_for_monthly_payment(
            monthly_payment=monthly_payment, down_payment=down_payment, term_years=t) for t in terms}})

    specs = [
        (search, "search_cars_by_budget", BudgetSearchArgs,
         "Search the catalog for cars within a budget, optionally by body type and transmission."),
        (search, "search_specific_car", SpecificCarArgs,
         "Search the catalog for a make (and model), optionally within a year range and budget."),
        (get_popular_cars, "get_popular_cars", PopularArgs,
         "Featured cars of the catalog, for a buyer who has not said what they want yet."),
        (calculate_financing_tool, "calculate_financing", FinancingArgs,
         "Monthly payment, total interest and total paid for one term at the fixed 10 % annual rate."),
        (calculate_multiple_options, "calculate_multiple_options", MultipleOptionsArgs,
         "Financing plans for every term offered (3, 4, 5 and 6 years) at the fixed 10 % annual rate."),
        (calculate_budget_by_monthly_payment, "calculate_budget_by_monthly_payment", BudgetByPaymentArgs,
         "Highest car price a monthly payment and down payment afford, per term (10 % annual rate)."),
    ]
    if knowledge is not None:
        def get_kavak_info(query: str) -> dict[str, Any]:
            return {"passages": jsonable(search_knowledge(kb=knowledge, query=query))}

        specs.append((get_kavak_info, "get_kavak_info", KnowledgeArgs,
                      "Passages of the company knowledge base (warranty, returns, locations, documents, "
                      "trade-in, selling, the app). Answer only from them."))
    return [StructuredTool.from_function(func=func, name=name, description=text, args_schema=schema)
            for func, name, schema, text in specs]
