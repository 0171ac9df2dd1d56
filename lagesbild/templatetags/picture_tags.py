"""Template filters of the lägesbild pages: change classes, the cache key (numbers: sv_format)."""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django import template

from councils.permissions import capabilities_of

register = template.Library()
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "lagesbild"


@register.filter
def change_class(value):
    """A CSS class for a change: up (worse), down (better) or none."""
    if isinstance(value, int | float) and value > 0:
        return "change-up"
    if isinstance(value, int | float) and value < 0:
        return "change-down"
    return ""


@lru_cache(maxsize=1)
def _templates_digest() -> str:
    """A digest of the lägesbild templates, so a deploy that changes them renders anew."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.glob("*.html")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@register.filter
def render_key(figures, user=None):
    """The {% cache %} key of rendered figures: equal figures, capabilities and templates.

    `computed_at` is left out, so a recount that finds the same numbers reuses the
    rendering; any changed number, class or label gives a new key.
    """
    data = {k: v for k, v in figures.items() if k != "computed_at"}
    access = sorted(capabilities_of(user)) if user is not None else []
    blob = json.dumps([data, access, _templates_digest()], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


@register.simple_tag
def week_key_numbers(user) -> dict:
    """Last whole week's key numbers for the start page: incidents that week and the
    week before (two indexed sums), small counts through the disclosure gate."""
    from core.isoweek import Week

    from ..figures.disclosure import reads_exact, suppress_small
    from ..selectors import week_total

    week = Week.last()
    counts = [week_total(w) for w in (week, week.shift(-1))]
    exact = reads_exact(user)
    current, previous = counts if exact else [suppress_small(n) for n in counts]
    comparable = isinstance(current, int) and isinstance(previous, int)
    return {
        "week": week,
        "current": current,
        "previous": previous,
        "change": current - previous if comparable else None,
    }
