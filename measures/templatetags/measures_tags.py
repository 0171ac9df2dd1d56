"""Template tags of measures: the start page panel."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def measures_panel(user) -> dict:
    """Overdue follow-ups and measures that ended without one."""
    return selectors.dashboard_panel_of(user.pk)
