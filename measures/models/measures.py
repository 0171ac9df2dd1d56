"""What we do about it: measures (insatser), action plans, citizen promises, follow-up.

A measure answers problems in areas and categories of the lägesbild, is owned by an
organisation and followed up by it. `version` guards against two people saving the same
measure at once (see services.measure_update).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.constraints import CheckConstraint, UniqueConstraint
from core.demo import demo_flag
from core.history import History
from core.personal_data import validate_no_personal_data
from councils.permissions import can


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every measure (measure.read_all), else those the user's organisation owns or
        partners in (measure.read)."""
        if can(user, "measure.read_all"):
            return self
        if can(user, "measure.read") and user.organisation_id:
            # A subquery, not a join: callers annotate aggregates over follow-ups.
            partnered = Measure.partners.through.objects.filter(
                organisation_id=user.organisation_id
            ).values("measure_id")
            return self.filter(Q(owner_id=user.organisation_id) | Q(pk__in=partnered))
        return self.none()

    def editable_by(self, user):
        """Every measure (measure.edit_all), else the organisation's (measure.edit_own)."""
        if can(user, "measure.edit_all"):
            return self
        if can(user, "measure.edit_own") and user.organisation_id:
            return self.filter(owner_id=user.organisation_id)
        return self.none()

    def active(self):
        return self.filter(status__in=[Measure.Status.PLANNED, Measure.Status.ONGOING])

    def follow_up_overdue(self, day: dt.date | None = None):
        """Active measures whose next follow-up is due before `day` (today)."""
        return self.filter(overdue_filter(day or timezone.localdate()))

    def ended_without_follow_up(self, day: dt.date | None = None):
        """Measures whose period has ended with no follow-up dated on or after its end."""
        return self.filter(ended_unfollowed_filter(day or timezone.localdate()))

    def needing_attention(self, day: dt.date | None = None):
        return self.filter(attention_filter(day or timezone.localdate()))


# The rules above as filters, so that they apply to a measure's saved versions too
# (Measure.history rows, whose measure id is "id"): the meeting pack counts the
# measures as they stood on the meeting's day.


def overdue_filter(day: dt.date) -> Q:
    """Active, with the next follow-up due before `day`."""
    return Q(
        status__in=[Measure.Status.PLANNED, Measure.Status.ONGOING], next_follow_up_due__lt=day
    )


def ended_unfollowed_filter(day: dt.date, *, measure_ref: str = "pk", follow_ups=None) -> Q:
    """Ended before `day`, not cancelled, and none of `follow_ups` (all) dated on or after
    the end."""
    follow_ups = FollowUp.objects.all() if follow_ups is None else follow_ups
    late = follow_ups.filter(
        measure=models.OuterRef(measure_ref), date__gte=models.OuterRef("end_date")
    )
    return Q(end_date__lt=day) & ~Q(status=Measure.Status.CANCELLED) & ~models.Exists(late)


def attention_filter(day: dt.date, *, measure_ref: str = "pk", follow_ups=None) -> Q:
    """Needing attention on `day`: a follow-up overdue, or ended without one."""
    return overdue_filter(day) | ended_unfollowed_filter(
        day, measure_ref=measure_ref, follow_ups=follow_ups
    )


class Measure(models.Model):
    """An insats/åtgärd: what is done, where, by whom, when, and how it goes."""

    class Type(models.TextChoices):
        PRESENCE = "narvaro", _("Increased presence")
        NIGHT_WALK = "nattvandring", _("Night walks")
        LIGHTING = "belysning", _("Lighting")
        CAMERA = "kamera", _("Safety camera")
        CLEANING = "sanering", _("Graffiti removal / cleaning")
        SOCIAL = "social", _("Social measure")
        INFORMATION = "information", _("Information")
        OTHER = "annan", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planerad", pgettext_lazy("measure status", "Planned")
        ONGOING = "pagaende", pgettext_lazy("measure status", "Ongoing")
        DONE = "avslutad", pgettext_lazy("measure status", "Completed")
        CANCELLED = "installd", pgettext_lazy("measure status", "Cancelled")
        NO_EFFECT = "utan_effekt", _("Completed without effect")

    class Origin(models.TextChoices):
        MANUAL = "", _("Entered directly")
        HOTSPOT = "hotspot", _("Hot spot in the lägesbild")
        TREND = "trend", _("Trend in the lägesbild")  # before the kinds below
        AREA_TREND = "area", _("Area trend in the lägesbild")
        PLACE_TREND = "place", _("Place trend in the lägesbild")
        CATEGORY_TREND = "category", _("Category trend in the lägesbild")
        EST_MEETING = "est", _("Decision of an EST meeting")

    class Kind(models.TextChoices):
        PLACE = "platsbaserad", _("Place-based (situational)")
        SOCIAL = "social", _("Social prevention")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind of prevention"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.PLACE,
        help_text=_(
            "Place-based work answers incidents in areas; social prevention works with a "
            "target group and needs no area or incident category."
        ),
    )
    type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.OTHER)
    target_group = models.CharField(
        _("target group"),
        max_length=200,
        blank=True,
        help_text=_("Who the measure reaches, e.g. “unga 12–17 år i västra stadsdelarna”."),
    )
    indicator = models.TextField(
        _("indicator"),
        blank=True,
        help_text=_("What is measured to tell whether it works, and where the figure comes from."),
    )
    focus_areas = models.ManyToManyField(
        "councils.FocusArea",
        blank=True,
        related_name="measures",
        verbose_name=_("focus areas"),
        help_text=_("The council's insatsområden the measure works in."),
    )
    problems = models.ManyToManyField(
        "lagesbild.Problem",
        blank=True,
        related_name="measures",
        verbose_name=_("problems"),
        help_text=_("The prioritised problembilder the measure answers."),
    )
    areas = models.ManyToManyField(
        "lagesbild.Area", blank=True, related_name="measures", verbose_name=_("target areas")
    )
    categories = models.ManyToManyField(
        "lagesbild.Category",
        blank=True,
        related_name="measures",
        verbose_name=_("categories"),
        help_text=_("The kinds of incidents the measure should reduce."),
    )
    owner = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        related_name="measures_owned",
        verbose_name=_("owner organisation"),
    )
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_contact",
        verbose_name=_("contact (user)"),
    )
    contact_role = models.CharField(
        _("contact (role)"),
        max_length=200,
        blank=True,
        help_text=_("A role, not a name, e.g. “kommunpolis Västerås city”."),
    )
    partners = models.ManyToManyField(
        "councils.Organisation",
        blank=True,
        related_name="measures_partnered",
        verbose_name=_("partners"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty: not set yet."))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    expected_effect = models.TextField(_("expected effect"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, help_text=_("How far the measure has come, 0–100.")
    )
    comparison_area = models.ForeignKey(
        "lagesbild.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comparison area"),
        help_text=_("For the effect evaluation; empty: the system suggests one."),
    )
    next_follow_up_due = models.DateField(
        _("next follow-up due"),
        null=True,
        blank=True,
        help_text=_("The owner organisation is reminded when this day has passed."),
    )
    origin = models.CharField(
        _("created from"), max_length=8, choices=Origin.choices, default="", blank=True
    )
    # What started the measure (a hot cell, an area, place or category trend): the week
    # or period it was seen in, its key (the Gi* cell "col,row" or the row's id) and a
    # readable label, so that the measure page links back to it.
    origin_start = models.DateField(_("origin period from"), null=True, blank=True)
    origin_end = models.DateField(_("origin period to"), null=True, blank=True)
    origin_key = models.CharField(_("origin key"), max_length=40, blank=True)
    origin_label = models.CharField(_("origin"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = History(excluded_fields=["updated_at"])
    is_demo = demo_flag()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="measure_period_ordered",
                field="end_date",
                violation_error_message=_("The end cannot be before the start."),
            ),
            CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="measure_progress_percent",
                field="progress",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            CheckConstraint(
                condition=~Q(kind="social") | ~Q(target_group=""),
                name="measure_social_has_target_group",
                field="target_group",
                violation_error_message=_("A social-prevention measure needs its target group."),
            ),
            CheckConstraint(
                condition=Q(origin_start__isnull=True, origin_end__isnull=True)
                | Q(
                    origin_start__isnull=False,
                    origin_end__isnull=False,
                    origin_end__gte=models.F("origin_start"),
                ),
                name="measure_origin_period_ordered",
                field="origin_end",
                violation_error_message=_(
                    "The period of what started the measure needs both dates, the end not "
                    "before the start."
                ),
            ),
            CheckConstraint(
                condition=Q(version__gte=1),
                name="measure_version_positive",
                violation_error_message=_("The measure's version is 1 or more."),
            ),
        ]
        indexes = [models.Index(fields=["status", "next_follow_up_due"], name="measure_due")]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})
        if self.kind == self.Kind.SOCIAL and not self.target_group.strip():
            raise ValidationError(
                {"target_group": _("A social-prevention measure needs its target group.")}
            )

    @property
    def is_social(self) -> bool:
        return self.kind == self.Kind.SOCIAL

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.ONGOING)

    def next_follow_up_default(self, today: dt.date) -> dt.date | None:
        """Four weeks on for an active measure, but never after its end (the last
        follow-up is at the end); none for a measure that has ended or is closed."""
        if not self.is_active or (self.end_date and self.end_date < today):
            return None
        next_due = today + dt.timedelta(weeks=4)
        return min(next_due, self.end_date) if self.end_date else next_due

    @property
    def follow_up_is_overdue(self) -> bool:
        return bool(
            self.is_active
            and self.next_follow_up_due
            and self.next_follow_up_due < timezone.localdate()
        )

    @property
    def contact_display(self) -> str:
        if self.contact_user_id:
            user = self.contact_user
            return user.get_full_name() or user.get_username()
        return self.contact_role


class FollowUp(models.Model):
    """Uppföljning och återkoppling: what was done, the result and the next step."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("measure")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    done = models.TextField(_("what was done"), validators=[validate_no_personal_data])
    result = models.TextField(_("result"), blank=True, validators=[validate_no_personal_data])
    next_step = models.TextField(_("next step"), blank=True, validators=[validate_no_personal_data])
    organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        related_name="measure_follow_ups",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["measure", "-date"], name="followup_measure_date")]

    def __str__(self):
        return f"{self.measure} {self.date:%Y-%m-%d}"


class ActionPlan(models.Model):
    """An åtgärdsplan/handlingsplan: the measures for a year or an agreement period."""

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    agreement = models.ForeignKey(
        "councils.CooperationAgreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("cooperation agreement"),
        help_text=_("For a plan that covers an agreement's period."),
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=200,
        blank=True,
        help_text=_("The body that adopted the plan, e.g. Kommunfullmäktige or Trygghetsrådet."),
    )
    decision_reference = models.CharField(
        _("decision"),
        max_length=200,
        blank=True,
        help_text=_("The decision: diary number and § in the minutes, e.g. “KF 2025-01-30 § 12”."),
    )
    summary = models.TextField(_("summary"), blank=True)
    annual_picture = models.ForeignKey(
        "lagesbild.AnnualPicture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("based on the lägesbild"),
        help_text=_("The annual lägesbild whose problembilder the plan answers."),
    )
    is_demo = demo_flag()
    measures = models.ManyToManyField(
        Measure,
        through="ActionPlanEntry",
        related_name="action_plans",
        verbose_name=_("measures"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="actionplan_period_ordered",
                field="valid_to",
                violation_error_message=_("The plan cannot end before it starts."),
            ),
            CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=2000, year__lte=2100),
                name="actionplan_year_plausible",
                field="year",
                violation_error_message=_("Give a year from 2000 to 2100."),
            ),
            CheckConstraint(
                condition=Q(adopted_on__isnull=True) | ~Q(adopted_by=""),
                name="actionplan_adoption_has_body",
                field="adopted_by",
                violation_error_message=_("Name the body that adopted the plan."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end cannot be before the start.")})
        if self.adopted_on and not self.adopted_by.strip():
            raise ValidationError({"adopted_by": _("Name the body that adopted the plan.")})

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None


class ActionPlanEntry(models.Model):
    """One action in a plan: a measure under a prioritised problem, with who answers for it."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="entries", verbose_name=_("plan")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="plan_entries", verbose_name=_("measure")
    )
    problem = models.ForeignKey(
        "lagesbild.Problem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_entries",
        verbose_name=_("problembild"),
    )
    heading = models.CharField(
        _("prioritised problem"),
        max_length=200,
        blank=True,
        help_text=_("The problem the action answers, if it is not a problembild of the year."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=1, help_text=_("1 is the highest.")
    )
    responsible = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible party"),
    )
    # Brå's åtgärdsplan: goal, expected effects, activities, timetable, resources,
    # indicator and follow-up for each action. Funding in kronor is linked on the
    # budget's side (budget.PlanFunding), which sits above measures.
    goal = models.ForeignKey(
        "measures.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_entries",
        verbose_name=_("goal"),
        help_text=_("The council's or the agreement's goal the action works towards."),
    )
    goal_text = models.TextField(
        _("goal of the action"),
        blank=True,
        help_text=_("What the action itself should achieve."),
        validators=[validate_no_personal_data],
    )
    effect_short = models.TextField(
        _("expected short-term effect"),
        blank=True,
        help_text=_("Within the year: what changes first."),
        validators=[validate_no_personal_data],
    )
    effect_long = models.TextField(
        _("expected long-term effect"),
        blank=True,
        help_text=_("In some years: the lasting change."),
        validators=[validate_no_personal_data],
    )
    activities = models.TextField(
        _("activities"),
        blank=True,
        help_text=_("One activity per line."),
        validators=[validate_no_personal_data],
    )
    milestones = models.TextField(
        _("timetable"),
        blank=True,
        help_text=_("Milestones, one per line, e.g. “2025-03 upphandling klar”."),
        validators=[validate_no_personal_data],
    )
    resources = models.TextField(
        _("resources"),
        blank=True,
        help_text=_("Staff, time and other resources besides the kronor of the budget."),
        validators=[validate_no_personal_data],
    )
    indicator = models.TextField(
        _("indicator"),
        blank=True,
        help_text=_("Empty: the measure's indicator."),
        validators=[validate_no_personal_data],
    )
    follow_up_method = models.TextField(
        _("how it is followed up"),
        blank=True,
        help_text=_("Who follows up, how often and where it is reported."),
        validators=[validate_no_personal_data],
    )

    class Meta:
        ordering = ["plan", "priority", "problem__rank", "heading", "measure__title"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            UniqueConstraint(
                fields=["plan", "measure"],
                name="actionplan_measure_once",
                field="measure",
                violation_error_message=_("The measure is already in the plan."),
            ),
            CheckConstraint(
                condition=Q(priority__gte=1),
                name="actionplan_priority_pos",
                field="priority",
                violation_error_message=_("The priority is 1 or more (1 is highest)."),
            ),
        ]

    def __str__(self):
        return f"{self.plan}: {self.measure}"

    @property
    def activity_list(self) -> list[str]:
        return [line.strip() for line in self.activities.splitlines() if line.strip()]

    @property
    def milestone_list(self) -> list[str]:
        return [line.strip() for line in self.milestones.splitlines() if line.strip()]

    @property
    def indicator_text(self) -> str:
        return self.indicator or self.measure.indicator

    @property
    def missing_parts(self) -> list[str]:
        """The parts Brå's guidance asks for that the action still lacks (labels)."""
        parts = {
            _("problembild"): self.problem_id or self.heading,
            _("goal"): self.goal_id or self.goal_text,
            _("expected short-term effect"): self.effect_short,
            _("expected long-term effect"): self.effect_long,
            _("activities"): self.activities,
            _("indicator"): self.indicator_text,
            _("how it is followed up"): self.follow_up_method,
        }
        return [str(label) for label, value in parts.items() if not value]

    @property
    def group_label(self) -> str:
        """What the plan groups the action under: the problembild, else the heading."""
        return str(self.problem) if self.problem_id else self.heading


class CitizenPromiseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self, day: dt.date | None = None):
        day = day or timezone.localdate()
        return self.filter(valid_from__lte=day, valid_to__gte=day)

    def past(self, day: dt.date | None = None):
        return self.filter(valid_to__lt=day or timezone.localdate())


class CitizenPromise(models.Model):
    """A medborgarlöfte: the police's and the city's public promise for a period."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        CURRENT = "current", _("In progress")
        ENDED = "ended", _("Ended")

    title = models.CharField(_("title"), max_length=200, unique=True)
    text = models.TextField(_("the promise"))
    actions = models.TextField(
        _("what we do"), blank=True, help_text=_("One action per line, as published.")
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"))
    period_is_approximate = models.BooleanField(
        _("period is approximate"),
        default=False,
        help_text=_("Tick when the source gives only the year."),
    )
    report_due = models.DateField(_("report-back due"), null=True, blank=True)
    parties = models.ManyToManyField(
        "councils.Organisation", blank=True, related_name="citizen_promises", verbose_name=_("by")
    )
    measures = models.ManyToManyField(
        Measure, blank=True, related_name="citizen_promises", verbose_name=_("measures")
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Shown on the public page.")
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where the text comes from (e.g. the police's published promise); "
            "“demo/uppskattning” for a text written for the demo."
        ),
    )

    objects = CitizenPromiseQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("citizen promise")
        verbose_name_plural = _("citizen promises")
        constraints = [
            CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="promise_period_ordered",
                field="valid_to",
                violation_error_message=_("The promise cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end cannot be before the start.")})

    def status_on(self, day: dt.date) -> str:
        if day < self.valid_from:
            return self.Status.UPCOMING
        if day > self.valid_to:
            return self.Status.ENDED
        return self.Status.CURRENT

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def action_list(self) -> list[str]:
        return [line.strip() for line in self.actions.splitlines() if line.strip()]


class PromiseReport(models.Model):
    """A follow-up report (återrapportering) of a citizen promise, public when published."""

    promise = models.ForeignKey(
        CitizenPromise, on_delete=models.CASCADE, related_name="reports", verbose_name=_("promise")
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("report"))
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        ordering = ["promise", "-date"]
        verbose_name = _("promise report")
        verbose_name_plural = _("promise reports")
        constraints = [
            UniqueConstraint(
                fields=["promise", "date"],
                name="promise_report_once_a_day",
                field="date",
                violation_error_message=_("The promise already has a report-back on this day."),
            )
        ]

    def __str__(self):
        return f"{self.promise} {self.date:%Y-%m-%d}"
