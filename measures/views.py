"""Pages of measures: the board, a measure and its follow-ups and effect, plans, promises."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView
from django_filters.views import FilterView

from councils.permissions import CapabilityRequiredMixin, can
from lagesbild.figures.disclosure import reads_exact

from . import effect, selectors, services
from .forms import (
    ActionPlanEntryDetailForm,
    ActionPlanForm,
    CitizenPromiseForm,
    EntryFormSet,
    FollowUpForm,
    MeasureFilter,
    MeasureForm,
    MeasureOriginForm,
    PromiseReportForm,
)
from .models import Measure

# How long a measure started from the lägesbild runs by default (its end can be changed).
MEASURE_WEEKS = 8


class MeasureBoardView(CapabilityRequiredMixin, FilterView):
    """The coordinator's overview: every measure by status, owner and problem, filterable."""

    capability = "measure.read"
    filterset_class = MeasureFilter
    template_name = "measures/board.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.measures_for_board(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            counts=selectors.status_counts(selectors.measures_visible(self.request.user)),
            can_create=can(self.request.user, "measure.edit_own"),
        )
        return context


class MeasureObjectMixin:
    """Load the measure the user may see (404), and for edits one they may edit (403)."""

    edit = False

    def get_measure(self) -> Measure:
        if not hasattr(self, "_measure"):
            user = self.request.user
            measure = get_object_or_404(selectors.measures_visible(user), pk=self.kwargs["pk"])
            if self.edit and not selectors.measure_editable(user, measure):
                raise PermissionDenied
            self._measure = measure
        return self._measure


class MeasureDetailView(CapabilityRequiredMixin, MeasureObjectMixin, TemplateView):
    """One measure: what, where, who, period, status, follow-ups and its history."""

    capability = "measure.read"
    template_name = "measures/measure_detail.html"

    def get_context_data(self, **kwargs):
        measure = self.get_measure()
        return super().get_context_data(
            measure=measure,
            can_edit=selectors.measure_editable(self.request.user, measure),
            **selectors.measure_detail(measure),
            **kwargs,
        )


class MeasureFormMixin(CapabilityRequiredMixin):
    capability = "measure.edit_own"
    form_class = MeasureForm
    template_name = "measures/measure_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def split(self, form) -> tuple[dict, dict]:
        data = dict(form.cleaned_data)
        data.pop("version", None)
        m2m = {name: data.pop(name) for name in services.MEASURE_M2M}
        return data, m2m


class MeasureCreateView(MeasureFormMixin, FormView):
    """A new measure; from a hot spot or trend the area, category and problem come filled in."""

    extra_context = {"heading": _("New measure")}

    def prefill(self) -> dict:
        """Area, category and origin from the query string (the lägesbild links here)."""
        get = self.request.GET
        initial = {"start_date": timezone.localdate()}
        found = selectors.measure_prefill(
            area=get.get("area", ""),
            category=get.get("category", ""),
            problem=get.get("problem", ""),
            place=get.get("place", ""),
        )
        area, category, problem = found["area"], found["category"], found["problem"]
        place = found["place"]
        if problem:
            # A problembild brings its own areas and categories unless the link names them.
            initial["problems"] = [problem]
            initial["areas"] = found["problem_areas"]
            initial["categories"] = found["problem_categories"]
        if area:
            initial["areas"] = [area]
        if category:
            initial["categories"] = [category]
        if area or category:
            where = place or area
            initial["title"] = " – ".join(str(x.name) for x in (category, where) if x)
        if place:
            initial["description"] = _("Place: %(place)s (%(area)s).") % {
                "place": place.name,
                "area": place.area.name,
            }
        origin = MeasureOriginForm.from_query(get).origin_fields()
        initial.update(origin)
        if origin.get("origin_end"):
            # The measure starts after the week or period it answers (so the effect
            # evaluation has the hot spot in its "before"), not before today, and runs
            # eight weeks: long enough for the evaluation to see a change.
            start = max(origin["origin_end"] + dt.timedelta(days=1), timezone.localdate())
            initial["start_date"] = start
            initial["end_date"] = start + dt.timedelta(weeks=MEASURE_WEEKS, days=-1)
        return initial

    def get_initial(self):
        initial = self.prefill()
        if not can(self.request.user, "measure.edit_all"):
            initial["owner"] = self.request.user.organisation_id
        return initial

    def get_context_data(self, **kwargs):
        initial = self.get_initial()
        if self.request.method == "POST":
            origin = MeasureOriginForm(self.request.POST).origin_fields()
        else:
            origin = {k: v for k, v in initial.items() if k.startswith("origin")}
        return super().get_context_data(
            origin=origin.get("origin", ""),
            origin_fields=origin,
            prefilled=bool(
                initial.get("areas") or initial.get("categories") or initial.get("problems")
            ),
            **kwargs,
        )

    def form_valid(self, form):
        data, m2m = self.split(form)
        data.update(MeasureOriginForm(self.request.POST).origin_fields())
        try:
            measure = services.measure_create(user=self.request.user, m2m=m2m, **data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The measure was created."))
        return redirect("measures:measure_detail", pk=measure.pk)


class MeasureUpdateView(MeasureObjectMixin, MeasureFormMixin, FormView):
    """Change a measure; refused if someone else saved it meanwhile (optimistic lock)."""

    edit = True
    extra_context = {"heading": _("Edit measure")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_measure()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(measure=self.get_measure(), **kwargs)

    def form_valid(self, form):
        measure = self.get_measure()
        data, m2m = self.split(form)
        version = form.cleaned_data.get("version")
        try:
            services.measure_update(
                measure=selectors.measure_fresh(measure),
                user=self.request.user,
                version=version,
                m2m=m2m,
                **data,
            )
        except services.EditConflict as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The measure was saved."))
        return redirect("measures:measure_detail", pk=measure.pk)


class FollowUpCreateView(CapabilityRequiredMixin, MeasureObjectMixin, FormView):
    """Add a follow-up (uppföljning) to a measure the user's organisation owns."""

    capability = "measure.edit_own"
    edit = True
    form_class = FollowUpForm
    template_name = "measures/follow_up_form.html"

    def get_initial(self):
        measure = self.get_measure()
        today = timezone.localdate()
        next_due = measure.next_follow_up_default(today)
        return {"date": today, "progress": measure.progress, "next_due": next_due}

    def get_context_data(self, **kwargs):
        return super().get_context_data(measure=self.get_measure(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.follow_up_add(
                measure=self.get_measure(),
                user=self.request.user,
                date=data["date"],
                done=data["done"],
                result=data["result"],
                next_step=data["next_step"],
                next_due=data.get("next_due"),
                progress=data.get("progress"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The follow-up was saved."))
        return redirect("measures:measure_detail", pk=self.get_measure().pk)


class MeasureEffectView(CapabilityRequiredMixin, MeasureObjectMixin, TemplateView):
    """The effect evaluation: weekly incidents before, during, after, against a comparison."""

    capability = "measure.read"
    template_name = "measures/effect.html"

    def get_context_data(self, **kwargs):
        measure = self.get_measure()
        exact = reads_exact(self.request.user)
        # Only a reader of exact figures aims the comparison at another area: for the
        # others it would read any area's weekly counts of the measure's categories.
        found = selectors.effect_areas(
            measure, self.request.GET.get("jamforelse", "") if exact else ""
        )
        return super().get_context_data(
            measure=measure,
            evaluation=effect.evaluate(measure, comparison=found["chosen"], exact=exact),
            areas=found["areas"] if exact else None,
            exact=exact,
            **kwargs,
        )


# ---------------------------------------------------------------------------
# Action plans
# ---------------------------------------------------------------------------


class ActionPlanListView(CapabilityRequiredMixin, ListView):
    """Every åtgärdsplan, newest first."""

    capability = "plan.read"
    template_name = "measures/plan_list.html"
    paginate_by = 20

    def get_queryset(self):
        return selectors.action_plans()


class ActionPlanDetailView(CapabilityRequiredMixin, DetailView):
    """A plan: actions grouped by prioritised problem, each with who answers for it."""

    capability = "plan.read"
    template_name = "measures/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        return selectors.action_plan(self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=selectors.action_plan_groups(self.object),
            by_focus_area=selectors.action_plan_by_focus_area(self.object),
            can_edit=can(self.request.user, "plan.edit"),
            **kwargs,
        )


class ActionPlanEntryFormView(CapabilityRequiredMixin, FormView):
    """Describe one action of a plan: goal, effects, activities, timetable, resources,
    indicator and follow-up (Brå's åtgärdsplan)."""

    capability = "plan.edit"
    template_name = "measures/plan_entry_form.html"
    form_class = ActionPlanEntryDetailForm

    def dispatch(self, request, *args, **kwargs):
        self.entry = selectors.action_plan_entry(kwargs["pk"], kwargs["entry_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.entry}

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, plan=self.entry.plan, **kwargs)

    def form_valid(self, form):
        try:
            services.action_plan_entry_describe(
                entry=self.entry,
                **{name: form.cleaned_data[name] for name in services.ENTRY_DESCRIPTION_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The action was saved."))
        return redirect(
            f"{resolve_url('measures:plan_detail', pk=self.entry.plan_id)}#action-{self.entry.pk}"
        )


class ActionPlanFormView(CapabilityRequiredMixin, TemplateView):
    """Create or change a plan and its actions in one form."""

    capability = "plan.edit"
    template_name = "measures/plan_form.html"

    def get_plan(self):
        return selectors.action_plan(self.kwargs.get("pk"))

    def get(self, request, *args, **kwargs):
        plan = self.get_plan()
        return self.render_to_response(
            self.get_context_data(
                form=ActionPlanForm(instance=plan), formset=EntryFormSet(instance=plan), plan=plan
            )
        )

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        form = ActionPlanForm(request.POST, instance=plan)
        formset = EntryFormSet(request.POST, instance=plan)
        if form.is_valid() and formset.is_valid():
            entries = [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data
                and not f.cleaned_data.get("DELETE")
                and f.cleaned_data.get("measure")
            ]
            try:
                with transaction.atomic():
                    plan = services.action_plan_save(plan=form.instance, entries=entries)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The action plan was saved."))
                return redirect("measures:plan_detail", pk=plan.pk)
        return self.render_to_response(self.get_context_data(form=form, formset=formset, plan=plan))


# ---------------------------------------------------------------------------
# Citizen promises
# ---------------------------------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
class PromisePublicView(TemplateView):
    """Public: current and past medborgarlöften and their status (no incident data)."""

    template_name = "measures/promises_public.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            today=timezone.localdate(),
            # The project's login page, from settings: measures cannot name trygghet's URL.
            login_url=resolve_url(settings.LOGIN_URL),
            **selectors.promises_public(),
            **kwargs,
        )


class PromiseManageView(CapabilityRequiredMixin, ListView):
    """Coordinators' list of every promise, published or not."""

    capability = "promise.manage"
    template_name = "measures/promise_manage.html"

    def get_queryset(self):
        return selectors.promises_all()


class PromiseFormView(CapabilityRequiredMixin, FormView):
    """Create or change a citizen promise."""

    capability = "promise.manage"
    form_class = CitizenPromiseForm
    template_name = "measures/form.html"

    def get_promise(self):
        pk = self.kwargs.get("pk")
        return selectors.promise(pk) if pk else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_promise()}

    def get_context_data(self, **kwargs):
        heading = _("Edit citizen promise") if self.get_promise() else _("New citizen promise")
        return super().get_context_data(heading=heading, **kwargs)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The citizen promise was saved."))
        return redirect("measures:promise_manage")


class PromiseReportCreateView(CapabilityRequiredMixin, CreateView):
    """Add a follow-up report (återrapportering) to a promise."""

    capability = "promise.manage"
    form_class = PromiseReportForm
    template_name = "measures/form.html"

    def get_promise(self):
        return selectors.promise(self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Report on “%(title)s”") % {"title": self.get_promise().title}, **kwargs
        )

    def form_valid(self, form):
        try:
            services.promise_report_add(promise=self.get_promise(), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The report was saved."))
        return redirect("measures:promise_manage")
