"""Template helpers of the budget app: the start-page status (money: sv_format's `|sek`)."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def budget_status():
    """The current package's totals for the start page (None when there is none)."""
    return selectors.current_status()


@register.simple_tag
def plan_entry_funding(entry):
    """The kronor linked to an action of an åtgärdsplan: {"lines": [...], "total": n}."""
    lines = selectors.plan_fundings(entry.pk)
    return {"lines": lines, "total": sum(f.amount for f in lines)}
