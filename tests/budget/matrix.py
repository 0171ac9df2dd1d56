"""Role matrix rows for budget: samordnare edit; ledamot and polis read; rapportor none."""

from tests.matrix import Route, page

READERS = ("samordnare", "polis", "ledamot")
EDITORS = ("samordnare",)


def objects(users: dict) -> dict:
    from tests.factories import ActivityFactory, AllocationFactory, ExpenditureFactory

    allocation = AllocationFactory()
    activity = ActivityFactory(allocation=allocation)
    entry = ExpenditureFactory(allocation=allocation)
    return {
        "package": allocation.theme.package.pk,
        "committee": allocation.committee_id,
        "entry": entry.pk,
        "allocation": allocation.pk,
        "activity": activity.pk,
    }


def _package(o):
    return {"pk": o["package"]}


ROUTES = [
    Route("budget:package_list", page(READERS)),
    Route("budget:package_detail", page(READERS), _package),
    Route(
        "budget:committee_detail",
        page(READERS),
        lambda o: {"pk": o["package"], "committee_pk": o["committee"]},
    ),
    Route("budget:spending", page(READERS), _package),
    Route("budget:trail", page(READERS), _package),
    Route("budget:export", page(READERS), _package),
    Route("budget:allocation_create", page(EDITORS), _package),
    Route(
        "budget:allocation_update",
        page(EDITORS),
        lambda o: {"pk": o["package"], "allocation_pk": o["allocation"]},
    ),
    Route("budget:expenditure_create", page(EDITORS), _package),
    Route("budget:forecast_create", page(EDITORS), _package),
    Route(
        "budget:activity_measures",
        page(EDITORS),
        lambda o: {"pk": o["package"], "activity_pk": o["activity"]},
    ),
    Route("budget:expenditure_correct", page(EDITORS), lambda o: {"pk": o["entry"]}),
    # Posting as a reader is refused as well (nothing is written).
    Route(
        "budget:allocation_create",
        page(EDITORS, ok=200),
        _package,
        method="post",
        data={"amount": "0"},
    ),
]
