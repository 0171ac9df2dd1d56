"""Sections that the apps contribute to composed documents (the meeting pack first).

Each module in this package covers one app and defines

    def meeting_pack_section(period: Period, *, user) -> Section | None

returning what a composed document shows from that app for `period` (or None when
there is nothing to show). The meeting pack asks with the period since the council's
previous meeting up to the meeting's day; the annual report with the calendar year.

`period.end` is also the day the document is cut at ("as of"): a section shows what
was known on that day and nothing dated, registered or published after it, so that a
pack generated again a year later says what it said at the meeting. Each section
passes `period.end` to its app's selectors (`as_of=` / `day` / `today=`).
Modules are discovered, so adding an app's section means adding a module here and a
template under `templates/reports/sections/`; nothing else changes. This is the place
where data from several apps meet (DESIGN.md: compose from above).
"""

import datetime as dt
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Period:
    """The days a document covers: from `start` (None: no earlier bound) up to `end`.

    `end` is the day the document speaks for (the meeting's day in Europe/Stockholm, the
    year's last day) and the day it is cut at: nothing dated after it is shown.
    """

    start: dt.date | None
    end: dt.date

    @classmethod
    def year(cls, year: int) -> "Period":
        """1 January to 31 December of `year`."""
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))


@dataclass(frozen=True)
class Section:
    """A titled part of a composed document, rendered with `template` and `context`."""

    key: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def _modules():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        yield importlib.import_module(f"{__name__}.{info.name}")


def meeting_pack_sections(period: Period, *, user) -> list[Section]:
    """Every app's section for `period`, in their declared order."""
    sections = []
    for module in _modules():
        provider = getattr(module, "meeting_pack_section", None)
        if provider is not None and (section := provider(period, user=user)) is not None:
            sections.append(section)
    return sorted(sections, key=lambda s: (s.order, s.key))
