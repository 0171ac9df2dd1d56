"""Admin of goals, indicators, survey results, area populations and the partner register
(councils.Partner, shown on the measures app's partner page)."""

from django.contrib import admin

from councils.models import Partner, PartnerContact

from ..models import AreaPopulation, Goal, Indicator, SurveyResult


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    filter_horizontal = ["areas", "categories"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "agreement", "direction", "target_date"]
    list_filter = ["direction", "council", "agreement"]
    search_fields = ["title", "text"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "goal", "kind", "granularity", "position"]
    list_filter = ["kind", "granularity"]
    list_select_related = ["goal"]
    search_fields = ["name", "goal__title", "survey_question"]
    filter_horizontal = ["areas", "categories"]


@admin.register(SurveyResult)
class SurveyResultAdmin(admin.ModelAdmin):
    list_display = [
        "survey_name",
        "year",
        "area",
        "question",
        "share_unsafe",
        "respondents",
        "published_on",
    ]
    list_filter = ["year", "survey_name", "area"]
    list_select_related = ["area"]
    search_fields = ["survey_name", "question", "area__name"]


@admin.register(AreaPopulation)
class AreaPopulationAdmin(admin.ModelAdmin):
    list_display = ["area", "year", "population", "is_approximate"]
    list_filter = ["year", "is_approximate", "area__group"]
    list_select_related = ["area"]
    list_editable = ["population", "is_approximate"]
    search_fields = ["area__name"]


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["organisation", "position", "is_listed"]
    list_filter = ["is_listed", "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "description"]
    inlines = [PartnerContactInline]


@admin.register(PartnerContact)
class PartnerContactAdmin(admin.ModelAdmin):
    list_display = ["partner", "label", "value", "url"]
    list_select_related = ["partner__organisation"]
    list_filter = ["partner"]
    search_fields = ["label", "value", "partner__organisation__name"]
