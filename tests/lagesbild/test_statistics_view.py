"""The statistics view on the demo year: a free period, areas compared, a category over
the years, SVG and CSV downloads, the disclosure gate for members, bounded input, and the
week's key numbers on the start page."""

import csv
import datetime as dt
import io

import pytest
from django.db.models import Sum
from django.urls import reverse

from core.isoweek import Week
from lagesbild.models import Category, Incident

URL = reverse("lagesbild:statistics")


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def period(demo_db):
    last = Incident.objects.latest("occurred_on").occurred_on
    return last - dt.timedelta(days=90), last


def test_areas_compared_over_a_free_period(client, demo_users, period):
    start, end = period
    client.force_login(demo_users["samordnare"])
    response = client.get(URL, {"start": start, "end": end})
    figures = response.context["figures"]
    expected = dict(
        Incident.objects.in_period(start, end)
        .values_list("area__name")
        .annotate(n=Sum("count"))
        .order_by()
    )
    shown = {r["label"]: r["count"] for r in figures["areas"] if r["count"]}
    assert shown == expected and figures["area_total"] == sum(expected.values()) > 100
    html = response.content.decode()
    assert "<svg" in html and 'data-chart="areas"' in html and 'data-chart="years"' in html
    assert "download=areas.csv" in html and "download=years.svg" in html
    rows = _csv(client.get(URL, {"start": start, "end": end, "download": "areas.csv"}))
    assert rows[0] == ["Område", "Händelser"]
    assert {r[0]: int(r[1]) for r in rows[1:-1] if r[1] != "0"} == expected
    assert rows[-1] == ["Totalt", str(sum(expected.values()))]
    svg = client.get(URL, {"start": start, "end": end, "download": "areas.svg"})
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    assert "attachment" in svg["Content-Disposition"]


def test_a_category_over_the_years(client, demo_users, period):
    start, end = period
    category = Category.objects.get(name="Skadegörelse", parent=None)
    client.force_login(demo_users["polis"])
    response = client.get(URL, {"start": start, "end": end, "category": category.pk})
    years = {r["label"]: r["count"] for r in response.context["figures"]["years"]}
    for year in {start.year, end.year}:
        expected = (
            Incident.objects.in_category(category)
            .filter(occurred_on__year=year)
            .aggregate(n=Sum("count"))["n"]
        )
        assert years[str(year)] == expected > 0
    assert "Skadegörelse över åren" in response.content.decode()
    rows = _csv(
        client.get(
            URL, {"start": start, "end": end, "category": category.pk, "download": "years.csv"}
        )
    )
    assert rows[0] == ["År", "Händelser"] and {r[0]: int(r[1]) for r in rows[1:]} == years


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-03-01", "end": "2026-01-01"}, "Startdatumet måste vara"),
        ({"start": "2012-01-01", "end": "2025-01-01"}, "högst tio år"),
        ({"start": "1990-01-01", "end": "1991-01-01"}, "från 2000"),
        ({"start": "i går"}, "giltigt datum"),
    ],
)
def test_bad_periods_get_a_clear_error_never_everything(client, demo_users, params, message):
    client.force_login(demo_users["samordnare"])
    response = client.get(URL, params)
    assert "figures" not in response.context
    assert message in response.content.decode()
    download = client.get(URL, {**params, "download": "areas.csv"})
    assert download.status_code == 400
    assert client.get(URL, {"download": "areas.exe"}).status_code == 400


def test_members_get_one_calendar_year_through_the_disclosure_gate(client, demo_users, demo_db):
    client.force_login(demo_users["ledamot"])
    last = Incident.objects.latest("occurred_on").occurred_on
    refused = client.get(URL, {"start": last - dt.timedelta(days=30), "end": last})
    assert "ett kalenderår" in refused.content.decode() and "figures" not in refused.context
    year = last.year - 1 if last.month < 12 else last.year
    # A category that is rare in some area that year: its small counts must be hidden.
    per_area = (
        Incident.objects.filter(occurred_on__year=year)
        .values_list("category", "area__name")
        .annotate(n=Sum("count"))
        .order_by("n")
    )
    category = next(c for c, _area, n in per_area if 0 < n < 3)
    params = {"start": f"{year}-01-01", "end": f"{year}-12-31", "category": category}
    response = client.get(URL, params)
    counts = dict(
        Incident.objects.filter(occurred_on__year=year, category=category)
        .values_list("area__name")
        .annotate(n=Sum("count"))
        .order_by()
    )
    small = [name for name, n in counts.items() if 0 < n < 3]
    shown = {r["label"]: r["count"] for r in response.context["figures"]["areas"]}
    for name in small:
        assert shown[name] == "< 3"
    assert all(
        isinstance(v, str) or v == counts.get(name, 0) or v == 0 for name, v in shown.items()
    )
    rows = _csv(client.get(URL, {**params, "download": "areas.csv"}))
    assert {r[0]: r[1] for r in rows[1:-1]}[small[0]] == "< 3"


def test_the_start_page_shows_the_weeks_key_numbers(client, demo_users, demo_db):
    week = Week.last()
    current = Incident.objects.in_week(week.iso_year, week.iso_week).aggregate(n=Sum("count"))["n"]
    before = week.shift(-1)
    previous = Incident.objects.in_week(before.iso_year, before.iso_week).aggregate(n=Sum("count"))[
        "n"
    ]
    client.force_login(demo_users["samordnare"])
    html = client.get("/").content.decode()
    panel = html.split('data-testid="week-key-numbers"')[1].split("</p>")[0]
    assert f"vecka {week.iso_week}, {week.iso_year}" in panel
    assert str(current) in panel.replace("\u00a0", "").replace(" ", "")
    change = current - previous
    assert f"{change:+d}".replace("-", "−") in panel or f"{change:+d}" in panel


def test_areas_compared_per_1000_inhabitants(client, demo_users, period):
    from measures.models import AreaPopulation

    start, end = period
    client.force_login(demo_users["samordnare"])
    html = client.get(URL, {"start": start, "end": end}).content.decode()
    table = html.split('data-table="rates"')[1].split("</table>")[0]
    population = AreaPopulation.objects.filter(year__lte=end.year).order_by("-year").first()
    assert population, "the demo seeds approximate populations"
    area = population.area
    latest = AreaPopulation.objects.filter(area=area, year__lte=end.year).latest("year")
    count = Incident.objects.in_period(start, end).filter(area=area).aggregate(n=Sum("count"))["n"]
    row = table.split(f"<td>{area.name}</td>")[1].split("</tr>")[0]
    rate = f"{count * 1000 / latest.population:.1f}".replace(".", ",")
    assert rate in row
    assert "Per 1 000 invånare" in table
