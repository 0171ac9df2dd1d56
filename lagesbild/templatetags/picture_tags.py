"""Template filters of the lägesbild pages: Swedish numbers, signed changes, heat classes."""

from django import template

from lagesbild.charts import format_number

register = template.Library()


@register.filter
def num(value, decimals=0):
    """1 500 and 2,5; a suppressed count ('< 3') and None ('–') pass through as text."""
    if isinstance(value, str):
        return value
    return format_number(value, int(decimals))


@register.filter
def signed(value):
    """+3, −2, ±0; '–' when the change is hidden."""
    if value is None or isinstance(value, str):
        return "–"
    if value > 0:
        return f"+{format_number(value)}"
    if value < 0:
        return f"\u2212{format_number(-value)}"
    return "±0"


@register.filter
def change_class(value):
    """A CSS class for a change: up (worse), down (better) or none."""
    if isinstance(value, int | float) and value > 0:
        return "change-up"
    if isinstance(value, int | float) and value < 0:
        return "change-down"
    return ""
