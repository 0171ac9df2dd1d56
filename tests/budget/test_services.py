"""Invariants: the package total under concurrent saves, positive amounts, append-only spending."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from budget import selectors, services
from budget.models import Allocation, Expenditure
from tests.factories import (
    AllocationFactory,
    BudgetPackageFactory,
    CommitteeFactory,
    ExpenditureFactory,
    ThemeFactory,
)

from .conftest import text


@pytest.mark.django_db
def test_allocation_past_the_total_is_refused_with_a_swedish_message(package_2023):
    theme = package_2023.themes.first()
    committee = CommitteeFactory(name="Kulturnämnden")
    with pytest.raises(ValidationError) as error:
        services.allocation_create(theme=theme, committee=committee, amount=Decimal("250000"))
    assert text(error.value.messages[0]) == (
        "Fördelningarna skulle överskrida paketets totala belopp 15 000 000 kr med 250 000 kr."
    )
    assert selectors.totals(package_2023).allocated == Decimal("15000000")


@pytest.mark.django_db
def test_amounts_must_be_positive_in_the_database():
    allocation = AllocationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=allocation.pk).update(amount=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        # A negative amount that corrects nothing is refused by the database itself.
        Expenditure.objects.bulk_create(
            [Expenditure(allocation=allocation, date=datetime.date(2023, 1, 1), amount=-5)]
        )


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_allocating_at_once_cannot_both_pass_the_total(monkeypatch):
    package = BudgetPackageFactory(total=Decimal("1000000"))
    theme = ThemeFactory(package=package)
    services.allocation_create(
        theme=theme, committee=CommitteeFactory(name="KS"), amount=Decimal("400000")
    )
    committees = [CommitteeFactory(name="NIFF"), CommitteeFactory(name="KN")]

    # Widen the race window: sum, then wait before inserting. Without the row lock on
    # the package both threads would read 400 000 and both insert 500 000.
    real_sum = services.allocated_sum

    def slow_sum(**kwargs):
        result = real_sum(**kwargs)
        time.sleep(0.5)
        return result

    monkeypatch.setattr(services, "allocated_sum", slow_sum)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def coordinator(committee):
        try:
            barrier.wait()
            services.allocation_create(theme=theme, committee=committee, amount=Decimal("500000"))
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(text(error.messages[0]))
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=coordinator, args=(c,)) for c in committees]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == [
        "Fördelningarna skulle överskrida paketets totala belopp 1 000 000 kr med 400 000 kr.",
        "ok",
    ]
    assert selectors.totals(package).allocated == Decimal("900000")


@pytest.mark.django_db
def test_spending_beyond_the_allocation_is_allowed_and_flagged():
    allocation = AllocationFactory(amount=Decimal("100000"))
    services.expenditure_record(
        allocation=allocation, date=datetime.date(2023, 9, 1), amount=Decimal("80000")
    )
    assert not selectors.allocations(allocation.theme.package).get().overspent
    services.expenditure_record(
        allocation=allocation, date=datetime.date(2023, 10, 1), amount=Decimal("30000")
    )
    row = selectors.allocations(allocation.theme.package).get()
    assert row.spent == Decimal("110000") and row.overspent
    [committee_row] = selectors.summary(allocation.theme.package, by="committee")
    assert committee_row.overspent and committee_row.remaining == Decimal("-10000")


@pytest.mark.django_db
def test_corrections_never_erase_history():
    allocation = AllocationFactory()
    original = services.expenditure_record(
        allocation=allocation, date=datetime.date(2023, 9, 1), amount=Decimal("50000"), note="A"
    )
    correction = services.expenditure_correct(
        original=original, amount=Decimal("-20000"), note="Felbokning"
    )
    original.refresh_from_db()
    assert original.amount == Decimal("50000") and original.note == "A"
    assert correction.corrects == original
    assert selectors.allocations(allocation.theme.package).get().spent == Decimal("30000")
    assert Expenditure.objects.count() == 2

    # An entry cannot be edited or deleted, only corrected.
    original.amount = Decimal("1")
    with pytest.raises(ValidationError):
        original.save()
    with pytest.raises(ValidationError):
        original.delete()
    # A correction may not take more back than the entry holds now.
    with pytest.raises(ValidationError) as error:
        services.expenditure_correct(original=original, amount=Decimal("-30001"), note="x")
    assert "högst 30 000 kr kan dras tillbaka" in text(error.value.messages[0])
    # Negative spending is only possible as a correction.
    with pytest.raises(ValidationError):
        services.expenditure_record(
            allocation=allocation, date=datetime.date(2023, 9, 1), amount=Decimal("-1")
        )


@pytest.mark.django_db
def test_latest_forecast_counts():
    allocation = AllocationFactory(amount=Decimal("100000"))
    services.forecast_record(
        allocation=allocation, as_of=datetime.date(2023, 6, 30), amount=Decimal("90000")
    )
    services.forecast_record(
        allocation=allocation, as_of=datetime.date(2023, 9, 30), amount=Decimal("120000")
    )
    package = allocation.theme.package
    assert selectors.allocations(package).get().forecast == Decimal("120000")
    assert selectors.totals(package).forecast == Decimal("120000")


@pytest.mark.django_db
def test_monthly_spending_is_cumulative():
    entry = ExpenditureFactory(date=datetime.date(2023, 3, 10), amount=Decimal("1000"))
    ExpenditureFactory(
        allocation=entry.allocation, date=datetime.date(2023, 3, 20), amount=Decimal("500")
    )
    ExpenditureFactory(
        allocation=entry.allocation, date=datetime.date(2023, 5, 1), amount=Decimal("2000")
    )
    months = selectors.monthly_spending(entry.allocation.theme.package)
    assert [(m.month, v, c) for m, v, c in months][2:5] == [
        (3, Decimal("1500"), Decimal("1500")),
        (4, Decimal("0"), Decimal("1500")),
        (5, Decimal("2000"), Decimal("3500")),
    ]


@pytest.mark.django_db
def test_months_that_have_not_begun_have_no_spending_figures():
    entry = ExpenditureFactory(date=datetime.date(2023, 3, 10), amount=Decimal("1000"))
    package = entry.allocation.theme.package
    months = selectors.monthly_spending(package, today=datetime.date(2023, 4, 20))
    assert months[2][1:] == (Decimal("1000"), Decimal("1000"))
    # April has begun with nothing spent: a real 0 kr.
    assert months[3][1:] == (Decimal("0"), Decimal("1000"))
    # May to December lie ahead: no figure, not 0 kr.
    assert [(v, c) for _m, v, c in months[4:]] == [(None, None)] * 8


@pytest.mark.django_db
def test_each_service_returns_what_it_saved_for_the_next_caller():
    """Views, the admin and tasks call the same services; a caller that goes on with the
    result (an API answering with the saved row) gets the saved row, never nothing."""
    from measures.models import Measure
    from tests.factories import MeasureFactory

    allocation = AllocationFactory(amount=Decimal("100000"))
    changed = services.allocation_update(
        allocation=allocation, amount=Decimal("80000"), version=allocation.version
    )
    assert changed.pk == allocation.pk and changed.amount == Decimal("80000")
    assert Allocation.objects.get(pk=allocation.pk).version == changed.version
    forecast = services.forecast_record(
        allocation=allocation, as_of=datetime.date(2023, 6, 30), amount=Decimal("75000")
    )
    assert forecast.pk is not None and forecast.amount == Decimal("75000")
    activity = services.activity_create(allocation=allocation, text="Trygghetsvandringar")
    measure = MeasureFactory()
    linked = services.activity_link_measures(activity=activity, measures=[measure])
    assert linked.pk == activity.pk
    assert list(Measure.objects.filter(budget_activities=linked)) == [measure]
