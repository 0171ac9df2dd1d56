"""Swedish formats for every app: `1 500 000`, `2,5`, `1 500 000 kr`, `vecka 7`, dates.

The lowest layer, so lagesbild, measures, budget and the reports all format alike.
Thousands are separated by a narrow no-break space (U+202F), like the charts; the
currency by a no-break space, so `1 500 000 kr` never breaks across lines.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import gettext as _

THOUSANDS = "\u202f"
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")


def number(value, decimals: int = 0) -> str:
    """1500000 → `1 500 000`, 2.5 (decimals=1) → `2,5`; None → `–`; other text as it is."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(value)
    try:
        # Decimal keeps money exact (no float rounding of large amounts).
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{amount:,.{int(decimals)}f}"
    return text.replace(",", THOUSANDS).replace(".", ",")


def signed(value, decimals: int = 0, zero: str = "±0") -> str:
    """A change: `+3`, `−2` (a true minus sign), `zero` for none; `–` when missing or hidden."""
    if value is None or isinstance(value, str):
        return "–"
    if value > 0:
        return f"+{number(value, decimals)}"
    if value < 0:
        return f"\u2212{number(-value, decimals)}"
    return zero


def sek(value) -> str:
    """`1 500 000 kr` (öre shown only when there are any); `–` for nothing."""
    if value is None or value == "":
        return "–"
    amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    decimals = 0 if amount == amount.to_integral_value() else 2
    return f"{number(amount, decimals)}\u00a0kr"


def iso_week(value) -> tuple[int, int] | None:
    """(year, week) of a date, a datetime, an object with iso_year/iso_week or '2023-W07'."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.isocalendar()[:2]
    if isinstance(value, dt.date):
        return value.isocalendar()[:2]
    if hasattr(value, "iso_week") and hasattr(value, "iso_year"):
        return value.iso_year, value.iso_week
    if isinstance(value, str) and (match := _ISO_WEEK.match(value.strip())):
        return int(match[1]), int(match[2])
    return None


def week(value, with_year: bool = False) -> str:
    """`vecka 7` (or `vecka 7, 2023`); an int is taken as the week number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _("week %(week)s") % {"week": value}
    found = iso_week(value)
    if found is None:
        return "–" if value in (None, "") else str(value)
    year, number_ = found
    if with_year:
        return _("week %(week)s, %(year)s") % {"week": number_, "year": year}
    return _("week %(week)s") % {"week": number_}


def long_date(value) -> str:
    """`21 november 2026` (in the active language; also of '2026-11-21'); `–` for nothing."""
    if isinstance(value, str) and value:
        # Dates kept in JSON (a published week's figures) are ISO strings.
        value = dt.date.fromisoformat(value)
    return formats.date_format(value, "j F Y") if value else "–"


def iso_date(value) -> str:
    """`2026-11-21`, for tables and lists; `–` for nothing."""
    return formats.date_format(value, "Y-m-d") if value else "–"
