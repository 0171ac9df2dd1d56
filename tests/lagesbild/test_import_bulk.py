"""The bulk import path: bounded queries, idempotent re-imports, history of changes, all or
nothing, and the same derived values as a single registration."""

import datetime as dt

import pytest
from django.db import IntegrityError

from lagesbild import imports
from lagesbild.models import Incident

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id,date,time,time_of_day,category,area,place,latitude,longitude,count,assessment\n"
)


def run(tmp_path, text: str, user, name="f.csv"):
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return imports.import_file(path=path, user=user)


def test_query_count_does_not_grow_with_rows(
    tmp_path, role_users, ref, django_assert_max_num_queries
):
    user = role_users["polis"]
    imports.write_sample_csv(tmp_path / "small.csv", rows=10)
    imports.write_sample_csv(tmp_path / "large.csv", rows=3000)
    with django_assert_max_num_queries(12):
        imports.import_file(path=tmp_path / "small.csv", user=user)
    Incident.objects.all().delete()
    with django_assert_max_num_queries(12):
        result = imports.import_file(path=tmp_path / "large.csv", user=user)
    assert result.created == 3000 == Incident.objects.count()
    with django_assert_max_num_queries(12):
        again = imports.import_file(path=tmp_path / "large.csv", user=user)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3000)


def test_bulk_rows_equal_what_the_model_derives(tmp_path, role_users, ref):
    user = role_users["polis"]
    run(
        tmp_path,
        "A1,2023-02-14,21:30,,Klotter,Centrum,Vasaparken,,,3,text\n"
        "A2,2023-01-01,,morgon,Brand,Bäckby,,59.6045,16.4770,1,\n",
        user,
    )
    a1 = Incident.objects.get(external_id="A1")
    assert (a1.occurred_on, a1.time_band, a1.iso_year, a1.iso_week) == (
        dt.date(2023, 2, 14),
        "kvall",
        2023,
        7,
    )
    # The place's point is filled in, as Incident.derive() does for a form.
    assert (a1.latitude, a1.longitude) == (59.6133, 16.5395)
    assert (a1.organisation, a1.reporter, a1.source, a1.count) == (
        user.organisation,
        user,
        "import",
        3,
    )
    a2 = Incident.objects.get(external_id="A2")
    assert (a2.iso_year, a2.iso_week, a2.occurred_at) == (2022, 52, None)


def test_time_in_the_dst_gap_is_a_row_error_not_a_silent_0330(tmp_path, role_users, ref):
    # 02:30 on 26 March 2023 does not exist in Stockholm (clocks jump 02:00 → 03:00).
    check = run(tmp_path, "G1,2023-03-26,02:30,,Klotter,Centrum,,,,1,\n", role_users["polis"])
    assert [(e.line, e.column) for e in check.errors] == [(2, "time")]
    assert "02:30" in check.errors[0].message and "03:00" in check.errors[0].message
    assert not Incident.objects.exists()
    # The hour after the change is a time like any other.
    done = run(tmp_path, "G1,2023-03-26,03:30,,Klotter,Centrum,,,,1,\n", role_users["polis"])
    assert done.created == 1


def test_changed_rows_are_updated_with_a_history_record(tmp_path, role_users, ref):
    user = role_users["polis"]
    run(tmp_path, "C1,2023-02-14,,natt,Klotter,Centrum,,,,1,\n", user)
    incident = Incident.objects.get(external_id="C1")
    result = run(tmp_path, "C1,2023-02-15,,natt,Brand,Bäckby,,,,4,\n", user)
    assert (result.created, result.updated) == (0, 1)
    incident.refresh_from_db()
    assert (incident.category.name, incident.area.name, incident.count) == ("Brand", "Bäckby", 4)
    assert (incident.occurred_on, incident.iso_week) == (dt.date(2023, 2, 15), 7)
    latest = incident.history.latest("history_date")
    assert (latest.history_type, latest.history_user, latest.count) == ("~", user, 4)


def test_a_failing_write_imports_nothing(tmp_path, role_users, ref, monkeypatch):
    user = role_users["polis"]
    run(tmp_path, "K1,2023-02-14,,natt,Klotter,Centrum,,,,1,\n", user)
    original = imports._insert

    def insert_then_fail(rows):
        original(rows)
        raise IntegrityError("simulated")

    monkeypatch.setattr(imports, "_insert", insert_then_fail)
    with pytest.raises(IntegrityError):
        run(
            tmp_path,
            "K1,2023-02-14,,natt,Klotter,Centrum,,,,9,\nK2,2023-02-14,,natt,Klotter,Centrum,,,,1,\n",
            user,
        )
    assert list(Incident.objects.values_list("external_id", "count")) == [("K1", 1)]


def test_row_errors_name_line_and_column(tmp_path, role_users, ref):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    check = run(
        tmp_path,
        f"{'X' * 101},2023-02-14,,natt,Klotter,Centrum,,,,1,\n"
        f"F1,{future},,natt,Klotter,Centrum,,,,1,\n"
        "P1,2023-02-14,,natt,Klotter,Centrum,,59.7,,1,\n",
        role_users["polis"],
    )
    # Each error names the column as the file's own header does.
    assert [(e.line, e.column) for e in check.errors] == [
        (2, "external_id"),
        (3, "date"),
        (4, "latitude"),
    ]
    assert not Incident.objects.exists()


@pytest.mark.parametrize("today", [dt.date(2026, 11, 30), dt.date(2025, 4, 2)])
def test_the_sample_file_is_valid_across_the_spring_clock_change(
    tmp_path, role_users, ref, time_machine, today
):
    """The benchmark's and the tests' sample file spans a year: its times are ones the
    clock showed, also on the last Sunday of March (02:00–03:00 never happened). On
    30 November 2026 a row at 02:02 on 29 March made the whole 3 000-row file fail."""
    time_machine.move_to(dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC), tick=False)
    imports.write_sample_csv(tmp_path / "year.csv", rows=3000)
    result = imports.import_file(path=tmp_path / "year.csv", user=role_users["polis"])
    assert not getattr(result, "errors", None) and not getattr(result, "file_error", None)
    assert result.created == 3000
