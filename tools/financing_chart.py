"""A picture of the financing options: monthly payment and total interest for each term, as a PNG (matplotlib,
headless). Every label is the financing tool's own figure, formatted to the centavo."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from tools.financing import FinancingPlan


@dataclass(frozen=True)
class Chart:
    png: bytes
    labels: list[str]
    """The figures written on the chart, in order: each term's monthly payment, then its total interest."""


def pesos(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def term_chart(plans: list[FinancingPlan], title: str = "") -> Chart:
    """Grouped bars per term: the monthly payment (left axis) and the total interest (right axis)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    terms = [f"{p.term_years} años" for p in plans]
    monthly = [float(p.monthly_payment) for p in plans]
    interest = [float(p.total_interest) for p in plans]
    positions = range(len(plans))
    figure, left = plt.subplots(figsize=(7, 4.2), dpi=110)
    right = left.twinx()
    bars_monthly = left.bar([x - 0.2 for x in positions], monthly, width=0.4, color="#1f6feb", label="Mensualidad")
    bars_interest = right.bar([x + 0.2 for x in positions], interest, width=0.4, color="#f0883e",
                              label="Intereses totales")
    labels = [pesos(p.monthly_payment) for p in plans] + [pesos(p.total_interest) for p in plans]
    for bar, text in zip(bars_monthly, labels[:len(plans)], strict=True):
        left.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom",
                      fontsize=7, xytext=(0, 2), textcoords="offset points")
    for bar, text in zip(bars_interest, labels[len(plans):], strict=True):
        right.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom",
                       fontsize=7, xytext=(0, 2), textcoords="offset points")
    left.set_xticks(list(positions), terms)
    left.set_ylabel("Mensualidad")
    right.set_ylabel("Intereses totales")
    left.set_ylim(0, max(monthly) * 1.25)
    right.set_ylim(0, max(interest) * 1.25)
    left.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("${x:,.0f}"))
    right.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("${x:,.0f}"))
    first = plans[0]
    left.set_title(title or f"Precio {pesos(first.car_price)} · enganche {pesos(first.down_payment)} · tasa 10% anual",
                   fontsize=9)
    figure.legend(handles=[bars_monthly, bars_interest], loc="upper center", ncol=2, fontsize=8,
                  bbox_to_anchor=(0.5, 0.93))
    figure.tight_layout(rect=(0, 0, 1, 0.9))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return Chart(png=buffer.getvalue(), labels=labels)
