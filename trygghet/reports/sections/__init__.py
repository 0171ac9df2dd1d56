"""Sections that the apps contribute to composed documents (the meeting pack first).

Each module in this package covers one app and defines

    def meeting_pack_section(meeting, *, user) -> Section | None

returning what the council's meeting pack shows from that app (or None when there is
nothing to show). Modules are discovered, so adding an app's section means adding a
module here and a template under `templates/reports/sections/`; nothing else changes.
This is the place where data from several apps meet (DESIGN.md: compose from above).
"""

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any


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


def meeting_pack_sections(meeting, *, user) -> list[Section]:
    """Every app's section for `meeting`, in their declared order."""
    sections = []
    for module in _modules():
        provider = getattr(module, "meeting_pack_section", None)
        if provider is not None and (section := provider(meeting, user=user)) is not None:
            sections.append(section)
    return sorted(sections, key=lambda s: (s.order, s.key))
