"""Property-based tests (hypothesis) of the incident import parser.

Whatever bytes arrive, the check either reads the file or says clearly why not (a
ValidationError or csv.Error, both turned into a message by check_job) — never another
exception. Whatever rows arrive, every row is either accepted or reported with its line
number, and the accepted rows are written without a database error.
"""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagesbild import imports
from lagesbild.models import Incident
from tests.factories import AreaFactory, CategoryFactory, OrganisationFactory, PlaceFactory

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(content=st.binary(max_size=3000), name=st.sampled_from(["a.csv", "a.xlsx", "A.CSV"]))
def test_arbitrary_bytes_are_read_or_refused_clearly(content, name):
    try:
        rows = imports.read_rows(name, content)
    except (ValidationError, csv.Error):
        return
    assert isinstance(rows, list)
    assert all(isinstance(row, dict) for row in rows)


def _cell():
    """Text a spreadsheet might hold: blank, near-valid, hostile or plain garbage."""
    return st.one_of(
        st.just(""),
        st.text(max_size=30),
        st.sampled_from(
            [
                "2023-02-14",
                "2023-02-30",
                "14/2/2023",
                "21:30",
                "25:61",
                "kväll",
                "NATT",
                "nan",
                "inf",
                "-inf",
                "1e309",
                "59,61",
                "-0",
                "0",
                "99999999999999999999",
                "=1+1",
                "\x00",
                " ",
            ]
        ),
        st.integers(min_value=-(2**63), max_value=2**63).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
    )


ROW = st.fixed_dictionaries(
    {
        "external_id": st.one_of(st.text(max_size=80), st.sampled_from(["A-1", "A-2", "A-1"])),
        "date": st.one_of(
            _cell(),
            st.dates().map(dt.date.isoformat),
            # Days inside the ten-year horizon, so that whole rows pass and are checked.
            st.dates(dt.date(2017, 1, 1), dt.date(2025, 12, 31)).map(dt.date.isoformat),
        ),
        "time": _cell(),
        "time_of_day": _cell(),
        "category": st.one_of(_cell(), st.just("Klotter"), st.just("klotter")),
        "area": st.one_of(_cell(), st.just("Bäckby"), st.just("BÄCKBY")),
        "place": st.one_of(_cell(), st.just("Bäckby centrum")),
        "latitude": _cell(),
        "longitude": _cell(),
        "count": _cell(),
        "assessment": st.text(max_size=2500),
    }
)


@pytest.fixture
def reference(db):
    area = AreaFactory(name="Bäckby")
    PlaceFactory(name="Bäckby centrum", area=area)
    CategoryFactory(name="Klotter")
    return OrganisationFactory(name="Mimer")


@pytest.mark.django_db
@PROPERTY
@given(rows=st.lists(ROW, min_size=1, max_size=8))
def test_every_row_is_imported_or_reported_with_its_line(reference, rows):
    result = imports.check_rows([dict(row) for row in rows])
    # A row of blank cells is no row: neither imported nor reported.
    lines = {n for n, row in enumerate(rows, start=2) if any(str(v).strip() for v in row.values())}
    accepted = {line for line, _data in result.rows}
    reported = {error.line for error in result.errors}
    assert accepted.isdisjoint(reported)
    assert accepted | reported == lines
    assert all(error.column and error.message for error in result.errors)
    # An accepted row keeps what it says: a check that swallowed its error (an unknown
    # place loaded without its place) would break this, not the line counts above.
    for line, data in result.rows:
        row = rows[line - 2]
        assert data["external_id"] == row["external_id"].strip()
        assert data["area"].name.lower() == row["area"].strip().lower()
        assert data["category"].name.lower() == row["category"].strip().lower()
        place = row["place"].strip()
        assert (data["place"].name.lower() if data["place"] else "") == place.lower()
        if row["latitude"].strip():
            assert data["latitude"] == float(row["latitude"].strip().replace(",", "."))
        if row["count"].strip():
            assert data["count"] == int(row["count"].strip())
        assert data["assessment"] == row["assessment"].strip()
    if result.ok:
        with transaction.atomic():
            before = Incident.objects.count()
            written = imports.write_rows(rows=result.rows, organisation=reference, user=None)
            assert written.created + written.updated + written.unchanged == len(result.rows)
            assert Incident.objects.count() - before == written.created
            # What was written is what was checked, place and count included.
            stored = {
                i.external_id: (i.area_id, i.place_id, i.count)
                for i in Incident.objects.filter(organisation=reference)
            }
            for _line, data in result.rows:
                place_id = data["place"].pk if data["place"] else None
                assert stored[data["external_id"]] == (data["area"].pk, place_id, data["count"])
            transaction.set_rollback(True)


@pytest.mark.django_db
@PROPERTY
@given(rows=st.lists(ROW, min_size=1, max_size=5))
def test_files_made_of_arbitrary_rows_check_without_crashing(reference, rows):
    """The same rows as a real CSV and XLSX file, through read_rows and check_rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=imports.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(imports.COLUMNS)
    for row in rows:
        try:
            sheet.append([row[c] for c in imports.COLUMNS])
        except openpyxl.utils.exceptions.IllegalCharacterError:
            return  # a spreadsheet cannot hold control characters at all
    xlsx = io.BytesIO()
    book.save(xlsx)
    for name, content in (("a.csv", out.getvalue().encode()), ("a.xlsx", xlsx.getvalue())):
        try:
            raw = imports.read_rows(name, content)
        except (ValidationError, csv.Error):
            continue
        result = imports.check_rows(raw)
        assert result.file_error or len(result.rows) + len({e.line for e in result.errors}) == len(
            raw
        )


# A valid row of the reference data; the next test changes one cell of it.
VALID = {
    "external_id": "A-1",
    "date": "",  # filled in with a recent day (the horizon moves with today)
    "time": "",
    "time_of_day": "",
    "category": "Klotter",
    "area": "Bäckby",
    "place": "Bäckby centrum",
    "latitude": "",
    "longitude": "",
    "count": "2",
    "assessment": "Grupp vid scenen",
}


def _kept(column: str, value: str, data: dict) -> bool:
    """Whether an accepted row holds what its changed cell said."""
    value = value.strip()
    return {
        "external_id": lambda: data["external_id"] == value,
        "date": lambda: data["occurred_on"] == dt.date.fromisoformat(value),
        "time": lambda: (data["occurred_at"] is None) == (value == ""),
        "time_of_day": lambda: data["time_band"] == imports.BANDS.get(value.lower(), ""),
        "category": lambda: data["category"].name.lower() == value.lower(),
        "area": lambda: data["area"].name.lower() == value.lower(),
        "place": lambda: (data["place"].name.lower() if data["place"] else "") == value.lower(),
        # Half a point is never accepted: only a blank cell may pass.
        "latitude": lambda: value == "",
        "longitude": lambda: value == "",
        "count": lambda: data["count"] == (int(value) if value else 1),
        "assessment": lambda: data["assessment"] == value,
    }[column]()


@pytest.mark.django_db
@PROPERTY
@given(
    column=st.sampled_from(list(VALID)),
    value=st.one_of(
        _cell(),
        st.sampled_from(["Okänd plats", "Bäckby centrum", "Klotter", "BÄCKBY", "Atlantis", "5"]),
    ),
)
def test_one_changed_cell_is_kept_or_reported_on_its_column(reference, column, value):
    """Change one cell of a valid row: the row either keeps that value or is reported on
    that column. A check that swallowed its error (an unknown place loaded without its
    place) fails here, where the line counts above cannot see it."""
    row = {**VALID, "date": (dt.date.today() - dt.timedelta(days=30)).isoformat()}
    row[column] = value
    result = imports.check_rows([row])
    if result.errors:
        # Half a point is reported on the latitude, whichever half is given.
        assert {e.column for e in result.errors} <= {column, "latitude"}
    else:
        [(_line, data)] = result.rows
        assert _kept(column, value, data)
