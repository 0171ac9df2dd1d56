"""URLs of the weekly and annual lägesbild, the hot spots and the problembilder."""

from django.urls import path, register_converter

from core.isoweek import Week, year_in_range

from . import views


class IsoWeekConverter:
    """'2023-W07' in the URL ↔ Week(2023, 7) in the view."""

    regex = r"[0-9]{4}-W[0-9]{2}"

    def to_python(self, value: str) -> Week:
        week = Week.parse(value)  # ValueError → 404
        if not year_in_range(week.iso_year):
            raise ValueError(value)
        return week

    def to_url(self, value) -> str:
        return str(value if isinstance(value, Week) else Week.parse(str(value)))


register_converter(IsoWeekConverter, "isoweek")

urlpatterns = [
    path("lagesbild/vecka/", views.WeeklyLatestView.as_view(), name="weekly_latest"),
    path("lagesbild/vecka/<isoweek:week>/", views.WeeklyPictureView.as_view(), name="weekly"),
    path(
        "lagesbild/vecka/<isoweek:week>/sammanstallning/",
        views.WeeklyAggregateView.as_view(),
        name="weekly_aggregate",
    ),
    path(
        "lagesbild/vecka/<isoweek:week>/bedomning/",
        views.WeeklyEditView.as_view(),
        name="weekly_edit",
    ),
    path(
        "lagesbild/vecka/<isoweek:week>/publicera/",
        views.WeeklyPublishView.as_view(),
        name="weekly_publish",
    ),
    path(
        "lagesbild/vecka/<isoweek:week>/karta.json",
        views.WeeklyMapDataView.as_view(),
        name="weekly_map_data",
    ),
    path("lagesbild/heta-punkter/", views.HotspotView.as_view(), name="hotspots"),
    path("lagesbild/statistik/", views.StatisticsView.as_view(), name="statistics"),
    path(
        "lagesbild/heta-punkter/karta.json",
        views.HotspotMapDataView.as_view(),
        name="hotspot_map_data",
    ),
    path("lagesbild/ar/", views.AnnualLatestView.as_view(), name="annual_latest"),
    path("lagesbild/ar/<int:year>/", views.AnnualPictureView.as_view(), name="annual"),
    path("lagesbild/ar/<int:year>/redigera/", views.AnnualEditView.as_view(), name="annual_edit"),
    path(
        "lagesbild/ar/<int:year>/publicera/",
        views.AnnualPublishView.as_view(),
        name="annual_publish",
    ),
    path(
        "lagesbild/ar/<int:year>/problembilder/ny/",
        views.ProblemCreateView.as_view(),
        name="problem_create",
    ),
    path(
        "lagesbild/ar/<int:year>/problembilder/historik/",
        views.RankingHistoryView.as_view(),
        name="problem_history",
    ),
    path(
        "lagesbild/problembilder/<int:pk>/",
        views.ProblemDetailView.as_view(),
        name="problem_detail",
    ),
    path(
        "lagesbild/problembilder/<int:pk>/redigera/",
        views.ProblemUpdateView.as_view(),
        name="problem_update",
    ),
    path(
        "lagesbild/problembilder/<int:pk>/flytta/",
        views.ProblemMoveView.as_view(),
        name="problem_move",
    ),
]
