"""Reads of the budget app: what the pages, the export and the meeting pack show."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate

from core.coverage import MISSING, Coverage
from core.versioned import figures_cached
from councils.models import Committee
from measures import effect
from measures.models import ActionPlanEntry, Measure

from .models import (
    MONEY,
    ZERO,
    Activity,
    Allocation,
    BudgetPackage,
    Expenditure,
    Forecast,
    PlanFunding,
)

D0 = Decimal("0")


@dataclass
class Figures:
    """Allocated, spent (net of corrections) and forecast for one row of a summary."""

    key: int
    label: str
    allocated: Decimal = D0
    spent: Decimal = D0
    forecast: Decimal | None = None
    short: str = ""

    def __post_init__(self):
        # Chart labels must fit the label column: long theme titles are shortened.
        if len(self.short) > 30:
            self.short = self.short[:29].rstrip() + "…"

    @property
    def overspent(self) -> bool:
        return self.spent > self.allocated

    @property
    def remaining(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def spent_share(self) -> int:
        return int(self.spent * 100 / self.allocated) if self.allocated else 0


def packages():
    """Every package, newest first, with allocated and spent totals (one query)."""
    allocated = (
        Allocation.objects.filter(theme__package=OuterRef("pk"))
        .order_by()
        .values("theme__package")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    spent = (
        Expenditure.objects.filter(allocation__theme__package=OuterRef("pk"))
        .order_by()
        .values("allocation__theme__package")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    money = DecimalField(**MONEY)
    return BudgetPackage.objects.annotate(
        allocated=Coalesce(Subquery(allocated, output_field=money), ZERO),
        spent=Coalesce(Subquery(spent, output_field=money), ZERO),
    ).order_by("-year", "name")


def packages_plain():
    """Every package, without figures (for one package looked up by its key)."""
    return BudgetPackage.objects.all()


def committees_of(package: BudgetPackage):
    """The nämnder that hold an allocation in `package`."""
    return Committee.objects.filter(budget_allocations__theme__package=package).distinct()


def allocation_count(package: BudgetPackage) -> int:
    """How many allocations `package` has (the rows of its export)."""
    return Allocation.objects.of_package(package).count()


def allocations_with_names():
    """Allocations with their nämnd and theme (for the edit form's title)."""
    return Allocation.objects.select_related("committee", "theme")


def expenditures_with_package():
    """Spending entries with the package they belong to."""
    return Expenditure.objects.select_related("allocation__theme__package")


def activities_with_committee():
    """Activities with their allocation's nämnd."""
    return Activity.objects.select_related("allocation__committee")


def activity_measures(activity: Activity) -> list[Measure]:
    """The measures that carry out `activity`."""
    return list(activity.measures.all())


def current_package(today: datetime.date | None = None) -> BudgetPackage | None:
    """The real (non-demo) package of this year, else the newest real one, else any."""
    year = (today or datetime.date.today()).year
    qs = packages()
    return (
        qs.filter(is_demo=False, year=year).first()
        or qs.filter(is_demo=False).first()
        or qs.first()
    )


def _latest_forecasts(package, as_of: datetime.date | None = None):
    """Only the newest forecast of every allocation of `package` (made by `as_of`)."""
    made = Forecast.objects.made_by(as_of)
    newest = made.filter(allocation=OuterRef("allocation")).order_by("-as_of", "-pk")
    return made.filter(allocation__theme__package=package, pk=Subquery(newest.values("pk")[:1]))


def _spending(package, as_of: datetime.date | None = None):
    """The package's spending entries, corrections included, dated by `as_of`."""
    return Expenditure.objects.of_package(package).dated_by(as_of)


def summary(
    package: BudgetPackage, *, by: str, as_of: datetime.date | None = None
) -> list[Figures]:
    """Allocated vs spent vs forecast per `committee` or per `theme`, in SQL.

    With `as_of` (a meeting's day), the figures as they stood then: spending dated after
    it and forecasts made after it are not counted.
    """
    if by == "committee":
        key, label, short = "committee", "committee__name", "committee__short_name"
        order = ["-allocated", "committee__name"]
    elif by == "theme":
        key, label, short = "theme", "theme__title", "theme__title"
        order = ["theme__order"]
    else:
        raise ValueError(by)
    rows = {
        r[key]: Figures(key=r[key], label=r[label], short=r[short], allocated=r["allocated"])
        for r in Allocation.objects.of_package(package)
        .order_by()
        .values(key, label, short, "theme__order" if by == "theme" else label)
        .annotate(allocated=Sum("amount"))
        .order_by(*order)
    }
    prefix = "allocation__"
    for r in _spending(package, as_of).order_by().values(prefix + key).annotate(s=Sum("amount")):
        rows[r[prefix + key]].spent = r["s"]
    forecasts = _latest_forecasts(package, as_of)
    for r in forecasts.order_by().values(prefix + key).annotate(s=Sum("amount")):
        rows[r[prefix + key]].forecast = r["s"]
    return list(rows.values())


@figures_cached("budget", "measures", "councils", local=True)
def current_status() -> dict | None:
    """The current package and its totals (the start page), None when there is none."""
    package = current_package()
    if package is None:
        return None
    return {"package": package, "figures": totals(package)}


def totals(package: BudgetPackage, *, as_of: datetime.date | None = None) -> Figures:
    """The package as one row: total allocated, spent and forecast (as of a day, if given)."""
    allocated = Allocation.objects.of_package(package).aggregate(s=Sum("amount"))["s"] or D0
    spent = _spending(package, as_of).aggregate(s=Sum("amount"))["s"] or D0
    forecast = _latest_forecasts(package, as_of).aggregate(s=Sum("amount"))["s"]
    return Figures(
        key=package.pk, label=package.name, allocated=allocated, spent=spent, forecast=forecast
    )


def allocations(package: BudgetPackage, *, committee=None, as_of: datetime.date | None = None):
    """The package's allocations with their figures (as of a day, if given) and activities,
    in the decision's order."""
    qs = (
        Allocation.objects.of_package(package)
        .with_figures(as_of=as_of)
        .select_related("theme", "committee")
        .prefetch_related("activities")
    )
    if committee is not None:
        qs = qs.filter(committee=committee)
    return qs


def monthly_spending(
    package: BudgetPackage, today: datetime.date | None = None
) -> list[tuple[datetime.date, Decimal | None, Decimal | None]]:
    """(month, spent that month, cumulative) for the twelve months of the package's year.

    A month that has not begun has no figures (None, shown "–"), not 0 kr spent.
    """
    coverage = Coverage(first=datetime.date(package.year, 1, 1), today=today or localdate())
    by_month = dict(
        Expenditure.objects.of_package(package)
        .filter(date__year=package.year)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month")
        .annotate(s=Sum("amount"))
        .values_list("month", "s")
    )
    rows, running = [], D0
    for m in range(1, 13):
        month = datetime.date(package.year, m, 1)
        if coverage.status(month, month) == MISSING:
            rows.append((month, None, None))
            continue
        value = by_month.get(month, D0)
        running += value
        rows.append((month, value, running))
    return rows


def expenditures(package: BudgetPackage, *, committee=None):
    """Every spending entry of the package, corrections included, newest first."""
    qs = (
        Expenditure.objects.of_package(package)
        .select_related("allocation__committee", "allocation__theme", "corrects", "created_by")
        .order_by("-date", "-pk")
    )
    if committee is not None:
        qs = qs.filter(allocation__committee=committee)
    return qs


def trail(package: BudgetPackage):
    """Allocations → activities → measures, each measure with its evaluated effect."""
    rows = list(
        allocations(package).prefetch_related(
            Prefetch(
                "activities__measures",
                queryset=Measure.objects.select_related("owner", "comparison_area").order_by(
                    "title"
                ),
            )
        )
    )
    summaries: dict[int, str] = {}
    for allocation in rows:
        for activity in allocation.activities.all():
            for measure in activity.measures.all():
                if measure.pk not in summaries:
                    evaluation = effect.evaluate(measure)
                    summaries[measure.pk] = evaluation.sentence or evaluation.problem
                measure.effect_summary = summaries[measure.pk]
    return rows


def plan_fundings(entry_id: int) -> list:
    """The kronor funding an action of an åtgärdsplan, with their allocation and activity."""
    return list(
        PlanFunding.objects.filter(entry_id=entry_id).select_related(
            "allocation__committee", "allocation__theme__package", "activity"
        )
    )


def plan_funding_total(plan_id: int):
    """All kronor linked to the actions of a plan (0 when none)."""
    return PlanFunding.objects.filter(entry__plan_id=plan_id).aggregate(s=Sum("amount"))["s"] or 0


def plan_funding(pk: int, entry_id: int) -> PlanFunding:
    return get_object_or_404(PlanFunding, pk=pk, entry_id=entry_id)


def plan_entry(pk: int):
    """An action of an åtgärdsplan (404 when missing)."""
    return get_object_or_404(
        ActionPlanEntry.objects.select_related("plan", "measure", "responsible"), pk=pk
    )
