"""Pages of goals and their follow-up: goals, the trygghetsmätning, the partner register.

Coordinators edit; police liaisons and council members read; partner reporters have no
access (these pages are about the council's own goals, not their incidents).
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from councils.permissions import CapabilityRequiredMixin, can
from lagesbild.figures.disclosure import reads_exact
from lagesbild.forms import ImportForm

from ..models import Goal
from . import indicators, selectors, survey_import
from . import services as goal_services
from .forms import GoalForm, IndicatorFormSet


class GoalListView(CapabilityRequiredMixin, TemplateView):
    """Every goal with its verdict: på väg, inte på väg or för lite data."""

    capability = "goal.read"
    template_name = "measures/goal_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = indicators.goal_statuses_of_all(exact=reads_exact(self.request.user))
        context["can_edit"] = can(self.request.user, "goal.edit")
        return context


class GoalDetailView(CapabilityRequiredMixin, TemplateView):
    """One goal: each indicator's trajectory against the target, and the verdict."""

    capability = "goal.read"
    template_name = "measures/goal_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goal = selectors.goal(self.kwargs["pk"])
        context.update(
            goal=goal,
            status=indicators.goal_status(goal, exact=reads_exact(self.request.user)),
            can_edit=can(self.request.user, "goal.edit"),
            min_points=indicators.MIN_POINTS,
            min_events=indicators.MIN_EVENTS,
            min_respondents=settings.SURVEY_MIN_RESPONDENTS,
        )
        return context


class GoalFormView(CapabilityRequiredMixin, TemplateView):
    """Create or change a goal and its indicators on one page."""

    capability = "goal.edit"
    template_name = "measures/goal_form.html"

    def get_goal(self) -> Goal:
        return selectors.goal_or_new(self.kwargs.get("pk"))

    def get_context_data(self, form=None, formset=None, **kwargs):
        context = super().get_context_data(**kwargs)
        goal = self.get_goal()
        context.update(
            goal=goal,
            form=form or GoalForm(instance=goal),
            formset=formset or IndicatorFormSet(instance=goal, prefix="ind"),
            heading=_("Change goal") if goal.pk else _("New goal"),
        )
        return context

    def post(self, request, *args, **kwargs):
        goal = self.get_goal()
        form = GoalForm(request.POST, instance=goal)
        formset = IndicatorFormSet(request.POST, instance=goal, prefix="ind")
        if form.is_valid() and formset.is_valid():
            goal = goal_services.goal_save(
                goal=form.save(commit=False),
                indicators=formset,
                focus_areas=form.cleaned_data.get("focus_areas"),
            )
            messages.success(request, _("The goal is saved."))
            return redirect("measures:goal_detail", pk=goal.pk)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class SurveyCompareView(CapabilityRequiredMixin, TemplateView):
    """The trygghetsmätning: one question, areas against years, with a chart."""

    capability = "goal.read"
    template_name = "measures/survey_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        context.update(
            comparison=indicators.survey_comparison(
                survey=params.get("survey", ""),
                question=params.get("question", ""),
                column=params.get("value", ""),
            ),
            can_import=can(self.request.user, "goal.edit"),
            min_respondents=settings.SURVEY_MIN_RESPONDENTS,
        )
        return context


class SurveyImportView(CapabilityRequiredMixin, FormView):
    """Upload, check (every failing row listed, nothing saved), then import."""

    capability = "goal.edit"
    template_name = "measures/survey_import.html"
    form_class = ImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        check = survey_import.check_file(upload.name, upload.read())
        if "import" in self.request.POST and check.ok:
            counts = goal_services.survey_results_import(rows=check.rows)
            messages.success(
                self.request,
                _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                % counts,
            )
            return redirect("measures:survey_compare")
        return self.render_to_response(self.get_context_data(form=form, check=check))


class SurveyTemplateView(CapabilityRequiredMixin, View):
    capability = "goal.edit"

    def get(self, request, fmt):
        if fmt not in {"csv", "xlsx"}:
            raise Http404
        name, mimetype, data = survey_import.template_file(fmt)
        response = HttpResponse(data, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class PartnerListView(CapabilityRequiredMixin, TemplateView):
    """The partners the work relies on, how to reach them, and their measures."""

    capability = "goal.read"
    template_name = "measures/partner_list.html"
    title = gettext_lazy("Partners")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partners"] = selectors.partners_listed(self.request.user)
        return context
