import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from lagesbild import imports
from lagesbild.models import ImportJob, Incident

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id,date,time,time_of_day,category,area,place,latitude,longitude,count,assessment\n"
)
GOOD = HEADER + (
    "A1,2023-02-14,21:30,,Klotter,Centrum,Vasaparken,,,1,\n"
    "A2,2023-02-15,,kväll,Brand,Bäckby,,59.6045,16.4770,2,Brandrök\n"
)


@pytest.fixture(autouse=True)
def _on_commit(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks


def upload(client, content: bytes, name="fil.csv", action="import"):
    # The import starts when the upload's transaction commits.
    with _capture(execute=True):
        return client.post(
            reverse("lagesbild:import"),
            {"file": SimpleUploadedFile(name, content), action: "1"},
        )


def test_dry_run_lists_every_failing_row_and_writes_nothing(client, role_users, ref):
    client.force_login(role_users["polis"])
    content = HEADER + (
        "A1,2023-02-30,,natt,Klotter,Centrum,,,,1,\n"  # bad date
        "A2,2023-02-14,,natt,Okänd sak,Centrum,,,,1,\n"  # unknown category
        "A3,2023-02-14,,natt,Klotter,Centrum,,59.33,18.07,1,\n"  # outside the municipality
        "A3,2023-02-14,,natt,Klotter,Centrum,,,,0,\n"  # duplicate id, bad count
        "A5,2023-02-14,,natt,Klotter,Centrum,,,,1,\n"  # fine
    )
    response = upload(client, content.encode(), action="check")
    errors = [(e.line, e.column) for e in response.context["check"].errors]
    assert errors == [
        (2, "date"),
        (3, "category"),
        (4, "latitude"),
        (5, "external_id"),
        (5, "count"),
    ]
    html = response.content.decode()
    assert "Okänd kategori: Okänd sak" in html
    assert not Incident.objects.exists()
    # "Check and import" with errors imports nothing either.
    upload(client, content.encode())
    assert not Incident.objects.exists()


def test_import_is_idempotent_and_updates_changed_rows(client, role_users, ref):
    client.force_login(role_users["polis"])
    response = upload(client, GOOD.encode())
    job = ImportJob.objects.latest("created_at")
    assert response.url == reverse("lagesbild:import_job", args=[job.pk])
    assert (job.status, job.created_count) == ("done", 2)
    assert Incident.objects.get(external_id="A1").time_band == "kvall"
    upload(client, GOOD.encode())
    again = ImportJob.objects.latest("created_at")
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    upload(
        client,
        GOOD.replace("Brand,Bäckby,,59.6045,16.4770,2", "Brand,Bäckby,,59.6045,16.4770,5").encode(),
    )
    changed = ImportJob.objects.latest("created_at")
    assert (changed.created_count, changed.updated_count, changed.unchanged_count) == (0, 1, 1)
    assert Incident.objects.count() == 2 and Incident.objects.get(external_id="A2").count == 5
    assert Incident.objects.get(external_id="A2").source == "import"


def test_xlsx_and_cp1252_csv_are_read(client, role_users, ref):
    client.force_login(role_users["rapportor"])
    book = openpyxl.Workbook()
    for line in GOOD.strip().split("\n"):
        book.active.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    upload(client, out.getvalue(), name="fil.xlsx")
    assert Incident.objects.count() == 2
    latin = GOOD.replace("A1", "B1").replace("A2", "B2").encode("cp1252")
    upload(client, latin, name="latin.csv")
    assert Incident.objects.filter(area__name="Bäckby").count() == 2


def test_wrong_encoding_and_empty_file_are_reported(client, role_users, ref):
    client.force_login(role_users["polis"])
    utf16 = upload(client, GOOD.encode("utf-16"), action="check")
    assert "kodning" in utf16.context["check"].file_error
    empty = upload(client, b"", action="check")
    assert "tom" in empty.content.decode()
    header_only = upload(client, HEADER.encode(), action="check")
    assert "inga rader" in header_only.context["check"].file_error


@override_settings(MAX_UPLOAD_SIZE=50 * 1024 * 1024)
def test_file_over_the_limit_is_refused_with_a_clear_message(client, role_users, ref):
    client.force_login(role_users["polis"])
    big = HEADER.encode() + b"x" * (50 * 1024 * 1024 + 1)
    response = upload(client, big, action="check")
    assert response.status_code == 200
    assert (
        "gränsen är 52,4 MB" in response.content.decode()
        or "gränsen är 52.4 MB" in response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_large_file_runs_as_task_with_progress(client, role_users, ref, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "TASK_THRESHOLD_ROWS", 10)
    path = tmp_path / "big.csv"
    imports.write_sample_csv(path, rows=25)
    client.force_login(role_users["polis"])
    with pytest.MonkeyPatch.context() as m:
        calls = []
        from lagesbild import tasks

        original = tasks.run_import.delay
        m.setattr(
            tasks.run_import, "delay", lambda job_id: (calls.append(job_id), original(job_id))
        )
        upload(client, path.read_bytes(), name="big.csv")
    job = ImportJob.objects.get()
    assert calls == [job.pk]
    assert (job.status, job.created_count, job.progress_percent) == ("done", 25, 100)
    page = client.get(reverse("lagesbild:import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "100 %" in page.content.decode()


def test_template_downloads_have_the_documented_columns(client, role_users):
    client.force_login(role_users["rapportor"])
    csv = client.get(reverse("lagesbild:import_template", args=["csv"])).content.decode("utf-8-sig")
    assert csv.splitlines()[0].split(",") == [imports.SWEDISH[c] for c in imports.COLUMNS]
    import io

    import openpyxl

    xlsx = client.get(reverse("lagesbild:import_template", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[1]] == [imports.SWEDISH[c] for c in imports.COLUMNS]
    assert sheet.max_row == 3  # the header and two example rows
