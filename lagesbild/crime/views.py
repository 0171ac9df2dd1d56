"""Pages of the official statistics: what is loaded, and the import of a file."""

from django.conf import settings
from django.contrib import messages
from django.contrib.postgres.aggregates import BoolOr
from django.db.models import Count, Max, Min
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from councils.permissions import CapabilityRequiredMixin, can

from ..models import CrimeCategory, CrimeCode, NtuResult, RegionPopulation, ReportedCrime
from . import imports
from .forms import StatisticsImportForm


class StatisticsView(CapabilityRequiredMixin, TemplateView):
    """The datasets of reported crime, populations and NTU: what is loaded, per region."""

    capability = "picture.read"
    template_name = "lagesbild/crime_statistics.html"

    def get_context_data(self, **kwargs):
        crimes = (
            ReportedCrime.objects.values("source", "region__name", "region__code")
            .annotate(
                first=Min("year"),
                last=Max("year"),
                rows=Count("pk"),
                demo=BoolOr("is_demo"),
            )
            .order_by("source", "region__kind", "region__code")
        )
        sources = dict(ReportedCrime.Source.choices)
        for row in crimes:
            row["source_label"] = sources[row["source"]]
        populations = (
            RegionPopulation.objects.values("region__name", "region__code")
            .annotate(first=Min("year"), last=Max("year"), rows=Count("pk"), demo=BoolOr("is_demo"))
            .order_by("region__kind", "region__code")
        )
        ntu = (
            NtuResult.objects.values("region__name", "region__code")
            .annotate(first=Min("year"), last=Max("year"), rows=Count("pk"), demo=BoolOr("is_demo"))
            .order_by("region__kind", "region__code")
        )
        categories = CrimeCategory.objects.annotate(codes=Count("crime_codes"))
        return super().get_context_data(**kwargs) | {
            "crimes": list(crimes),
            "populations": list(populations),
            "ntu": list(ntu),
            "categories": categories,
            "code_count": CrimeCode.objects.count(),
            "can_import": can(self.request.user, "picture.edit"),
        }


class StatisticsImportView(CapabilityRequiredMixin, FormView):
    """Upload a statistics file, check it (every bad row listed), then import it."""

    capability = "picture.edit"
    template_name = "lagesbild/crime_statistics_import.html"
    form_class = StatisticsImportForm
    extra_context = {"max_rows": settings.IMPORT_MAX_ROWS, "formats": imports.FORMATS}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        check = imports.check_file(kind, upload.name, upload.read())
        if "import" in self.request.POST and check.ok:
            result = imports.write(check)
            messages.success(
                self.request,
                _(
                    "Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged "
                    "figures."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("lagesbild:crime_statistics")
        return self.render_to_response(self.get_context_data(form=form, check=check))
