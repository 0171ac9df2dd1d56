"""The weekly and annual lägesbild and the problembilder (imported at the end of models.py).

A `WeeklyPicture` is the coordinator's written assessment of an ISO week; publishing it
stores the week's figures as a JSON snapshot, so a later edit of an incident does not
rewrite what was published. An `AnnualPicture` is the övergripande gemensam lägesbild of
a year (lag 2023:196), with its inputs and its ranked `Problem`s (problembilder), each
with a saved filter over incidents and a structured orsaksanalys. Measures (a higher
app) link to `Problem` and `WeeklyPicture` from their side.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.constraints import CheckConstraint, UniqueConstraint
from core.demo import demo_flag
from core.history import History
from core.isoweek import Week
from core.jsonencoding import FiguresEncoder
from core.personal_data import validate_no_personal_data

__all__ = ["AnnualPicture", "PictureStatus", "Problem", "WeeklyPicture"]


class PictureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("lägesbild", "Published")


class WeeklyPictureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PictureStatus.PUBLISHED)

    def for_week(self, iso_year: int, iso_week: int):
        return self.filter(iso_year=iso_year, iso_week=iso_week)


class WeeklyPicture(models.Model):
    """The weekly lägesbild of one ISO week: assessment, prioritised problems, snapshot."""

    iso_year = models.PositiveSmallIntegerField(_("ISO year"))
    iso_week = models.PositiveSmallIntegerField(_("week"))
    assessment = models.TextField(
        _("assessment"),
        blank=True,
        help_text=_(
            "The coordinator's analysis of the week: what changed, why, and what should be "
            "done. No names or personal data."
        ),
        validators=[validate_no_personal_data],
    )
    problems = models.ManyToManyField(
        "lagesbild.Problem",
        blank=True,
        related_name="weekly_pictures",
        verbose_name=_("prioritised problems"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PictureStatus.choices, default=PictureStatus.DRAFT
    )
    snapshot = models.JSONField(
        _("published figures"), null=True, blank=True, editable=False, encoder=FiguresEncoder
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    # The reporting status of the week when it was published: [{"organisation": name,
    # "status": "reported" | "none" | "missing", "incidents": n}], so the published week
    # says who had not reported even after late reports arrive.
    reporting = models.JSONField(_("reporting at publication"), default=list, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    is_demo = demo_flag()
    # Optimistic lock (core.locking): the edit form carries the version it showed. The
    # database default serves bulk loads (COPY, raw INSERT) that leave the column out.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    history = History(excluded_fields=["snapshot", "version"])
    objects = WeeklyPictureQuerySet.as_manager()

    class Meta:
        ordering = ["-iso_year", "-iso_week"]
        verbose_name = _("weekly situation picture")
        verbose_name_plural = _("weekly situation pictures")
        constraints = [
            UniqueConstraint(
                fields=["iso_year", "iso_week"],
                name="weeklypicture_one_per_week",
                violation_error_message=_("There is already a lägesbild for this week."),
            ),
            CheckConstraint(
                condition=Q(iso_week__gte=1, iso_week__lte=53),
                name="weeklypicture_week_valid",
                violation_error_message=_("The week number must be from 1 to 53."),
            ),
            CheckConstraint(
                condition=Q(status=PictureStatus.DRAFT)
                | Q(snapshot__isnull=False, published_at__isnull=False),
                name="weeklypicture_published_has_snapshot",
                violation_error_message=_(
                    "A published lägesbild needs its publication time and frozen figures."
                ),
            ),
        ]

    def __str__(self):
        return _("week %(week)s, %(year)s") % {"week": self.iso_week, "year": self.iso_year}

    def clean(self):
        try:
            Week(self.iso_year, self.iso_week)
        except (TypeError, ValueError):
            raise ValidationError({"iso_week": _("That week does not exist.")}) from None

    @property
    def is_published(self) -> bool:
        return self.status == PictureStatus.PUBLISHED

    @property
    def week(self) -> Week:
        return Week(self.iso_year, self.iso_week)


class AnnualPicture(models.Model):
    """The övergripande gemensam lägesbild of a year: inputs, analysis, ranked problems."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(
        _("analysis"),
        blank=True,
        help_text=_("The joint analysis of the year: extent, consequences, development."),
        validators=[validate_no_personal_data],
    )
    staff_dialogues = models.TextField(
        _("staff dialogues (medarbetardialoger)"),
        blank=True,
        help_text=_("What the staff dialogues said, and with whom they were held."),
        validators=[validate_no_personal_data],
    )
    citizen_dialogues = models.TextField(
        _("citizen dialogues (medborgardialoger)"),
        blank=True,
        help_text=_("What residents said in citizen dialogues and surveys."),
        validators=[validate_no_personal_data],
    )
    statistics = models.TextField(
        _("statistics used"),
        blank=True,
        help_text=_("Other statistics: police reports, NTU, school surveys, their sources."),
        validators=[validate_no_personal_data],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PictureStatus.choices, default=PictureStatus.DRAFT
    )
    snapshot = models.JSONField(
        _("published figures"), null=True, blank=True, editable=False, encoder=FiguresEncoder
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    is_demo = demo_flag()
    # Optimistic lock (core.locking): the edit form carries the version it showed. The
    # database default serves bulk loads (COPY, raw INSERT) that leave the column out.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    history = History(excluded_fields=["snapshot", "version"])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual situation picture")
        verbose_name_plural = _("annual situation pictures")
        constraints = [
            CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="annualpicture_year_sane",
                field="year",
                violation_error_message=_("Give a year from 2000 to 2100."),
            ),
            CheckConstraint(
                condition=Q(status=PictureStatus.DRAFT)
                | Q(snapshot__isnull=False, published_at__isnull=False),
                name="annualpicture_published_has_snapshot",
                violation_error_message=_(
                    "A published lägesbild needs its publication time and frozen figures."
                ),
            ),
        ]

    def __str__(self):
        return self.title or _("Overall joint situation picture %(year)s") % {"year": self.year}

    @property
    def is_published(self) -> bool:
        return self.status == PictureStatus.PUBLISHED


class ProblemQuerySet(models.QuerySet):
    def ranked(self):
        return self.order_by("rank", "pk")


class Problem(models.Model):
    """A problembild: a prioritised problem with the data behind it and its orsaksanalys."""

    annual_picture = models.ForeignKey(
        AnnualPicture,
        on_delete=models.PROTECT,
        related_name="problems",
        verbose_name=_("annual situation picture"),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), help_text=_("1 is the most important problem of the year.")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        help_text=_("What the problem is: what, where, when, how often."),
        validators=[validate_no_personal_data],
    )
    # The data behind it: a saved filter over incidents (empty = all).
    areas = models.ManyToManyField(
        "lagesbild.Area", blank=True, related_name="problems", verbose_name=_("areas")
    )
    categories = models.ManyToManyField(
        "lagesbild.Category",
        blank=True,
        related_name="problems",
        verbose_name=_("categories"),
        help_text=_("A main category includes its events."),
    )
    focus_areas = models.ManyToManyField(
        "councils.FocusArea",
        blank=True,
        related_name="problems",
        verbose_name=_("focus areas"),
        help_text=_("The council's insatsområden the problembild belongs to."),
    )
    period_start = models.DateField(_("data from"), null=True, blank=True)
    period_end = models.DateField(_("data to"), null=True, blank=True)
    # Orsaksanalys, structured after the problem-analysis triangle (place, offender,
    # target/victim, guardians) and "why here, why now".
    cause_place = models.TextField(
        _("place and situation (why here, why now)"),
        blank=True,
        help_text=_("What about the place, time and situation makes it happen here and now?"),
        validators=[validate_no_personal_data],
    )
    cause_offenders = models.TextField(
        _("offenders"),
        blank=True,
        help_text=_("Which kinds of groups or motives lie behind it? Never individuals."),
        validators=[validate_no_personal_data],
    )
    cause_targets = models.TextField(
        _("targets and victims"),
        blank=True,
        help_text=_("What or who is exposed, and why is it a suitable target?"),
        validators=[validate_no_personal_data],
    )
    cause_guardians = models.TextField(
        _("guardians and managers"),
        blank=True,
        help_text=_("Who could prevent it (owners, staff, adults, police), and why don't they?"),
        validators=[validate_no_personal_data],
    )
    cause_contributing = models.TextField(
        _("contributing factors"),
        blank=True,
        help_text=_("Lighting, design, opening hours, alcohol, school breaks…"),
        validators=[validate_no_personal_data],
    )
    cause_sources = models.TextField(
        _("sources"),
        blank=True,
        help_text=_("Which dialogues, statistics and observations the analysis rests on."),
        validators=[validate_no_personal_data],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic lock (core.locking): an edit saves only if nobody saved since.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = History(excluded_fields=["version"])
    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["annual_picture", "rank"]
        verbose_name = _("problem profile")
        verbose_name_plural = _("problem profiles")
        constraints = [
            UniqueConstraint(
                fields=["annual_picture", "rank"],
                name="problem_unique_rank_per_year",
                field="rank",
                violation_error_message=_("Another problembild of the year already has this rank."),
            ),
            CheckConstraint(
                condition=Q(rank__gte=1),
                name="problem_rank_positive",
                field="rank",
                violation_error_message=_("The rank is 1 or more (1 is the most important)."),
            ),
            CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="problem_period_ordered",
                field="period_end",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.title}"

    def clean(self):
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError({"period_end": _("The end date is before the start date.")})

    CAUSE_FIELDS = (
        "cause_place",
        "cause_offenders",
        "cause_targets",
        "cause_guardians",
        "cause_contributing",
        "cause_sources",
    )

    @property
    def cause_analysis(self) -> list[tuple[str, str]]:
        """The orsaksanalys as (heading, text) pairs, empty parts left out."""
        return [
            (str(self._meta.get_field(name).verbose_name).capitalize(), getattr(self, name))
            for name in self.CAUSE_FIELDS
            if getattr(self, name)
        ]

    def incidents(self):
        """The incidents the problem's saved filter selects (live)."""
        from .incidents import Incident

        queryset = Incident.objects.in_period(self.period_start, self.period_end)
        if self.pk:
            areas = list(self.areas.values_list("pk", flat=True))
            categories = list(self.categories.values_list("pk", flat=True))
            if areas:
                queryset = queryset.filter(area__in=areas)
            if categories:
                queryset = queryset.filter(
                    Q(category__in=categories) | Q(category__parent__in=categories)
                )
        return queryset
