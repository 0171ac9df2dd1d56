"""Budget pages: overview, a nämnd's view, spending over the year, the trail, years."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from core.charts import Series, grouped_bar_chart, line_chart
from councils.audit import record_export
from councils.permissions import CapabilityRequiredMixin

from . import selectors, services
from .charts import figures_chart
from .export import render_xlsx
from .forms import (
    ActivityMeasuresForm,
    AllocationForm,
    AllocationUpdateForm,
    CorrectionForm,
    ExpenditureForm,
    ForecastForm,
    PlanFundingForm,
)


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class PackageMixin(CapabilityRequiredMixin):
    capability = "budget.read"

    def get_package(self):
        if not hasattr(self, "_package"):
            self._package = get_object_or_404(selectors.packages_plain(), pk=self.kwargs["pk"])
        return self._package

    def get_context_data(self, **kwargs):
        return super().get_context_data(package=self.get_package(), **kwargs)


class PackageListView(CapabilityRequiredMixin, TemplateView):
    """Every package, and a comparison of the years."""

    capability = "budget.read"
    template_name = "budget/package_list.html"

    def get_context_data(self, **kwargs):
        packages = list(selectors.packages())
        chronological = sorted(packages, key=lambda p: (p.year, p.name))
        chart = grouped_bar_chart(
            [f"{p.year}{' (demo)' if p.is_demo else ''}" for p in chronological],
            [
                Series(_("Total"), [p.total for p in chronological]),
                Series(_("Allocated"), [p.allocated for p in chronological]),
                Series(_("Spent"), [p.spent for p in chronological]),
            ],
            title=_("Trygghetspaket per year"),
            unit="kr",
            label_width=120,
        )
        total = sum(p.total for p in packages)
        return super().get_context_data(
            packages=packages, chart=chart if packages else None, grand_total=total, **kwargs
        )


class PackageDetailView(PackageMixin, TemplateView):
    """The package overview: per nämnd and per theme, allocated vs spent vs forecast."""

    template_name = "budget/package_detail.html"

    def get_context_data(self, **kwargs):
        package = self.get_package()
        by_committee = selectors.summary(package, by="committee")
        by_theme = selectors.summary(package, by="theme")
        return super().get_context_data(
            totals=selectors.totals(package),
            by_committee=by_committee,
            by_theme=by_theme,
            committee_chart=figures_chart(by_committee, title=_("Per committee")),
            theme_chart=figures_chart(by_theme, title=_("Per theme")),
            overspent=[a for a in selectors.allocations(package) if a.overspent],
            **kwargs,
        )


class CommitteeDetailView(PackageMixin, TemplateView):
    """One nämnd's allocations, activities, spending and forecast in a package."""

    template_name = "budget/committee_detail.html"

    def get_context_data(self, **kwargs):
        package = self.get_package()
        committee = get_object_or_404(
            selectors.committees_of(package),
            pk=self.kwargs["committee_pk"],
        )
        rows = [r for r in selectors.summary(package, by="committee") if r.key == committee.pk]
        return super().get_context_data(
            committee=committee,
            figures=rows[0],
            allocations=selectors.allocations(package, committee=committee),
            entries=selectors.expenditures(package, committee=committee)[:50],
            **kwargs,
        )


class SpendingView(PackageMixin, ListView):
    """Spending over the year: monthly and cumulative, and every entry (paginated)."""

    template_name = "budget/spending.html"
    paginate_by = 50
    context_object_name = "entries"

    def get_queryset(self):
        return selectors.expenditures(self.get_package())

    def get_context_data(self, **kwargs):
        package = self.get_package()
        months = selectors.monthly_spending(package)
        labels = [date_format(m, "M") for m, _v, _c in months]
        allocated = selectors.totals(package).allocated
        # Millions on the axis: full kronor do not fit the chart's label margin.
        million = Decimal(1_000_000)
        chart = line_chart(
            labels,
            [
                Series(
                    _("Spent, cumulative"),
                    [c / million if c is not None else None for _m, _v, c in months],
                ),
                Series(
                    _("Spent in the month"),
                    [v / million if v is not None else None for _m, v, _c in months],
                ),
                Series(_("Allocated"), [allocated / million] * 12, dashed=True, color="#6c757d"),
            ],
            title=_("Spending %(year)s, million kronor") % {"year": package.year},
            decimals=1,
        )
        return super().get_context_data(months=months, chart=chart, **kwargs)


class TrailView(PackageMixin, TemplateView):
    """The trail: kronor → activities → measures → their evaluated effect."""

    template_name = "budget/trail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(allocations=selectors.trail(self.get_package()), **kwargs)


class ExportView(PackageMixin, View):
    """The package as an XLSX file."""

    def get(self, request, *args, **kwargs):
        package = self.get_package()
        filename, mimetype, content = render_xlsx(package)
        record_export(
            user=request.user,
            what="budget",
            fmt="xlsx",
            filters={"package": package.pk},
            rows=selectors.allocation_count(package),
        )
        response = HttpResponse(content, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class _EditView(PackageMixin, FormView):
    """A coordinator's form on a package; service errors land on the form, input is kept."""

    capability = "budget.edit"
    template_name = "budget/form.html"
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "package": self.get_package()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.get_package().get_absolute_url()


class AllocationCreateView(_EditView):
    form_class = AllocationForm

    @property
    def title(self):
        return _("New allocation")

    @property
    def success_message(self):
        return _("The allocation was saved.")

    def perform(self, data):
        services.allocation_create(
            theme=data["theme"],
            committee=data["committee"],
            amount=data["amount"],
            label=data["label"],
            activities=[line.strip() for line in data["activities"].splitlines() if line.strip()],
        )


class AllocationUpdateView(_EditView):
    """Change an allocation; refused with a clear message if someone saved it meanwhile."""

    form_class = AllocationUpdateForm

    def get_allocation(self):
        if not hasattr(self, "_allocation"):
            self._allocation = get_object_or_404(
                selectors.allocations_with_names(),
                pk=self.kwargs["allocation_pk"],
                theme__package=self.get_package(),
            )
        return self._allocation

    def get_initial(self):
        allocation = self.get_allocation()
        return {
            "amount": allocation.amount,
            "label": allocation.label,
            "version": allocation.version,
        }

    @property
    def title(self):
        return _("Change allocation: %(allocation)s") % {"allocation": self.get_allocation()}

    @property
    def success_message(self):
        return _("The allocation was saved.")

    def perform(self, data):
        services.allocation_update(
            allocation=self.get_allocation(),
            amount=data["amount"],
            label=data["label"],
            version=data.get("version"),
            user=self.request.user,
        )


class ExpenditureCreateView(_EditView):
    form_class = ExpenditureForm

    @property
    def title(self):
        return _("Register spending")

    @property
    def success_message(self):
        return _("The spending was registered.")

    def perform(self, data):
        services.expenditure_record(user=self.request.user, **data)

    def get_success_url(self):
        return self.get_package().get_absolute_url("budget:spending")


class ForecastCreateView(_EditView):
    form_class = ForecastForm

    @property
    def title(self):
        return _("New forecast")

    @property
    def success_message(self):
        return _("The forecast was saved.")

    def perform(self, data):
        services.forecast_record(user=self.request.user, **data)


class ExpenditureCorrectView(CapabilityRequiredMixin, FormView):
    """Correct a spending entry with a new entry that references it."""

    capability = "budget.edit"
    template_name = "budget/form.html"
    form_class = CorrectionForm

    def get_entry(self):
        if not hasattr(self, "_entry"):
            self._entry = get_object_or_404(
                selectors.expenditures_with_package(),
                pk=self.kwargs["pk"],
                corrects__isnull=True,
            )
        return self._entry

    def get_context_data(self, **kwargs):
        entry = self.get_entry()
        return super().get_context_data(
            title=_("Correct spending"),
            entry=entry,
            package=entry.allocation.theme.package,
            **kwargs,
        )

    def form_valid(self, form):
        entry = self.get_entry()
        try:
            services.expenditure_correct(
                original=entry, user=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The correction was registered; the entry is kept."))
        return redirect(entry.allocation.theme.package.get_absolute_url("budget:spending"))


class ActivityMeasuresView(_EditView):
    """Link an activity to the measures that carry it out (the trail to effect)."""

    form_class = ActivityMeasuresForm

    def get_activity(self):
        if not hasattr(self, "_activity"):
            self._activity = get_object_or_404(
                selectors.activities_with_committee(),
                pk=self.kwargs["activity_pk"],
                allocation__theme__package=self.get_package(),
            )
        return self._activity

    def get_initial(self):
        return {"measures": selectors.activity_measures(self.get_activity())}

    @property
    def title(self):
        return _("Measures for: %(activity)s") % {"activity": self.get_activity()}

    @property
    def success_message(self):
        return _("The activity's measures were saved.")

    def perform(self, data):
        services.activity_link_measures(activity=self.get_activity(), measures=data["measures"])

    def get_success_url(self):
        return reverse("budget:trail", kwargs={"pk": self.get_package().pk})


class PlanFundingView(CapabilityRequiredMixin, FormView):
    """The kronor behind an action of an åtgärdsplan: add a line, remove one."""

    capability = "budget.edit"
    template_name = "budget/plan_funding.html"
    form_class = PlanFundingForm

    def dispatch(self, request, *args, **kwargs):
        self.entry = selectors.plan_entry(kwargs["entry_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            entry=self.entry,
            fundings=selectors.plan_fundings(self.entry.pk),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        remove = request.POST.get("remove", "")
        if remove:
            if not remove.isdigit():
                return HttpResponse(status=400)
            services.plan_funding_remove(funding=selectors.plan_funding(int(remove), self.entry.pk))
            messages.success(request, _("The funding line was removed."))
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.plan_funding_add(entry=self.entry, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The funding was added."))
        return redirect(self.request.path)
