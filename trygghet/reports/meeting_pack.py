"""The council's meeting pack: agenda, documents and every app's section.

The web page and the PDF render the same template (`reports/meeting_pack.html`); the
`pdf` flag only swaps the frame around it.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from councils import selectors as council_selectors
from councils.models import Meeting

from ..selectors import holds_demo_data
from .exporters import selectors
from .pdf import render_pdf
from .sections import Period, Section, meeting_pack_sections

TEMPLATE = "reports/meeting_pack.html"


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    html: str


def meeting_pack_context(meeting: Meeting, *, user, request=None, pdf: bool = False) -> dict:
    """Everything the pack shows: agenda with documents, members, rendered sections."""
    meeting = selectors.meeting_with_agenda(meeting.pk)
    day = timezone.localtime(meeting.starts_at).date()
    # The sections speak for the days since the council's previous meeting.
    period = Period(selectors.meeting_previous_day(meeting), day)
    sections = [
        _render(section, request=request, pdf=pdf)
        for section in meeting_pack_sections(period, user=user)
    ]
    return {
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.all()),
        "members": council_selectors.council_members_on(meeting.council, day),
        "sections": sections,
        "generated_at": timezone.now(),
        "pdf": pdf,
        "DEMO": holds_demo_data(),
    }


def _render(section: Section, *, request, pdf: bool) -> RenderedSection:
    html = render_to_string(
        section.template, {**section.context, "section": section, "pdf": pdf}, request=request
    )
    return RenderedSection(section.key, section.title, html)


def meeting_pack_pdf(meeting: Meeting, *, user, request=None) -> tuple[str, str, bytes]:
    """Exporter: (filename, mimetype, bytes) of the meeting pack as PDF."""
    context = meeting_pack_context(meeting, user=user, request=request, pdf=True)
    data = render_pdf(TEMPLATE, context, request=request)
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return f"motespaket-{day}-{slugify(meeting.title)[:40]}.pdf", "application/pdf", data
