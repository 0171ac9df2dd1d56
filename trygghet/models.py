"""Project-level records: the audit trail and generated reports."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who created, changed, deleted or exported what, and when. Append-only."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")
        EXPORTED = "exported", _("Exported")

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept even if the user is later removed.
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of object"),
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "-at"], name="audit_actor"),
        ]

    def __str__(self):
        action = self.get_action_display()
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {action} {self.object_repr}"


def report_upload_to(report: "Report", filename: str) -> str:
    """reports/<kind>/<key>/v<version>-<filename>: every version keeps its own file."""
    return f"reports/{report.kind}/{report.key}/v{report.version}-{filename}"


class ReportQuerySet(models.QuerySet):
    def of(self, kind: str, key: str, fmt: str):
        return self.filter(kind=kind, key=key, format=fmt)

    def in_flight(self):
        """Asked for and not finished: queued or running."""
        return self.filter(status__in=[Report.Status.QUEUED, Report.Status.RUNNING])

    def readable_by(self, user):
        """Reports a user may see, by kind (report.read_*); packs once marked ready."""
        from councils.permissions import can

        if can(user, "report.read_all"):
            return self
        q = models.Q(pk__in=[])
        if can(user, "report.read_weekly"):
            q |= models.Q(kind=Report.Kind.WEEKLY)
        if can(user, "report.read_annual"):
            q |= models.Q(kind=Report.Kind.ANNUAL)
        if can(user, "report.read_meeting_pack"):
            q |= models.Q(kind=Report.Kind.MEETING_PACK, meeting__pack_published_at__isnull=False)
        return self.filter(q)


class Report(models.Model):
    """A generated report file (weekly, annual, meeting pack); every run is a new version."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Weekly report")
        ANNUAL = "annual", _("Annual report")
        MEETING_PACK = "meeting_pack", _("Meeting pack")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        NOT_STARTED = "not_started", _("Not started")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    key = models.CharField(
        _("period"), max_length=40, help_text=_("E.g. 2023-W07, 2023 or meeting-12.")
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices, default="pdf")
    meeting = models.ForeignKey(
        "councils.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("meeting"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(
        _("current version"), default=False, help_text=_("The latest finished version.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True, max_length=300)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "format", "version"], name="report_unique_version"
            ),
            # Generating again replaces the current file; older versions stay as history.
            models.UniqueConstraint(
                fields=["kind", "key", "format"],
                condition=models.Q(is_current=True),
                name="report_one_current",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_progress_percent"
            ),
            # A report is never marked done without its file.
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""),
                name="report_done_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(is_current=True) | models.Q(status="done"),
                name="report_current_is_done",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "key", "format", "-version"], name="report_kind_key")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key} v{self.version} ({self.format})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.NOT_STARTED}

    @property
    def can_retry(self) -> bool:
        return self.status in {self.Status.FAILED, self.Status.NOT_STARTED}


class ReportSubscription(models.Model):
    """A user who wants an email (a link only) when a report of a kind is ready."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Report.Kind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "user"]
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="report_subscription_once")
        ]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()}"
