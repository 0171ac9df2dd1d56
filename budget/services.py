"""Writes of the budget app: allocations under the package total, append-only spending."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.formatting import sek
from core.locking import version_claim
from councils.models import Committee

from .models import Activity, Allocation, BudgetPackage, Expenditure, Forecast, PlanFunding, Theme


def allocated_sum(*, package: BudgetPackage, exclude_pk: int | None = None) -> Decimal:
    """What is allocated in `package` now (optionally without one allocation)."""
    qs = Allocation.objects.filter(theme__package=package)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal("0")


def allocation_check_total(
    *, package: BudgetPackage, amount: Decimal, exclude_pk: int | None = None
) -> None:
    """Raise a Swedish ValidationError when `amount` more would exceed the total."""
    excess = allocated_sum(package=package, exclude_pk=exclude_pk) + amount - package.total
    if excess > 0:
        raise ValidationError(
            _("The allocations would exceed the package total of %(total)s by %(excess)s.")
            % {"total": sek(package.total), "excess": sek(excess)},
            code="exceeds_total",
        )


@transaction.atomic
def allocation_create(
    *,
    theme: Theme,
    committee: Committee,
    amount: Decimal,
    label: str = "",
    order: int | None = None,
    activities: list[str] = (),
) -> Allocation:
    """Allocate money to a nämnd under a theme (with its activities), never past the total."""
    # Lock the package row: a second coordinator saving at the same moment waits here
    # and then sums what the first one committed, so both cannot pass the total.
    package = BudgetPackage.objects.select_for_update().get(pk=theme.package_id)
    allocation_check_total(package=package, amount=amount)
    if order is None:
        order = Allocation.objects.filter(theme=theme).count()
    allocation = Allocation(
        theme=theme, committee=committee, amount=amount, label=label, order=order
    )
    allocation.full_clean()
    allocation.save()
    for text in activities:
        activity_create(allocation=allocation, text=text)
    return allocation


@transaction.atomic
def allocation_update(
    *,
    allocation: Allocation,
    amount: Decimal,
    label: str | None = None,
    version: int | None = None,
    user=None,
) -> Allocation:
    """Change an allocation's amount (and label), never past the package total.

    `version` is the one the editor saw; EditConflict if someone saved since.
    """
    package = BudgetPackage.objects.select_for_update().get(pk=allocation.theme.package_id)
    allocation_check_total(package=package, amount=amount, exclude_pk=allocation.pk)
    allocation.amount = amount
    if label is not None:
        allocation.label = label
    allocation.full_clean()
    version_claim(allocation, version=version)
    if user is not None:
        allocation._history_user = user
    allocation.save(update_fields=["amount", "label", "version"])
    return allocation


def activity_create(
    *,
    allocation: Allocation,
    text: str,
    target_number: int | None = None,
    target_unit: str = "",
) -> Activity:
    """Add an activity that the allocation pays for."""
    activity = Activity(
        allocation=allocation,
        text=text,
        order=allocation.activities.count(),
        target_number=target_number,
        target_unit=target_unit,
    )
    activity.full_clean()
    activity.save()
    return activity


def expenditure_record(
    *,
    allocation: Allocation,
    date: datetime.date,
    amount: Decimal,
    note: str = "",
    month_only: bool = False,
    user=None,
) -> Expenditure:
    """Register spending. Spending past the allocation is allowed (and flagged on pages)."""
    if amount <= 0:
        raise ValidationError(
            {"amount": _("Spending must be more than 0 kr. Register a correction to reduce it.")}
        )
    if month_only:
        date = date.replace(day=1)
    entry = Expenditure(
        allocation=allocation,
        date=date,
        month_only=month_only,
        amount=amount,
        note=note,
        created_by=user,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def expenditure_correct(
    *,
    original: Expenditure,
    amount: Decimal,
    note: str,
    date: datetime.date | None = None,
    user=None,
) -> Expenditure:
    """Register a correction of `original` as a new entry; the original stays as it was."""
    # Lock the original so two corrections cannot together take it below zero.
    original = Expenditure.objects.select_for_update().get(pk=original.pk)
    if original.corrects_id is not None:
        raise ValidationError(_("Correct the original entry, not a correction."))
    if amount == 0:
        raise ValidationError({"amount": _("A correction of 0 kr changes nothing.")})
    if not note.strip():
        raise ValidationError({"note": _("Say why the entry is corrected.")})
    net = original.amount + (original.corrections.aggregate(s=Sum("amount"))["s"] or 0)
    if net + amount < 0:
        message = _("The correction would make the entry negative: at most %(net)s can be undone.")
        raise ValidationError({"amount": message % {"net": sek(net)}})
    entry = Expenditure(
        allocation=original.allocation,
        date=date or datetime.date.today(),
        amount=amount,
        note=note,
        corrects=original,
        created_by=user,
    )
    entry.full_clean()
    entry.save()
    return entry


def forecast_record(
    *,
    allocation: Allocation,
    as_of: datetime.date,
    amount: Decimal,
    note: str = "",
    user=None,
) -> Forecast:
    """Register a forecast for an allocation; the latest one counts."""
    forecast = Forecast(
        allocation=allocation, as_of=as_of, amount=amount, note=note, created_by=user
    )
    forecast.full_clean()
    forecast.save()
    return forecast


def activity_link_measures(*, activity: Activity, measures) -> Activity:
    """Set which measures carry out `activity` (the trail from kronor to effect)."""
    activity.measures.set(measures)
    return activity


@transaction.atomic
def plan_funding_add(
    *, entry, allocation: Allocation, amount, activity=None, note=""
) -> PlanFunding:
    """Fund an action of an åtgärdsplan with kronor of an allocation (or an activity).

    The fundings of one allocation never exceed it (checked under a row lock).
    """
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    funding = PlanFunding(
        entry=entry, allocation=allocation, activity=activity, amount=amount, note=note
    )
    funding.full_clean()
    already = PlanFunding.objects.filter(allocation=allocation).aggregate(s=Sum("amount"))["s"] or 0
    if already + funding.amount > allocation.amount:
        raise ValidationError(
            {
                "amount": _("The allocation has %(left)s left for actions; this is more.")
                % {"left": sek(allocation.amount - already)}
            }
        )
    funding.save()
    return funding


def plan_funding_remove(*, funding: PlanFunding) -> None:
    funding.delete()
