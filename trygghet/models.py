"""Project-level records: the audit trail and generated reports."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.constraints import CheckConstraint, UniqueConstraint
from core.demo import demo_flag
from core.personal_data import validate_no_personal_data

EXPORTED_WHAT = {"incidents": _("Incidents"), "budget": _("Budget package")}
EXPORT_FILTER_LABELS = {
    "key": _("Period"),
    "version": pgettext_lazy("report version", "Version"),
    "meeting": _("Meeting"),
    "package": _("Budget package"),
    "sort": _("Sort"),
    "q": _("Search"),
}


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
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {action} {self.object_display}"

    # The stored trail keeps the code's keys (stable for searches); people read them in
    # their language.
    @property
    def object_display(self) -> str:
        """What was exported ("Möteshandlingar (pdf)"), or the object's own name."""
        if self.action != self.Action.EXPORTED or "what" not in self.detail:
            return self.object_repr
        what = self.detail["what"]
        kind = what.removeprefix("report:")
        label = EXPORTED_WHAT.get(what) or dict(Report.Kind.choices).get(kind, what)
        return f"{label} ({self.detail.get('format', '')})"

    @property
    def changed_fields_display(self) -> list[str]:
        """The changed fields by their names in the forms (verbose names)."""
        model = self.content_type.model_class() if self.content_type_id else None
        names = []
        for name in self.changed_fields:
            try:
                names.append(str(model._meta.get_field(name).verbose_name))
            except (AttributeError, LookupError):
                names.append(name)
        return names

    @property
    def filters_display(self) -> list[tuple[str, str]]:
        """(label, value) of the filters an export was made with."""
        from lagesbild.filters import IncidentFilter

        labels = {n: f.label for n, f in IncidentFilter.base_filters.items() if f.label}
        labels |= EXPORT_FILTER_LABELS
        filters = self.detail.get("filters") or {}
        return [(str(labels.get(key, key)), str(value)) for key, value in filters.items()]


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
            UniqueConstraint(
                fields=["kind", "key", "format", "version"],
                name="report_unique_version",
                violation_error_message=_("This version of the report already exists."),
            ),
            # Generating again replaces the current file; older versions stay as history.
            UniqueConstraint(
                fields=["kind", "key", "format"],
                condition=models.Q(is_current=True),
                name="report_one_current",
                violation_error_message=_("Only one version of a report can be the current one."),
            ),
            CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="report_progress_percent",
                violation_error_message=_("The progress of a report is at most 100 percent."),
            ),
            # A report is never marked done without its file.
            CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""),
                name="report_done_has_file",
                violation_error_message=_("A finished report needs its file."),
            ),
            CheckConstraint(
                condition=~models.Q(is_current=True) | models.Q(status="done"),
                name="report_current_is_done",
                violation_error_message=_("Only a finished report can be the current one."),
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
            UniqueConstraint(
                fields=["user", "kind"],
                name="report_subscription_once",
                violation_error_message=_("You already subscribe to this report."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_kind_display()}"


class CycleStep(models.TextChoices):
    """The steps of the samverkanshandbok's yearly cycle, and EST's quarterly analyses."""

    LAGESBILD = "lagesbild", _("Lägesbild")
    CAUSES = "orsaksanalys", _("Cause analysis")
    PLAN = "atgardsplan", _("Action plan")
    IMPLEMENTATION = "genomforande", _("Implementation")
    FOLLOW_UP = "uppfoljning", _("Follow-up")
    Q1 = "q1", _("Quarterly analysis Q1")
    Q2 = "q2", _("Quarterly analysis Q2")
    Q3 = "q3", _("Quarterly analysis Q3")
    Q4 = "q4", _("Quarterly analysis Q4")


class CycleDeadline(models.Model):
    """When a step of the year's cycle is due, when it differs from the default."""

    year = models.PositiveSmallIntegerField(_("year"))
    step = models.CharField(_("step"), max_length=16, choices=CycleStep.choices)
    due = models.DateField(_("due"))

    class Meta:
        ordering = ["year", "due"]
        verbose_name = _("cycle deadline")
        verbose_name_plural = _("cycle deadlines")
        constraints = [
            UniqueConstraint(
                fields=["year", "step"],
                name="cycle_deadline_once",
                field="step",
                violation_error_message=_("The step already has a due date for this year."),
            ),
            CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="cycle_deadline_year_sane",
                field="year",
                violation_error_message=_("Give a year from 2000 to 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_step_display()}: {self.due:%Y-%m-%d}"


class QuarterlyAnalysis(models.Model):
    """EST's kvartalsanalys: the coordinator's analysis of a quarter's lägesbild."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    analysis = models.TextField(_("analysis"), validators=[validate_no_personal_data])
    concluded_on = models.DateField(_("concluded on"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = demo_flag()

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("quarterly analysis")
        verbose_name_plural = _("quarterly analyses")
        constraints = [
            UniqueConstraint(
                fields=["year", "quarter"],
                name="quarterly_analysis_once",
                field="quarter",
                violation_error_message=_("The quarter already has its analysis."),
            ),
            CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="quarterly_analysis_quarter",
                field="quarter",
                violation_error_message=_("The quarter is 1, 2, 3 or 4."),
            ),
            CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="quarterly_analysis_year_sane",
                field="year",
                violation_error_message=_("Give a year from 2000 to 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter}"
