"""The import's row checks and writes, one rule at a time, at its boundary.

Every cell a row gives is either kept in the incident or reported on its line and column:
an unknown place is a row error, never an incident without its place. Time is frozen at
15 June 2023 (Stockholm), so "today", the future and the ten-year horizon are fixed days.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone

from lagesbild import imports
from lagesbild.models import ImportJob, Incident
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2023, 6, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


TODAY = dt.date(2023, 6, 15)
BASE = {
    "external_id": "X1",
    "date": "2023-02-14",
    "time": "",
    "time_of_day": "",
    "category": "Klotter",
    "area": "Centrum",
    "place": "",
    "latitude": "",
    "longitude": "",
    "count": "",
    "assessment": "",
}


def check(*rows: dict):
    """check_rows of rows given as changes to a valid row (ids X1, X2 … unless given)."""
    return imports.check_rows(
        [{**BASE, "external_id": f"X{n}", **row} for n, row in enumerate(rows, start=1)]
    )


def problems(result) -> list[tuple[int, str]]:
    return [(e.line, e.column) for e in result.errors]


def accepted(result) -> dict:
    """The one accepted row's values."""
    [(_line, data)] = result.rows
    return data


# Places: a place must exist in the row's area.


def test_an_unknown_place_is_reported_not_dropped(ref):
    """A place the system does not know is a row error naming it; the row is not loaded."""
    result = check({"place": "Okänd plats"})
    assert problems(result) == [(2, "place")]
    assert result.errors[0].message == "Okänd plats i Centrum: Okänd plats"
    # Reported as a row error of a file that has rows, not as "no rows below the header".
    assert result.rows == [] and result.file_error == ""


def test_a_place_of_another_area_is_unknown_there(ref):
    """Vasaparken lies in Centrum: named under Bäckby it is an unknown place."""
    assert problems(check({"area": "Bäckby", "place": "Vasaparken"})) == [(2, "place")]


def test_a_known_place_is_kept_with_its_coordinates(ref):
    """A place found (any case) is loaded with the place and, without a point, its point."""
    data = accepted(check({"place": "VASAPARKEN"}))
    assert data["place"] == ref["vasaparken"]
    assert (data["latitude"], data["longitude"]) == (59.6133, 16.5395)


def test_a_point_given_beside_a_place_is_kept(ref):
    """The row's own point wins over the place's (decimal comma accepted)."""
    data = accepted(check({"place": "Vasaparken", "latitude": "59,62", "longitude": "16,55"}))
    assert (data["latitude"], data["longitude"]) == (59.62, 16.55)


def test_an_unknown_area_is_reported_once_not_also_its_place(ref):
    """With the area unknown, the place cannot be looked up: one error, on the area."""
    result = check({"area": "Atlantis", "place": "Vasaparken"})
    assert problems(result) == [(2, "area")]


def test_unknown_and_known_categories(ref):
    """An event name (any case) or "Main – Event" is found; an unknown name is reported."""
    assert accepted(check({"category": "KLOTTER"}))["category"] == ref["klotter"]
    assert accepted(check({"category": "Skadegörelse – Brand"}))["category"] == ref["brand"]
    assert accepted(check({"category": "Skadegörelse"}))["category"] == ref["main"]
    assert problems(check({"category": "Stöld"})) == [(2, "category")]


# Ids.


def test_ids_are_required_and_unique_within_the_file(ref):
    """A second row with the same id names the first one's line; a blank id is required."""
    result = check(
        {"external_id": "A"}, {"external_id": "B"}, {"external_id": "A"}, {"external_id": ""}
    )
    assert problems(result) == [(4, "external_id"), (5, "external_id")]
    assert [e.message for e in result.errors] == ["Samma id som rad 2.", "Obligatorisk."]
    assert [line for line, _data in result.rows] == [2, 3]


def test_an_id_at_the_length_limit_is_kept_one_more_is_refused(ref):
    """The id column holds EXTERNAL_ID_LENGTH characters, not one more."""
    limit = imports.EXTERNAL_ID_LENGTH
    assert accepted(check({"external_id": "a" * limit}))["external_id"] == "a" * limit
    assert problems(check({"external_id": "a" * (limit + 1)})) == [(2, "external_id")]


# Dates and times.


def test_today_is_accepted_tomorrow_is_in_the_future(ref):
    """An incident of today (Stockholm) is fine; one of tomorrow is refused."""
    assert accepted(check({"date": TODAY.isoformat()}))["occurred_on"] == TODAY
    result = check({"date": (TODAY + dt.timedelta(days=1)).isoformat()})
    assert problems(result) == [(2, "date")]
    assert result.errors[0].message == "Datumet ligger i framtiden."


def test_the_oldest_day_is_accepted_the_day_before_is_too_old(ref):
    """Ten years back to the day is the horizon: that day is in, the day before is out."""
    assert accepted(check({"date": "2013-06-15"}))["occurred_on"] == dt.date(2013, 6, 15)
    assert problems(check({"date": "2013-06-14"})) == [(2, "date")]


def test_a_time_is_stored_in_utc_and_sets_the_time_of_day(ref):
    """21:30 on 14 February is 20:30 UTC, in the evening band, whatever band the row says."""
    data = accepted(check({"time": "21:30", "time_of_day": "natt"}))
    assert data["occurred_at"] == dt.datetime(2023, 2, 14, 20, 30, tzinfo=dt.UTC)
    assert (data["occurred_on"], data["time_band"]) == (dt.date(2023, 2, 14), "kvall")
    assert (data["iso_year"], data["iso_week"]) == (2023, 7)


def test_just_after_local_midnight_keeps_the_local_date(ref):
    """00:30 on a Monday in Stockholm is Sunday 22:30 UTC, but counts on Monday, in week 8."""
    data = accepted(check({"date": "2023-02-20", "time": "00:30"}))
    assert data["occurred_at"] == dt.datetime(2023, 2, 19, 23, 30, tzinfo=dt.UTC)
    assert (data["occurred_on"], data["time_band"]) == (dt.date(2023, 2, 20), "natt")
    assert data["iso_week"] == 8


def test_spreadsheet_dates_and_times_are_read_as_such(ref):
    """An XLSX date cell (a datetime) and time cell are taken as the local day and time."""
    data = accepted(check({"date": dt.datetime(2023, 2, 14, 0, 0), "time": dt.time(9, 59)}))
    assert data["occurred_on"] == dt.date(2023, 2, 14)
    assert data["time_band"] == "morgon"


def test_a_time_in_the_spring_gap_is_refused(ref):
    """02:30 on 26 March 2023 never happened in Stockholm: the row says so."""
    result = check({"date": "2023-03-26", "time": "02:30"})
    assert problems(result) == [(2, "time")]
    assert "02:30" in result.errors[0].message
    assert accepted(check({"date": "2023-03-26", "time": "03:00"}))["occurred_on"] == dt.date(
        2023, 3, 26
    )


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"date": "14/2/2023"}, "date"),
        ({"date": "2023-02-30"}, "date"),
        ({"time": "25:61"}, "time"),
        ({"time_of_day": "sent"}, "time_of_day"),
    ],
)
def test_malformed_dates_times_and_bands_are_reported(ref, cells, column):
    """A date, time or time-of-day the import cannot read is an error on that column."""
    assert problems(check(cells)) == [(2, column)]


@pytest.mark.parametrize(
    ("band", "stored"), [("KVÄLL", "kvall"), ("kvall", "kvall"), ("natt", "natt")]
)
def test_time_of_day_without_a_time(ref, band, stored):
    """A band alone (any case, with or without ä) is stored as given; no time is invented."""
    data = accepted(check({"time_of_day": band}))
    assert (data["time_band"], data["occurred_at"]) == (stored, None)


# Counts, points, assessments.


@pytest.mark.parametrize(
    ("cell", "count"),
    [
        ("", 1),
        (None, 1),
        ("1", 1),
        ("+3", 3),
        (3.0, 3),
        (7, 7),
        (2_147_483_647, 2_147_483_647),
    ],
)
def test_counts_that_are_whole_numbers_of_at_least_one(ref, cell, count):
    """A blank count is 1; a whole number from 1 to the database's limit (2³¹ − 1) is kept."""
    assert accepted(check({"count": cell}))["count"] == count


@pytest.mark.parametrize(
    "cell", ["0", "-1", 0, 0.0, 2.5, "2,0", "två", 2_147_483_648, Decimal("2.5")]
)
def test_counts_below_one_or_not_whole_are_reported(ref, cell):
    """0, negative, fractional, words and counts past the database's limit are row errors."""
    assert problems(check({"count": cell})) == [(2, "count")]


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"latitude": "59.6", "longitude": ""}, "latitude"),
        ({"latitude": "59,6", "longitude": "öster"}, "longitude"),
        ({"latitude": "norr", "longitude": "16.5"}, "latitude"),
        ({"latitude": "60.5", "longitude": "16.5"}, "latitude"),
        # Beside a place too: half a point is reported, not replaced by the place's point.
        ({"place": "Vasaparken", "longitude": "16.5"}, "latitude"),
        ({"place": "Vasaparken", "latitude": "59.6"}, "latitude"),
    ],
)
def test_points_need_both_numbers_inside_the_municipality(ref, cells, column):
    """Half a point, a word for a number, or a point outside Västerås is reported."""
    assert problems(check(cells)) == [(2, column)]


def test_an_assessment_at_the_length_limit_is_kept_one_more_is_refused(ref):
    """The assessment may be exactly as long as the field, not one character longer."""
    limit = imports.ASSESSMENT_LENGTH
    assert len(accepted(check({"assessment": "x" * limit}))["assessment"]) == limit
    result = check({"assessment": "x" * (limit + 1)})
    assert problems(result) == [(2, "assessment")]
    assert f"{limit + 1} tecken" in result.errors[0].message


def test_an_assessment_with_personal_data_is_refused(ref):
    """A phone number in the assessment stops the row; plain text goes through."""
    assert problems(check({"assessment": "Ring 070-123 45 67"})) == [(2, "assessment")]
    assert accepted(check({"assessment": "Grupp vid scenen"}))["assessment"] == "Grupp vid scenen"


def test_a_cell_of_the_wrong_type_stops_the_other_checks_of_its_row(ref):
    """A TRUE in the count is reported alone; the row's other checks wait for a clean row."""
    result = check({"count": True, "date": "2030-01-01"})
    assert problems(result) == [(2, "count")]


# The header.


def test_a_column_given_twice_is_a_file_error(ref):
    """ "datum" and "date" are the same column: the file is refused, naming both."""
    result = imports.check_rows([{**BASE, "datum": "2023-02-14"}])
    assert "datum" in result.file_error and "date" in result.file_error
    assert result.rows == [] and result.errors == []


def test_missing_columns_are_named_in_the_templates_order(ref):
    """Without id and area the file error lists "externt_id, område"."""
    row = {k: v for k, v in BASE.items() if k not in ("external_id", "area")}
    assert imports.check_rows([row]).file_error == "Kolumner saknas: externt_id, område."


def test_unknown_columns_are_ignored_and_errors_use_the_files_headings(ref):
    """An extra column changes nothing; an error names the column as the file does."""
    row = {
        "Externt id": "X1",
        "Datum": "2023-02-30",
        "kategori": "Klotter",
        "Område": "Centrum",
        "Kommentar": "ignoreras",
    }
    result = imports.check_rows([row])
    assert problems(result) == [(2, "Datum")]


# Writes.


def rows_of(*changes: dict):
    result = check(*changes)
    assert result.ok, problems(result)
    return result.rows


def test_a_reimport_updates_changed_rows_and_leaves_the_rest(ref, make_user):
    """The same ids again: a changed count is an update (with history), the rest unchanged."""
    user = make_user("polis")
    org = user.organisation
    first = imports.write_rows(rows=rows_of({}, {}, {}), organisation=org, user=user)
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    again = imports.write_rows(
        rows=rows_of({}, {"count": "4"}, {"place": "Vasaparken"}), organisation=org, user=user
    )
    assert (again.created, again.updated, again.unchanged) == (0, 2, 1)
    changed = Incident.objects.get(external_id="X2")
    assert (changed.count, changed.version) == (4, 2)
    assert Incident.objects.get(external_id="X3").place == ref["vasaparken"]
    assert Incident.objects.get(external_id="X1").version == 1
    record = changed.history.latest()
    assert (record.history_change_reason, record.history_user) == ("import", user)
    assert record.history_type == "~"  # shown as a change in the history, not a new incident


def test_the_same_ids_of_another_organisation_are_their_own_incidents(ref):
    """Ids are per organisation: another organisation's X1 is a new incident."""
    rows = rows_of({})
    imports.write_rows(rows=rows, organisation=OrganisationFactory(), user=None)
    result = imports.write_rows(rows=rows, organisation=OrganisationFactory(), user=None)
    assert result.created == 1 and Incident.objects.count() == 2


def test_progress_is_reported_every_batch(ref, monkeypatch):
    """A long import reports how far it has come once per batch of rows."""
    monkeypatch.setattr(imports, "WRITE_BATCH", 2)
    seen = []
    imports.write_rows(
        rows=rows_of(*[{}] * 5), organisation=OrganisationFactory(), user=None, progress=seen.append
    )
    assert seen == [2, 4]


def job_of(user, content: bytes, name="a.csv") -> ImportJob:
    job = ImportJob(organisation=user.organisation, user=user, original_name=name)
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    return job


def csv_of(*lines: str) -> bytes:
    return (",".join(imports.COLUMNS) + "\n" + "".join(f"{line}\n" for line in lines)).encode()


GOOD = "R1,2023-02-14,,natt,Klotter,Centrum,,,,1,"
BAD = "R2,2023-02-14,,natt,Klotter,Centrum,Okänd plats,,,1,"


def test_a_checked_job_counts_every_row_and_keeps_the_errors(ref, make_user):
    """The dry run counts good and bad rows and stores the bad rows' errors."""
    job = job_of(make_user("polis"), csv_of(GOOD, BAD, BAD.replace("R2", "R3")))
    result = imports.check_job(job=job)
    job.refresh_from_db()
    assert (job.total_rows, job.error_count, len(result.rows)) == (3, 2, 1)
    assert [(e["line"], e["column"]) for e in job.errors] == [(3, "place"), (4, "place")]
    assert len(job.checksum) == 64


def test_a_file_error_is_kept_as_one_error_of_line_zero(ref, make_user):
    """A file that is no import (no columns we know) is one message, on no line."""
    job = job_of(make_user("polis"), b"a,b\n1,2\n")
    imports.check_job(job=job)
    job.refresh_from_db()
    assert job.error_count == 1 and job.errors[0]["line"] == 0
    assert job.errors[0]["message"].startswith("Kolumner saknas")


def test_a_job_with_a_bad_row_imports_nothing(ref, make_user):
    """All or nothing: one unknown place fails the job and writes no incident."""
    job = job_of(make_user("polis"), csv_of(GOOD, BAD))
    imports.check_job(job=job)
    job = imports.run_job(job_id=job.pk)
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert [(e["line"], e["column"]) for e in job.errors] == [(3, "place")]
    assert not Incident.objects.exists()


def test_a_done_job_is_not_run_again(ref, make_user):
    """A redelivered task of a finished job changes nothing."""
    job = job_of(make_user("polis"), csv_of(GOOD))
    imports.check_job(job=job)
    assert imports.run_job(job_id=job.pk).status == ImportJob.Status.DONE
    Incident.objects.all().delete()
    again = imports.run_job(job_id=job.pk)
    assert again.status == ImportJob.Status.DONE and not Incident.objects.exists()


def test_a_finished_job_shows_all_rows_processed(ref, make_user):
    """After the import the progress is complete and the counts are on the job."""
    job = job_of(make_user("polis"), csv_of(GOOD, GOOD.replace("R1", "R2")))
    imports.check_job(job=job)
    job = imports.run_job(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.total_rows) == (ImportJob.Status.DONE, 2, 2)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (2, 0, 0)


def test_an_unexpected_error_fails_the_job_and_is_raised(ref, make_user, monkeypatch):
    """A bug mid-import leaves the job failed with a message, not running, and is not hidden."""

    def broken(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(imports, "write_rows", broken)
    job = job_of(make_user("polis"), csv_of(GOOD))
    imports.check_job(job=job)
    with pytest.raises(RuntimeError):
        imports.run_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["message"] == "Importen misslyckades; ingenting sparades."


@pytest.mark.parametrize(("rows", "queued"), [(3, False), (4, True)])
def test_files_over_the_threshold_go_to_a_task(ref, make_user, monkeypatch, rows, queued):
    """A file of exactly the threshold is imported at once; one row more goes to Celery."""
    from lagesbild import tasks

    monkeypatch.setattr(imports, "TASK_THRESHOLD_ROWS", 3)
    delayed = []
    monkeypatch.setattr(tasks.run_import, "delay", delayed.append)
    job = job_of(make_user("polis"), csv_of(*[GOOD.replace("R1", f"R{i}") for i in range(rows)]))
    imports.check_job(job=job)
    imports.start_import(job_id=job.pk)
    assert (delayed == [job.pk]) is queued
    assert Incident.objects.count() == (0 if queued else rows)


@override_settings(IMPORT_STALE_AFTER_SECONDS=600)
def test_only_jobs_silent_longer_than_the_limit_are_failed(ref, make_user):
    """A running job silent for 11 minutes is failed; one heard from 9 minutes ago runs on."""
    user = make_user("polis")
    now = timezone.now()
    silent = job_of(user, csv_of(GOOD), name="a.csv")
    alive = job_of(user, csv_of(GOOD.replace("R1", "R9")), name="b.csv")
    done = job_of(user, csv_of(GOOD.replace("R1", "R8")), name="c.csv")
    for job, minutes, status in (
        (silent, 11, "running"),
        (alive, 9, "running"),
        (done, 60, "done"),
    ):
        ImportJob.objects.filter(pk=job.pk).update(
            status=status, heartbeat_at=now - dt.timedelta(minutes=minutes)
        )
    assert imports.import_jobs_recover_stale(now=now, job_id=alive.pk) == 0
    assert imports.import_jobs_recover_stale(now=now) == 1
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses == {silent.pk: "failed", alive.pk: "running", done.pk: "done"}


def test_import_file_checks_then_writes(ref, make_user, tmp_path):
    """From disk: a dry run writes nothing; the real run creates the rows."""
    path = tmp_path / "händelser.csv"
    path.write_bytes(csv_of(GOOD))
    user = make_user("polis")
    assert imports.import_file(path=path, user=user, dry_run=True).ok
    assert not Incident.objects.exists()
    assert imports.import_file(path=path, user=user).created == 1
    path.write_bytes(csv_of(BAD))
    assert not imports.import_file(path=path, user=user).ok


def test_import_file_refuses_a_file_over_the_upload_limit(ref, make_user, tmp_path):
    """A file one byte over the upload limit is refused before it is read."""
    path = tmp_path / "stor.csv"
    content = csv_of(GOOD)
    path.write_bytes(content)
    user = make_user("polis")
    with override_settings(MAX_UPLOAD_SIZE=len(content)):
        assert imports.import_file(path=path, user=user, dry_run=True).ok
    with override_settings(MAX_UPLOAD_SIZE=len(content) - 1), pytest.raises(ValidationError):
        imports.import_file(path=path, user=user, dry_run=True)


def test_the_sample_file_for_benchmarks_is_entirely_valid(ref, tmp_path):
    """Every synthetic row passes the checks: unique ids, past dates, real times, counts 1–3."""
    path = tmp_path / "prov.csv"
    imports.write_sample_csv(path, rows=60)
    result = imports.check_file(path.name, path.read_bytes())
    assert result.ok, problems(result)
    rows = [data for _line, data in result.rows]
    assert [d["external_id"] for d in rows[:2]] == ["EX-0000001", "EX-0000002"]
    assert len({d["external_id"] for d in rows}) == 60
    assert {d["count"] for d in rows} == {1, 2, 3}
    # One row a day from a year back, over the system's own areas and events.
    days = sorted({d["occurred_on"] for d in rows})
    assert days[0] == TODAY - dt.timedelta(days=365) and len(days) == 60
    assert {d["area"] for d in rows} == {ref["centrum"], ref["backby"]}
    assert {d["category"] for d in rows} == {ref["klotter"], ref["brand"]}
    assert {d["time_band"] for d in rows} == {"natt", "morgon", "dag", "kvall"}


def test_a_csv_whose_columns_cannot_be_told_apart_gets_a_swedish_file_error(ref):
    """The csv module's own message is English ("Could not determine delimiter"): the
    reader gets what to do, in Swedish."""
    header = ",".join(imports.SWEDISH[c] for c in imports.COLUMNS)
    result = imports.check_file("f.csv", (header + '\na"b,"c\n').encode())
    assert result.file_error.startswith("CSV-filen kunde inte läsas")
    assert "komma eller semikolon" in result.file_error
    assert "delimiter" not in result.file_error
