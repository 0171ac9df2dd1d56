"""Report exporters: one per kind, `render(params) -> (filename, mimetype, bytes)`.

    filename, mimetype, data = EXPORTERS["weekly"].render({"key": "2023-W07", "format": "pdf"})

An exporter only reads (through the apps' selectors and figures) and renders; storing
the file, versions and status is the job of `trygghet.reports.services`.
"""

from functools import cached_property
from typing import Any, Protocol

from django.template.loader import render_to_string

from trygghet.selectors import holds_demo_data

from ..pdf import PRINT_STYLESHEETS, render_pdf

REPORT_STYLESHEETS = (*PRINT_STYLESHEETS, "css/reports.css")


class Exporter(Protocol):
    kind: str

    def validate_key(self, key: str) -> str: ...

    def render(self, params: dict[str, Any]) -> tuple[str, str, bytes]: ...


def render_document(template: str, context: dict, *, fmt: str, basename: str):
    """The same template as PDF (WeasyPrint) or as a standalone HTML document."""
    context = {"DEMO": holds_demo_data(), **context}
    if fmt == "pdf":
        data = render_pdf(template, context, stylesheets=REPORT_STYLESHEETS)
        return f"{basename}.pdf", "application/pdf", data
    html = render_to_string(template, {**context, "pdf": True, "standalone_html": True})
    return f"{basename}.html", "text/html; charset=utf-8", html.encode()


class Registry:
    """The exporters by kind, imported on first use.

    Lazily, because the meeting pack exporter imports the pack module, which reads
    through this package's selectors: importing either first must work.
    """

    @cached_property
    def exporters(self) -> dict[str, Exporter]:
        from . import annual, meeting_pack, weekly

        return {e.kind: e for e in (weekly.EXPORTER, annual.EXPORTER, meeting_pack.EXPORTER)}

    def __getitem__(self, kind: str) -> Exporter:
        return self.exporters[kind]

    def __contains__(self, kind: str) -> bool:
        return kind in self.exporters


EXPORTERS = Registry()
