"""Financing calculator: fixed 10 % annual rate, 3-6 year terms, Decimal money rounded once to the centavo."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import Any

ANNUAL_RATE: Decimal = Decimal("0.10")
MIN_TERM_YEARS = 3
MAX_TERM_YEARS = 6
TERMS_YEARS: tuple[int, ...] = (3, 4, 5, 6)

_PRECISION = 40
_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)



FINANCING_ERROR_MESSAGES: dict[str, str] = {
    "down_payment_too_high": ("Con ese enganche ya cubrirías el precio completo del auto, así que no hace falta "
                              "financiar. 🙌 Si quieres, calculamos con un enganche menor."),
    "negative_amount": "Los montos no pueden ser negativos. ¿Me confirmas la cantidad?",
    "term_out_of_range": "Los plazos que manejamos son de 3 a 6 años. ¿Con cuál te lo calculo?",
    "bad_percent": "El enganche en porcentaje debe ser menor al 100%. ¿Me lo confirmas?",
    "missing_price": "Necesito saber qué auto o qué precio quieres financiar.",
    "missing_payment": "¿Qué mensualidad te gustaría pagar?",
}
"""How the agent explains each `FinancingError` code to a buyer (Mexican Spanish)."""

class FinancingError(ValueError):
    """Invalid financing input; `code` is machine-readable, callers write the Spanish message."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.details: dict[str, Any] = details


@dataclass(frozen=True)
class FinancingPlan:
    """All money in pesos with 2 decimals; totals derive from the rounded monthly payment."""
    car_price: Decimal
    down_payment: Decimal
    down_payment_pct: Decimal  # percent of the price, e.g. Decimal("20.00")
    principal: Decimal  # financed amount = car_price - down_payment
    term_years: int
    months: int
    annual_rate: Decimal
    monthly_payment: Decimal
    total_interest: Decimal
    total_paid: Decimal


@dataclass(frozen=True)
class ScheduleRow:
    month: int; payment: Decimal; interest: Decimal; principal: Decimal; balance: Decimal  # noqa: E702


def _to_decimal(value: int | float | Decimal, name: str) -> Decimal:
    """Convert a number to Decimal (floats via str); non-numbers are programming errors (TypeError)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"{name} must be an int or Decimal, got {type(value).__name__}")
    result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite():
        raise TypeError(f"{name} must be finite, got {value!r}")
    return result


def _cents(value: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    return value.quantize(_CENT, rounding=rounding)


def _check_term(term_years: Any) -> int:
    if isinstance(term_years, bool) or not isinstance(term_years, int) \
            or not MIN_TERM_YEARS <= term_years <= MAX_TERM_YEARS:
        raise FinancingError("term_out_of_range", f"term must be {MIN_TERM_YEARS}-{MAX_TERM_YEARS} whole years",
                             term_years=term_years, min_years=MIN_TERM_YEARS, max_years=MAX_TERM_YEARS)
    return term_years


def _check_down(down_payment: int | Decimal) -> Decimal:
    down = _cents(_to_decimal(down_payment, "down_payment"))
    if down < 0:
        raise FinancingError("negative_amount", "down payment cannot be negative", field="down_payment", value=down)
    return down


def _annuity_factor(months: int) -> Decimal:
    """(1 - (1 + r) ** -n) / r for the monthly rate r; call inside a high-precision context."""
    rate = ANNUAL_RATE / 12
    return (1 - (1 + rate) ** -months) / rate


def calculate_financing(*, car_price: int | Decimal | None, term_years: int, down_payment: int | Decimal | None = None,
                        down_payment_pct: int | float | Decimal | None = None) -> FinancingPlan:
    """Plan for one term. Give at most one of down_payment / down_payment_pct (percent in [0, 100)); neither means 0.

    Passing both, or non-numeric amounts, raises TypeError (a caller bug); bad values raise FinancingError.
    """
    if down_payment is not None and down_payment_pct is not None:
        raise TypeError("give down_payment or down_payment_pct, not both")
    if car_price is None:
        raise FinancingError("missing_price", "car price is required")
    price = _cents(_to_decimal(car_price, "car_price"))
    if price < 0:
        raise FinancingError("negative_amount", "car price cannot be negative", field="car_price", value=price)
    if price == 0:
        raise FinancingError("missing_price", "car price must be greater than zero", value=price)
    term = _check_term(term_years)
    if down_payment_pct is not None:
        pct = _to_decimal(down_payment_pct, "down_payment_pct")
        if not 0 <= pct < 100:
            raise FinancingError("bad_percent", "down payment percent must be in [0, 100)", value=pct)
        with localcontext(prec=_PRECISION):
            down = _cents(price * pct / _HUNDRED)
    else:
        down = _check_down(0 if down_payment is None else down_payment)
    if down >= price:
        raise FinancingError("down_payment_too_high", "down payment must be lower than the car price",
                             down_payment=down, car_price=price)
    months = term * 12
    principal = price - down
    with localcontext(prec=_PRECISION):
        monthly_payment = _cents(principal / _annuity_factor(months))
        down_pct = _cents(down * _HUNDRED / price)
    paid_in_installments = monthly_payment * months
    return FinancingPlan(
        car_price=price, down_payment=down, down_payment_pct=down_pct, principal=principal,
        term_years=term, months=months, annual_rate=ANNUAL_RATE, monthly_payment=monthly_payment,
        total_interest=paid_in_installments - principal, total_paid=down + paid_in_installments,
    )


def compare_terms(*, car_price: int | Decimal | None, down_payment: int | Decimal | None = None,
                  down_payment_pct: int | float | Decimal | None = None,
                  terms_years: tuple[int, ...] = TERMS_YEARS) -> list[FinancingPlan]:
    """One plan per term, in the order given (by default 3, 4, 5 and 6 years)."""
    return [calculate_financing(car_price=car_price, term_years=t, down_payment=down_payment,
                                down_payment_pct=down_payment_pct) for t in terms_years]


def max_price_for_monthly_payment(*, monthly_payment: int | Decimal | None, term_years: int,
                                  down_payment: int | Decimal = 0) -> Decimal:
    """Down payment + present value of the budget annuity, rounded DOWN to the centavo.

    The budget is first floored to the centavo. The plan at the returned price has a monthly payment
    <= the budget (its exact payment already is); one peso more always gives a higher payment.
    """
    if monthly_payment is None:
        raise FinancingError("missing_payment", "monthly payment is required")
    budget = _cents(_to_decimal(monthly_payment, "monthly_payment"), ROUND_FLOOR)
    if budget <= 0:
        raise FinancingError("missing_payment", "monthly payment must be at least one centavo", value=monthly_payment)
    term = _check_term(term_years)
    down = _check_down(down_payment)
    with localcontext(prec=_PRECISION):
        return _cents(down + budget * _annuity_factor(term * 12), ROUND_FLOOR)


def amortization_schedule(plan: FinancingPlan) -> list[ScheduleRow]:
    """Month-by-month table with len == plan.months.

    interest = balance * r rounded HALF_UP to the centavo, principal = payment - interest. The LAST row's
    payment is adjusted (interest + remaining balance) so the balance ends at exactly 0.00; hence
    sum(interest) == plan.total_interest + (last payment - plan.monthly_payment). Should the rounded payment
    pay the loan off early (principals under ~30 pesos), later rows are 0.00 payments.
    """
    balance = plan.principal
    rows: list[ScheduleRow] = []
    with localcontext(prec=_PRECISION):
        for month in range(1, plan.months + 1):
            interest = _cents(balance * plan.annual_rate / 12)  # not via a truncated r: ties round up
            if month == plan.months:
                principal = balance
            else:
                principal = max(Decimal(0), min(plan.monthly_payment - interest, balance))
            balance -= principal
            rows.append(ScheduleRow(month=month, payment=interest + principal, interest=interest,
                                    principal=principal, balance=balance))
    return rows
