"""`{% demo_badge obj %}`: a visible "Demo" badge beside a record of the demo data."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.demo import is_demo

register = template.Library()


@register.simple_tag
def demo_badge(obj) -> str:
    if not is_demo(obj):
        return ""
    return format_html(
        '<span class="badge text-bg-warning demo-badge" title="{}">{}</span>',
        _("Synthetic data for demonstration only, never a fact or a decision."),
        _("Demo"),
    )
