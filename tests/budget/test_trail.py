"""The trail from kronor to activities to measures to their evaluated effect."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, AllocationFactory, MeasureFactory


@pytest.mark.django_db
def test_a_coordinator_links_measures_and_the_trail_shows_their_effect(client, role_users):
    allocation = AllocationFactory()
    activity = ActivityFactory(allocation=allocation, text="Trygga stråk i Vasaparken")
    lighting = MeasureFactory(
        title="Bättre belysning i Vasaparken",
        start_date=dt.date(2023, 9, 1),
        end_date=dt.date(2023, 12, 31),
    )
    package = allocation.theme.package
    url = reverse("budget:activity_measures", kwargs={"pk": package.pk, "activity_pk": activity.pk})

    client.force_login(role_users["samordnare"])
    response = client.post(url, {"measures": [lighting.pk]})
    assert response.status_code == 302
    assert list(activity.measures.all()) == [lighting]

    client.force_login(role_users["ledamot"])
    html = client.get(reverse("budget:trail", kwargs={"pk": package.pk})).content.decode()
    assert "Bättre belysning i Vasaparken" in html
    assert reverse("measures:measure_effect", kwargs={"pk": lighting.pk}) in html
    # The measure has no target area, so the effect line says why there is no estimate.
    assert "Insatsen har inget målområde, så det finns inget att jämföra." in html
    assert "Koppla insatser" not in html  # members read, they do not link


@pytest.mark.django_db
def test_activity_without_measures_says_so(client, role_users):
    activity = ActivityFactory()
    client.force_login(role_users["samordnare"])
    html = client.get(
        reverse("budget:trail", kwargs={"pk": activity.allocation.theme.package.pk})
    ).content.decode()
    assert "Ingen insats är kopplad till aktiviteten ännu." in html
    assert "Koppla insatser" in html
