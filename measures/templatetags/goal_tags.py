"""Template tags of goals: the start page panel."""

from django import template

from ..goals import indicators

register = template.Library()


@register.simple_tag
def goals_panel() -> list:
    """Every goal's status (a handful: the council's målformuleringar)."""
    return indicators.goal_statuses()
