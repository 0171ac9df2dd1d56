"""Slots: named places in a lower app's pages that a higher app fills.

The apps are layered (trygghet > budget > measures > lagesbild > councils > core) and
may import, link and include only downwards. When a page of a lower app shows something
that belongs to a higher one (the meeting pack of the reports on a council meeting, the
"start a measure" button on a lägesbild trend), the lower app's template names a slot
and the higher app fills it in its AppConfig.ready, as base.html composes the navigation
from each app's `_nav.html`. The template tags are in core/templatetags/slots.py:

    {% slot "lagesbild.trend_actions" origin="trend" area_id=t.key %}
    {% slot_url "councils.meeting_pack" meeting.pk as pack_url %}

An unfilled slot renders nothing; tests/test_layers.py checks that every slot a template
names is filled.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_templates: dict[str, list[str]] = {}
_urls: dict[str, Callable[..., str]] = {}


def fill(slot: str, template_name: str) -> None:
    """Render `template_name` (with the page's context) where a template names `slot`."""
    names = _templates.setdefault(slot, [])
    if template_name not in names:
        names.append(template_name)


def fill_url(slot: str, provider: Callable[..., str]) -> None:
    """Let `provider(*args)` give the URL that `{% slot_url slot *args %}` stands for."""
    if _urls.get(slot, provider) is not provider:
        raise ImproperlyConfigured(f"The URL slot {slot!r} is already filled.")
    _urls[slot] = provider


def templates(slot: str) -> list[str]:
    """The templates that fill `slot`, in the order they were added."""
    return list(_templates.get(slot, ()))


def url(slot: str, *args) -> str:
    """The URL that fills `slot` for `args`, or "" when no app fills it."""
    provider = _urls.get(slot)
    return provider(*args) if provider else ""


def filled() -> set[str]:
    """The names of every filled slot."""
    return set(_templates) | set(_urls)
