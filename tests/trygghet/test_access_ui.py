"""Navigation, start page and report e-mail follow the capability table."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from councils.permissions import can
from tests.factories import MeasureFactory, OrganisationFactory
from tests.matrix import ROLES

# A link on the start page (menu or panel) → the capability that shows it.
LINKS = {
    "audit_log": "audit.read",
    "measures:measure_create": "measure.edit_own",
    "measures:plan_list": "plan.read",
    "measures:promise_manage": "promise.manage",
    "measures:goal_list": "goal.read",
    "reports:report_list": "report.read",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_start_page_links_follow_the_capabilities(client, make_user, role):
    user = make_user(role)
    client.force_login(user)
    page = client.get(reverse("dashboard")).content.decode()
    shown = {name for name in LINKS if f'href="{reverse(name)}' in page}
    assert shown == {name for name, cap in LINKS.items() if can(user, cap)}
    assert "har ingen roll" not in page


@pytest.mark.django_db
def test_a_user_in_two_roles_gets_the_links_of_both(client, make_user):
    user = make_user("rapportor")
    user.groups.add(Group.objects.get_or_create(name="polis")[0])
    client.force_login(user)
    page = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("measures:plan_list")}"' in page
    assert client.get(reverse("measures:plan_list")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        ("polis", "weekly", True),
        ("polis", "meeting_pack", False),
        ("ledamot", "weekly", False),
        ("ledamot", "meeting_pack", False),
        ("samordnare", "meeting_pack", True),
    ],
)
def test_only_readable_kinds_can_be_subscribed_to(client, make_user, role, kind, allowed):
    from trygghet.models import ReportSubscription

    user = make_user(role)
    client.force_login(user)
    client.post(reverse("reports:report_subscribe"), {"kind": kind})
    assert ReportSubscription.objects.filter(user=user, kind=kind).exists() is allowed


@pytest.mark.django_db
def test_overdue_mail_without_a_contact_goes_to_who_follows_up_not_to_members(make_user):
    from measures import services

    police = OrganisationFactory(name="Lokalpolisområde Västerås")
    liaison = make_user("polis", organisation=police, email="kommunpolis@example.org")
    make_user("ledamot", organisation=police, email="ledamot@example.org")
    MeasureFactory(
        owner=police, contact_user=None, next_follow_up_due=dt.date(2026, 5, 1), end_date=None
    )
    assert services.measures_notify_overdue(day=dt.date(2026, 6, 1)) == 1
    assert [m.to for m in mail.outbox] == [[liaison.email]]
