"""`{% can "budget.edit" as may_edit %}`: the template form of councils.permissions.can."""

from django import template

from ..permissions import can as _can

register = template.Library()


@register.simple_tag(takes_context=True, name="can")
def can_tag(context, capability: str, user=None) -> bool:
    """Whether the request's user (or `user`) holds `capability`."""
    return _can(user if user is not None else context["request"].user, capability)
