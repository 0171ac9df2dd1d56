from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_tools import ReadOnlyAdmin

from .models import AuditEvent, CycleDeadline, QuarterlyAnalysis, Report, ReportSubscription


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ["at", "actor_name", "action", "content_type", "object_display"]
    list_filter = ["action", "content_type", "at"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"

    @admin.display(description=_("object"))
    def object_display(self, event):
        return event.object_display


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Generated reports; started and retried from the reports page, not here."""

    list_display = ["kind", "key", "format", "version", "is_current", "status", "created_at"]
    list_filter = ["kind", "status", "format", "is_current", "created_at"]
    search_fields = ["key", "error", "created_by__username"]
    readonly_fields = ["created_at", "started_at", "finished_at", "attempts", "size"]
    date_hierarchy = "created_at"


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__email"]


@admin.register(CycleDeadline)
class CycleDeadlineAdmin(admin.ModelAdmin):
    """Move a step of the year's cycle from its default due date."""

    list_display = ["year", "step", "due"]
    list_filter = ["year", "step"]
    search_fields = ["step"]


@admin.register(QuarterlyAnalysis)
class QuarterlyAnalysisAdmin(admin.ModelAdmin):
    list_display = ["year", "quarter", "concluded_on", "author"]
    list_filter = ["year"]
    search_fields = ["analysis"]
    raw_id_fields = ["author"]
