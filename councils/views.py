"""Council pages: the council and its members, meetings, agenda, agreements."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)

from . import selectors, services
from .calendar import meetings_ical
from .forms import (
    AgendaDocumentForm,
    AgendaItemForm,
    AgreementTerminateForm,
    AttendanceForm,
    CooperationAgreementForm,
    DecisionForm,
    MeetingForm,
    ProfileForm,
)
from .models import AgendaDocument, AgendaItem, CooperationAgreement, Meeting
from .permissions import CapabilityRequiredMixin, can


class ProfileView(SuccessMessageMixin, UpdateView):
    """The signed-in user's own name, e-mail and language."""

    form_class = ProfileForm
    template_name = "councils/profile.html"
    success_url = reverse_lazy("councils:profile")
    success_message = _("Your settings were saved.")

    def get_object(self, queryset=None):
        return self.request.user


class CouncilView(CapabilityRequiredMixin, TemplateView):
    """The council: purpose, focus areas, rhythm and its members on a chosen date."""

    capability = "council.read"
    template_name = "councils/council.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = timezone.localdate()
        raw = self.request.GET.get("datum", "")
        bad_date = False
        if raw:
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                bad_date = True
        council = selectors.council_main()
        context.update(
            council=council,
            day=day,
            bad_date=bad_date,
            seats=selectors.council_seats_as_of(council, day) if council else [],
        )
        return context


class MeetingListView(CapabilityRequiredMixin, ListView):
    """All meetings, newest first, with the next one on top."""

    capability = "council.read"
    template_name = "councils/meeting_list.html"
    paginate_by = 20

    def get_queryset(self):
        return selectors.meetings_for(self.request.user).order_by("-starts_at")

    def get_context_data(self, **kwargs):
        return super().get_context_data(next_meeting=selectors.meeting_next(), **kwargs)


class MeetingDetailView(CapabilityRequiredMixin, DetailView):
    """One meeting: agenda with documents, decisions, attendance and the pack's state."""

    capability = "council.read"
    template_name = "councils/meeting_detail.html"

    def get_queryset(self):
        return selectors.meetings_with_agenda()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        editable = set(
            selectors.agenda_items_editable_by(user)
            .filter(meeting=self.object)
            .values_list("pk", flat=True)
        )
        context.update(
            editable_items=editable,
            can_edit=can(user, "council.edit"),
            pack_visible=selectors.pack_visible_to(self.object, user),
            pack_reads=selectors.pack_reads(self.object) if can(user, "council.edit") else None,
        )
        if context["can_edit"]:
            rows = selectors.meeting_attendance_rows(self.object)
            context["attendance_form"] = AttendanceForm(rows=rows) if rows else None
        return context


class MeetingFormMixin(CapabilityRequiredMixin, SuccessMessageMixin):
    capability = "council.edit"
    model = Meeting
    form_class = MeetingForm
    template_name = "councils/form.html"
    success_message = _("The meeting was saved.")

    def get_initial(self):
        initial = super().get_initial()
        council = selectors.council_main()
        if council:
            initial.setdefault("council", council)
        return initial

    def form_valid(self, form):
        try:
            self.object = services.meeting_save(
                meeting=form.instance, version=form.cleaned_data.get("version")
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.object_url())

    def object_url(self):
        return reverse("councils:meeting_detail", args=[self.object.pk])


class MeetingCreateView(MeetingFormMixin, CreateView):
    """Plan a new meeting."""

    extra_context = {"heading": _("New meeting")}


class MeetingUpdateView(MeetingFormMixin, UpdateView):
    """Change a meeting, its status and minutes."""

    extra_context = {"heading": _("Edit meeting")}


class MeetingPackPublishView(CapabilityRequiredMixin, View):
    """Mark the meeting pack ready for members (POST ready=1) or withdraw it."""

    capability = "council.edit"

    def post(self, request, pk):
        meeting = get_object_or_404(selectors.meetings(), pk=pk)
        ready = request.POST.get("ready") == "1"
        services.meeting_pack_publish(meeting=meeting, user=request.user, ready=ready)
        messages.success(
            request,
            _("The meeting pack is marked ready for members.")
            if ready
            else _("The meeting pack is no longer shown to members."),
        )
        return redirect("councils:meeting_detail", pk=pk)


class MeetingAttendanceView(CapabilityRequiredMixin, View):
    """Record attendance (närvaro) from the meeting page (POST)."""

    capability = "council.edit"

    def post(self, request, pk):
        meeting = get_object_or_404(selectors.meetings(), pk=pk)
        form = AttendanceForm(request.POST, rows=selectors.meeting_attendance_rows(meeting))
        if form.is_valid():
            services.meeting_record_attendance(meeting=meeting, attendance=form.attendance())
            messages.success(request, _("The attendance was saved."))
        else:
            messages.error(
                request, _("The attendance was not saved: a note is at most 200 characters.")
            )
        return redirect(reverse("councils:meeting_detail", args=[pk]) + "#attendance")


class MeetingCalendarView(CapabilityRequiredMixin, View):
    """The meeting calendar as iCalendar (.ics), times in Europe/Stockholm."""

    capability = "council.read"

    def get(self, request):
        meetings = selectors.meetings_for_calendar()
        response = HttpResponse(
            meetings_ical(meetings, request=request), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="trygghetsradet.ics"'
        return response


class AgendaItemCreateView(CapabilityRequiredMixin, SuccessMessageMixin, CreateView):
    """Add an item to a meeting's agenda."""

    capability = "council.edit"
    model = AgendaItem
    form_class = AgendaItemForm
    template_name = "councils/form.html"
    success_message = _("The agenda item was saved.")
    extra_context = {"heading": _("New agenda item")}

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(selectors.meetings(), pk=kwargs["meeting"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"order": selectors.agenda_next_order(self.meeting)}

    def form_valid(self, form):
        form.instance.meeting = self.meeting
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("councils:meeting_detail", args=[self.meeting.pk])


class AgendaItemUpdateView(CapabilityRequiredMixin, SuccessMessageMixin, UpdateView):
    """Edit an agenda item: coordinators any, police liaisons the items they present."""

    capability = "agenda.contribute"
    form_class = AgendaItemForm
    template_name = "councils/form.html"
    success_message = _("The agenda item was saved.")
    extra_context = {"heading": _("Edit agenda item")}

    def get_queryset(self):
        return selectors.agenda_items_editable_by(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["can_assign_presenter"] = can(self.request.user, "agenda.assign_presenter")
        return kwargs

    def get_success_url(self):
        return reverse("councils:meeting_detail", args=[self.object.meeting_id])


class AgendaDocumentCreateView(CapabilityRequiredMixin, SuccessMessageMixin, CreateView):
    """Attach a document to an agenda item."""

    capability = "agenda.contribute"
    model = AgendaDocument
    form_class = AgendaDocumentForm
    template_name = "councils/form.html"
    success_message = _("The document was attached.")
    extra_context = {"heading": _("Attach a document"), "multipart": True}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can(request.user, self.capability):
            self.item = get_object_or_404(
                selectors.agenda_items_editable_by(request.user), pk=kwargs["item"]
            )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        form.instance.item = self.item
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("councils:meeting_detail", args=[self.item.meeting_id])


class AgendaDocumentDownloadView(CapabilityRequiredMixin, View):
    """Download an agenda document (members only once the pack is ready)."""

    capability = "meeting_pack.read"

    def get(self, request, pk):
        document = get_object_or_404(selectors.agenda_documents(), pk=pk)
        if not selectors.pack_visible_to(document.item.meeting, request.user):
            raise Http404
        return _file_response(document.file)


class DecisionCreateView(CapabilityRequiredMixin, SuccessMessageMixin, CreateView):
    """Record a decision in the meeting's minutes."""

    capability = "council.edit"
    form_class = DecisionForm
    template_name = "councils/form.html"
    success_message = _("The decision was recorded.")
    extra_context = {"heading": _("New decision")}

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(selectors.meetings(), pk=kwargs["meeting"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def form_valid(self, form):
        self.object = services.decision_save(decision=form.instance)
        messages.success(self.request, self.success_message)
        return redirect("councils:meeting_detail", pk=self.meeting.pk)


class AgreementListView(CapabilityRequiredMixin, TemplateView):
    """The current agreement, a warning before it ends, and the history on a timeline."""

    capability = "agreement.read"
    template_name = "councils/agreement_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(picture=selectors.agreement_picture(), **kwargs)


class AgreementDetailView(CapabilityRequiredMixin, DetailView):
    """One agreement: parties, signatories, period, content."""

    capability = "agreement.read"
    template_name = "councils/agreement_detail.html"

    def get_queryset(self):
        return selectors.agreements_with_parties()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ends = self.object.ends_on
        today = timezone.localdate()
        context["days_left"] = (ends - today).days if ends and ends >= today else None
        context["warning_days"] = settings.AGREEMENT_WARNING_DAYS
        return context


class AgreementFormMixin(CapabilityRequiredMixin):
    capability = "agreement.edit"
    model = CooperationAgreement
    form_class = CooperationAgreementForm
    template_name = "councils/form.html"

    def form_valid(self, form):
        try:
            self.object = services.agreement_save(
                agreement=form.instance, parties=form.cleaned_data["parties"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The agreement was saved."))
        return redirect("councils:agreement_detail", pk=self.object.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(multipart=True, **kwargs)


class AgreementCreateView(AgreementFormMixin, CreateView):
    """Register a new cooperation agreement."""

    extra_context = {"heading": _("New cooperation agreement")}


class AgreementUpdateView(AgreementFormMixin, UpdateView):
    """Change a cooperation agreement."""

    extra_context = {"heading": _("Edit cooperation agreement")}


class AgreementTerminateView(CapabilityRequiredMixin, FormView):
    """End an agreement early (either party may terminate it)."""

    capability = "agreement.edit"
    form_class = AgreementTerminateForm
    template_name = "councils/form.html"
    extra_context = {
        "heading": _("Terminate the agreement"),
        "submit_label": _("Terminate the agreement"),
        "submit_class": "btn-danger",
        "confirm": _("Terminate the agreement? It then ends on the chosen day."),
    }

    def dispatch(self, request, *args, **kwargs):
        self.agreement = get_object_or_404(selectors.agreements(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"terminated_on": timezone.localdate()}

    def form_valid(self, form):
        try:
            services.agreement_terminate(
                agreement=self.agreement, on=form.cleaned_data["terminated_on"]
            )
        except ValidationError as error:
            form.add_error("terminated_on", error.messages[0])
            return self.form_invalid(form)
        messages.success(self.request, _("The agreement was terminated."))
        return redirect("councils:agreement_detail", pk=self.agreement.pk)


class AgreementDocumentView(CapabilityRequiredMixin, View):
    """Download the agreement's document."""

    capability = "agreement.read"

    def get(self, request, pk):
        agreement = get_object_or_404(selectors.agreements(), pk=pk)
        if not agreement.document:
            raise Http404
        return _file_response(agreement.document)


def _file_response(field_file) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=field_file.name.rsplit("/", 1)[-1])
