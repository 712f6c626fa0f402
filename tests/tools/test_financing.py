"""Tests for tools.financing: pinned values, exact reference formula, errors, schedule and properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tools.financing import (
    ANNUAL_RATE,
    TERMS_YEARS,
    FinancingError,
    FinancingPlan,
    amortization_schedule,
    calculate_financing,
    compare_terms,
    max_price_for_monthly_payment,
)

MONTHLY_RATE = Fraction(1, 120)  # 10 % / 12, exactly


def _round_half_up_cents(value: Fraction) -> Decimal:
    """Independent rounding: integer arithmetic on an exact rational (value >= 0)."""
    cents = (value * 100 + Fraction(1, 2)).__floor__()
    return Decimal(cents) / 100


def reference_payment(principal: int, months: int) -> Decimal:
    """Exact rational payment P * r * (1+r)^n / ((1+r)^n - 1), rounded half-up to the centavo."""
    growth = (1 + MONTHLY_RATE) ** months
    return _round_half_up_cents(principal * MONTHLY_RATE * growth / (growth - 1))


# --- pinned values (verified independently with the float formula, see comments) ---------------------------

def test_pinned_300k_price_60k_down_4_years() -> None:
    # float: 240000 * (0.1/12) / (1 - (1 + 0.1/12) ** -48) = 6087.020024...
    plan = calculate_financing(car_price=300000, down_payment=60000, term_years=4)
    assert plan == FinancingPlan(
        car_price=Decimal("300000.00"), down_payment=Decimal("60000.00"), down_payment_pct=Decimal("20.00"),
        principal=Decimal("240000.00"), term_years=4, months=48, annual_rate=Decimal("0.10"),
        monthly_payment=Decimal("6087.02"), total_interest=Decimal("52176.96"),
        total_paid=Decimal("352176.96"),
    )
    assert plan.monthly_payment == reference_payment(240000, 48)


def test_pinned_250k_no_down_6_years_and_100k_3_years() -> None:
    # float: 4631.459444... and 3226.718719...
    assert calculate_financing(car_price=250000, term_years=6).monthly_payment == Decimal("4631.46")
    assert calculate_financing(car_price=100000, term_years=3).monthly_payment == Decimal("3226.72")


def test_pinned_max_price() -> None:
    # float: 50000 + 5000 * (1 - (1 + r) ** -n) / r = 204956.1779... (n=36) and 319893.3273... (n=72)
    assert max_price_for_monthly_payment(monthly_payment=5000, term_years=3, down_payment=50000) == Decimal(
        "204956.17")
    assert max_price_for_monthly_payment(monthly_payment=5000, term_years=6, down_payment=50000) == Decimal(
        "319893.32")


@pytest.mark.parametrize("price,down", [(150000, 0), (289900, 45000), (1234567, 234567), (99999, 1)])
@pytest.mark.parametrize("years", TERMS_YEARS)
def test_matches_exact_reference(price: int, down: int, years: int) -> None:
    plan = calculate_financing(car_price=price, down_payment=down, term_years=years)
    assert plan.monthly_payment == reference_payment(price - down, years * 12)
    assert plan.total_interest == plan.monthly_payment * plan.months - plan.principal
    assert plan.total_paid == plan.down_payment + plan.monthly_payment * plan.months
    assert plan.annual_rate == ANNUAL_RATE


def test_money_fields_have_two_decimals() -> None:
    plan = calculate_financing(car_price=Decimal("199999.995"), down_payment_pct=Decimal("12.5"), term_years=5)
    assert plan.car_price == Decimal("200000.00")
    for value in (plan.car_price, plan.down_payment, plan.down_payment_pct, plan.principal,
                  plan.monthly_payment, plan.total_interest, plan.total_paid):
        assert value.as_tuple().exponent == -2


# --- percent vs amount, compare_terms -------------------------------------------------------------------------

@pytest.mark.parametrize("pct", [20, 20.0, Decimal("20")])
def test_percent_equals_amount(pct: int | float | Decimal) -> None:
    by_pct = calculate_financing(car_price=300000, down_payment_pct=pct, term_years=4)
    by_amount = calculate_financing(car_price=300000, down_payment=60000, term_years=4)
    assert by_pct == by_amount


def test_percent_down_rounds_to_centavo() -> None:
    plan = calculate_financing(car_price=Decimal("123456.78"), down_payment_pct=Decimal("15"), term_years=3)
    assert plan.down_payment == Decimal("18518.52")  # 18518.517 half-up
    assert plan.principal == Decimal("104938.26")


def test_no_down_payment_means_zero() -> None:
    plan = calculate_financing(car_price=200000, term_years=5)
    assert plan.down_payment == Decimal("0.00") and plan.down_payment_pct == Decimal("0.00")
    assert plan.principal == Decimal("200000.00")


def test_compare_terms_strictly_decreasing() -> None:
    plans = compare_terms(car_price=300000, down_payment_pct=20)
    assert [p.term_years for p in plans] == [3, 4, 5, 6]
    assert [p.months for p in plans] == [36, 48, 60, 72]
    payments = [p.monthly_payment for p in plans]
    assert all(a > b for a, b in zip(payments, payments[1:]))
    interests = [p.total_interest for p in plans]
    assert all(a < b for a, b in zip(interests, interests[1:]))
    assert plans[1].monthly_payment == Decimal("6087.02")


def test_compare_terms_subset() -> None:
    plans = compare_terms(car_price=300000, down_payment=60000, terms_years=(6, 3))
    assert [p.term_years for p in plans] == [6, 3]


# --- max price round trip ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("budget,years,down", [(5000, 3, 50000), (7500, 4, 0), (Decimal("3999.99"), 6, 12345)])
def test_max_price_round_trip(budget: int | Decimal, years: int, down: int) -> None:
    price = max_price_for_monthly_payment(monthly_payment=budget, term_years=years, down_payment=down)
    assert calculate_financing(car_price=price, down_payment=down, term_years=years).monthly_payment <= budget
    # one peso more adds >= 0.018 to the exact payment, so the rounded payment is strictly higher
    assert calculate_financing(car_price=price + 1, down_payment=down, term_years=years).monthly_payment > budget


def test_max_price_floors_budget_to_centavo() -> None:
    assert max_price_for_monthly_payment(monthly_payment=Decimal("5000.009"), term_years=3) == \
        max_price_for_monthly_payment(monthly_payment=5000, term_years=3)


# --- errors ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs,code", [
    (dict(car_price=None, term_years=4), "missing_price"),
    (dict(car_price=0, term_years=4), "missing_price"),
    (dict(car_price=Decimal("0.001"), term_years=4), "missing_price"),
    (dict(car_price=-1, term_years=4), "negative_amount"),
    (dict(car_price=300000, down_payment=-1, term_years=4), "negative_amount"),
    (dict(car_price=300000, down_payment=300000, term_years=4), "down_payment_too_high"),
    (dict(car_price=300000, down_payment=400000, term_years=4), "down_payment_too_high"),
    (dict(car_price=100, down_payment_pct=Decimal("99.999"), term_years=4), "down_payment_too_high"),
    (dict(car_price=300000, term_years=2), "term_out_of_range"),
    (dict(car_price=300000, term_years=7), "term_out_of_range"),
    (dict(car_price=300000, term_years=0), "term_out_of_range"),
    (dict(car_price=300000, term_years=4.0), "term_out_of_range"),
    (dict(car_price=300000, term_years=True), "term_out_of_range"),
    (dict(car_price=300000, term_years="4"), "term_out_of_range"),
    (dict(car_price=300000, down_payment_pct=100, term_years=4), "bad_percent"),
    (dict(car_price=300000, down_payment_pct=-5, term_years=4), "bad_percent"),
    (dict(car_price=300000, down_payment_pct=150.5, term_years=4), "bad_percent"),
])
def test_calculate_errors(kwargs: dict, code: str) -> None:
    with pytest.raises(FinancingError) as exc_info:
        calculate_financing(**kwargs)
    assert exc_info.value.code == code
    assert isinstance(exc_info.value, ValueError)
    assert isinstance(exc_info.value.details, dict)


def test_error_details() -> None:
    with pytest.raises(FinancingError) as exc_info:
        calculate_financing(car_price=300000, term_years=9)
    assert exc_info.value.details == {"term_years": 9, "min_years": 3, "max_years": 6}
    with pytest.raises(FinancingError) as exc_info:
        calculate_financing(car_price=100000, down_payment=100000, term_years=3)
    assert exc_info.value.details == {"down_payment": Decimal("100000.00"), "car_price": Decimal("100000.00")}


def test_compare_terms_errors() -> None:
    with pytest.raises(FinancingError) as exc_info:
        compare_terms(car_price=None)
    assert exc_info.value.code == "missing_price"
    with pytest.raises(FinancingError) as exc_info:
        compare_terms(car_price=300000, terms_years=(3, 10))
    assert exc_info.value.code == "term_out_of_range"


@pytest.mark.parametrize("kwargs,code", [
    (dict(monthly_payment=None, term_years=4), "missing_payment"),
    (dict(monthly_payment=0, term_years=4), "missing_payment"),
    (dict(monthly_payment=-100, term_years=4), "missing_payment"),
    (dict(monthly_payment=Decimal("0.009"), term_years=4), "missing_payment"),
    (dict(monthly_payment=5000, term_years=4, down_payment=-1), "negative_amount"),
    (dict(monthly_payment=5000, term_years=8), "term_out_of_range"),
])
def test_max_price_errors(kwargs: dict, code: str) -> None:
    with pytest.raises(FinancingError) as exc_info:
        max_price_for_monthly_payment(**kwargs)
    assert exc_info.value.code == code


def test_programming_errors_are_type_errors() -> None:
    with pytest.raises(TypeError):
        calculate_financing(car_price=300000, term_years=4, down_payment=1, down_payment_pct=1)
    with pytest.raises(TypeError):
        calculate_financing(car_price="300000", term_years=4)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        calculate_financing(car_price=Decimal("NaN"), term_years=4)


# --- amortization schedule --------------------------------------------------------------------------------------

@pytest.mark.parametrize("price,down,years", [(300000, 60000, 4), (250000, 0, 6), (87654, 12345, 3), (5000000, 1, 5)])
def test_schedule(price: int, down: int, years: int) -> None:
    plan = calculate_financing(car_price=price, down_payment=down, term_years=years)
    rows = amortization_schedule(plan)
    assert len(rows) == plan.months
    assert [r.month for r in rows] == list(range(1, plan.months + 1))
    assert rows[-1].balance == Decimal("0.00")
    assert sum(r.principal for r in rows) == plan.principal
    assert all(r.payment == r.interest + r.principal for r in rows)
    assert all(r.payment == plan.monthly_payment for r in rows[:-1])
    assert rows[0].interest == (plan.principal / 120).quantize(Decimal("0.01"))
    last_adjustment = rows[-1].payment - plan.monthly_payment
    assert sum(r.interest for r in rows) == plan.total_interest + last_adjustment
    assert abs(last_adjustment) <= Decimal("0.01") * plan.months
    balances = [r.balance for r in rows]
    assert all(a > b for a, b in zip(balances, balances[1:]))


def test_schedule_pinned_rows() -> None:
    rows = amortization_schedule(calculate_financing(car_price=300000, down_payment=60000, term_years=4))
    assert (rows[0].interest, rows[0].principal, rows[0].balance) == (
        Decimal("2000.00"), Decimal("4087.02"), Decimal("235912.98"))
    assert rows[-1].payment == Decimal("6087.02")  # here the adjustment happens to be zero


def test_schedule_interest_tie_rounds_half_up() -> None:
    # balance 0.60 -> exact interest 0.005, must round up to 0.01 (no loss through a truncated rate)
    plan = calculate_financing(car_price=Decimal("0.60"), term_years=3)
    assert amortization_schedule(plan)[0].interest == Decimal("0.01")


# --- properties ----------------------------------------------------------------------------------------------------

prices = st.integers(min_value=10_000, max_value=5_000_000)
terms = st.sampled_from(TERMS_YEARS)


@st.composite
def price_and_down(draw: st.DrawFn) -> tuple[int, int]:
    price = draw(prices)
    return price, draw(st.integers(min_value=0, max_value=price - 1))


@settings(max_examples=300, deadline=None)
@given(price_and_down(), terms)
def test_property_payments_cover_principal(pd: tuple[int, int], years: int) -> None:
    price, down = pd
    plan = calculate_financing(car_price=price, down_payment=down, term_years=years)
    assert plan.monthly_payment * plan.months >= plan.principal
    assert plan.monthly_payment == reference_payment(price - down, years * 12)


@settings(max_examples=300, deadline=None)
@given(price_and_down(), st.data(), terms)
def test_property_more_down_never_raises_payment(pd: tuple[int, int], data: st.DataObject, years: int) -> None:
    price, down1 = pd
    down2 = data.draw(st.integers(min_value=down1, max_value=price - 1))
    p1 = calculate_financing(car_price=price, down_payment=down1, term_years=years).monthly_payment
    p2 = calculate_financing(car_price=price, down_payment=down2, term_years=years).monthly_payment
    assert p2 <= p1


@settings(max_examples=300, deadline=None)
@given(price_and_down(), terms, terms)
def test_property_longer_term_never_raises_payment(pd: tuple[int, int], t1: int, t2: int) -> None:
    price, down = pd
    short, long_ = sorted((t1, t2))
    p_short = calculate_financing(car_price=price, down_payment=down, term_years=short).monthly_payment
    p_long = calculate_financing(car_price=price, down_payment=down, term_years=long_).monthly_payment
    assert p_long <= p_short


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=20_000_000).map(lambda c: Decimal(c) / 100),
       terms, st.integers(min_value=0, max_value=2_000_000))
def test_property_max_price_inverse(budget: Decimal, years: int, down: int) -> None:
    price = max_price_for_monthly_payment(monthly_payment=budget, term_years=years, down_payment=down)
    assert price > down
    assert calculate_financing(car_price=price, down_payment=down, term_years=years).monthly_payment <= budget
    assert calculate_financing(car_price=price + 1, down_payment=down, term_years=years).monthly_payment > budget


@settings(max_examples=100, deadline=None)
@given(price_and_down(), terms)
def test_property_schedule_closes(pd: tuple[int, int], years: int) -> None:
    price, down = pd
    plan = calculate_financing(car_price=price, down_payment=down, term_years=years)
    rows = amortization_schedule(plan)
    assert len(rows) == plan.months and rows[-1].balance == 0
    assert sum(r.principal for r in rows) == plan.principal
    assert sum(r.interest for r in rows) == sum(r.payment for r in rows) - plan.principal
    if plan.principal >= 30:  # below ~27 pesos the rounded payment can pay the loan off early
        assert all(r.payment == plan.monthly_payment for r in rows[:-1])
        assert sum(r.interest for r in rows) == plan.total_interest + (rows[-1].payment - plan.monthly_payment)


def test_schedule_tiny_principal_pays_off_early() -> None:
    plan = calculate_financing(car_price=10000, down_payment=9994, term_years=5)  # principal 6 pesos
    rows = amortization_schedule(plan)
    assert plan.monthly_payment == Decimal("0.13")
    assert len(rows) == 60 and rows[-1].balance == 0 and rows[-1].payment == 0
    assert all(r.balance >= 0 and r.principal >= 0 for r in rows)
    assert sum(r.principal for r in rows) == plan.principal
