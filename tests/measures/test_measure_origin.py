"""From a hot spot or trend of the lägesbild to a measure in one click, on the demo year:
the link fills in the period and what started it, the saved measure keeps it and links
back to the page that showed it."""

import datetime as dt
import html as html_lib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lagesbild.seed import demo_weeks
from measures.forms import MeasureOriginForm
from measures.models import Measure
from tests.factories import MeasureFactory

LINK = re.compile(r'<a [^>]*data-testid="start-measure" href="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="(origin[a-z_]*)" value="([^"]*)"')


def _links(fragment: str) -> list[str]:
    return [html_lib.unescape(u) for u in LINK.findall(fragment)]


def _post_prefilled(client, url: str, owner_id: int):
    """Open the prefilled form and save it as it comes (what a user does who checks it)."""
    response = client.get(url)
    assert response.status_code == 200
    initial = response.context["form"].initial
    data = {
        "title": initial.get("title") or "Insats",
        "type": "narvaro",
        "areas": [a.pk for a in initial.get("areas", [])],
        "categories": [c.pk for c in initial.get("categories", [])],
        "owner": owner_id,
        "start_date": initial["start_date"].isoformat(),
        "end_date": initial["end_date"].isoformat() if initial.get("end_date") else "",
        "status": "planerad",
        "progress": "0",
        "version": "1",
        **dict(HIDDEN.findall(response.text)),
    }
    return response, client.post(url, data)


def test_an_area_trend_starts_a_measure_that_links_back_to_its_week(client, demo_users):
    coordinator = demo_users["samordnare"]
    client.force_login(coordinator)
    week = demo_weeks()[-1]
    page = client.get(reverse("lagesbild:weekly", kwargs={"week": week})).text
    trend = page.split('data-trend="area"')[1].split("</li>")[0]
    assert "Skälby" in trend
    url = next(u for u in _links(trend) if "from=area" in u)
    form_page, response = _post_prefilled(client, url, coordinator.organisation_id)
    initial = form_page.context["form"].initial
    start = max(week.sunday + dt.timedelta(days=1), timezone.localdate())
    assert initial["start_date"] == start
    assert initial["end_date"] == start + dt.timedelta(weeks=8, days=-1)
    assert "Skälby" in form_page.context["origin_fields"]["origin_label"]

    measure = Measure.objects.get(origin_label="Skälby")
    assert response.status_code == 302
    assert response.url == reverse("measures:measure_detail", args=[measure.pk])
    assert measure.origin == Measure.Origin.AREA_TREND
    assert (measure.origin_start, measure.origin_end) == (week.monday, week.sunday)
    assert measure.origin_key == str(measure.areas.get().pk)
    assert measure.start_date == start

    detail = client.get(response.url)
    back = reverse("lagesbild:weekly", kwargs={"week": week})
    origin = detail.text.split('data-testid="measure-origin"')[1].split("</div>")[0]
    assert f'href="{back}"' in origin and "Skälby" in origin
    assert "Skälby" in client.get(back).text


def test_a_place_within_a_trend_starts_a_place_measure(client, demo_users):
    coordinator = demo_users["samordnare"]
    client.force_login(coordinator)
    week = demo_weeks()[-1]
    page = client.get(reverse("lagesbild:weekly", kwargs={"week": week})).text
    url = next(u for u in _links(page) if "from=place" in u and "Sk%C3%A4lby%20centrum" in u)
    _form, response = _post_prefilled(client, url, coordinator.organisation_id)
    measure = Measure.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert measure.origin == Measure.Origin.PLACE_TREND
    assert measure.origin_label == "Skälby centrum"
    assert measure.origin_end == week.sunday


def test_a_hot_cell_starts_a_measure_that_links_back_to_the_hot_spot_page(client, demo_users):
    coordinator = demo_users["samordnare"]
    client.force_login(coordinator)
    page = client.get(reverse("lagesbild:hotspots"))
    start, end = page.context["period"]
    first = page.context["hotspots"]["hot_spots"][0]
    table = page.text.split("hotspot-table")[1].split("</table>")[0]
    url = _links(table)[0]
    assert f"key={first['key'].replace(',', '%2C')}" in url
    _form, response = _post_prefilled(client, url, coordinator.organisation_id)
    measure = Measure.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert measure.origin == Measure.Origin.HOTSPOT
    assert measure.origin_key == first["key"]
    assert measure.origin_label == first["name"] and first["name"]
    assert (measure.origin_start, measure.origin_end) == (start, end)
    assert measure.start_date == max(end + dt.timedelta(days=1), timezone.localdate())

    detail = client.get(response.url).text
    origin = html_lib.unescape(detail.split('data-testid="measure-origin"')[1].split("</div>")[0])
    back = re.search(r'href="([^"]+)"', origin).group(1)
    assert back.startswith(reverse("lagesbild:hotspots"))
    again = client.get(back)
    assert first["key"] in [c["key"] for c in again.context["hotspots"]["hot_spots"]]


@pytest.mark.parametrize(
    "query",
    [
        {"from": "area", "start": "2026-03-08", "end": "2026-03-02"},  # backwards
        {"from": "area", "start": "2020-01-01", "end": "2026-03-02"},  # over three years
        {"from": "area", "start": "2026-03-02"},  # half a period
        {"from": "hotspot", "key": "1,2,3"},  # not a cell or an id
        {"from": "nowhere"},
        {"from": "place", "label": "x" * 201},
    ],
)
def test_a_bad_origin_link_starts_nothing(query):
    form = MeasureOriginForm.from_query(query)
    assert not form.is_valid()
    assert form.origin_fields() == {"origin": ""}


def test_a_good_origin_link_is_kept():
    form = MeasureOriginForm.from_query(
        {"from": "hotspot", "start": "2026-03-02", "end": "2026-03-08", "key": "2348,-23"}
    )
    assert form.origin_fields() == {
        "origin": "hotspot",
        "origin_start": dt.date(2026, 3, 2),
        "origin_end": dt.date(2026, 3, 8),
        "origin_key": "2348,-23",
        "origin_label": "",
    }


@pytest.mark.django_db
def test_the_origin_period_is_checked_in_the_model_and_the_database():
    measure = MeasureFactory.build(
        origin="area", origin_start=dt.date(2026, 3, 8), origin_end=dt.date(2026, 3, 2)
    )
    with pytest.raises(ValidationError) as error:
        measure.full_clean(exclude=["owner"])
    assert "origin_end" in error.value.message_dict
    saved = MeasureFactory()
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=saved.pk).update(origin_start=dt.date(2026, 3, 2))
