"""What it costs: the trygghetspaket, its themes, allocations per nämnd and spending.

Money is Decimal SEK. Invariants that one row can express are database constraints;
the one that spans rows (allocations never exceed the package total) is kept by
`services.allocation_create` under a row lock on the package.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import formatting
from core.constraints import CheckConstraint, UniqueConstraint
from core.demo import demo_flag
from core.history import History
from councils.models import Committee

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Value(Decimal("0"), output_field=models.DecimalField(**MONEY))


class BudgetPackage(models.Model):
    """A trygghetspaket: a sum decided for one year, split across themes and nämnder."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    total = models.DecimalField(_("total (SEK)"), **MONEY)
    description = models.TextField(_("description"), blank=True)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    majority = models.CharField(
        _("political majority"),
        max_length=200,
        blank=True,
        help_text=_("For example: Västeråsmajoriteten (S, KD, C, V)."),
    )
    decided_by = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_packages",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(
        _("decided (month)"),
        null=True,
        blank=True,
        help_text=_("The first day of the month when only the month is known."),
    )
    decision_text = models.CharField(_("decision"), max_length=300, blank=True)
    allocation_heading = models.CharField(_("allocation heading"), max_length=200, blank=True)
    signed_place_date = models.CharField(
        _("place and date"), max_length=100, blank=True, help_text=_("Västerås, februari 2023")
    )
    source_document = models.CharField(_("source document"), max_length=300, blank=True)
    is_demo = demo_flag()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("budget package")
        verbose_name_plural = _("budget packages")
        constraints = [
            CheckConstraint(
                condition=Q(total__gt=0),
                name="budget_package_total_positive",
                field="total",
                violation_error_message=_("The total must be more than 0 kr."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self, name: str = "budget:package_detail") -> str:
        return reverse(name, kwargs={"pk": self.pk})

    def clean(self):
        # The total may not drop below what is already allocated.
        if self.pk and self.total is not None:
            allocated = Allocation.objects.filter(theme__package=self).aggregate(
                s=Coalesce(Sum("amount"), ZERO)
            )["s"]
            if self.total < allocated:
                raise ValidationError(
                    {"total": _("The total cannot be less than what is already allocated.")}
                )


class Signatory(models.Model):
    """A politician who signed the package, with their title."""

    package = models.ForeignKey(
        BudgetPackage,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("budget package"),
    )
    name = models.CharField(_("name"), max_length=200)
    party = models.CharField(_("party"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["package", "order"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            UniqueConstraint(
                fields=["package", "name"],
                name="budget_signatory_unique",
                field="name",
                violation_error_message=_("This signatory is already on the package."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.party})" if self.party else self.name


class Theme(models.Model):
    """A heading of the package ("Föreningsverksamhet och kulturaktiviteter …")."""

    package = models.ForeignKey(
        BudgetPackage,
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("budget package"),
    )
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["package", "order"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            UniqueConstraint(
                fields=["package", "title"],
                name="budget_theme_unique_title",
                field="title",
                violation_error_message=_("The package already has a theme with this title."),
            )
        ]

    def __str__(self):
        return self.title


class AllocationQuerySet(models.QuerySet):
    def of_package(self, package):
        return self.filter(theme__package=package)

    def with_figures(self, *, as_of=None):
        """Annotate `spent` (net, corrections included), `forecast` (latest) and `overspent`.

        With `as_of` (a day), as they stood on that day: spending dated after it and
        forecasts made after it are left out.
        """
        spent = (
            Expenditure.objects.dated_by(as_of)
            .filter(allocation=OuterRef("pk"))
            .order_by()
            .values("allocation")
            .annotate(s=Sum("amount"))
            .values("s")
        )
        latest = (
            Forecast.objects.made_by(as_of)
            .filter(allocation=OuterRef("pk"))
            .order_by("-as_of", "-pk")
        )
        return self.annotate(
            spent=Coalesce(Subquery(spent, output_field=models.DecimalField(**MONEY)), ZERO),
            forecast=Subquery(latest.values("amount")[:1]),
            forecast_as_of=Subquery(latest.values("as_of")[:1]),
        ).annotate(
            overspent=models.ExpressionWrapper(
                Q(spent__gt=F("amount")), output_field=models.BooleanField()
            )
        )


class Allocation(models.Model):
    """Money for one nämnd under one theme, and the activities it pays for."""

    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("theme")
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="budget_allocations",
        verbose_name=_("committee"),
    )
    amount = models.DecimalField(_("amount (SEK)"), **MONEY)
    label = models.CharField(
        _("label in the source"),
        max_length=200,
        blank=True,
        help_text=_("As the decision writes it, e.g. “Kulturnämnden, 2 miljoner kronor”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Optimistic lock: an edit saves only if nobody saved since it was read.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = History(excluded_fields=["version"])
    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["theme__package", "theme__order", "order", "pk"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            CheckConstraint(
                condition=Q(amount__gt=0),
                name="budget_allocation_positive",
                field="amount",
                violation_error_message=_("The amount must be more than 0 kr."),
            ),
            UniqueConstraint(
                fields=["theme", "committee", "order"],
                name="budget_allocation_unique",
                field="order",
                violation_error_message=_(
                    "The theme already has an allocation to this committee in this place."
                ),
            ),
        ]

    def __str__(self):
        return self.label or f"{self.committee} · {self.theme}"

    @property
    def activity_tree(self) -> list[tuple["Activity", list["Activity"]]]:
        """The activities as the decision lists them: each with its sub-items."""
        activities = list(self.activities.all())
        children: dict[int, list] = {}
        for activity in activities:
            if activity.parent_id:
                children.setdefault(activity.parent_id, []).append(activity)
        return [(a, children.get(a.pk, [])) for a in activities if not a.parent_id]


class Activity(models.Model):
    """What an allocation pays for, with an optional measurable target."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="activities")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_activities",
        verbose_name=_("under the activity"),
        help_text=_("For a sub-item of the decision's list (indented in the source)."),
    )
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    target_number = models.PositiveIntegerField(_("target (number)"), null=True, blank=True)
    target_unit = models.CharField(
        _("target (unit)"), max_length=100, blank=True, help_text=_("e.g. feriepraktikplatser")
    )
    # The trail kronor → activity → measure → effect (budget sits above measures).
    measures = models.ManyToManyField(
        "measures.Measure",
        blank=True,
        related_name="budget_activities",
        verbose_name=_("measures"),
        help_text=_("The measures that carry out this activity."),
    )

    class Meta:
        ordering = ["allocation", "order"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            UniqueConstraint(
                fields=["allocation", "order"],
                name="budget_activity_order",
                field="order",
                violation_error_message=_("The allocation already has an activity in this place."),
            ),
            CheckConstraint(
                condition=Q(target_number__isnull=True) | ~Q(target_unit=""),
                name="budget_activity_target_has_unit",
                field="target_unit",
                violation_error_message=_("A target number needs its unit (e.g. “meetings”)."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.parent_id and self.parent.allocation_id != self.allocation_id:
            raise ValidationError({"parent": _("The activity belongs to another allocation.")})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("A sub-item cannot have sub-items of its own.")})

    @property
    def target(self) -> str:
        """ "250 feriepraktikplatser", or empty."""
        if self.target_number is None:
            return ""
        return f"{formatting.number(self.target_number)} {self.target_unit}"

    def linked_measures(self) -> list:
        """The measures this activity funds (prefetched by the trail's selector)."""
        return list(self.measures.all())


class ExpenditureQuerySet(models.QuerySet):
    def of_package(self, package):
        return self.filter(allocation__theme__package=package)

    def dated_by(self, day):
        """Entries (corrections too) dated on or before `day`; every entry when None."""
        return self if day is None else self.filter(date__lte=day)


class Expenditure(models.Model):
    """Utfall: money spent. Append-only; a correction is its own entry, never an edit."""

    allocation = models.ForeignKey(
        Allocation,
        on_delete=models.PROTECT,
        related_name="expenditures",
        verbose_name=_("allocation"),
    )
    date = models.DateField(_("date"))
    month_only = models.BooleanField(
        _("whole month"),
        default=False,
        help_text=_("The outcome is known per month only; the date is the month's first day."),
    )
    amount = models.DecimalField(
        _("amount (SEK)"),
        **MONEY,
        help_text=_("Negative only in a correction."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    history = History()
    objects = ExpenditureQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        constraints = [
            CheckConstraint(
                condition=~Q(amount=0) & (Q(amount__gt=0) | Q(corrects__isnull=False)),
                name="budget_expenditure_negative_only_as_correction",
                field="amount",
                violation_error_message=_(
                    "An amount is more than 0 kr; a negative amount only as a correction of an "
                    "earlier entry."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.date} · {self.allocation} · {self.amount}"

    def save(self, *args, **kwargs):
        # History is never rewritten: an existing entry cannot be saved again.
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("Spending entries cannot be changed; register a correction."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Spending entries cannot be deleted; register a correction."))


class ForecastQuerySet(models.QuerySet):
    def made_by(self, day):
        """Forecasts made (as of) on or before `day`; every forecast when None."""
        return self if day is None else self.filter(as_of__lte=day)


class Forecast(models.Model):
    """Prognos: what an allocation is expected to cost by year end. The latest counts."""

    allocation = models.ForeignKey(
        Allocation, on_delete=models.CASCADE, related_name="forecasts", verbose_name=_("allocation")
    )
    as_of = models.DateField(_("as of"))
    amount = models.DecimalField(_("forecast (SEK)"), **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    objects = ForecastQuerySet.as_manager()

    class Meta:
        ordering = ["allocation", "-as_of", "-pk"]
        get_latest_by = ["as_of", "pk"]
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        constraints = [
            CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_forecast_not_negative",
                field="amount",
                violation_error_message=_("A forecast cannot be negative."),
            )
        ]

    def __str__(self):
        return f"{self.allocation} · {self.as_of} · {self.amount}"


class PlanFunding(models.Model):
    """Kronor of an allocation (and optionally one of its activities) that fund an
    action of an åtgärdsplan. On the budget's side because budget sits above measures."""

    entry = models.ForeignKey(
        "measures.ActionPlanEntry",
        on_delete=models.CASCADE,
        related_name="fundings",
        verbose_name=_("action"),
    )
    allocation = models.ForeignKey(
        Allocation,
        on_delete=models.PROTECT,
        related_name="plan_fundings",
        verbose_name=_("allocation"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_fundings",
        verbose_name=_("activity"),
        help_text=_("Empty: the allocation as a whole."),
    )
    amount = models.DecimalField(
        _("amount (SEK)"), help_text=_("The part of the allocation for this action."), **MONEY
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_demo = demo_flag()

    class Meta:
        ordering = ["entry", "allocation__theme__order", "allocation__order", "pk"]
        verbose_name = _("funding of an action")
        verbose_name_plural = _("funding of actions")
        constraints = [
            CheckConstraint(
                condition=Q(amount__gt=0),
                name="budget_planfunding_positive",
                field="amount",
                violation_error_message=_("The amount must be more than 0 kr."),
            ),
            UniqueConstraint(
                fields=["entry", "allocation", "activity"],
                name="budget_planfunding_once",
                field="allocation",
                nulls_distinct=False,
                violation_error_message=_("The action already has funding from this line."),
            ),
        ]

    def __str__(self):
        return f"{self.allocation}: {formatting.sek(self.amount)}"

    def clean(self):
        if (
            self.activity_id
            and self.allocation_id
            and self.activity.allocation_id != self.allocation_id
        ):
            raise ValidationError({"activity": _("The activity belongs to another allocation.")})
        if self.allocation_id and self.amount is not None and self.amount > self.allocation.amount:
            raise ValidationError({"amount": _("The amount is more than the whole allocation.")})
