"""Swedish money formatting: 1 500 000 kr."""

from decimal import Decimal

from lagesbild.charts import format_number


def sek(value: Decimal | int | float | None) -> str:
    """`1 500 000 kr` (öre shown only when there are any); `–` for nothing."""
    if value is None:
        return "–"
    decimals = 0 if Decimal(value) == Decimal(value).to_integral_value() else 2
    return f"{format_number(value, decimals)}\u00a0kr"
