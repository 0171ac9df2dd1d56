"""`{% slot %}` and `{% slot_url %}`: a lower app's page shows what a higher app put there."""

from django import template
from django.utils.safestring import mark_safe

from core import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name: str, **values) -> str:
    """Render each template filling slot `name` with this page's context plus `values`."""
    engine = context.template.engine
    with context.push(**values):
        html = "".join(engine.get_template(t).render(context) for t in slots.templates(name))
    # Each part is a template rendered with autoescaping, as `{% include %}` would be.
    return mark_safe(html)  # noqa: S308


@register.simple_tag
def slot_url(name: str, *args) -> str:
    """The URL a higher app gives slot `name` for `args` (e.g. a meeting's pack)."""
    return slots.url(name, *args)
