"""Fixtures of the budget tests: the 2023 package as the seed loads it."""

import io

import pytest

from core.seeding import SeedContext


def load_package(*, demo: bool = False):
    """Run the councils and budget seed steps only (not every app's)."""
    from budget import seed as budget_seed
    from councils import seed as councils_seed

    ctx = SeedContext(demo=demo, stdout=io.StringIO())
    councils_seed.organisations_and_committees(ctx)
    budget_seed.trygghetspaket_2023(ctx)
    if demo:
        budget_seed.trygghetspaket_demo(ctx)
    from budget.models import BudgetPackage

    return BudgetPackage.objects.get(name=budget_seed.NAME_2023)


@pytest.fixture
def package_2023(db):
    return load_package()


@pytest.fixture
def package_demo(db):
    """The demo's own 2024 package, with its synthetic spending (the seeds' 2023 package
    gets none)."""
    from budget import seed as budget_seed
    from budget.models import BudgetPackage

    load_package(demo=True)
    return BudgetPackage.objects.get(name=budget_seed.NAME_2024)


def text(html: str) -> str:
    """Page text with no-break spaces as plain spaces (Swedish number formatting)."""
    return html.replace("\u202f", " ").replace("\u00a0", " ")
