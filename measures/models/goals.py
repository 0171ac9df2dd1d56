"""Goals (mål) and how they are followed up: computed indicators and survey results.

A goal belongs to the council or to an agreement period. Its indicators are never typed
in: they are computed from incidents (a count, or a rate per 1 000 inhabitants with the
areas' population per year) or from the trygghetsmätning (SurveyResult). See
measures/indicators.py for the computation and the verdict rule.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint, UniqueConstraint
from core.demo import demo_flag
from councils.models import CooperationAgreement


class AreaPopulation(models.Model):
    """How many live in an area in a year: the denominator of incident rates."""

    area = models.ForeignKey(
        "lagesbild.Area",
        on_delete=models.CASCADE,
        related_name="populations",
        verbose_name=_("area"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    population = models.PositiveIntegerField(
        _("population"),
        validators=[MinValueValidator(1)],
        help_text=_("Inhabitants on 31 December of the year."),
    )
    is_approximate = models.BooleanField(
        _("approximate"),
        default=False,
        help_text=_(
            "Ticked for the seeded figures: approximations that add up to about 160 000 "
            "inhabitants in Västerås. Replace them with the city's statistics (NYKO)."
        ),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the figure comes from, e.g. “SCB, folkmängd per NYKO 31 dec”."),
    )

    class Meta:
        ordering = ["area__name", "-year"]
        verbose_name = _("area population")
        verbose_name_plural = _("area populations")
        constraints = [
            UniqueConstraint(
                fields=["area", "year"],
                name="area_population_unique_year",
                field="year",
                violation_error_message=_("The area already has a population for this year."),
            ),
            CheckConstraint(
                condition=Q(population__gte=1),
                name="area_population_positive",
                field="population",
                violation_error_message=_("The population is at least 1."),
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.year}: {self.population}"


class GoalQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """The council's goals and those of the agreements in force on `day`: not the
        goals of an agreement that had ended (or been terminated) or not yet started."""
        in_force = CooperationAgreement.objects.in_force_on(day).values("pk")
        return self.filter(Q(agreement__isnull=True) | Q(agreement__in=in_force))


class Goal(models.Model):
    """A målformulering of the council or of an agreement period, with its target."""

    class Direction(models.TextChoices):
        FALL = "minska", _("should fall")
        RISE = "oka", _("should rise")

    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("council"),
    )
    agreement = models.ForeignKey(
        "councils.CooperationAgreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("agreement period"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("goal"), help_text=_("The goal as it was decided."))
    focus_areas = models.ManyToManyField(
        "councils.FocusArea",
        blank=True,
        related_name="goals",
        verbose_name=_("focus areas"),
        help_text=_("The council's insatsområden the goal belongs to."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=Direction.choices,
        default=Direction.FALL,
        help_text=_("Whether the main indicator should fall (fewer incidents) or rise."),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    baseline_value = models.DecimalField(
        _("baseline value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the main indicator's first value from the baseline year on."),
    )
    target_value = models.DecimalField(
        _("target value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "In the main indicator's unit. Empty: the goal gives only a direction, and the "
            "verdict asks whether the indicator moves that way."
        ),
    )
    target_date = models.DateField(_("target date"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    is_demo = demo_flag()
    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            CheckConstraint(
                condition=(Q(council__isnull=False) & Q(agreement__isnull=True))
                | (Q(council__isnull=True) & Q(agreement__isnull=False)),
                name="goal_owned_by_council_or_agreement",
                field="council",
                violation_error_message=_(
                    "Choose either the council or an agreement period, not both."
                ),
            ),
            UniqueConstraint(
                fields=["title"],
                name="goal_unique_title",
                field="title",
                violation_error_message=_("There is already a goal with this title."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def owner(self):
        return self.council or self.agreement

    def clean(self):
        if (self.council_id is None) == (self.agreement_id is None):
            raise ValidationError(
                _("A goal belongs either to the council or to an agreement period (one of them).")
            )
        if self.target_date and self.baseline_year and self.target_date.year < self.baseline_year:
            raise ValidationError(
                {"target_date": _("The target date lies before the baseline year.")}
            )


class Indicator(models.Model):
    """How a goal is measured: computed from incidents or from the trygghetsmätning."""

    class Kind(models.TextChoices):
        INCIDENT_COUNT = "antal", _("Number of incidents")
        INCIDENT_RATE = "per_1000", _("Incidents per 1 000 inhabitants")
        SURVEY_SHARE = "andel", _("Survey: share who feel unsafe (%)")
        SURVEY_MEAN = "medel", _("Survey: mean score")

    class Granularity(models.TextChoices):
        YEAR = "ar", _("per year")
        QUARTER = "kvartal", _("per quarter")

    SURVEY_KINDS = (Kind.SURVEY_SHARE, Kind.SURVEY_MEAN)

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal")
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Empty: described from the choices.")
    )
    kind = models.CharField(_("computed as"), max_length=10, choices=Kind.choices)
    granularity = models.CharField(
        _("period"),
        max_length=8,
        choices=Granularity.choices,
        default=Granularity.YEAR,
        help_text=_("Survey indicators are always per year."),
    )
    areas = models.ManyToManyField(
        "lagesbild.Area",
        blank=True,
        related_name="+",
        verbose_name=_("areas"),
        help_text=_("Empty: the whole municipality."),
    )
    categories = models.ManyToManyField(
        "lagesbild.Category",
        blank=True,
        related_name="+",
        verbose_name=_("categories"),
        help_text=_("Incident indicators only. A main category includes its events. Empty: all."),
    )
    survey_name = models.CharField(
        _("survey"),
        max_length=200,
        blank=True,
        help_text=_("Survey indicators only. Empty: every survey that asked the question."),
    )
    survey_question = models.CharField(
        _("survey question"), max_length=300, blank=True, help_text=_("Survey indicators only.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("The first indicator is the goal's main one.")
    )

    class Meta:
        ordering = ["goal", "position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            CheckConstraint(
                condition=~Q(kind__in=["andel", "medel"]) | ~Q(survey_question=""),
                name="indicator_survey_needs_question",
                field="survey_question",
                violation_error_message=_("A survey indicator needs a question."),
            ),
            CheckConstraint(
                condition=~Q(kind__in=["andel", "medel"]) | Q(granularity="ar"),
                name="indicator_survey_per_year",
                field="granularity",
                violation_error_message=_("A survey indicator is measured per year."),
            ),
        ]

    def __str__(self):
        return self.name or self.get_kind_display()

    @property
    def is_survey(self) -> bool:
        return self.kind in self.SURVEY_KINDS

    def clean(self):
        if self.is_survey and not self.survey_question:
            raise ValidationError({"survey_question": _("A survey indicator needs a question.")})
        if self.is_survey and self.granularity != self.Granularity.YEAR:
            raise ValidationError({"granularity": _("Survey indicators are per year.")})


class SurveyResultQuerySet(models.QuerySet):
    def with_enough_respondents(self):
        """Rows with at least SURVEY_MIN_RESPONDENTS answers (others are 'too few')."""
        return self.filter(respondents__gte=settings.SURVEY_MIN_RESPONDENTS)

    def published_by(self, day):
        """Figures published on or before `day`. Without a publication date a figure
        counts as published on 31 December of its survey year."""
        # 31 December of `year` is on or before `day` exactly when `year` is before the
        # year of the day after `day`.
        last_full_year = (day + dt.timedelta(days=1)).year - 1
        return self.filter(
            Q(published_on__lte=day) | Q(published_on__isnull=True, year__lte=last_full_year)
        )


class SurveyResult(models.Model):
    """One figure of a trygghetsmätning: a question's answer in an area and year."""

    survey_name = models.CharField(
        _("survey"), max_length=200, help_text=_("E.g. “Trygghetsmätning 2023”.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    area = models.ForeignKey(
        "lagesbild.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_results",
        verbose_name=_("area"),
        help_text=_("Empty: the whole municipality."),
    )
    question = models.CharField(_("question"), max_length=300)
    share_unsafe = models.DecimalField(
        _("share who feel unsafe (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    mean_score = models.DecimalField(
        _("mean score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    respondents = models.PositiveIntegerField(_("respondents"))
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the figures were made public. A meeting pack or report for an "
            "earlier day does not show them. Empty: not known, taken as 31 December of "
            "the survey year."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    is_demo = demo_flag()

    objects = SurveyResultQuerySet.as_manager()

    class Meta:
        ordering = ["survey_name", "question", "year", "area__name"]
        verbose_name = _("survey result")
        verbose_name_plural = _("survey results")
        constraints = [
            CheckConstraint(
                condition=Q(share_unsafe__isnull=True)
                | Q(share_unsafe__gte=0, share_unsafe__lte=100),
                name="survey_share_percent",
                field="share_unsafe",
                violation_error_message=_("The share is a percentage from 0 to 100."),
            ),
            CheckConstraint(
                condition=Q(share_unsafe__isnull=False) | Q(mean_score__isnull=False),
                name="survey_has_share_or_mean",
                field="share_unsafe",
                violation_error_message=_("Give the share or the mean score."),
            ),
            UniqueConstraint(
                fields=["survey_name", "year", "area", "question"],
                condition=Q(area__isnull=False),
                name="survey_unique_area_row",
                violation_error_message=_(
                    "This survey already has a value for the question, year and area."
                ),
            ),
            UniqueConstraint(
                fields=["survey_name", "year", "question"],
                condition=Q(area__isnull=True),
                name="survey_unique_municipality_row",
                violation_error_message=_(
                    "This survey already has a value for the question and year."
                ),
            ),
        ]
        indexes = [models.Index(fields=["question", "year"], name="survey_question_year")]

    def __str__(self):
        return f"{self.survey_name} · {self.area or _('Whole municipality')} · {self.question}"

    @property
    def too_few(self) -> bool:
        return self.respondents < settings.SURVEY_MIN_RESPONDENTS

    def clean(self):
        if self.share_unsafe is None and self.mean_score is None:
            raise ValidationError(_("Give the share who feel unsafe, the mean score, or both."))
