"""The budget rows as people meet them outside the pages: their names in the admin, the
audit log and the choice lists, which fields may stay empty, and the rules the models
hold whatever form or script saves them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget.models import BudgetPackage, PlanFunding, Signatory
from tests.factories import (
    ActionPlanEntryFactory,
    ActivityFactory,
    AllocationFactory,
    BudgetPackageFactory,
    CommitteeFactory,
    ForecastFactory,
    MeasureFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_each_budget_row_is_named_as_the_decision_names_it():
    package = BudgetPackageFactory(name="Trygghetspaket 2023")
    assert str(package) == "Trygghetspaket 2023"
    signed = Signatory(package=package, name="Anna Jansson", party="S", title="KSO")
    assert str(signed) == "Anna Jansson (S)"
    assert str(Signatory(package=package, name="Anna Jansson", title="KSO")) == "Anna Jansson"
    theme = ThemeFactory(package=package, title="Föreningsliv")
    committee = CommitteeFactory(name="Kulturnämnden")
    labelled = AllocationFactory(
        theme=theme, committee=committee, label="Kulturnämnden, 2 miljoner kronor"
    )
    assert str(labelled) == "Kulturnämnden, 2 miljoner kronor"
    unlabelled = AllocationFactory(theme=theme, committee=committee, label="", order=9)
    assert str(unlabelled) == "Kulturnämnden · Föreningsliv"
    long_text = "Fritidsgårdar med förlängda öppettider " * 4
    assert str(ActivityFactory(allocation=labelled, text=long_text)) == long_text[:80]
    forecast = ForecastFactory(
        allocation=labelled, as_of=dt.date(2023, 6, 30), amount=Decimal("1900000")
    )
    assert str(forecast) == "Kulturnämnden, 2 miljoner kronor · 2023-06-30 · 1900000"
    funding = PlanFunding(
        entry=ActionPlanEntryFactory(), allocation=labelled, amount=Decimal("150000")
    )
    assert str(funding).replace("\u00a0", " ").replace("\u202f", " ") == (
        "Kulturnämnden, 2 miljoner kronor: 150 000 kr"
    )


def test_optional_fields_may_stay_empty():
    """A package whose decision month is unknown, a signatory without a party, an
    activity without a target or measures: all valid, as the admin's forms offer them."""
    package = BudgetPackage(name="Trygghetspaket 2025", year=2025, total=Decimal("1000000"))
    package.full_clean()
    Signatory(package=BudgetPackageFactory(), name="Tjänsteperson", title="Direktör").full_clean(
        exclude=["package"]
    )
    activity = ActivityFactory(target_number=None, target_unit="")
    activity.full_clean()
    assert activity.target == "" and activity.linked_measures() == []


def test_two_packages_may_not_share_a_name():
    BudgetPackageFactory(name="Trygghetspaket 2023")
    twin = BudgetPackage(name="Trygghetspaket 2023", year=2024, total=Decimal("1"))
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "name" in error.value.message_dict


def test_an_activity_lists_the_measures_it_funds():
    activity = ActivityFactory()
    walk, lights = MeasureFactory(title="Trygghetsvandring"), MeasureFactory(title="Belysning")
    activity.measures.add(walk, lights)
    assert sorted(m.title for m in activity.linked_measures()) == [
        "Belysning",
        "Trygghetsvandring",
    ]


def test_an_action_is_funded_once_from_an_allocation_as_a_whole():
    """Funding from the whole allocation (no activity) twice for one action is the same
    line twice: refused with the message, not a database error."""
    entry = ActionPlanEntryFactory()
    allocation = AllocationFactory(amount=Decimal("500000"))
    PlanFunding.objects.create(entry=entry, allocation=allocation, amount=Decimal("100000"))
    again = PlanFunding(entry=entry, allocation=allocation, amount=Decimal("50000"))
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert error.value.messages == ["Åtgärden har redan finansiering från den här raden."]


def test_an_admin_adds_an_activity_without_target_or_measures(admin_client):
    """The admin's activity form: text and allocation are all it needs."""
    from django.urls import reverse

    from budget.models import Activity

    allocation = AllocationFactory()
    response = admin_client.post(
        reverse("admin:budget_activity_add"),
        {"allocation": allocation.pk, "text": "Nattvandring i Bäckby", "order": 1},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity = Activity.objects.get(text="Nattvandring i Bäckby")
    assert activity.allocation == allocation and activity.linked_measures() == []
