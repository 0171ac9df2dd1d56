"""Hostile and clumsy import files: bounded work, and nothing changed without a word.

A file of empty rows, a spreadsheet claiming 100 000 rows, a file over the row limit;
cells a spreadsheet would coerce (2.7, TRUE, a formula without its value, long text);
a category name that exists under two main categories; a time in the DST gap.
"""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from lagesbild import imports
from lagesbild.models import Category, ImportJob, Incident

pytestmark = pytest.mark.django_db

HEADER = imports.COLUMNS


def xlsx(*rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(**cells):
    values = {"external_id": "X1", "date": "2023-02-14", "category": "Klotter", "area": "Centrum"}
    values.update(cells)
    return [values.get(c, "") for c in HEADER]


def errors(result):
    return [(e.line, e.column) for e in result.errors]


def test_a_file_of_empty_rows_is_one_message(ref):
    """Not 100 000 errors (the time it takes is the benchmark's: bench/import_limits.py)."""
    content = (",".join(HEADER) + "\n" + ",\n" * 100_000).encode()
    result = imports.check_file("tom.csv", content)
    assert result.file_error == "Filen har inga rader under rubrikraden."
    assert result.errors == [] and result.error_count == 0


def test_an_xlsx_row_claiming_number_100000_is_read_as_one_row(ref):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(row())
    sheet.cell(row=100_000, column=1, value="X2")
    out = io.BytesIO()
    book.save(out)
    result = imports.check_file("hög.xlsx", out.getvalue())
    # The real rows only: line 2, and the last one reported at its own line number.
    assert [line for line, _data in result.rows] == [2]
    assert {e.line for e in result.errors} == {100_000}


@override_settings(IMPORT_MAX_ROWS=3)
def test_a_file_over_the_row_limit_is_refused_as_a_whole(ref):
    rows = "".join(f"X{i},2023-02-14,,natt,Klotter,Centrum,,,,1,\n" for i in range(4))
    result = imports.check_file("stor.csv", (",".join(HEADER) + "\n" + rows).encode())
    assert result.file_error == "Filen har fler än 3 rader; dela upp den i mindre filer."
    assert not result.rows
    fine = "".join(f"X{i},2023-02-14,,natt,Klotter,Centrum,,,,1,\n" for i in range(3))
    assert imports.check_file("ok.csv", (",".join(HEADER) + "\n" + fine).encode()).ok


@override_settings(IMPORT_MAX_ERRORS_SHOWN=10)
def test_the_first_errors_are_kept_and_all_are_counted(client, role_users, ref):
    client.force_login(role_users["polis"])
    rows = "".join(f"X{i},2023-02-30,,natt,Klotter,Centrum,,,,1,\n" for i in range(50))
    content = (",".join(HEADER) + "\n" + rows).encode()
    response = client.post(
        reverse("lagesbild:import"), {"file": SimpleUploadedFile("fel.csv", content), "check": "1"}
    )
    check = response.context["check"]
    assert (len(check.errors), check.error_count) == (10, 50)
    page = response.content.decode()
    assert "50 problem hittades" in page
    assert "De första 10 visas nedan." in page
    job = ImportJob.objects.get()
    assert (len(job.errors), job.error_count, job.total_rows) == (10, 50, 50)


def test_spreadsheet_cells_are_never_coerced(ref):
    content = xlsx(
        row(external_id="A", count=2.7),
        row(external_id="B", count=True),
        row(external_id="C", count=2.0),
        row(external_id="D", assessment="x" * 2500),
        row(external_id="E", area=False),
    )
    result = imports.check_file("typer.xlsx", content)
    assert errors(result) == [(2, "count"), (3, "count"), (5, "assessment"), (6, "area")]
    messages = [e.message for e in result.errors]
    assert "2.7" in messages[0]
    assert messages[1] == "SANT eller FALSKT är inget giltigt värde här."
    assert "2500 tecken" in messages[2] and "2000" in messages[2]
    assert [(data["external_id"], data["count"]) for _line, data in result.rows] == [("C", 2)]


def test_a_formula_without_a_saved_value_is_a_row_error(ref):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(row())
    sheet["J2"] = "=1+1"  # openpyxl saves the formula only, as many generators do
    out = io.BytesIO()
    book.save(out)
    result = imports.check_file("formel.xlsx", out.getvalue())
    assert errors(result) == [(2, "count")]
    assert "formel utan sparat resultat" in result.errors[0].message


def test_an_ambiguous_category_names_both_candidates(ref):
    other = Category.objects.create(name="Otrygg plats")
    Category.objects.create(name="Klotter", parent=other)
    content = (",".join(HEADER) + "\n" + "X1,2023-02-14,,natt,Klotter,Centrum,,,,1,\n").encode()
    result = imports.check_file("klotter.csv", content)
    assert errors(result) == [(2, "category")]
    assert "“Skadegörelse › Klotter”" in result.errors[0].message
    assert "“Otrygg plats › Klotter”" in result.errors[0].message
    for name in ("Skadegörelse › Klotter", "Otrygg plats – Klotter"):
        qualified = content.replace(b",Klotter,", f",{name},".encode())
        assert imports.check_file("klotter.csv", qualified).ok


def test_swedish_headers_are_read_and_english_ones_are_aliases(ref):
    swedish = [imports.SWEDISH[c] for c in HEADER]
    line = "X1,2023-02-14,21:30,,Klotter,Centrum,Vasaparken,,,3,Kort bedömning\n"
    result = imports.check_file("sv.csv", (",".join(swedish) + "\n" + line).encode())
    assert result.ok
    data = result.rows[0][1]
    assert (data["count"], data["place"].name) == (3, "Vasaparken")
    assert data["assessment"] == "Kort bedömning"
    # Errors name the column as the file does.
    zero = line.replace(",3,", ",0,")
    bad = imports.check_file("sv.csv", (",".join(swedish) + "\n" + zero).encode())
    assert errors(bad) == [(2, "antal")]
    mixed = ["datum" if c == "date" else c for c in HEADER] + ["date"]
    twice = imports.check_file("två.csv", (",".join(mixed) + "\n" + line[:-1] + ",x\n").encode())
    assert "två gånger" in twice.file_error


def test_an_incident_older_than_the_horizon_is_refused(ref):
    content = (",".join(HEADER) + "\n" + "X1,0001-01-01,,natt,Klotter,Centrum,,,,1,\n").encode()
    result = imports.check_file("gammal.csv", content)
    assert errors(result) == [(2, "date")]
    assert "äldre händelser registreras inte" in result.errors[0].message


def test_a_job_left_running_by_a_dead_worker_is_shown_as_failed(client, role_users, ref):
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    user = role_users["polis"]
    job = ImportJob(organisation=user.organisation, user=user, original_name="a.csv")
    job.file.save("a.csv", ContentFile(b"external_id\n"), save=False)
    job.status = ImportJob.Status.RUNNING
    job.heartbeat_at = timezone.now() - dt.timedelta(hours=1)
    job.save()
    fresh = ImportJob.objects.create(
        organisation=user.organisation,
        user=user,
        original_name="b.csv",
        status=ImportJob.Status.RUNNING,
        heartbeat_at=timezone.now(),
    )
    client.force_login(user)
    page = client.get(reverse("lagesbild:import_job", args=[job.pk])).content.decode()
    assert "Importen avbröts innan den var klar" in page
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    # The periodic task leaves a job that still shows signs of life alone.
    from lagesbild.tasks import recover_stale_imports

    assert recover_stale_imports() == 0
    fresh.refresh_from_db()
    assert fresh.status == ImportJob.Status.RUNNING
    assert not Incident.objects.exists()


def _job(user, content: bytes, name="a.csv") -> ImportJob:
    from django.core.files.base import ContentFile

    job = ImportJob(organisation=user.organisation, user=user, original_name=name)
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    imports.check_job(job=job)
    return job


GOOD = (",".join(HEADER) + "\n" + "R1,2023-02-14,,natt,Klotter,Centrum,,,,1,\n").encode()


def test_the_same_file_imported_twice_at_once_one_wins_the_other_is_told(role_users, ref):
    user = role_users["polis"]
    first, second = _job(user, GOOD), _job(user, GOOD)
    assert first.checksum == second.checksum
    # The first is running (claimed) when the second starts.
    ImportJob.objects.filter(pk=first.pk).update(status=ImportJob.Status.RUNNING)
    lost = imports.run_job(job_id=second.pk)
    assert lost.status == ImportJob.Status.FAILED
    assert "Samma fil importeras just nu" in lost.errors[0]["message"]
    assert not Incident.objects.exists()
    ImportJob.objects.filter(pk=first.pk).update(status=ImportJob.Status.PENDING)
    assert imports.run_job(job_id=first.pk).created_count == 1
    # Once the first is done, the same file again is simply unchanged.
    assert imports.run_job(job_id=_job(user, GOOD).pk).unchanged_count == 1


def test_a_clash_at_the_write_fails_the_job_with_a_message_never_leaves_it_running(
    role_users, ref, monkeypatch
):
    from django.db import IntegrityError

    def clash(rows):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(imports, "_insert", clash)
    job = imports.run_job(job_id=_job(role_users["polis"], GOOD).pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "sparades samtidigt av någon annan" in job.errors[0]["message"]
    assert not Incident.objects.exists()
