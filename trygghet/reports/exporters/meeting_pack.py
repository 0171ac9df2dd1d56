"""The council's meeting pack as a stored report (the pack itself is councils' work)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from councils.models import Meeting

from ..meeting_pack import TEMPLATE, meeting_pack_context, meeting_pack_pdf
from . import selectors


def meeting_of(key: str) -> Meeting:
    """'meeting-12' → the meeting; ValueError for anything else."""
    prefix, _sep, pk = key.partition("-")
    if prefix != "meeting" or not pk.isdigit():
        raise ValueError(_("Not a meeting: %(key)s") % {"key": key})
    meeting = selectors.meeting_by_pk(int(pk))
    if meeting is None:
        raise ValueError(_("The meeting does not exist."))
    return meeting


class MeetingPackExporter:
    kind = "meeting_pack"

    def validate_key(self, key: str) -> str:
        return f"meeting-{meeting_of(key).pk}"

    def render(self, params: dict) -> tuple[str, str, bytes]:
        meeting = meeting_of(params["key"])
        # The pack's sections may scope by user: the coordinator who asked, or nobody
        # in particular when beat generated it.
        user = selectors.user_or_anonymous(params.get("user_id"))
        if params.get("format", "pdf") == "pdf":
            return meeting_pack_pdf(meeting, user=user)
        context = meeting_pack_context(meeting, user=user, pdf=True)
        html = render_to_string(TEMPLATE, {**context, "pdf": True})
        day = timezone.localtime(meeting.starts_at).date().isoformat()
        return (
            f"motespaket-{day}-{slugify(meeting.title)[:40]}.html",
            "text/html; charset=utf-8",
            html.encode(),
        )


EXPORTER = MeetingPackExporter()
