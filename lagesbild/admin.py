"""Admin of incidents, areas, places, categories and imports; the pictures' admin is in
lagesbild/pictures/admin.py (imported here so that the admin finds it)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_tools import ReadOnlyAdmin

from .crime import admin as crime_admin  # noqa: F401 - registers the statistics models
from .models import (
    Area,
    Category,
    ImportJob,
    Incident,
    IncidentCount,
    IncidentReport,
    NoIncidentsConfirmation,
    Place,
    ReportingReminder,
)
from .pictures import admin as pictures_admin  # noqa: F401 - registers the picture models


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "latitude", "longitude", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["name", "group"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "latitude", "longitude", "is_active"]
    list_filter = ["area__group", "area", "is_active"]
    list_select_related = ["area"]
    search_fields = ["name", "area__name"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position", "is_active"]
    list_filter = ["parent", "is_active"]
    list_select_related = ["parent"]
    search_fields = ["name", "parent__name"]


@admin.register(IncidentReport)
class IncidentReportAdmin(admin.ModelAdmin):
    list_display = ["id", "organisation", "reporter", "created_at"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "reporter"]
    search_fields = ["organisation__name", "reporter__username"]
    raw_id_fields = ["reporter"]


@admin.register(Incident)
class IncidentAdmin(SimpleHistoryAdmin):
    list_display = [
        "occurred_on",
        "time_band",
        "category",
        "area",
        "place",
        "count",
        "organisation",
        "source",
    ]
    list_filter = ["source", "time_band", "organisation", "area__group", "category__parent"]
    list_select_related = ["category__parent", "area", "place", "organisation"]
    search_fields = ["external_id", "area__name", "place__name", "category__name"]
    date_hierarchy = "occurred_on"
    raw_id_fields = ["report", "reporter", "place"]
    # Counting millions of rows on every changelist page is slow; the paginator skips it.
    show_full_result_count = False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "organisation",
        "status",
        "processed_rows",
        "total_rows",
        "created_at",
    ]
    list_filter = ["status", "organisation"]
    search_fields = ["original_name", "organisation__name"]
    raw_id_fields = ["user"]


@admin.register(IncidentCount)
class IncidentCountAdmin(ReadOnlyAdmin):
    """Read only: the triggers keep these (`manage.py incident_counts --check/--rebuild`)."""

    list_display = ["period", "dimension", "key", "key2", "n", "compacted"]
    list_filter = ["dimension", "compacted"]
    search_fields = ["=period", "=key"]
    date_hierarchy = "period"
    show_full_result_count = False


@admin.register(NoIncidentsConfirmation)
class NoIncidentsConfirmationAdmin(admin.ModelAdmin):
    """The "inga händelser" of reporting organisations, per ISO week."""

    list_display = ["organisation", "iso_year", "iso_week", "confirmed_by", "confirmed_at"]
    list_filter = ["organisation", "iso_year"]
    list_select_related = ["organisation", "confirmed_by"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["confirmed_by"]


@admin.register(ReportingReminder)
class ReportingReminderAdmin(admin.ModelAdmin):
    """The log of reminders: one per organisation and week (read only)."""

    list_display = ["organisation", "iso_year", "iso_week", "sent_at", "recipients"]
    list_filter = ["organisation", "iso_year"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
