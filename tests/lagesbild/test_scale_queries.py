"""Query counts that must not grow with the number of incidents, and keyset pages that
neither skip nor repeat rows when many incidents share a date."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def _walk(client, url, sort):
    seen, query = [], f"sort={sort}"
    while True:
        page = client.get(f"{url}?{query}")
        seen += [i.pk for i in page.context["incidents"]]
        query = page.context["next_query"]
        if not query:
            return seen


@pytest.mark.parametrize("sort", ["-occurred_on", "occurred_on"])
def test_keyset_pages_cover_every_incident_once_across_same_day_ties(client, role_users, ref, sort):
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=d % 3) for d in range(130)]
    made = [
        IncidentFactory(area=ref["centrum"], category=ref["klotter"], occurred_on=d) for d in days
    ]
    client.force_login(role_users["samordnare"])
    seen = _walk(client, reverse("lagesbild:incident_list"), sort)
    assert len(seen) == len(set(seen)) == len(made)
    key = {i.pk: (i.occurred_on, i.pk) for i in made}
    expected = sorted(seen, key=key.get, reverse=sort.startswith("-"))
    assert seen == expected


def test_list_page_queries_do_not_grow_with_rows(
    client, role_users, ref, django_assert_max_num_queries
):
    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:incident_list")
    for _ in range(3):
        IncidentFactory(area=ref["centrum"], category=ref["klotter"], place=ref["vasaparken"])
    client.get(url)
    with django_assert_max_num_queries(12):
        small = client.get(url)
    for _ in range(60):
        IncidentFactory(area=ref["backby"], category=ref["brand"])
    with django_assert_max_num_queries(12):
        large = client.get(url)
    assert len(small.context["incidents"]) == 3 and len(large.context["incidents"]) == 50
