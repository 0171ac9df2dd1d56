"""Swedish formats in templates: `{% load sv_format %}` then `|number`, `|signed`, `|sek`,
`|week`, `|longdate`, `|isodate` (see core.formatting). The only formatting filters."""

import datetime as dt

from django import template
from django.utils import timezone

from core import formatting

register = template.Library()


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def number(value, decimals=0):
    """1500000 → `1 500 000`; `|number:1` → `2,5`."""
    return formatting.number(value, int(decimals))


@register.filter
def signed(value):
    """A change: `+3`, `−2`, `±0`; `–` when it is hidden."""
    return formatting.signed(value)


@register.filter
def sek(value):
    """1500000 → `1 500 000 kr`."""
    return formatting.sek(value)


@register.filter
def week(value, arg=""):
    """A date or '2023-W07' → `vecka 7`; `|week:"year"` → `vecka 7, 2023`."""
    return formatting.week(_local(value), with_year=arg == "year")


@register.filter
def longdate(value):
    """`21 november 2026`."""
    return formatting.long_date(_local(value))


@register.filter
def isodate(value):
    """`2026-11-21`."""
    return formatting.iso_date(_local(value))
