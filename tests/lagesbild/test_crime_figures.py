"""Reported crime per 1 000 inhabitants against the county, the country and the
municipality group: hand-checked rates, the annual page and the annual report on the demo
year (HTML and PDF), perceived safety, and the victim perspective of the annual picture."""

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from core import formatting
from lagesbild.crime.figures import rate, reported_crime
from lagesbild.models import (
    AnnualPicture,
    CrimeCategory,
    NtuResult,
    RegionPopulation,
    ReportedCrime,
    StatisticsRegion,
    VictimConsequence,
)


def test_rate_is_per_1000_with_one_decimal_rounded_half_up():
    assert rate(1000, 150_000) == Decimal("6.7")  # 6,666…
    assert rate(1, 2000) == Decimal("0.5")
    assert rate(3, 16_000) == Decimal("0.2")  # 0,1875
    assert rate(1, 8000) == Decimal("0.1")  # 0,125
    assert rate(5, None) is None and rate(None, 100) is None


@pytest.fixture
def small(db, time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 29, 9, 0, tzinfo=dt.UTC), tick=False)
    person = CrimeCategory.objects.create(code="3-7", name="Brott mot person", sort_order=1)
    theft = CrimeCategory.objects.create(code="8", name="Stöld- och tillgreppsbrott", sort_order=2)
    kind = StatisticsRegion.Kind
    home = StatisticsRegion.objects.create(kind=kind.MUNICIPALITY, code="1980", name="Västerås")
    county = StatisticsRegion.objects.create(kind=kind.COUNTY, code="19", name="Västmanlands län")
    country = StatisticsRegion.objects.create(kind=kind.COUNTRY, code="00", name="Riket")
    group = StatisticsRegion.objects.create(
        kind=kind.MUNICIPALITY_GROUP, code="B3", name="Större stad"
    )

    def crime(region, category, year, count, quarter=None):
        ReportedCrime.objects.create(
            source="bra", region=region, category=category, year=year, quarter=quarter, count=count
        )

    crime(home, person, 2024, 1000)
    crime(home, theft, 2024, 500)
    crime(home, person, 2023, 900)
    crime(home, person, 2025, 100, quarter=1)
    crime(home, person, 2025, 200, quarter=2)
    crime(county, person, 2024, 1500)
    crime(country, person, 2024, 60_000)
    crime(group, person, 2024, 7000)  # no population for the group: no rate
    for region, year, people in [
        (home, 2023, 148_000),
        (home, 2024, 150_000),
        (home, 2025, 151_000),
        (county, 2024, 300_000),
        (country, 2024, 10_000_000),
    ]:
        RegionPopulation.objects.create(region=region, year=year, population=people)
    NtuResult.objects.create(region=home, year=2024, share_unsafe=Decimal("29.5"))
    return {"home": home, "person": person}


def test_rates_and_comparison_hand_checked(small):
    crime = reported_crime(2025)
    assert crime["years"] == [2021, 2022, 2023, 2024, 2025]
    person, theft = crime["home_rows"]
    assert person.label == "Brott mot person"
    # 900 / 148 000 × 1 000 = 6,08 → 6,1; 1 000 / 150 000 → 6,7; Q1+Q2 2025 = 300 → 2,0.
    assert person.counts == [None, None, 900, 1000, 300]
    assert person.rates == [None, None, Decimal("6.1"), Decimal("6.7"), Decimal("2.0")]
    assert theft.rates[3] == Decimal("3.3")  # 500 / 150 000
    assert crime["home_total"].counts[3] == 1500 and crime["home_total"].rates[3] == Decimal("10.0")
    assert crime["partial_years"] == [2025]
    # 2025 has two quarters only: the comparison is made in 2024, the last whole year.
    assert crime["compared_year"] == 2024
    assert [r.name for r in crime["regions"]] == [
        "Västerås",
        "Västmanlands län",
        "Riket",
        "Större stad",
    ]
    compared = {row.label: row.rates for row in crime["comparison"]}
    # län 1 500 / 300 000 = 5,0; riket 60 000 / 10 000 000 = 6,0; the group has no population.
    assert compared["Brott mot person"] == [Decimal("6.7"), Decimal("5.0"), Decimal("6.0"), None]
    assert compared["Alla kategorier"][0] == Decimal("10.0")
    assert crime["ntu"]["rows"][0].rates == [None, None, None, Decimal("29.5"), None]
    assert not crime["is_demo"]


def test_annual_page_shows_the_rates_to_members_exactly(client, role_users, small):
    client.force_login(role_users["ledamot"])
    html = client.get(reverse("lagesbild:annual", kwargs={"year": 2025})).content.decode()
    caption = "Anmälda brott per 1 000 invånare 2024: jämfört med länet, riket och kommungruppen"
    assert caption in html
    # Published aggregates are not gated: the member sees 6,7 and the count 1 000.
    assert "6,7" in html and "(1\u202f000)" in html and "5,0" in html
    assert "del av året" in html  # 2025 is two quarters
    assert "29,5" in html  # NTU


def test_annual_page_without_statistics_says_so(client, role_users, db):
    client.force_login(role_users["samordnare"])
    html = client.get(reverse("lagesbild:annual", kwargs={"year": 2024})).content.decode()
    assert "Inga anmälda brott är importerade för dessa år." in html
    assert "Inga NTU-siffror är importerade för dessa år." in html


def _home_total_rate(year: int) -> Decimal:
    """The demo's Västerås rate, counted here straight from the rows."""
    count = ReportedCrime.objects.filter(
        source="bra", region__code="1980", year=year, quarter=None
    ).aggregate(n=Sum("count"))["n"]
    people = RegionPopulation.objects.get(region__code="1980", year=year).population
    return (Decimal(count) * 1000 / people).quantize(Decimal("0.1"))


def _year_of_demo() -> int:
    return AnnualPicture.objects.filter(is_demo=True).latest("year").year


def test_demo_year_annual_page_compares_with_county_country_and_group(client, demo_users):
    year = _year_of_demo()
    client.force_login(demo_users["ledamot"])
    response = client.get(reverse("lagesbild:annual", kwargs={"year": year}))
    html = response.content.decode()
    crime = response.context["crime"]
    assert crime["is_demo"] and "Demo/uppskattning: siffrorna är inte Brås eller SCB:s." in html
    compared = crime["compared_year"]
    assert compared == year - 1  # the current year holds quarters only
    total = crime["comparison"][-1]
    assert total.rates[0] == _home_total_rate(compared)
    assert all(v is not None for v in total.rates)  # Västerås, län, riket, B3
    assert formatting.number(total.rates[0], 1) in html
    for name in ("Västmanlands län", "Riket", "Större stad (SKR:s kommungrupp B3)"):
        assert name in html
    assert html.count("<svg") >= 3  # the incident charts and the rate trend
    # Perceived safety: the trygghetsmätning (slot from measures) and Brå's NTU.
    assert "Trygghetsmätning: andel otrygga, hela kommunen (%)" in html
    assert 'data-testid="ntu"' in html
    # The victim perspective and consequences of the demo picture.
    assert "Särskilt utsatta brottsoffer: äldre" in html and "212 stödkontakter" in html
    assert "Brottsofferjouren Västerås" in html


def test_demo_year_annual_report_html_and_pdf_hold_the_comparison(demo_users):
    from trygghet.reports.exporters import EXPORTERS

    year = _year_of_demo()
    compared = year - 1
    rate_text = formatting.number(_home_total_rate(compared), 1)
    _name, _mime, html = EXPORTERS["annual"].render({"key": str(year), "format": "html"})
    html = html.decode()
    assert "Anmälda brott per 1 000 invånare" in html
    assert f"Anmälda brott per 1 000 invånare {compared}" in html and rate_text in html
    assert "Upplevd trygghet" in html and "Brottsoffer och konsekvenser" in html
    assert "Särskilt utsatta brottsoffer: äldre" in html
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _name, _mime, pdf = EXPORTERS["annual"].render({"key": str(year), "format": "pdf"})
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Anmälda brott per 1 000 invånare" in text
    assert rate_text in text
    assert "Västmanlands län" in text and "Riket" in text
    assert "Särskilt utsatta brottsoffer: äldre" in text


def test_statistics_page_lists_the_demo_datasets(client, demo_users):
    client.force_login(demo_users["ledamot"])
    html = client.get(reverse("lagesbild:crime_statistics")).content.decode()
    assert "Brå, anmälda brott" in html and "Polisens uttag per brottskod" in html
    assert "Demo/uppskattning" in html
    assert "Importera statistik" not in html  # the member does not import


# The victim perspective and consequences in the annual picture's form.


def _form(year_picture_version, rows, total=None, initial=0):
    data = {
        "title": "Lägesbild",
        "version": year_picture_version,
        "victims-TOTAL_FORMS": str(total if total is not None else len(rows)),
        "victims-INITIAL_FORMS": str(initial),
        "victims-MIN_NUM_FORMS": "0",
        "victims-MAX_NUM_FORMS": "30",
    }
    for i, row in enumerate(rows):
        data |= {f"victims-{i}-{k}": v for k, v in row.items()}
    return data


@pytest.fixture
def brottsofferjouren(db):
    from councils.models import Organisation

    return Organisation.objects.create(name="Brottsofferjouren Västerås", kind="civilsamhalle")


def test_coordinator_records_victim_rows_in_the_annual_form(
    client, role_users, brottsofferjouren, time_machine
):
    time_machine.move_to(dt.datetime(2025, 11, 29, 9, 0, tzinfo=dt.UTC), tick=False)
    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:annual_edit", kwargs={"year": 2025})
    page = client.get(url).content.decode()
    assert "Brottsoffer och konsekvenser" in page and 'data-testid="victim-row"' in page
    row = {
        "kind": "brottsoffer",
        "subject": "Särskilt utsatta brottsoffer: äldre",
        "description": "Fler stödsamtal om telefonbedrägerier.",
        "organisation": brottsofferjouren.pk,
        "figure": "140",
        "figure_unit": "stödkontakter",
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
    }
    response = client.post(url, _form(0, [row, {}]))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = VictimConsequence.objects.get()
    assert saved.annual_picture.year == 2025 and saved.organisation == brottsofferjouren
    assert saved.figure == 140
    html = client.get(reverse("lagesbild:annual", kwargs={"year": 2025})).content.decode()
    assert "140 stödkontakter" in html and "2025-01-01 – 2025-06-30" in html

    # A figure without its unit, and a period that ends before it starts: shown at the
    # fields, nothing saved (the picture's text neither).
    picture = AnnualPicture.objects.get(year=2025)
    bad = dict(row, id=saved.pk, figure="5", figure_unit="", period_end="2024-01-01")
    response = client.post(url, _form(picture.version, [bad], initial=1) | {"title": "Ny"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ange vad antalet avser." in html
    assert "Perioden kan inte sluta innan den börjar." in html
    saved.refresh_from_db()
    picture.refresh_from_db()
    assert saved.figure == 140 and picture.title == "Lägesbild"

    # Deleting the row.
    delete = dict(row, id=saved.pk, DELETE="on")
    response = client.post(url, _form(picture.version, [delete], initial=1))
    assert response.status_code == 302
    assert not VictimConsequence.objects.exists()


def test_victim_row_text_refuses_personal_data(client, role_users, time_machine):
    time_machine.move_to(dt.datetime(2025, 11, 29, 9, 0, tzinfo=dt.UTC), tick=False)
    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:annual_edit", kwargs={"year": 2025})
    row = {
        "kind": "konsekvens",
        "subject": "Otrygghet",
        "description": "Anmälan från 19121212-1212 om hot.",
    }
    response = client.post(url, _form(0, [row]))
    assert response.status_code == 200
    assert not VictimConsequence.objects.exists()
    assert not AnnualPicture.objects.filter(year=2025).exists()
