"""Pages of the weekly and annual lägesbild, the hot spots and the problembilder."""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView

from core import charts
from core.formatting import long_date
from core.isoweek import FIRST_YEAR, Week
from core.locking import EditConflict
from core.versioned import figures_cached, fragment_key
from councils.permissions import CapabilityRequiredMixin, can

from .. import selectors
from ..crime.figures import reported_crime
from ..figures.annual import annual_charts, annual_figures_of_all
from ..figures.disclosure import (
    aggregate_view,
    annual_aggregate_view,
    problem_view,
    reads_exact,
)
from ..figures.emerging import annotate, annotate_geojson, emerging_figures, last_whole_week
from ..figures.hotspot_tables import hotspot_figures, study_cells
from ..figures.weekly import (
    figures_fingerprint,
    weekly_charts,
    weekly_figures_of_all,
)
from ..models import AnnualPicture, Problem
from ..templatetags.picture_tags import render_key
from . import services as picture_services
from . import statistics
from .forms import (
    AnnualPictureForm,
    HotspotFilterForm,
    ProblemForm,
    VictimConsequenceFormSet,
    WeeklyPictureForm,
)
from .statistics import StatisticsForm


def map_settings() -> dict:
    return {"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


class WeeklyLatestView(CapabilityRequiredMixin, View):
    """/lagesbild/vecka/ (or ?vecka=2023-W07 from the week picker): go to that week."""

    capability = "picture.read"

    def get(self, request):
        try:
            week = Week.parse(request.GET["vecka"])
        except (KeyError, ValueError):
            week = Week.last()
            # Members and reporters only see published weeks: open the latest one.
            if not reads_exact(request.user) and (
                picture := selectors.weekly_picture_latest_published()
            ):
                week = Week(picture.iso_year, picture.iso_week)
        return redirect("lagesbild:weekly", week=week)


class WeekMixin:
    """The week of the URL; weeks after the current one do not exist yet."""

    def dispatch(self, request, *args, **kwargs):
        self.week = kwargs["week"]
        if self.week > Week.of(timezone.localdate()) or self.week.iso_year < FIRST_YEAR:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def week_context(self) -> dict:
        following = self.week.shift(1)
        return {
            "week": self.week,
            "previous_week": self.week.shift(-1),
            "next_week": following if following <= Week.last() else None,
        }


def weekly_context(week: Week, user, *, live_requested: bool = False) -> dict:
    """The figures a role may see for a week: the snapshot when published, else live."""
    picture = selectors.weekly_picture_with_problems(week)
    published = picture is not None and picture.is_published
    full = reads_exact(user)
    context = {
        "picture": picture,
        "published": published,
        "full": full,
        "reporting_note": selectors.reporting_note(picture.reporting) if published else None,
    }
    if not full:
        # Members and reporters see a week once it is published, and only its snapshot.
        snapshot = picture.snapshot if published else None
        context["figures"] = aggregate_view(snapshot) if snapshot else None
        return context
    live = weekly_figures_of_all(week)
    if published:
        differs = figures_fingerprint(live) != figures_fingerprint(picture.snapshot)
        figures = live if live_requested else picture.snapshot
        context.update(live_differs=differs, showing_live=live_requested or not published)
    else:
        figures = live
        context.update(live_differs=False, showing_live=True)
    context.update(
        reporting=selectors.reporting_status(week),
        figures=figures,
        # Drawn only when the figures' cached rendering is missing (weekly.html).
        charts=SimpleLazyObject(lambda: weekly_charts(figures)),
        map=map_settings(),
        map_url=reverse("lagesbild:weekly_map_data", kwargs={"week": week}),
        snapshot_time=picture.snapshot.get("computed_at") if published else None,
    )
    if can(user, "picture.edit"):
        # Unbound, it only depends on the week and the lägesbild's data (picture, problems).
        context["form_cache_key"] = fragment_key(str(week), kinds=("lagesbild",))
        context["form_cache_seconds"] = settings.FIGURES_CACHE_SECONDS
        context["form"] = WeeklyPictureForm(
            week=week,
            initial={
                "assessment": picture.assessment if picture else "",
                "problems": list(picture.problems.all()) if picture else [],
                "version": picture.version if picture else 0,
            },
        )
    return context


class WeeklyPictureView(CapabilityRequiredMixin, WeekMixin, TemplateView):
    """The weekly lägesbild: full for coordinators and police, aggregates for the others."""

    capability = "picture.read"

    def get_template_names(self):
        if reads_exact(self.request.user):
            return ["lagesbild/weekly.html"]
        return ["lagesbild/weekly_aggregate.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs) | self.week_context()
        context.update(
            weekly_context(self.week, self.request.user, live_requested="live" in self.request.GET)
        )
        return context


class WeeklyAggregateView(CapabilityRequiredMixin, WeekMixin, TemplateView):
    """What council members and reporters see of a week (coordinators can check it)."""

    capability = "picture.read"
    template_name = "lagesbild/weekly_aggregate.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs) | self.week_context()
        picture = selectors.weekly_picture(self.week)
        published = picture is not None and picture.is_published
        context.update(
            picture=picture,
            published=published,
            figures=aggregate_view(picture.snapshot) if published else None,
            reporting_note=selectors.reporting_note(picture.reporting) if published else None,
        )
        return context


class WeeklyEditView(CapabilityRequiredMixin, WeekMixin, View):
    """Save the coordinator's assessment and prioritised problems of a week."""

    capability = "picture.edit"

    def get(self, request, week):
        return redirect(reverse("lagesbild:weekly", kwargs={"week": week}) + "#assessment")

    def post(self, request, week):
        form = WeeklyPictureForm(request.POST, week=week)
        if not form.is_valid():
            context = self.week_context() | weekly_context(week, request.user)
            context["form"] = form
            return render(request, "lagesbild/weekly.html", context, status=400)
        try:
            picture_services.weekly_picture_save(
                week=week,
                assessment=form.cleaned_data["assessment"],
                problems=form.cleaned_data["problems"],
                user=request.user,
                version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            # Nothing was saved; the assessment the user wrote stays in the form.
            form.add_error(None, error)
            context = self.week_context() | weekly_context(week, request.user)
            context["form"] = form
            return render(request, "lagesbild/weekly.html", context, status=409)
        messages.success(request, _("The assessment was saved."))
        if "publish" in request.POST:
            picture_services.weekly_picture_publish(week=week, user=request.user)
            messages.success(request, _("The situation picture was published."))
        return redirect("lagesbild:weekly", week=week)


class WeeklyPublishView(CapabilityRequiredMixin, WeekMixin, View):
    """Publish the week (or refresh the published figures)."""

    capability = "picture.edit"

    def post(self, request, week):
        picture_services.weekly_picture_publish(week=week, user=request.user)
        messages.success(request, _("The situation picture was published."))
        return redirect("lagesbild:weekly", week=week)


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


class WeeklyMapDataView(CapabilityRequiredMixin, WeekMixin, View):
    """GeoJSON of the week's incidents and its Gi* cells, for the Leaflet map."""

    capability = "hotspot.read"

    def get(self, request, week):
        return JsonResponse({**selectors.map_base(), **_weekly_map(week)})


@figures_cached("incidents", "lagesbild")
def _weekly_map(week: Week) -> dict:
    """The week's incidents with a point and its Gi* cells (with their emerging class)."""
    incidents = selectors.incidents_in_week(week)
    _table, result = hotspot_figures(incidents, end=week.sunday)
    cells = annotate_geojson(result.to_geojson(significant_only=True), emerging_figures(week))
    return {"incidents": _incident_features(incidents), "hotspots": cells}


def _hotspot_emerging(form, area=None) -> dict:
    """The emerging hot spots of the weeks up to a hot-spot filter's end, over the same
    selection (the stored weekly counts when it is every incident)."""
    data = form.cleaned_data
    selected = data.get("category") or data.get("area")
    week = last_whole_week(data["end"])
    return emerging_figures(
        week,
        queryset=form.incidents(selectors.incidents_all()) if selected else None,
        # The study area up to the filter's end is the emerging weeks' too when the
        # filter ends on a Sunday (as by default): read once, not twice.
        area=area if week.sunday == data["end"] else None,
    )


def _hotspot_results(form) -> dict:
    """What the hot-spot page and its map show for a valid filter, from one Gi* and one
    emerging computation: the table (hot spots with their emerging class), the emerging
    hot spots, and the map's significant cells as GeoJSON."""
    end = form.cleaned_data["end"]
    area = study_cells(end)
    table, result = hotspot_figures(
        form.incidents(selectors.incidents_all()),
        rows=100,
        whole_weeks=form.whole_weeks(),
        end=end,
        area=area,
    )
    emerging = _hotspot_emerging(form, area)
    annotate(table["hot_spots"], emerging)  # not the neighbourhood, not cold spots
    cells = annotate_geojson(result.to_geojson(significant_only=True), emerging)
    return {"table": table, "emerging": emerging, "cells": cells}


@figures_cached("incidents", "lagesbild")
def _hotspot_results_of_all(start: dt.date, end: dt.date) -> dict:
    """_hotspot_results() of every incident in a period (the page as most open it, and
    then its map), cached under the incidents' version."""
    return _hotspot_results(_valid_hotspot_form(start, end))


def hotspot_results(form) -> dict:
    """_hotspot_results() of a valid filter; of every incident, from the cache."""
    data = form.cleaned_data
    if data.get("category") or data.get("area"):
        return _hotspot_results(form)
    return _hotspot_results_of_all(data["start"], data["end"])


def _valid_hotspot_form(start: dt.date, end: dt.date) -> HotspotFilterForm:
    """The filter of every incident in a period the form accepted a moment ago."""
    form = HotspotFilterForm({"start": start, "end": end})
    if not form.is_valid():
        raise ValueError(form.errors)
    return form


class HotspotView(CapabilityRequiredMixin, TemplateView):
    """Gi* hot spots for any period, category and area: map, table and method."""

    capability = "hotspot.read"
    template_name = "lagesbild/hotspots.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The date fields show the period the page shows: the default one where none
        # is chosen (empty fields read as "no period", though the map has one).
        query = self.request.GET.copy()
        for name, default in zip(("start", "end"), HotspotFilterForm.default_period(), strict=True):
            if not query.get(name):
                query[name] = default.isoformat()
        form = HotspotFilterForm(query)
        if form.is_valid():
            data = form.cleaned_data
            results = hotspot_results(form)
            table, emerging = results["table"], results["emerging"]
            context["emerging"] = emerging
            context["render_key"] = render_key(
                {
                    "hotspots": table,
                    "emerging": emerging,
                    "filter": [
                        data["start"],
                        data["end"],
                        *(
                            (getattr(x, "pk", None), str(x or ""))
                            for x in (data.get("category"), data.get("area"))
                        ),
                    ],
                },
                self.request.user,
            )
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            selection = [
                str(x) for x in (form.cleaned_data["category"], form.cleaned_data["area"]) if x
            ]
            context.update(
                hotspots=table,
                hotspot_selection=_("Hot spots %(start)s – %(end)s")
                % {
                    "start": long_date(start),
                    "end": long_date(end),
                }
                + "".join(f", {name}" for name in selection),
                map=map_settings(),
                map_url=reverse("lagesbild:hotspot_map_data") + "?" + self.request.GET.urlencode(),
                period=(form.cleaned_data["start"], form.cleaned_data["end"]),
            )
        context["form"] = form
        context["filter_cache_key"] = fragment_key(
            self.request.GET.urlencode(), kinds=("lagesbild",)
        )
        context["filter_cache_seconds"] = settings.FIGURES_CACHE_SECONDS
        return context


class HotspotMapDataView(CapabilityRequiredMixin, View):
    """GeoJSON of the Gi* cells of a filter (the map of the hot-spot page)."""

    capability = "hotspot.read"

    def get(self, request):
        form = HotspotFilterForm(request.GET or {})
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        cells = hotspot_results(form)["cells"]
        return JsonResponse(
            {
                **selectors.map_base(),
                "incidents": {"type": "FeatureCollection", "features": []},
                "hotspots": cells,
            }
        )


class AnnualLatestView(CapabilityRequiredMixin, View):
    """/lagesbild/ar/: the current year's picture."""

    capability = "picture.read"

    def get(self, request):
        return redirect("lagesbild:annual", year=timezone.localdate().year)


class AnnualPictureView(CapabilityRequiredMixin, TemplateView):
    """The övergripande gemensam lägesbild of a year: figures, trends, problembilder."""

    capability = "picture.read"
    template_name = "lagesbild/annual.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.kwargs["year"]
        if not FIRST_YEAR <= year <= timezone.localdate().year:
            raise Http404
        picture = selectors.annual_picture(year)
        figures = annual_figures_of_all(year)
        full = reads_exact(self.request.user)
        if not full:
            figures = annual_aggregate_view(figures)
        charts = annual_charts(figures)
        problems = selectors.problems_of_year(year)
        for problem in problems:
            per_year = selectors.problem_counts_per_year(problem)
            problem.live_count = problem_view(per_year, exact=full)["total"]
        context.update(
            year=year,
            next_year=year + 1 if year < timezone.localdate().year else None,
            picture=picture,
            problems=problems,
            figures=figures,
            full=full,
            can_edit=can(self.request.user, "picture.edit"),
            # Published official aggregates (whole municipality and larger): exact for all.
            crime=reported_crime(year),
            victims=selectors.victim_consequences(picture),
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


class YearMixin:
    """The year of the URL, from 2000 to this year."""

    def dispatch(self, request, *args, **kwargs):
        self.year = kwargs["year"]
        if not FIRST_YEAR <= self.year <= timezone.localdate().year:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class AnnualPublishView(CapabilityRequiredMixin, YearMixin, View):
    """Publish the annual picture (or publish it again with today's figures)."""

    capability = "picture.edit"

    def post(self, request, year):
        picture = selectors.annual_picture(year)
        if picture is None:
            messages.error(request, _("Write the annual picture before publishing it."))
            return redirect("lagesbild:annual", year=year)
        picture_services.annual_picture_publish(picture=picture, user=request.user)
        messages.success(request, _("The annual situation picture was published."))
        return redirect("lagesbild:annual", year=year)


class AnnualEditView(CapabilityRequiredMixin, YearMixin, FormView):
    """Write the annual picture's analysis and inputs."""

    capability = "picture.edit"
    form_class = AnnualPictureForm
    template_name = "lagesbild/annual_form.html"

    def get_initial(self):
        picture = selectors.annual_picture(self.year)
        if not picture:
            return {
                "title": _("Overall joint situation picture %(year)s") % {"year": self.year},
                "version": 0,
            }
        return {name: getattr(picture, name) for name in AnnualPictureForm.base_fields}

    def get_victims(self):
        picture = selectors.annual_picture(self.year) or AnnualPicture(year=self.year)
        data = self.request.POST if self.request.method == "POST" else None
        return VictimConsequenceFormSet(data, instance=picture, prefix="victims")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("victims", self.get_victims())
        return super().get_context_data(**kwargs) | {"year": self.year}

    def form_invalid(self, form, victims=None):
        return self.render_to_response(
            self.get_context_data(form=form, victims=victims or self.get_victims())
        )

    def form_valid(self, form):
        victims = self.get_victims()
        # A post without the rows' management form (an older page, a script) leaves the
        # rows as they are.
        posted_rows = "victims-TOTAL_FORMS" in self.request.POST
        if posted_rows and not victims.is_valid():
            return self.form_invalid(form, victims)
        try:
            with transaction.atomic():
                picture = picture_services.annual_picture_save(
                    year=self.year, user=self.request.user, **form.cleaned_data
                )
                if posted_rows:
                    picture_services.victim_consequences_save(
                        picture=picture,
                        changed=[
                            f.save(commit=False)
                            for f in victims.forms
                            if f.has_changed() and f not in victims.deleted_forms
                        ],
                        deleted=[f.instance for f in victims.deleted_forms if f.instance.pk],
                    )
        except EditConflict as error:
            form.add_error(None, error)
            return self.form_invalid(form, victims)
        messages.success(self.request, _("The annual situation picture was saved."))
        return redirect("lagesbild:annual", year=self.year)


class ProblemCreateView(CapabilityRequiredMixin, YearMixin, CreateView):
    """Add a problembild to a year (last in the ranking)."""

    capability = "picture.edit"
    form_class = ProblemForm
    template_name = "lagesbild/problem_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"year": self.year}

    def get_initial(self):
        return {"period_start": dt.date(self.year, 1, 1), "period_end": dt.date(self.year, 12, 31)}

    def form_valid(self, form):
        picture = selectors.annual_picture(self.year)
        if picture is None:
            picture = picture_services.annual_picture_ensure(
                year=self.year,
                user=self.request.user,
                title=_("Overall joint situation picture %(year)s") % {"year": self.year},
            )
        data = dict(form.cleaned_data)
        data.pop("version", None)
        problem = picture_services.problem_create(
            annual_picture=picture,
            user=self.request.user,
            areas=data.pop("areas"),
            categories=data.pop("categories"),
            focus_areas=data.pop("focus_areas"),
            **data,
        )
        messages.success(self.request, _("The problem profile was added."))
        return redirect("lagesbild:problem_detail", pk=problem.pk)


class ProblemUpdateView(CapabilityRequiredMixin, UpdateView):
    """Edit a problembild's description, data filter and orsaksanalys."""

    capability = "picture.edit"
    model = Problem
    form_class = ProblemForm
    template_name = "lagesbild/problem_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"year": self.object.annual_picture.year}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            picture_services.problem_update(
                problem=self.object,
                user=self.request.user,
                areas=data.pop("areas"),
                categories=data.pop("categories"),
                focus_areas=data.pop("focus_areas"),
                **data,
            )
        except EditConflict as error:
            # The user's input stays in the form; nothing was saved.
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The problem profile was saved."))
        return redirect("lagesbild:problem_detail", pk=self.object.pk)


class ProblemDetailView(CapabilityRequiredMixin, DetailView):
    """A problembild: description, the data behind it (live count) and the orsaksanalys."""

    capability = "picture.read"
    model = Problem
    template_name = "lagesbild/problem_detail.html"
    context_object_name = "problem"

    def get_queryset(self):
        return selectors.problems_with_filters()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        problem = self.object
        full = reads_exact(self.request.user)
        counts = problem_view(selectors.problem_counts_per_year(problem), exact=full)
        # The chart draws the years the reader may see; the hidden ones are in its table.
        rows = [(y, n) for y, n in counts["per_year"] if isinstance(n, int)]
        context.update(
            full=full,
            live_count=counts["total"],
            per_year=counts["per_year"],
            chart=charts.column_chart(rows, title=_("Incidents per year in the saved filter"))
            if rows
            else None,
            can_edit=can(self.request.user, "picture.edit"),
            hotspots_url=self._hotspots_url(problem) if full else None,
        )
        return context

    @staticmethod
    def _hotspots_url(problem) -> str:
        query = {}
        if problem.period_start:
            query["start"] = problem.period_start.isoformat()
        if problem.period_end:
            query["end"] = problem.period_end.isoformat()
        categories = list(problem.categories.all())
        areas = list(problem.areas.all())
        if len(categories) == 1:
            query["category"] = categories[0].pk
        if len(areas) == 1:
            query["area"] = areas[0].pk
        return reverse("lagesbild:hotspots") + "?" + urlencode(query)


class ProblemMoveView(CapabilityRequiredMixin, View):
    """Move a problem one step up or down in the ranking (POST direction=up|down)."""

    capability = "picture.edit"

    def post(self, request, pk):
        problem = get_object_or_404(selectors.problems_with_picture(), pk=pk)
        picture_services.problem_move(
            problem=problem, up=request.POST.get("direction") != "down", user=request.user
        )
        messages.success(request, _("The ranking was changed."))
        return redirect(
            reverse("lagesbild:annual", kwargs={"year": problem.annual_picture.year}) + "#problems"
        )


class RankingHistoryView(CapabilityRequiredMixin, YearMixin, TemplateView):
    """Every change of a year's problem ranking: who moved what, when, from which rank."""

    capability = "picture.history"
    template_name = "lagesbild/problem_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(year=self.year, changes=selectors.ranking_changes(self.year))
        return context


class StatisticsView(CapabilityRequiredMixin, TemplateView):
    """Statistics for a free period: areas compared and a category over the years, each
    chart as SVG/PNG and its data as CSV, through the disclosure gate where it applies."""

    capability = "picture.read"
    template_name = "lagesbild/statistics.html"

    def get(self, request, *args, **kwargs):
        exact = reads_exact(request.user)
        form = StatisticsForm(request.GET or {}, exact=exact)
        download = request.GET.get("download", "")
        if download:
            chart, _dot, fmt = download.partition(".")
            if chart not in statistics.CHARTS or fmt not in statistics.FORMATS:
                return HttpResponse(_("Unknown download."), status=400, content_type="text/plain")
            if not form.is_valid():
                return HttpResponse(
                    " ".join(str(e) for e in form.non_field_errors()) or _("Invalid filter."),
                    status=400,
                    content_type="text/plain; charset=utf-8",
                )
            figures = statistics.statistics(form.cleaned_data, exact=exact)
            if fmt == "csv":
                body, kind = "\ufeff" + statistics.csv_of(figures, chart), "text/csv; charset=utf-8"
            else:
                body, kind = str(statistics.charts_of(figures)[chart]), "image/svg+xml"
            response = HttpResponse(body, content_type=kind)
            name = f"statistik-{chart}-{figures['start']}-{figures['end']}.{fmt}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        context = self.get_context_data(form=form, exact=exact)
        if form.is_valid():
            figures = statistics.statistics(form.cleaned_data, exact=exact)
            context.update(
                figures=figures,
                charts=statistics.charts_of(figures),
                query=request.GET.copy(),
            )
        return self.render_to_response(context)
