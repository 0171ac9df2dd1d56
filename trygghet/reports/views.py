"""Report pages: the council's meeting pack as a web page and as PDF."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from councils import selectors
from councils.audit import record_export
from councils.models import Meeting
from councils.permissions import Role, RoleRequiredMixin
from councils.services import meeting_pack_record_open

from .meeting_pack import TEMPLATE, meeting_pack_context, meeting_pack_pdf

PACK_READERS = (Role.SAMORDNARE, Role.POLIS, Role.LEDAMOT)


class MeetingPackMixin(RoleRequiredMixin):
    required_roles = PACK_READERS

    def get_meeting(self) -> Meeting:
        meeting = get_object_or_404(Meeting, pk=self.kwargs["pk"])
        # Members do not see a pack before the coordinator marks it ready.
        if not selectors.pack_visible_to(meeting, self.request.user):
            raise Http404
        if meeting.pack_is_ready:
            meeting_pack_record_open(meeting=meeting, user=self.request.user)
        return meeting


class MeetingPackView(MeetingPackMixin, TemplateView):
    """The meeting pack for reading on a tablet."""

    template_name = TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            meeting_pack_context(self.get_meeting(), user=self.request.user, request=self.request)
        )
        return context


class MeetingPackPdfView(MeetingPackMixin, View):
    """The same meeting pack as a PDF download."""

    def get(self, request, pk):
        meeting = self.get_meeting()
        filename, mimetype, data = meeting_pack_pdf(meeting, user=request.user, request=request)
        record_export(
            user=request.user,
            what="report:meeting_pack",
            fmt="pdf",
            filters={"meeting": meeting.pk},
            rows=1,
        )
        response = HttpResponse(data, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
