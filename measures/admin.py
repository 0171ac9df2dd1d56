from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPlan, ActionPlanEntry, CitizenPromise, FollowUp, Measure, PromiseReport


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["title", "type", "owner", "status", "start_date", "end_date", "progress"]
    list_filter = ["status", "type", "owner", "origin"]
    list_select_related = ["owner"]
    search_fields = ["title", "description", "owner__name"]
    filter_horizontal = ["areas", "categories", "partners"]
    raw_id_fields = ["contact_user", "created_by"]
    readonly_fields = ["version"]
    date_hierarchy = "start_date"
    inlines = [FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["measure", "date", "organisation", "author"]
    list_filter = ["organisation", "date"]
    list_select_related = ["measure", "organisation", "author"]
    search_fields = ["measure__title", "done", "result", "next_step"]
    raw_id_fields = ["measure", "author"]


class ActionPlanEntryInline(admin.TabularInline):
    model = ActionPlanEntry
    extra = 0
    raw_id_fields = ["measure"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "valid_from", "valid_to", "adopted_on"]
    list_filter = ["year"]
    search_fields = ["title", "summary", "adopted_by"]
    inlines = [ActionPlanEntryInline]


@admin.register(ActionPlanEntry)
class ActionPlanEntryAdmin(admin.ModelAdmin):
    list_display = ["plan", "measure", "heading", "priority", "responsible"]
    list_filter = ["plan", "responsible"]
    list_select_related = ["plan", "measure", "responsible"]
    search_fields = ["heading", "measure__title", "plan__title"]
    raw_id_fields = ["measure"]


class PromiseReportInline(admin.StackedInline):
    model = PromiseReport
    extra = 0


@admin.register(CitizenPromise)
class CitizenPromiseAdmin(admin.ModelAdmin):
    list_display = ["title", "valid_from", "valid_to", "is_published"]
    list_filter = ["is_published", "period_is_approximate"]
    search_fields = ["title", "text", "actions"]
    filter_horizontal = ["parties", "measures"]
    inlines = [PromiseReportInline]


@admin.register(PromiseReport)
class PromiseReportAdmin(admin.ModelAdmin):
    list_display = ["promise", "date", "is_public"]
    list_filter = ["is_public", "promise"]
    list_select_related = ["promise"]
    search_fields = ["text", "promise__title"]


# Goals, indicators, survey results, area populations (measures/goal_models.py) and the
# partner register (councils.Partner: shown on the measures app's partner page).
from councils.models import Partner, PartnerContact  # noqa: E402

from .goal_models import AreaPopulation, Goal, Indicator, SurveyResult  # noqa: E402


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
    list_display = ["survey_name", "year", "area", "question", "share_unsafe", "respondents"]
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
