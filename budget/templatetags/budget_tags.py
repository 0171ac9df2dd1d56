"""Template helpers of the budget app: `sek` money and the start-page status."""

from django import template

from core.formatting import sek as format_sek

from .. import selectors

register = template.Library()


@register.filter
def sek(value):
    """1500000 → `1 500 000 kr`."""
    return format_sek(value)


@register.simple_tag
def budget_status():
    """The current package's totals for the start page (None when there is none)."""
    package = selectors.current_package()
    if package is None:
        return None
    return {"package": package, "figures": selectors.totals(package)}
