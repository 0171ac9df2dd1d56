"""The year's cycle on the start page."""

from django import template

from ..reports import cycle

register = template.Library()


@register.simple_tag
def cycle_summary():
    """This year's steps with their states (done, due, late)."""
    return cycle.cycle_this_year()
