"""Pages of the weekly and annual lägesbild, the hot spots and the problembilder."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from councils.permissions import Role, RoleRequiredMixin, has_role

from . import analysis
from .analysis import Week
from .models import Incident
from .picture_forms import HotspotFilterForm

# Everything, incident points included: coordinators and police.
FULL = (Role.SAMORDNARE, Role.POLIS)
# The aggregate lägesbild: everyone with a role (DESIGN.md: reporters and members see
# aggregates only, never places or incident text).
READERS = (Role.SAMORDNARE, Role.POLIS, Role.RAPPORTOR, Role.LEDAMOT)


def sees_full(user) -> bool:
    return has_role(user, *FULL)


def map_settings() -> dict:
    return {"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


class WeeklyLatestView(RoleRequiredMixin, View):
    """/lagesbild/vecka/ (or ?vecka=2023-W07 from the week picker): go to that week."""

    required_roles = READERS

    def get(self, request):
        try:
            week = Week.parse(request.GET["vecka"])
        except (KeyError, ValueError):
            week = Week.last()
        return redirect("lagesbild:weekly", week=week)


class WeekMixin:
    """The week of the URL; weeks after the current one do not exist yet."""

    def dispatch(self, request, *args, **kwargs):
        self.week = kwargs["week"]
        if self.week > Week.of(timezone.localdate()):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def week_context(self) -> dict:
        following = self.week.shift(1)
        return {
            "week": self.week,
            "previous_week": self.week.shift(-1),
            "next_week": following if following <= Week.last() else None,
        }


class WeeklyPictureView(RoleRequiredMixin, WeekMixin, TemplateView):
    """The weekly lägesbild: full for coordinators and police, aggregates for the others."""

    required_roles = READERS

    def get_template_names(self):
        if sees_full(self.request.user):
            return ["lagesbild/weekly.html"]
        return ["lagesbild/weekly_aggregate.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs) | self.week_context()
        figures = analysis.weekly_figures(self.week)
        if sees_full(self.request.user):
            context.update(
                figures=figures,
                charts=analysis.weekly_charts(figures),
                map=map_settings(),
                map_url=reverse("lagesbild:weekly_map_data", kwargs={"week": self.week}),
                trend_settings=figures["trend_method"],
            )
        else:
            context.update(figures=analysis.aggregate_view(figures))
        return context


class WeeklyAggregateView(RoleRequiredMixin, WeekMixin, TemplateView):
    """What council members and reporters see of a week (coordinators can check it)."""

    required_roles = READERS
    template_name = "lagesbild/weekly_aggregate.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs) | self.week_context()
        context["figures"] = analysis.aggregate_view(analysis.weekly_figures(self.week))
        return context


def _incident_features(queryset) -> dict:
    """The incidents with a point as GeoJSON (category, date; never the free text)."""
    rows = queryset.filter(latitude__isnull=False).values_list(
        "latitude",
        "longitude",
        "count",
        "occurred_on",
        "category__name",
        "category__parent__name",
        "area__name",
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": {
                "count": count,
                "date": day.isoformat(),
                "category": f"{main} – {name}" if main else name,
                "area": area,
            },
        }
        for lat, lon, count, day, name, main, area in rows
    ]
    return {"type": "FeatureCollection", "features": features}


class WeeklyMapDataView(RoleRequiredMixin, WeekMixin, View):
    """GeoJSON of the week's incidents and its Gi* cells, for the Leaflet map."""

    required_roles = FULL

    def get(self, request, week):
        incidents = Incident.objects.in_week(week.iso_year, week.iso_week)
        _table, result = analysis.hotspot_figures(incidents)
        return JsonResponse(
            {
                "incidents": _incident_features(incidents),
                "hotspots": result.to_geojson(significant_only=True),
            }
        )


class HotspotView(RoleRequiredMixin, TemplateView):
    """Gi* hot spots for any period, category and area: map, table and method."""

    required_roles = FULL
    template_name = "lagesbild/hotspots.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = HotspotFilterForm(self.request.GET or None)
        if not self.request.GET:
            form = HotspotFilterForm({})
        if form.is_valid():
            incidents = form.incidents(Incident.objects.all())
            table, _result = analysis.hotspot_figures(incidents, rows=100)
            context.update(
                hotspots=table,
                map=map_settings(),
                map_url=reverse("lagesbild:hotspot_map_data") + "?" + self.request.GET.urlencode(),
                period=(form.cleaned_data["start"], form.cleaned_data["end"]),
            )
        context["form"] = form
        return context


class HotspotMapDataView(RoleRequiredMixin, View):
    """GeoJSON of the Gi* cells of a filter (the map of the hot-spot page)."""

    required_roles = FULL

    def get(self, request):
        form = HotspotFilterForm(request.GET or {})
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        _table, result = analysis.hotspot_figures(form.incidents(Incident.objects.all()))
        return JsonResponse(
            {
                "incidents": {"type": "FeatureCollection", "features": []},
                "hotspots": result.to_geojson(significant_only=True),
            }
        )


class AnnualLatestView(RoleRequiredMixin, View):
    """/lagesbild/ar/: the current year's picture."""

    required_roles = READERS

    def get(self, request):
        return redirect("lagesbild:annual", year=timezone.localdate().year)


class AnnualPictureView(RoleRequiredMixin, TemplateView):
    """The övergripande gemensam lägesbild of a year: figures, trends, problembilder."""

    required_roles = READERS
    template_name = "lagesbild/annual.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.kwargs["year"]
        if not 2000 <= year <= timezone.localdate().year:
            raise Http404
        figures = analysis.annual_figures(year)
        full = sees_full(self.request.user)
        if not full:
            figures = analysis.annual_aggregate_view(figures)
        charts = analysis.annual_charts(figures)
        context.update(
            year=year,
            next_year=year + 1 if year < timezone.localdate().year else None,
            figures=figures,
            full=full,
            tables=[
                {
                    "caption": _("Incidents per main category and year"),
                    "first": _("Main category"),
                    "rows": figures["categories"],
                    "chart": charts["categories"],
                },
                {
                    "caption": _("Incidents per area and year"),
                    "first": _("Area"),
                    "rows": figures["areas"],
                    "chart": charts["areas"],
                },
            ],
        )
        return context
