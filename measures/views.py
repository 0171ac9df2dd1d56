"""Pages of measures: the board, a measure and its follow-ups and effect, plans, promises."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView
from django_filters.views import FilterView

from councils.permissions import Role, RoleRequiredMixin, has_role
from lagesbild.models import Area, Category, Problem

from . import effect, selectors, services
from .forms import (
    ActionPlanForm,
    CitizenPromiseForm,
    EntryFormSet,
    FollowUpForm,
    MeasureFilter,
    MeasureForm,
    PromiseReportForm,
)
from .models import ActionPlan, CitizenPromise, Measure

READERS = (Role.SAMORDNARE, Role.POLIS, Role.RAPPORTOR, Role.LEDAMOT)
EDITORS = (Role.SAMORDNARE, Role.POLIS, Role.RAPPORTOR)
PLAN_READERS = (Role.SAMORDNARE, Role.POLIS, Role.LEDAMOT)
COORDINATORS = (Role.SAMORDNARE,)


class MeasureBoardView(RoleRequiredMixin, FilterView):
    """The coordinator's overview: every measure by status, owner and problem, filterable."""

    required_roles = READERS
    filterset_class = MeasureFilter
    template_name = "measures/board.html"
    paginate_by = 25

    def get_queryset(self):
        return selectors.measures_for_board(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = Measure.objects.visible_to(self.request.user)
        context.update(
            counts=selectors.status_counts(visible),
            can_create=has_role(self.request.user, *EDITORS),
        )
        return context


class MeasureObjectMixin:
    """Load the measure the user may see (404), and for edits one they may edit (403)."""

    edit = False

    def get_measure(self) -> Measure:
        if not hasattr(self, "_measure"):
            user = self.request.user
            measure = get_object_or_404(Measure.objects.visible_to(user), pk=self.kwargs["pk"])
            if self.edit and not Measure.objects.editable_by(user).filter(pk=measure.pk).exists():
                raise PermissionDenied
            self._measure = measure
        return self._measure


class MeasureDetailView(RoleRequiredMixin, MeasureObjectMixin, TemplateView):
    """One measure: what, where, who, period, status, follow-ups and its history."""

    required_roles = READERS
    template_name = "measures/measure_detail.html"

    def get_context_data(self, **kwargs):
        measure = self.get_measure()
        user = self.request.user
        return super().get_context_data(
            measure=measure,
            follow_ups=measure.follow_ups.select_related("organisation", "author"),
            can_edit=Measure.objects.editable_by(user).filter(pk=measure.pk).exists(),
            history=measure.history.select_related("history_user")[:10],
            plans=measure.plan_entries.select_related("plan", "responsible"),
            promises=measure.citizen_promises.all(),
            **kwargs,
        )


class MeasureFormMixin(RoleRequiredMixin):
    required_roles = EDITORS
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
        area = (
            Area.objects.filter(pk=get.get("area")).first()
            if get.get("area", "").isdigit()
            else None
        )
        category = (
            Category.objects.filter(pk=get.get("category")).first()
            if get.get("category", "").isdigit()
            else None
        )
        problem = (
            Problem.objects.filter(pk=get.get("problem")).first()
            if get.get("problem", "").isdigit()
            else None
        )
        if problem:
            # A problembild brings its own areas and categories unless the link names them.
            initial["problems"] = [problem]
            initial["areas"] = list(problem.areas.all())
            initial["categories"] = list(problem.categories.all())
        if area:
            initial["areas"] = [area]
        if category:
            initial["categories"] = [category]
        if area or category:
            initial["title"] = " – ".join(str(x.name) for x in (category, area) if x)
        if get.get("from") in Measure.Origin.values:
            initial["origin"] = get["from"]
        return initial

    def get_initial(self):
        initial = self.prefill()
        if not has_role(self.request.user, Role.SAMORDNARE):
            initial["owner"] = self.request.user.organisation_id
        return initial

    def get_context_data(self, **kwargs):
        initial = self.get_initial()
        return super().get_context_data(
            origin=initial.get("origin", ""),
            prefilled=bool(
                initial.get("areas") or initial.get("categories") or initial.get("problems")
            ),
            **kwargs,
        )

    def form_valid(self, form):
        data, m2m = self.split(form)
        origin = self.request.POST.get("origin", "")
        data["origin"] = origin if origin in Measure.Origin.values else ""
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
        version = form.cleaned_data.get("version") or measure.version
        try:
            services.measure_update(
                measure=Measure.objects.get(pk=measure.pk),
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


class FollowUpCreateView(RoleRequiredMixin, MeasureObjectMixin, FormView):
    """Add a follow-up (uppföljning) to a measure the user's organisation owns."""

    required_roles = EDITORS
    edit = True
    form_class = FollowUpForm
    template_name = "measures/follow_up_form.html"

    def get_initial(self):
        measure = self.get_measure()
        today = timezone.localdate()
        # An active measure is followed up again in four weeks unless the owner says otherwise.
        next_due = today + dt.timedelta(weeks=4) if measure.is_active else None
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


class MeasureEffectView(RoleRequiredMixin, MeasureObjectMixin, TemplateView):
    """The effect evaluation: weekly incidents before, during, after, against a comparison."""

    required_roles = READERS
    template_name = "measures/effect.html"

    def get_context_data(self, **kwargs):
        measure = self.get_measure()
        raw = self.request.GET.get("jamforelse", "")
        chosen = Area.objects.filter(pk=raw).first() if raw.isdigit() else None
        return super().get_context_data(
            measure=measure,
            evaluation=effect.evaluate(measure, comparison=chosen),
            areas=Area.objects.filter(is_active=True).exclude(pk__in=measure.areas.values("pk")),
            **kwargs,
        )


# ---------------------------------------------------------------------------
# Action plans
# ---------------------------------------------------------------------------


class ActionPlanListView(RoleRequiredMixin, ListView):
    """Every åtgärdsplan, newest first."""

    required_roles = PLAN_READERS
    template_name = "measures/plan_list.html"
    paginate_by = 20

    def get_queryset(self):
        return ActionPlan.objects.annotate(n_entries=Count("entries")).order_by("-valid_from")


class ActionPlanDetailView(RoleRequiredMixin, DetailView):
    """A plan: actions grouped by prioritised problem, each with who answers for it."""

    required_roles = PLAN_READERS
    model = ActionPlan
    template_name = "measures/plan_detail.html"
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=selectors.action_plan_groups(self.object),
            can_edit=has_role(self.request.user, Role.SAMORDNARE),
            **kwargs,
        )


class ActionPlanFormView(RoleRequiredMixin, TemplateView):
    """Create or change a plan and its actions in one form."""

    required_roles = COORDINATORS
    template_name = "measures/plan_form.html"

    def get_plan(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(ActionPlan, pk=pk) if pk else ActionPlan()

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


class PromiseManageView(RoleRequiredMixin, ListView):
    """Coordinators' list of every promise, published or not."""

    required_roles = COORDINATORS
    template_name = "measures/promise_manage.html"
    queryset = CitizenPromise.objects.prefetch_related("reports", "measures")


class PromiseFormView(RoleRequiredMixin, FormView):
    """Create or change a citizen promise."""

    required_roles = COORDINATORS
    form_class = CitizenPromiseForm
    template_name = "measures/form.html"

    def get_promise(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(CitizenPromise, pk=pk) if pk else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_promise()}

    def get_context_data(self, **kwargs):
        heading = _("Edit citizen promise") if self.get_promise() else _("New citizen promise")
        return super().get_context_data(heading=heading, **kwargs)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The citizen promise was saved."))
        return redirect("measures:promise_manage")


class PromiseReportCreateView(RoleRequiredMixin, CreateView):
    """Add a follow-up report (återrapportering) to a promise."""

    required_roles = COORDINATORS
    form_class = PromiseReportForm
    template_name = "measures/form.html"

    def get_promise(self):
        return get_object_or_404(CitizenPromise, pk=self.kwargs["pk"])

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
