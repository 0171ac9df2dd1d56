from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .goals import admin as goals_admin  # noqa: F401 - registers the goal models
from .models import (
    ActionPlan,
    ActionPlanEntry,
    CitizenPromise,
    EstAction,
    EstMeeting,
    EstNote,
    FollowUp,
    Measure,
    MinutesDispatch,
    PromiseReport,
)


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "type",
        "owner",
        "status",
        "start_date",
        "end_date",
        "progress",
    ]
    list_filter = ["status", "kind", "type", "focus_areas", "owner", "origin"]
    list_select_related = ["owner"]
    search_fields = ["title", "description", "owner__name", "target_group"]
    filter_horizontal = ["areas", "categories", "partners", "focus_areas"]
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
    list_display = ["title", "year", "valid_from", "valid_to", "adopted_on", "adopted_by"]
    list_filter = ["year"]
    search_fields = ["title", "summary", "adopted_by", "decision_reference"]
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


class EstNoteInline(admin.TabularInline):
    model = EstNote
    extra = 0


class EstActionInline(admin.TabularInline):
    model = EstAction
    extra = 0
    raw_id_fields = ["measure", "follow_up", "note"]


@admin.register(EstMeeting)
class EstMeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "weekly_picture", "created_by"]
    list_filter = ["held_on"]
    search_fields = ["summary", "notes__topic", "actions__what"]
    filter_horizontal = ["organisations"]
    inlines = [EstNoteInline, EstActionInline]
    raw_id_fields = ["weekly_picture"]


@admin.register(EstNote)
class EstNoteAdmin(admin.ModelAdmin):
    list_display = ["topic", "kind", "meeting"]
    list_filter = ["kind"]
    search_fields = ["topic", "text"]


@admin.register(EstAction)
class EstActionAdmin(admin.ModelAdmin):
    list_display = ["what", "responsible", "due_on", "kind", "measure"]
    list_filter = ["kind", "responsible"]
    list_select_related = ["responsible", "measure"]
    search_fields = ["what", "responsible__name"]
    raw_id_fields = ["meeting", "measure", "follow_up", "note"]


@admin.register(MinutesDispatch)
class MinutesDispatchAdmin(admin.ModelAdmin):
    list_display = ["meeting", "requested_at", "sent_at", "recipients", "requested_by"]
    search_fields = ["meeting__summary"]
    readonly_fields = ["meeting", "requested_by", "requested_at", "sent_at", "recipients"]
