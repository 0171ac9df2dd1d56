"""Role matrix rows for budget: samordnare edit; ledamot and polis read; rapportor none."""

from tests.matrix import Route, needs


def objects(users: dict) -> dict:
    from tests.factories import (
        ActionPlanEntryFactory,
        ActivityFactory,
        AllocationFactory,
        ExpenditureFactory,
    )

    allocation = AllocationFactory()
    activity = ActivityFactory(allocation=allocation)
    entry = ExpenditureFactory(allocation=allocation)
    return {
        "package": allocation.theme.package.pk,
        "committee": allocation.committee_id,
        "entry": entry.pk,
        "allocation": allocation.pk,
        "activity": activity.pk,
        "plan_entry": ActionPlanEntryFactory().pk,
    }


def _package(o):
    return {"pk": o["package"]}


ROUTES = [
    Route("budget:package_list", needs("budget.read")),
    Route("budget:plan_funding", needs("budget.edit"), lambda o: {"entry_pk": o["plan_entry"]}),
    Route("budget:package_detail", needs("budget.read"), _package),
    Route(
        "budget:committee_detail",
        needs("budget.read"),
        lambda o: {"pk": o["package"], "committee_pk": o["committee"]},
    ),
    Route("budget:spending", needs("budget.read"), _package),
    Route("budget:trail", needs("budget.read"), _package),
    Route("budget:export", needs("budget.read"), _package),
    Route("budget:allocation_create", needs("budget.edit"), _package),
    Route(
        "budget:allocation_update",
        needs("budget.edit"),
        lambda o: {"pk": o["package"], "allocation_pk": o["allocation"]},
    ),
    Route("budget:expenditure_create", needs("budget.edit"), _package),
    Route("budget:forecast_create", needs("budget.edit"), _package),
    Route(
        "budget:activity_measures",
        needs("budget.edit"),
        lambda o: {"pk": o["package"], "activity_pk": o["activity"]},
    ),
    Route("budget:expenditure_correct", needs("budget.edit"), lambda o: {"pk": o["entry"]}),
    # Posting as a reader is refused as well (nothing is written).
    Route(
        "budget:allocation_create",
        needs("budget.edit"),
        _package,
        method="post",
        data={"amount": "0"},
    ),
]
