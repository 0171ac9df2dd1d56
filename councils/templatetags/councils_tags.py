"""Template tags of councils: the start page panel."""

from django import template

from .. import selectors
from ..permissions import can

register = template.Library()


@register.simple_tag
def council_panel(user) -> dict:
    """The next meeting, and for coordinators the agreements that end soon."""
    return {
        "next_meeting": selectors.meeting_next(),
        "ending": list(selectors.agreements_ending_soon())
        if can(user, "agreement.warnings")
        else [],
    }
