"""Pages of the weekly EST meeting and of the feedback to reporting organisations."""

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.isoweek import Week
from councils.permissions import CapabilityRequiredMixin, can
from lagesbild.models import WeeklyPicture

from ..models import EstMeeting
from . import selectors, services
from .forms import EstActionForm, EstMeetingForm, EstNoteForm


class EstMeetingListView(CapabilityRequiredMixin, TemplateView):
    capability = "est_meeting.read"
    template_name = "measures/est_meeting_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = selectors.est_meetings_visible_to(self.request.user).prefetch_related(
            "organisations"
        )
        paginator = Paginator(meetings, selectors.PAGE_SIZE)
        context["page_obj"] = paginator.get_page(self.request.GET.get("page"))
        return context


class EstMeetingCreateView(CapabilityRequiredMixin, FormView):
    capability = "est_meeting.edit"
    template_name = "measures/est_meeting_form.html"
    form_class = EstMeetingForm

    def form_valid(self, form):
        meeting = services.est_meeting_create(user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The meeting was recorded."))
        return redirect("measures:est_meeting_detail", pk=meeting.pk)


class MeetingMixin(CapabilityRequiredMixin):
    def meeting(self) -> EstMeeting:
        try:
            return selectors.est_meeting_for_minutes(self.request.user, self.kwargs["pk"])
        except EstMeeting.DoesNotExist as error:
            raise Http404 from error


class EstMeetingDetailView(MeetingMixin, TemplateView):
    """The minutes: participants, the week, notes per trend or hot spot, actions."""

    capability = "est_meeting.read"
    template_name = "measures/est_meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = kwargs.get("meeting") or self.meeting()
        context["meeting"] = meeting
        if can(self.request.user, "est_meeting.edit"):
            context["note_form"] = kwargs.get("note_form") or EstNoteForm()
            context["action_form"] = kwargs.get("action_form") or EstActionForm(meeting=meeting)
            context["topics"] = selectors.topic_suggestions(meeting.weekly_picture)
        return context


class EstNoteAddView(MeetingMixin, View):
    capability = "est_meeting.edit"

    def post(self, request, pk):
        meeting = self.meeting()
        form = EstNoteForm(request.POST)
        if form.is_valid():
            services.est_note_add(user=request.user, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("The note was added."))
            return redirect("measures:est_meeting_detail", pk=pk)
        view = EstMeetingDetailView(request=request, kwargs={"pk": pk})
        return view.render_to_response(
            view.get_context_data(meeting=meeting, note_form=form), status=400
        )


class EstActionAddView(MeetingMixin, View):
    capability = "est_meeting.edit"

    def post(self, request, pk):
        meeting = self.meeting()
        form = EstActionForm(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                action = services.est_action_add(
                    user=request.user, meeting=meeting, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The action was added and given to %(org)s.") % {"org": action.responsible},
                )
                return redirect("measures:est_meeting_detail", pk=pk)
        view = EstMeetingDetailView(request=request, kwargs={"pk": pk})
        return view.render_to_response(
            view.get_context_data(meeting=meeting, action_form=form), status=400
        )


class EstMinutesSendView(MeetingMixin, View):
    capability = "est_meeting.edit"

    def post(self, request, pk):
        meeting = self.meeting()
        services.est_minutes_send(user=request.user, meeting=meeting)
        messages.success(request, _("The minutes are being sent to the partners."))
        return redirect("measures:est_meeting_detail", pk=pk)


class FeedbackView(CapabilityRequiredMixin, TemplateView):
    """Återkoppling: the published week as the user's organisation reported it, and the
    actions assigned to the organisation."""

    capability = "reporting.feedback"
    template_name = "measures/feedback.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if "vecka" in self.request.GET:
            try:
                week = Week.parse(self.request.GET["vecka"])
            except ValueError as error:
                raise BadRequest("vecka") from error
            if week > Week.of(timezone.localdate()):
                raise Http404
        else:
            latest = WeeklyPicture.objects.published().first()
            week = Week(latest.iso_year, latest.iso_week) if latest else Week.last()
        context["week"] = week
        context["previous_week"] = week.shift(-1)
        following = week.shift(1)
        context["next_week"] = following if following <= Week.last() else None
        context["organisation"] = user.organisation
        if user.organisation_id:
            context.update(selectors.feedback(user.organisation, week))
        return context
