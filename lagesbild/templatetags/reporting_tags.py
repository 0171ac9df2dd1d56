"""The start page's reporting panel: who reported last week."""

from django import template

from core.isoweek import Week

from .. import selectors

register = template.Library()


@register.simple_tag
def reporting_last_week() -> dict:
    """Last week's reporting status of every reporting organisation."""
    week = Week.last()
    rows = selectors.reporting_status(week)
    return {
        "week": week,
        "rows": rows,
        "missing": [r for r in rows if r["status"] == selectors.MISSING],
        "reported": sum(1 for r in rows if r["status"] != selectors.MISSING),
    }
