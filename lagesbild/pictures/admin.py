"""Admin of the weekly and annual lägesbild and the problembilder (loaded by admin.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import AnnualPicture, Problem, VictimConsequence, WeeklyPicture


@admin.register(WeeklyPicture)
class WeeklyPictureAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "iso_year", "iso_week", "status", "published_at", "published_by"]
    list_filter = ["status", "iso_year"]
    search_fields = ["assessment"]
    readonly_fields = ["published_at", "published_by", "updated_at", "updated_by"]
    filter_horizontal = ["problems"]


class ProblemInline(admin.StackedInline):
    model = Problem
    extra = 0
    fields = ["rank", "title", "description"]
    show_change_link = True


class VictimConsequenceInline(admin.StackedInline):
    model = VictimConsequence
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(VictimConsequence)
class VictimConsequenceAdmin(admin.ModelAdmin):
    """The rows also sit inline on the annual picture; listed here to search across years."""

    list_display = ["subject", "kind", "annual_picture", "organisation", "figure"]
    list_filter = ["kind", "annual_picture"]
    list_select_related = ["annual_picture", "organisation"]
    search_fields = ["subject", "description", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(AnnualPicture)
class AnnualPictureAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary", "staff_dialogues", "citizen_dialogues", "statistics"]
    readonly_fields = ["published_at", "updated_at"]
    inlines = [ProblemInline, VictimConsequenceInline]


@admin.register(Problem)
class ProblemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "annual_picture", "rank", "updated_at"]
    list_filter = ["annual_picture__year", "areas", "categories"]
    list_select_related = ["annual_picture"]
    search_fields = ["title", "description", "cause_place", "cause_contributing"]
    filter_horizontal = ["areas", "categories"]
