"""Reported crime, populations and Brå's NTU: the official statistics beside the EST incidents.

The kartläggning of lag (2023:196) asks for crime's extent: Brå's statistics of reported
crimes (anmälda brott) per municipality, crime category and year or quarter, the police's
own extracts by crime code (brottskod), the populations that turn counts into rates per
1 000 inhabitants, and perceived safety from Brå's Nationella trygghetsundersökningen
(NTU). Everything is keyed on official codes: kommunkod (Västerås 1980), länskod
(Västmanland 19), riket 00 and SKR's kommungrupp (2017 grouping; Västerås B3).

Disclosure: these are published official aggregates at municipality level or above, so
they are shown exactly to every role that reads the lägesbild (no small-count
suppression). Nothing here is at area level or below; figures there stay behind
`lagesbild/figures/disclosure.py`.

Victims and consequences of crime (`VictimConsequence`) are structured rows of the annual
picture: the victim perspective (särskilt utsatta brottsoffer, partner input such as
Brottsofferjouren's) and consequences, with source organisation, figure and period.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint, UniqueConstraint
from core.demo import demo_flag
from core.personal_data import validate_no_personal_data

__all__ = [
    "CrimeCategory",
    "CrimeCode",
    "NtuResult",
    "RegionPopulation",
    "ReportedCrime",
    "StatisticsRegion",
    "VictimConsequence",
]


class CrimeCategory(models.Model):
    """A main category of Brå's statistics of reported crimes (e.g. Skadegörelsebrott)."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Brå's code: the chapter of the Penal Code, e.g. 12 or 3-7."),
    )
    name = models.CharField(_("name"), max_length=120, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("crime category")
        verbose_name_plural = _("crime categories")

    def __str__(self):
        return self.name


class CrimeCode(models.Model):
    """A crime code (brottskod) of the police, mapped to a category of the statistics."""

    code = models.CharField(
        _("crime code"),
        max_length=4,
        unique=True,
        help_text=_("The police's four-digit crime code (brottskod), e.g. 1201."),
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        CrimeCategory,
        on_delete=models.PROTECT,
        related_name="crime_codes",
        verbose_name=_("crime category"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("crime code")
        verbose_name_plural = _("crime codes")
        constraints = [
            CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"),
                name="crimecode_four_digits",
                field="code",
                violation_error_message=_("A crime code is four digits."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class StatisticsRegion(models.Model):
    """A region of the official statistics: a municipality, a county, the country or one
    of SKR's municipality groups."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "kommun", _("Municipality")
        COUNTY = "lan", _("County")
        COUNTRY = "riket", _("The whole country")
        MUNICIPALITY_GROUP = "kommungrupp", _("Municipality group (SKR)")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    code = models.CharField(
        _("code"),
        max_length=4,
        help_text=_(
            "Official code: kommunkod (4 digits, Västerås 1980), länskod (2 digits, "
            "Västmanland 19), 00 for the whole country, SKR's kommungrupp (e.g. B3)."
        ),
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("statistics region")
        verbose_name_plural = _("statistics regions")
        constraints = [
            UniqueConstraint(
                fields=["kind", "code"],
                name="statisticsregion_unique_code",
                field="code",
                violation_error_message=_("There is already a region of this kind and code."),
            ),
            CheckConstraint(
                condition=Q(kind="kommun", code__regex=r"^[0-9]{4}$")
                | Q(kind="lan", code__regex=r"^[0-9]{2}$")
                | Q(kind="riket", code="00")
                | Q(kind="kommungrupp", code__regex=r"^[ABC][1-9]$"),
                name="statisticsregion_code_fits_kind",
                field="code",
                violation_error_message=_(
                    "The code does not fit the kind: a municipality has four digits, a "
                    "county two, the whole country 00, a municipality group e.g. B3."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class RegionPopulation(models.Model):
    """Inhabitants of a region on 31 December of a year (SCB), for rates per 1 000."""

    region = models.ForeignKey(
        StatisticsRegion,
        on_delete=models.PROTECT,
        related_name="populations",
        verbose_name=_("region"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    is_demo = demo_flag()

    class Meta:
        ordering = ["region", "year"]
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [
            UniqueConstraint(
                fields=["region", "year"],
                name="regionpopulation_one_per_year",
                field="year",
                violation_error_message=_("The region already has a population for this year."),
            ),
            CheckConstraint(
                condition=Q(population__gte=1),
                name="regionpopulation_positive",
                field="population",
                violation_error_message=_("The population must be at least 1."),
            ),
            CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="regionpopulation_year_sane",
                field="year",
                violation_error_message=_("Give a year from 1990 to 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.year}: {self.population}"


class ReportedCrime(models.Model):
    """Reported crimes of a category in a region and year (or quarter of it)."""

    class Source(models.TextChoices):
        BRA = "bra", _("Brå, reported crimes")
        POLICE = "polisen", _("Police extract by crime code")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    region = models.ForeignKey(
        StatisticsRegion,
        on_delete=models.PROTECT,
        related_name="reported_crimes",
        verbose_name=_("region"),
    )
    category = models.ForeignKey(
        CrimeCategory,
        on_delete=models.PROTECT,
        related_name="reported_crimes",
        verbose_name=_("crime category"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, help_text=_("Empty: the whole year.")
    )
    count = models.PositiveIntegerField(_("count"))
    imported_at = models.DateTimeField(_("imported"), auto_now=True)
    is_demo = demo_flag()

    class Meta:
        ordering = ["region", "category", "year", "quarter"]
        verbose_name = _("reported crimes")
        verbose_name_plural = _("reported crimes")
        constraints = [
            UniqueConstraint(
                fields=["source", "region", "category", "year", "quarter"],
                nulls_distinct=False,
                name="reportedcrime_one_per_period",
                violation_error_message=_(
                    "There is already a figure for this region, category and period."
                ),
            ),
            CheckConstraint(
                condition=Q(count__gte=0),
                name="reportedcrime_count_not_negative",
                field="count",
                violation_error_message=_("The count cannot be negative."),
            ),
            CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="reportedcrime_quarter_1_to_4",
                field="quarter",
                violation_error_message=_("The quarter is 1, 2, 3 or 4."),
            ),
            CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="reportedcrime_year_sane",
                field="year",
                violation_error_message=_("Give a year from 1990 to 2100."),
            ),
        ]

    def __str__(self):
        period = f"{self.year} Q{self.quarter}" if self.quarter else str(self.year)
        return f"{self.region} · {self.category} · {period}: {self.count}"


NTU_QUESTION = "Otrygghet vid utevistelse sent en kväll i det egna bostadsområdet"


class NtuResult(models.Model):
    """Brå's NTU: the share of a region's inhabitants (16–84 years) who feel unsafe."""

    region = models.ForeignKey(
        StatisticsRegion,
        on_delete=models.PROTECT,
        related_name="ntu_results",
        verbose_name=_("region"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    question = models.CharField(_("question"), max_length=200, default=NTU_QUESTION)
    share_unsafe = models.DecimalField(
        _("share who feel unsafe (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    is_demo = demo_flag()

    class Meta:
        ordering = ["region", "year"]
        verbose_name = _("NTU result")
        verbose_name_plural = _("NTU results")
        constraints = [
            UniqueConstraint(
                fields=["region", "year", "question"],
                name="nturesult_one_per_question_and_year",
                field="year",
                violation_error_message=_("The region already has this figure for the year."),
            ),
            CheckConstraint(
                condition=Q(share_unsafe__gte=0, share_unsafe__lte=100),
                name="nturesult_share_is_percent",
                field="share_unsafe",
                violation_error_message=_("The share is a percentage from 0 to 100."),
            ),
            CheckConstraint(
                condition=Q(year__gte=2006, year__lte=2100),
                name="nturesult_year_sane",
                field="year",
                violation_error_message=_("NTU exists from 2006; give a year from 2006 to 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.year}: {self.share_unsafe} %"


class VictimConsequence(models.Model):
    """A row of the annual picture's victim perspective or consequences of crime."""

    class Kind(models.TextChoices):
        VICTIMS = "brottsoffer", _("Victim perspective")
        CONSEQUENCE = "konsekvens", _("Consequence")

    annual_picture = models.ForeignKey(
        "lagesbild.AnnualPicture",
        on_delete=models.CASCADE,
        related_name="victim_consequences",
        verbose_name=_("annual situation picture"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    subject = models.CharField(
        _("subject"),
        max_length=200,
        help_text=_(
            "E.g. “Särskilt utsatta brottsoffer: äldre”, “Våld i nära relation”, “Otrygghet "
            "i centrum”."
        ),
    )
    description = models.TextField(
        _("what is reported"),
        help_text=_("What the source reports or what the consequence is. No personal data."),
        validators=[validate_no_personal_data],
    )
    organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source organisation"),
        help_text=_("The partner who reports it, e.g. Brottsofferjouren."),
    )
    figure = models.PositiveIntegerField(
        _("figure"), null=True, blank=True, help_text=_("E.g. the number of support contacts.")
    )
    figure_unit = models.CharField(
        _("unit of the figure"),
        max_length=60,
        blank=True,
        help_text=_("What the figure counts, e.g. “stödkontakter”."),
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    is_demo = demo_flag()

    class Meta:
        ordering = ["annual_picture", "kind", "pk"]
        verbose_name = _("victim perspective or consequence")
        verbose_name_plural = _("victim perspective and consequences")
        constraints = [
            CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="victimconsequence_period_ordered",
                field="period_end",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            CheckConstraint(
                condition=Q(figure__isnull=True) | ~Q(figure_unit=""),
                name="victimconsequence_figure_has_unit",
                field="figure_unit",
                violation_error_message=_("Say what the figure counts."),
            ),
        ]

    def __str__(self):
        return self.subject

    def clean(self):
        if self.figure is not None and not self.figure_unit.strip():
            raise ValidationError({"figure_unit": _("Say what the figure counts.")})
