"""The incident list's rows come from the cache (core.versioned.rendered_each), and a
change shows at once: an edited incident, a renamed area, another language."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from core.versioned import rendered_each
from lagesbild.services import incident_update
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def _rows(client) -> list[str]:
    page = client.get(reverse("lagesbild:incident_list"))
    assert page.status_code == 200
    body = page.content.decode()
    tbody = body[body.index("<tbody>") : body.index("</tbody>")]
    return [re.sub(r"\s+", " ", row).strip() for row in re.findall(r"<tr>.*?</tr>", tbody, re.S)]


@pytest.fixture
def listed(ref):
    return [
        IncidentFactory(
            category=ref["klotter"],
            area=ref["centrum"],
            place=ref["vasaparken"],
            occurred_on=dt.date(2023, 2, 14),
            occurred_at=None,
            time_band="kvall",
            count=3,
        ),
        IncidentFactory(
            category=ref["brand"],
            area=ref["backby"],
            place=None,
            occurred_on=dt.date(2023, 2, 13),
            occurred_at=dt.datetime(2023, 2, 13, 22, 5, tzinfo=dt.UTC),  # 23:05 in Sweden
            time_band="kvall",
            count=1,
        ),
    ]


def test_rows_read_from_the_cache_are_the_rows_drawn_anew(client, role_users, listed, settings):
    client.force_login(role_users["samordnare"])
    first, cached = _rows(client), _rows(client)
    settings.FIGURES_CACHE_SECONDS = 0  # no cache: every row rendered now
    assert first == cached == _rows(client)
    newest, older = first
    assert f'href="{reverse("lagesbild:incident_detail", args=[listed[0].pk])}"' in newest
    assert "2023-02-14" in newest and "Kväll (18–24)" in newest
    assert "Klotter" in newest and "(Skadegörelse)" in newest and "Vasaparken" in newest
    assert "2023-02-13" in older and "23:05" in older and "Bäckby" in older and "–" in older


def test_an_edited_incident_shows_its_new_values_at_once(client, role_users, ref, listed):
    client.force_login(role_users["samordnare"])
    assert "Klotter" in _rows(client)[0]
    incident = listed[0]
    incident_update(
        user=role_users["samordnare"],
        incident=incident,
        data={"category": ref["brand"], "count": 7},
        version=incident.version,
    )
    newest = _rows(client)[0]
    assert "Brand" in newest and "Klotter" not in newest
    assert '<td class="text-end">7</td>' in newest


def test_a_renamed_area_shows_at_once(client, role_users, ref, listed):
    client.force_login(role_users["samordnare"])
    assert "Centrum" in _rows(client)[0]
    ref["centrum"].name = "Centrala staden"
    ref["centrum"].save()
    assert "Centrala staden" in _rows(client)[0]


def test_each_language_has_its_own_rows(client, role_users, listed):
    client.force_login(role_users["samordnare"])
    assert "Kväll (18–24)" in _rows(client)[0]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Evening (18–24)" in _rows(client)[0]


def test_rendered_each_keeps_the_order_and_reads_no_database(listed, django_assert_num_queries):
    stamp = lambda incident: (incident.pk, incident.updated_at)  # noqa: E731
    args = {"name": "i", "stamp": stamp, "kinds": ("lagesbild", "councils")}
    once = rendered_each(listed, "lagesbild/_incident_row.html", **args)
    # From the cache: the rows come back in the order asked, with nothing to look up.
    with django_assert_num_queries(0):
        again = rendered_each(list(reversed(listed)), "lagesbild/_incident_row.html", **args)
    assert again == list(reversed(once))
    assert rendered_each([], "lagesbild/_incident_row.html", **args) == []
