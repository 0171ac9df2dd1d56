"""Links and buttons of councils, lagesbild and budget follow the capability they lead to."""

from datetime import date

import pytest
from django.urls import reverse

S, P, R, L = "samordnare", "polis", "rapportor", "ledamot"


@pytest.fixture
def things(db):
    from councils.models import CooperationAgreement
    from tests.factories import ActivityFactory, AllocationFactory, ExpenditureFactory

    allocation = AllocationFactory()
    return {
        "agreement": CooperationAgreement.objects.create(
            title="Överenskommelse", parties_key="x", valid_from=date(2023, 6, 1)
        ),
        "package": allocation.theme.package,
        "allocation": allocation,
        "activity": ActivityFactory(allocation=allocation),
        "entry": ExpenditureFactory(allocation=allocation),
    }


def _p(t):
    return {"pk": t["package"].pk}


# (page, its kwargs, a link on it, a role that gets the link, a reader that does not)
CASES = [
    ("councils:meeting_list", None, ("councils:meeting_create", None), S, P),
    ("councils:agreement_list", None, ("councils:agreement_create", None), S, L),
    (
        "councils:agreement_detail",
        lambda t: {"pk": t["agreement"].pk},
        ("councils:agreement_update", lambda t: {"pk": t["agreement"].pk}),
        S,
        P,
    ),
    ("budget:package_detail", _p, ("budget:allocation_create", _p), S, L),
    ("budget:spending", _p, ("budget:expenditure_create", _p), S, P),
    ("budget:spending", _p, ("budget:expenditure_correct", lambda t: {"pk": t["entry"].pk}), S, L),
    (
        "budget:committee_detail",
        lambda t: {"pk": t["package"].pk, "committee_pk": t["allocation"].committee_id},
        (
            "budget:allocation_update",
            lambda t: {"pk": t["package"].pk, "allocation_pk": t["allocation"].pk},
        ),
        S,
        L,
    ),
    (
        "budget:trail",
        _p,
        (
            "budget:activity_measures",
            lambda t: {"pk": t["package"].pk, "activity_pk": t["activity"].pk},
        ),
        S,
        P,
    ),
    # The navigation (on any page): each menu item for the roles that may open it.
    ("councils:profile", None, ("lagesbild:hotspots", None), P, R),
    ("councils:profile", None, ("lagesbild:incident_entry", None), R, L),
    ("councils:profile", None, ("lagesbild:weekly_latest", None), L, None),
    ("councils:profile", None, ("councils:meeting_list", None), L, R),
    ("councils:profile", None, ("budget:package_list", None), P, R),
]


@pytest.mark.parametrize(
    ("page", "page_kwargs", "link", "holder", "other"),
    CASES,
    ids=[f"{c[0]}→{c[2][0]}" for c in CASES],
)
def test_link_shown_only_to_roles_that_may_follow_it(
    client, role_users, make_user, things, page, page_kwargs, link, holder, other
):
    url = reverse(page, kwargs=page_kwargs(things) if page_kwargs else None)
    href = f'href="{reverse(link[0], kwargs=link[1](things) if link[1] else None)}"'
    client.force_login(role_users[holder])
    assert href in client.get(url).content.decode()
    client.force_login(role_users[other] if other else make_user())
    response = client.get(url)
    assert response.status_code == 200
    assert href not in response.content.decode()
