"""A 10-turn sales conversation through the real graph, checked against the catalog file itself."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, getcontext

import duckdb

from stores.catalog import DEFAULT_CATALOG_PATH


def raw_catalog_ids(where: str) -> set[str]:
    """Stock ids straight from the CSV with DuckDB, independent of the app's loader."""
    sql = (f"SELECT CAST(stockId AS VARCHAR) FROM read_csv('{DEFAULT_CATALOG_PATH}', header=true, "
           f"all_varchar=true) WHERE {where}")
    return {row[0] for row in duckdb.sql(sql).fetchall()}


def expected_payment(principal: int, years: int) -> Decimal:
    """Textbook annuity formula, computed independently of tools/financing.py."""
    getcontext().prec = 50
    rate = Decimal("0.10") / 12
    months = years * 12
    payment = Decimal(principal) * rate / (1 - (1 + rate) ** -months)
    return payment.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money(value: Decimal) -> str:
    return f"${value:,.2f}"


def test_ten_turn_sales_conversation(chat) -> None:
    # Given a buyer who greets
    state = chat("Hola, buenas tardes")
    assert state["intent"] == "greeting"
    assert "presupuesto" in state["outbound"][0]

    # When they give a budget, every car shown is within it and the count is the catalog's
    state = chat("busco un auto de unos 350 mil")
    assert state["intent"] == "search_cars"
    assert state["slots"].budget_max == 350_000
    within_budget = raw_catalog_ids("CAST(CAST(price AS DOUBLE) AS BIGINT) <= 350000")
    assert state["shown_cars"] and set(state["shown_cars"]) <= within_budget
    assert f"Encontré {len(within_budget)} opciones" in state["reply"]

    # When they narrow by make, the budget is kept and only Toyotas within it are shown
    state = chat("mejor toyota")
    assert state["intent"] == "search_cars"
    assert state["slots"].make == "Toyota" and state["slots"].budget_max == 350_000
    toyotas = raw_catalog_ids("lower(trim(make)) = 'toyota' AND CAST(CAST(price AS DOUBLE) AS BIGINT) <= 350000")
    assert len(state["shown_cars"]) >= 2 and set(state["shown_cars"]) <= toyotas
    assert f"Encontré {len(toyotas)} opciones" in state["reply"]
    second = state["shown_cars"][1]

    # "el segundo" points at the second car listed
    state = chat("el segundo")
    assert state["intent"] == "car_details"
    assert state["slots"].stock_id == second
    row = duckdb.sql(f"SELECT CAST(CAST(price AS DOUBLE) AS BIGINT), model FROM read_csv('{DEFAULT_CATALOG_PATH}', "
                     f"header=true, all_varchar=true) WHERE stockId = '{second}'").fetchall()[0]
    price, model = row
    assert state["slots"].car_price == price
    assert f"${price:,}" in state["reply"] and model.lower() in state["reply"].lower()

    # Financing with a down payment compares the four terms with exact payments
    state = chat("lo quiero financiar con 70 mil de enganche")
    assert state["intent"] == "financing"
    assert state["slots"].down_payment == 70_000
    for years in (3, 4, 5, 6):
        assert f"{years} años: *{money(expected_payment(price - 70_000, years))}*" in state["reply"]

    # "¿y a 6 años?" changes only the term
    state = chat("¿y a 6 años?")
    assert state["intent"] == "financing"
    assert state["slots"].term_years == 6 and state["slots"].down_payment == 70_000
    assert money(expected_payment(price - 70_000, 6)) in state["reply"]

    # A correction replaces the down payment and keeps the term
    state = chat("perdón, mejor 90 mil de enganche")
    assert state["slots"].down_payment == 90_000 and state["slots"].term_years == 6
    assert money(expected_payment(price - 90_000, 6)) in state["reply"]

    # A company question mid-flow leaves the slots alone
    before = state["slots"]
    state = chat("¿tienen garantía?")
    assert state["intent"] == "company_info"
    assert state["slots"] == before

    # ...and the buyer picks up where they were
    state = chat("¿y a 4 años?")
    assert state["intent"] == "financing"
    assert state["slots"].stock_id == second and state["slots"].down_payment == 90_000
    assert money(expected_payment(price - 90_000, 4)) in state["reply"]

    state = chat("muchas gracias, hasta luego")
    assert state["intent"] == "thanks_bye"
    assert all(len(message) <= 1600 for message in state["outbound"])
    assert state["verification"]["ok"]
