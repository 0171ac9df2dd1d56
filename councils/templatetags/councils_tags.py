"""Template tags of councils: the start page panel."""

from django import template

from .. import selectors
from ..permissions import can

register = template.Library()


@register.simple_tag
def council_panel(user) -> dict:
    """The next meeting, and for coordinators the agreements that end soon."""
    return selectors.start_page_panel(with_agreements=can(user, "agreement.warnings"))
