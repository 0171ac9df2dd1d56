"""factory_boy factories of budget."""

import datetime
from decimal import Decimal

import factory

from budget.models import Activity, Allocation, BudgetPackage, Expenditure, Forecast, Theme

from .councils import CommitteeFactory

__all__ = [
    "ActivityFactory",
    "AllocationFactory",
    "BudgetPackageFactory",
    "ExpenditureFactory",
    "ForecastFactory",
    "ThemeFactory",
]


class BudgetPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetPackage

    name = factory.Sequence(lambda n: f"Trygghetspaket {n}")
    year = 2023
    total = Decimal("1000000")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    package = factory.SubFactory(BudgetPackageFactory)
    title = factory.Sequence(lambda n: f"Tema {n}")
    order = factory.Sequence(lambda n: n)


class AllocationFactory(factory.django.DjangoModelFactory):
    """Written directly, bypassing the total check: use services in invariant tests."""

    class Meta:
        model = Allocation

    theme = factory.SubFactory(ThemeFactory)
    committee = factory.SubFactory(CommitteeFactory)
    amount = Decimal("100000")
    order = factory.Sequence(lambda n: n)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    allocation = factory.SubFactory(AllocationFactory)
    text = factory.Sequence(lambda n: f"Aktivitet {n}")
    order = factory.Sequence(lambda n: n)


class ExpenditureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expenditure

    allocation = factory.SubFactory(AllocationFactory)
    date = datetime.date(2023, 9, 15)
    amount = Decimal("10000")


class ForecastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forecast

    allocation = factory.SubFactory(AllocationFactory)
    as_of = datetime.date(2023, 9, 30)
    amount = Decimal("100000")
