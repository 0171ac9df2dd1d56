"""Report pages: the council's meeting pack (web page and PDF), and generated reports
(weekly, annual, meeting packs): start one, follow its progress, download, retry."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from core.isoweek import Week
from councils import selectors
from councils.audit import record_export
from councils.models import Meeting
from councils.permissions import CapabilityRequiredMixin, can
from councils.services import meeting_pack_record_open
from trygghet.models import Report

from . import selectors as report_selectors
from . import services
from .meeting_pack import TEMPLATE, meeting_pack_context, meeting_pack_pdf
from .pdf import render_pdf


class MeetingPackMixin(CapabilityRequiredMixin):
    capability = "meeting_pack.read"

    def get_meeting(self) -> Meeting:
        meeting = report_selectors.meeting(self.kwargs["pk"])
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


class ReportRequestForm(forms.Form):
    """What to generate: the kind, its period (week, year) or meeting, and the format."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        required=False,
        help_text=_("Week as 2023-W07, or year as 2023."),
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.order_by("-starts_at"), required=False
    )
    format = forms.ChoiceField(label=_("Format"), choices=Report.Format.choices, initial="pdf")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Report.Kind.MEETING_PACK:
            if not data.get("meeting"):
                self.add_error("meeting", _("Choose a meeting."))
            else:
                data["key"] = f"meeting-{data['meeting'].pk}"
        elif kind and not data.get("period"):
            self.add_error("period", _("Give a week (2023-W07) or a year (2023)."))
        else:
            data["key"] = data.get("period", "").strip()
        return data


class ReportListView(CapabilityRequiredMixin, ListView):
    """Reports the user may read, newest first; coordinators start new ones here."""

    capability = "report.read"
    template_name = "reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 25

    def get_queryset(self):
        kind = self.request.GET.get("typ")
        return report_selectors.reports_readable(
            self.request.user, kind if kind in Report.Kind.values else ""
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            can_start=can(self.request.user, "report.start"),
            kinds=Report.Kind.choices,
            current_kind=self.request.GET.get("typ", ""),
            last_week=str(Week.last()),
            last_year=today.year - 1,
            meetings=report_selectors.meetings_to_choose(today),
            subscribed=report_selectors.subscribed_kinds(self.request.user),
            subscribable=self.subscribable_kinds(),
            form=kwargs.get("form") or ReportRequestForm(),
        )
        return context

    def subscribable_kinds(self):
        """The kinds the user may ask to be e-mailed about (members get ready packs anyway)."""
        user = self.request.user
        allowed = {
            Report.Kind.WEEKLY: can(user, "report.read_weekly"),
            Report.Kind.ANNUAL: can(user, "report.read_annual"),
            # Members are e-mailed every ready pack (meeting_pack.notified) without asking.
            Report.Kind.MEETING_PACK: can(user, "report.read_all"),
        }
        return [(k, Report.Kind(k).label) for k, ok in allowed.items() if ok]


def _status_message(report: Report, *, again: bool) -> str:
    """What became of the request, as the status next to it says (eager Celery in `make
    run` finishes the report before the page is shown)."""
    if report.status == Report.Status.DONE:
        return _("The report is ready.")
    if report.status == Report.Status.FAILED:
        return _("The report could not be generated; see the error below.")
    if report.status == Report.Status.RUNNING:
        return _("The report is being generated.")
    return _("The report is queued again.") if again else _("The report is queued.")


class ReportStartView(CapabilityRequiredMixin, View):
    """Ask for a report (coordinators); bad input shows the list again with the errors."""

    capability = "report.start"

    def post(self, request):
        form = ReportRequestForm(request.POST)
        if form.is_valid():
            try:
                report = services.report_request(
                    kind=form.cleaned_data["kind"],
                    key=form.cleaned_data["key"],
                    fmt=form.cleaned_data["format"],
                    user=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    target = "period" if field == "key" else None
                    for error in errors:
                        form.add_error(target, error)
            else:
                report.refresh_from_db()
                if report.status == Report.Status.NOT_STARTED:
                    messages.error(request, report.error)
                else:
                    messages.success(request, _status_message(report, again=False))
                return redirect("reports:report_detail", pk=report.pk)
        view = ReportListView(request=request, kwargs={}, args=())
        view.object_list = view.get_queryset()
        context = view.get_context_data(form=form, open_form=form.data.get("kind"))
        return view.render_to_response(context, status=400)


class ReadableReportMixin(CapabilityRequiredMixin):
    """A report the user may read; 404 for the others (also for a pack not yet ready)."""

    capability = "report.read"

    def get_queryset(self):
        return report_selectors.reports_readable(self.request.user)


class ReportDetailView(ReadableReportMixin, DetailView):
    """One report: status and progress (polled while running), download, versions."""

    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["versions"] = report_selectors.report_versions(self.request.user, report)
        context["can_start"] = can(self.request.user, "report.start")
        return context


class ReportStatusView(ReadableReportMixin, DetailView):
    """The status partial that the detail page polls (htmx)."""

    template_name = "reports/_report_status.html"
    context_object_name = "report"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_start"] = can(self.request.user, "report.start")
        return context


class ReportDownloadView(ReadableReportMixin, View):
    """The finished file; recorded in the audit trail."""

    def get(self, request, pk):
        report = get_object_or_404(self.get_queryset(), pk=pk, status=Report.Status.DONE)
        try:
            handle = report.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        record_export(
            user=request.user,
            what=f"report:{report.kind}",
            fmt=report.format,
            filters={"key": report.key, "version": report.version},
            rows=1,
        )
        filename = report.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
        return FileResponse(
            handle, as_attachment=report.format == Report.Format.PDF, filename=filename
        )


class ReportRetryView(CapabilityRequiredMixin, View):
    """Queue a failed or not started report again (coordinators)."""

    capability = "report.start"

    def post(self, request, pk):
        report = report_selectors.report(pk)
        try:
            report = services.report_retry(report=report, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if report.status == Report.Status.NOT_STARTED:
                messages.error(request, report.error)
            else:
                report.refresh_from_db()
                messages.success(request, _status_message(report, again=True))
        return redirect("reports:report_detail", pk=report.pk)


class ReportSubscribeView(CapabilityRequiredMixin, View):
    """Turn the email (a link only) for a kind of report on or off."""

    capability = "report.read"

    def post(self, request):
        kind = request.POST.get("kind", "")
        allowed = dict(ReportListView(request=request).subscribable_kinds())
        if kind not in allowed:
            messages.error(request, _("You cannot subscribe to that kind of report."))
        elif services.report_subscription_toggle(user=request.user, kind=kind):
            messages.success(
                request,
                _("You will get an email when a new %(kind)s is ready.")
                % {"kind": allowed[kind].lower()},
            )
        else:
            messages.success(request, _("You will no longer get those emails."))
        return redirect("reports:report_list")


class EstMinutesPdfView(CapabilityRequiredMixin, View):
    """The minutes of an EST meeting as a PDF, from the same data as the minutes page."""

    capability = "est_meeting.read"

    def get(self, request, pk):
        from measures.est.selectors import est_meeting_for_minutes
        from measures.models import EstMeeting

        try:
            meeting = est_meeting_for_minutes(request.user, pk)
        except EstMeeting.DoesNotExist as error:
            raise Http404 from error
        data = render_pdf("reports/est_minutes.html", {"meeting": meeting}, request=request)
        record_export(
            user=request.user, what="est_minutes", fmt="pdf", filters={"meeting": pk}, rows=1
        )
        response = HttpResponse(data, content_type="application/pdf")
        filename = f"est-mote-{meeting.held_on.isoformat()}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
