"""Every budget limit at the boundary: a total exactly at the limit passes, one krona over
is refused, on create and on update (#27 item 3)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget import selectors, services
from budget.models import Allocation, BudgetPackage, Expenditure, PlanFunding
from tests.factories import (
    ActionPlanEntryFactory,
    ActivityFactory,
    AllocationFactory,
    BudgetPackageFactory,
    CommitteeFactory,
    ThemeFactory,
)

from .conftest import text

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 9, 1)


def kr(value: str) -> Decimal:
    return Decimal(value)


@pytest.fixture
def theme():
    """A theme of a 1 000 000 kr package with 400 000 kr already allocated to KS."""
    theme = ThemeFactory(package=BudgetPackageFactory(total=kr("1000000")))
    services.allocation_create(theme=theme, committee=CommitteeFactory(), amount=kr("400000"))
    return theme


def allocated(theme) -> Decimal:
    return selectors.totals(theme.package).allocated


# The package total: allocations never exceed it.


def test_a_new_allocation_may_fill_the_package_exactly(theme):
    """600 000 kr more in a 1 000 000 kr package holding 400 000 kr fills it to the krona."""
    services.allocation_create(theme=theme, committee=CommitteeFactory(), amount=kr("600000"))
    assert allocated(theme) == kr("1000000")


def test_a_new_allocation_one_krona_over_the_total_is_refused(theme):
    """600 001 kr is refused, the message says by how much, and nothing is saved."""
    with pytest.raises(ValidationError) as error:
        services.allocation_create(theme=theme, committee=CommitteeFactory(), amount=kr("600001"))
    assert error.value.code == "exceeds_total"
    assert text(error.value.messages[0]) == (
        "Fördelningarna skulle överskrida paketets totala belopp 1 000 000 kr med 1 kr."
    )
    assert allocated(theme) == kr("400000")


def test_an_allocation_raised_to_fill_the_package_exactly_is_saved(theme):
    """Raising 400 000 kr to 1 000 000 kr counts the allocation once, not old and new amounts."""
    allocation = Allocation.objects.get(theme=theme)
    services.allocation_update(allocation=allocation, amount=kr("1000000"), version=1)
    allocation.refresh_from_db()
    assert allocation.amount == kr("1000000") and allocation.version == 2


def test_an_allocation_raised_one_krona_over_the_total_is_refused(theme):
    """With 300 000 kr allocated beside it, 700 001 kr is one krona too many."""
    services.allocation_create(theme=theme, committee=CommitteeFactory(), amount=kr("300000"))
    allocation = Allocation.objects.get(theme=theme, amount=kr("400000"))
    services.allocation_update(allocation=allocation, amount=kr("700000"), version=1)
    with pytest.raises(ValidationError) as error:
        services.allocation_update(
            allocation=allocation, amount=kr("700001"), version=allocation.version
        )
    assert "med 1 kr" in text(error.value.messages[0])
    allocation.refresh_from_db()
    assert allocation.amount == kr("700000")


def test_an_update_keeps_the_label_unless_given_a_new_one(theme):
    """Changing the amount alone leaves the source's label as it was."""
    allocation = Allocation.objects.get(theme=theme)
    services.allocation_update(
        allocation=allocation, amount=kr("1"), label="KS, 1 krona", version=1
    )
    services.allocation_update(allocation=allocation, amount=kr("2"), version=2)
    allocation.refresh_from_db()
    assert (allocation.amount, allocation.label) == (kr("2"), "KS, 1 krona")


def test_the_editor_is_recorded_in_the_allocations_history(theme, make_user):
    """The history of an allocation says who changed the amount."""
    user = make_user("samordnare")
    allocation = Allocation.objects.get(theme=theme)
    services.allocation_update(allocation=allocation, amount=kr("500000"), version=1, user=user)
    assert allocation.history.latest().history_user == user


def test_the_package_total_may_be_lowered_to_what_is_allocated_but_not_below(theme):
    """A total of 400 000 kr is fine with 400 000 kr allocated; 399 999 kr is refused."""
    package = BudgetPackage.objects.get(pk=theme.package_id)
    package.total = kr("400000")
    package.full_clean()
    package.total = kr("399999")
    with pytest.raises(ValidationError) as error:
        package.full_clean()
    assert list(error.value.message_dict) == ["total"]


def test_a_new_package_needs_a_total_above_zero():
    """A package of 0 kr is refused; 1 kr is a package."""
    BudgetPackage(name="Litet paket", year=2024, total=kr("1")).full_clean()
    with pytest.raises(ValidationError) as error:
        BudgetPackage(name="Tomt paket", year=2024, total=kr("0")).full_clean()
    assert list(error.value.message_dict) == ["total"]


def test_new_allocations_and_activities_are_numbered_in_order(theme):
    """Without an order an allocation goes last in its theme; activities keep their order."""
    second = services.allocation_create(
        theme=theme, committee=CommitteeFactory(), amount=kr("1000"), activities=["A", "B"]
    )
    assert second.order == 1
    assert [(a.text, a.order) for a in second.activities.all()] == [("A", 0), ("B", 1)]
    third = services.activity_create(
        allocation=second, text="C", target_number=250, target_unit="feriepraktikplatser"
    )
    assert third.order == 2 and third.target == "250 feriepraktikplatser"


# Spending: more than 0 kr; a correction never takes an entry below 0 kr.


def test_spending_must_be_more_than_zero():
    """0 kr is refused (a reduction is a correction); 0,01 kr is spending."""
    allocation = AllocationFactory()
    with pytest.raises(ValidationError) as error:
        services.expenditure_record(allocation=allocation, date=DAY, amount=kr("0"))
    assert error.value.message_dict == {
        "amount": ["Utfallet måste vara mer än 0 kr. Registrera en korrigering för att minska det."]
    }
    entry = services.expenditure_record(allocation=allocation, date=DAY, amount=kr("0.01"))
    assert entry.amount == kr("0.01")


def test_spending_known_per_month_is_dated_the_first():
    """Spending known per month only is dated the 1st; other spending keeps its day."""
    allocation = AllocationFactory()
    month = services.expenditure_record(
        allocation=allocation, date=datetime.date(2023, 9, 17), amount=kr("5"), month_only=True
    )
    day = services.expenditure_record(
        allocation=allocation, date=datetime.date(2023, 9, 17), amount=kr("5")
    )
    assert (month.date, month.month_only) == (datetime.date(2023, 9, 1), True)
    assert (day.date, day.month_only) == (datetime.date(2023, 9, 17), False)


@pytest.fixture
def spent():
    """An entry of 50 000 kr, already corrected by −20 000 kr: 30 000 kr stand."""
    entry = services.expenditure_record(
        allocation=AllocationFactory(), date=DAY, amount=kr("50000"), note="Faktura"
    )
    services.expenditure_correct(original=entry, amount=kr("-20000"), note="Felbokning")
    return entry


def test_a_correction_may_undo_exactly_what_stands(spent):
    """−30 000 kr takes the entry to 0 kr: allowed, and the entry then counts nothing."""
    services.expenditure_correct(original=spent, amount=kr("-30000"), note="Makulerad")
    row = selectors.allocations(spent.allocation.theme.package).get()
    assert row.spent == kr("0")


def test_a_correction_one_krona_more_than_what_stands_is_refused(spent):
    """−30 001 kr would leave the entry at −1 kr: refused, naming the 30 000 kr that may go."""
    with pytest.raises(ValidationError) as error:
        services.expenditure_correct(original=spent, amount=kr("-30001"), note="Makulerad")
    assert "högst 30 000 kr kan dras tillbaka" in text(error.value.messages[0])
    assert Expenditure.objects.count() == 2


def test_a_correction_may_also_add(spent):
    """A positive correction raises what the entry counts."""
    services.expenditure_correct(
        original=spent, amount=kr("1"), note="Öresavrundning", date=datetime.date(2023, 9, 2)
    )
    assert selectors.allocations(spent.allocation.theme.package).get().spent == kr("30001")


@pytest.mark.parametrize(
    ("amount", "note", "field", "message"),
    [
        (kr("0"), "Ingenting", "amount", "En korrigering på 0 kr ändrar ingenting."),
        (kr("-1"), "  ", "note", "Skriv varför posten korrigeras."),
    ],
)
def test_a_correction_needs_an_amount_and_a_reason(spent, amount, note, field, message):
    """A correction of 0 kr, or one with a blank reason, is refused on its field, saying why."""
    with pytest.raises(ValidationError) as error:
        services.expenditure_correct(original=spent, amount=amount, note=note)
    assert error.value.message_dict == {field: [message]}


def test_a_correction_is_not_corrected_itself(spent):
    """Corrections apply to the original entry, never to another correction."""
    correction = spent.corrections.get()
    with pytest.raises(ValidationError) as error:
        services.expenditure_correct(original=correction, amount=kr("1"), note="x")
    assert error.value.messages == ["Korrigera den ursprungliga posten, inte en korrigering."]


def test_a_correction_without_a_date_is_dated_today(spent):
    """A correction registered without a date gets today's date."""
    entry = services.expenditure_correct(original=spent, amount=kr("-1"), note="Avrundning")
    assert entry.date == datetime.date.today()


# Fundings of åtgärdsplan actions: never more than the allocation.


def test_fundings_may_use_the_whole_allocation_but_not_one_krona_more():
    """Of a 200 000 kr allocation, 150 000 + 50 000 kr is fine; a further 1 kr is not."""
    allocation = AllocationFactory(amount=kr("200000"))
    services.plan_funding_add(
        entry=ActionPlanEntryFactory(), allocation=allocation, amount=kr("150000")
    )
    services.plan_funding_add(
        entry=ActionPlanEntryFactory(), allocation=allocation, amount=kr("50000")
    )
    with pytest.raises(ValidationError) as error:
        services.plan_funding_add(
            entry=ActionPlanEntryFactory(), allocation=allocation, amount=kr("1")
        )
    assert [text(m) for m in error.value.message_dict["amount"]] == [
        "Fördelningen har 0 kr kvar till åtgärder; det här är mer."
    ]
    assert PlanFunding.objects.count() == 2


def test_one_funding_may_be_the_whole_allocation_but_not_more():
    """A single funding of exactly the allocation passes; one krona more is refused."""
    allocation = AllocationFactory(amount=kr("200000"))
    with pytest.raises(ValidationError) as error:
        services.plan_funding_add(
            entry=ActionPlanEntryFactory(), allocation=allocation, amount=kr("200001")
        )
    assert list(error.value.message_dict) == ["amount"]
    services.plan_funding_add(
        entry=ActionPlanEntryFactory(), allocation=allocation, amount=kr("200000")
    )


def test_removing_a_funding_frees_its_kronor():
    """After a funding is removed its kronor can fund another action."""
    allocation = AllocationFactory(amount=kr("1000"))
    funding = services.plan_funding_add(
        entry=ActionPlanEntryFactory(), allocation=allocation, amount=kr("1000")
    )
    services.plan_funding_remove(funding=funding)
    services.plan_funding_add(
        entry=ActionPlanEntryFactory(), allocation=allocation, amount=kr("1000")
    )


def test_a_funding_names_an_activity_of_its_own_allocation():
    """An activity of another allocation is refused; one of its own is fine."""
    allocation = AllocationFactory()
    with pytest.raises(ValidationError) as error:
        services.plan_funding_add(
            entry=ActionPlanEntryFactory(),
            allocation=allocation,
            activity=ActivityFactory(),
            amount=kr("1"),
        )
    assert list(error.value.message_dict) == ["activity"]
    services.plan_funding_add(
        entry=ActionPlanEntryFactory(),
        allocation=allocation,
        activity=ActivityFactory(allocation=allocation),
        amount=kr("1"),
    )


# Figures as they stood on a day (a meeting's pack): the day itself counts.


def test_figures_as_of_a_day_count_that_day_and_not_the_next():
    """Spending and forecasts dated on the meeting's day are in its figures; the next day's not."""
    allocation = AllocationFactory(amount=kr("1000"))
    for day, amount in ((DAY, "1000"), (DAY + datetime.timedelta(days=1), "5")):
        services.expenditure_record(allocation=allocation, date=day, amount=kr(amount))
        services.forecast_record(allocation=allocation, as_of=day, amount=kr(amount))
    package = allocation.theme.package
    then = selectors.allocations(package, as_of=DAY).get()
    assert (then.spent, then.forecast, then.forecast_as_of) == (kr("1000"), kr("1000"), DAY)
    # Exactly the allocation spent is not overspending; one day later it is.
    assert not then.overspent
    now = selectors.allocations(package).get()
    assert (now.spent, now.forecast, now.overspent) == (kr("1005"), kr("5"), True)


# The rows' own rules (models).


def test_a_funding_may_not_exceed_its_allocation_on_its_own():
    """The form's check: an amount above the whole allocation is refused, equal is fine."""
    allocation = AllocationFactory(amount=kr("500"))
    entry = ActionPlanEntryFactory()
    PlanFunding(entry=entry, allocation=allocation, amount=kr("500")).full_clean()
    with pytest.raises(ValidationError) as error:
        PlanFunding(entry=entry, allocation=allocation, amount=kr("501")).full_clean()
    assert list(error.value.message_dict) == ["amount"]


def test_activities_nest_one_level_within_their_allocation():
    """A sub-item sits under an activity of the same allocation, and has no sub-items itself."""
    top = ActivityFactory()
    child = ActivityFactory(allocation=top.allocation, parent=top)
    child.full_clean()
    assert top.allocation.activity_tree == [(top, [child])]
    for parent in (ActivityFactory(), child):
        stray = ActivityFactory.build(allocation=top.allocation, parent=parent, order=99)
        with pytest.raises(ValidationError) as error:
            stray.full_clean()
        assert list(error.value.message_dict) == ["parent"]


def test_an_activity_without_a_target_shows_none():
    """No target number, no target text."""
    assert ActivityFactory().target == ""


def test_spending_entries_are_never_changed_or_deleted():
    """A saved entry can be neither saved again nor deleted; a new one saves once."""
    entry = Expenditure(allocation=AllocationFactory(), date=DAY, amount=kr("10"))
    entry.save()
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert Expenditure.objects.get().amount == kr("10")
