"""The kronor behind an åtgärdsplan's actions, linked on the budget's side (#20 item 3),
and the KS 1,3 Mkr sub-bullets kept as sub-items (item 7)."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from budget.models import Activity, Allocation, PlanFunding
from tests.factories import ActionPlanEntryFactory, ActivityFactory, AllocationFactory

pytestmark = pytest.mark.django_db


def test_linking_kronor_shows_them_on_the_plan(role_users, client):
    client.force_login(role_users["samordnare"])
    entry = ActionPlanEntryFactory()
    allocation = AllocationFactory(amount=Decimal("500000"), label="NIFF, 500 000 kronor")
    activity = ActivityFactory(allocation=allocation, text="Familjestödjare")
    url = reverse("budget:plan_funding", args=[entry.pk])
    response = client.post(
        url,
        {"allocation": allocation.pk, "activity": activity.pk, "amount": "150 000", "note": ""},
    )
    assert response.status_code == 302
    funding = PlanFunding.objects.get()
    assert funding.amount == Decimal("150000") and funding.activity == activity
    page = client.get(reverse("measures:plan_detail", args=[entry.plan_id])).content.decode()
    page = page.replace("\u00a0", " ").replace("\u202f", " ")
    assert "150 000 kr" in page and "Familjestödjare" in page
    # Removing the line takes the kronor away again.
    client.post(url, {"remove": str(funding.pk)})
    assert not PlanFunding.objects.exists()


def test_the_fundings_of_an_allocation_never_exceed_it(role_users, client):
    client.force_login(role_users["samordnare"])
    allocation = AllocationFactory(amount=Decimal("200000"))
    first, second = ActionPlanEntryFactory(), ActionPlanEntryFactory()
    ok = client.post(
        reverse("budget:plan_funding", args=[first.pk]),
        {"allocation": allocation.pk, "amount": "150000"},
    )
    assert ok.status_code == 302
    refused = client.post(
        reverse("budget:plan_funding", args=[second.pk]),
        {"allocation": allocation.pk, "amount": "60000"},
    )
    assert refused.status_code == 200
    assert "50 000" in refused.content.decode().replace("\u00a0", " ").replace("\u202f", " ")
    assert PlanFunding.objects.count() == 1


def test_an_activity_of_another_allocation_is_refused(role_users, client):
    client.force_login(role_users["samordnare"])
    entry = ActionPlanEntryFactory()
    allocation = AllocationFactory()
    stranger = ActivityFactory()
    response = client.post(
        reverse("budget:plan_funding", args=[entry.pk]),
        {"allocation": allocation.pk, "activity": stranger.pk, "amount": "1000"},
    )
    assert response.status_code == 200
    assert not PlanFunding.objects.exists()


def test_the_ks_sub_bullets_stay_sub_items_of_the_first(client, make_user):
    call_command("seed_vasteras", stdout=io.StringIO())
    ks = Allocation.objects.get(label="Kommunstyrelsen, 1,3 miljoner kronor")
    tree = ks.activity_tree
    assert len(tree) == 1
    head, subs = tree[0]
    assert head.text.startswith("Resurser kopplat till genomförandeplanen")
    assert [s.text[:40] for s in subs] == [
        "Resurser för att upptäcka och förhindra ",
        "Tillsammans med polisen bilda ett operat",
    ]
    assert Activity.objects.filter(parent__isnull=False).count() == 2
    client.force_login(make_user("samordnare"))
    page = client.get(
        reverse("budget:committee_detail", args=[ks.theme.package_id, ks.committee_id])
    )
    html = page.content.decode()
    nested = html[html.index("genomförandeplanen") :]
    assert nested.index("data-sub-activities") < nested.index("välfärdsbrott")
    trail = client.get(reverse("budget:trail", args=[ks.theme.package_id])).content.decode()
    assert trail.count("data-sub-activity") == 2
