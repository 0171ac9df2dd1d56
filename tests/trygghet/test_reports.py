"""Reports in process: the weekly and annual report, versions, failures, broker down."""

import contextlib
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader

from trygghet.celery import app
from trygghet.models import Report, ReportSubscription
from trygghet.reports import services
from trygghet.reports.exporters import EXPORTERS
from trygghet.reports.tasks import generate_report

from .test_reports_fixtures import OTRYGG_PLATS, PREVIOUS, SKADEGORELSE, TOTAL, WEEK, seed_week

pytestmark = pytest.mark.django_db


RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def pdf_text(report: Report) -> str:
    """The PDF's text; a copy goes to test-results/ to be looked at (pdftoppm -r 60)."""
    with report.file.open("rb") as handle:
        data = handle.read()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"report-{report.kind}-{report.key}.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def request_and_run(django_capture_on_commit_callbacks, *, fails=False, **kwargs) -> Report:
    """report_request, then the on_commit enqueue (eager in tests: runs the task).

    `fails`: the report is expected to fail, and its task with it (ReportFailed)."""
    from trygghet.reports.tasks import ReportFailed

    with contextlib.ExitStack() as stack:
        if fails:
            stack.enter_context(pytest.raises(ReportFailed))
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(**kwargs)
    report.refresh_from_db()
    return report


def test_weekly_report_pdf_holds_the_hand_counted_totals(
    django_capture_on_commit_callbacks, make_user
):
    seed_week()
    user = make_user("samordnare")
    report = request_and_run(
        django_capture_on_commit_callbacks, kind="weekly", key=WEEK, fmt="pdf", user=user
    )
    assert report.status == Report.Status.DONE, report.error
    assert report.is_current and report.progress == 100 and report.file.name.endswith(".pdf")
    text = pdf_text(report)
    assert "Veckorapport, vecka 7, 2023" in text
    assert f"Totalt: {TOTAL} händelser." in text
    # The category table: Skadegörelse 4 this week (3 klotter + 1 brand), Otrygg plats 2.
    assert re.search(rf"Skadegörelse\s+{SKADEGORELSE}\b", text), text
    assert re.search(rf"Otrygg plats\s+{OTRYGG_PLATS}\b", text), text
    assert re.search(rf"Totalt\s+{TOTAL}\s+{PREVIOUS}\b", text), text
    assert "HEMLIG FRITEXT" not in text


def test_weekly_report_as_html_is_the_same_document(django_capture_on_commit_callbacks):
    seed_week()
    report = request_and_run(
        django_capture_on_commit_callbacks, kind="weekly", key=WEEK, fmt="html"
    )
    html = report.file.open("rb").read().decode()
    assert report.status == "done" and "<svg" in html
    assert f"Totalt: {TOTAL} händelser." in html


def test_generating_again_makes_a_new_current_version_and_keeps_the_old(
    django_capture_on_commit_callbacks,
):
    seed_week()
    first = request_and_run(django_capture_on_commit_callbacks, kind="weekly", key=WEEK, fmt="pdf")
    second = request_and_run(django_capture_on_commit_callbacks, kind="weekly", key=WEEK, fmt="pdf")
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert second.is_current and not first.is_current
    assert first.file.name != second.file.name and first.file.storage.exists(first.file.name)
    assert Report.objects.of("weekly", WEEK, "pdf").filter(is_current=True).count() == 1


def test_the_database_refuses_two_current_versions():
    from django.db import IntegrityError

    Report.objects.create(kind="annual", key="2022", status="done", is_current=True, file="a.pdf")
    with pytest.raises(IntegrityError):
        Report.objects.create(
            kind="annual", key="2022", version=2, status="done", is_current=True, file="b.pdf"
        )


def test_a_request_while_one_is_queued_returns_that_one():
    first = services.report_request(kind="annual", key="2022", fmt="pdf")
    again = services.report_request(kind="annual", key="2022", fmt="pdf")
    assert again.pk == first.pk and Report.objects.count() == 1


def test_bad_periods_are_refused_with_a_clear_message():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.report_request(kind="weekly", key="2023-W99", fmt="pdf")
    assert "key" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.report_request(kind="annual", key="1999", fmt="pdf")


def test_a_failure_is_recorded_and_a_retry_succeeds(
    django_capture_on_commit_callbacks, monkeypatch
):
    seed_week()
    exporter = EXPORTERS["weekly"]
    real_render = type(exporter).render
    calls = []

    def flaky(self, params):
        calls.append(params)
        if len(calls) == 1:
            raise RuntimeError("diagrammet kunde inte ritas")
        return real_render(self, params)

    monkeypatch.setattr(type(exporter), "render", flaky)
    report = request_and_run(
        django_capture_on_commit_callbacks, kind="weekly", key=WEEK, fmt="pdf", fails=True
    )
    assert report.status == Report.Status.FAILED
    assert "RuntimeError: diagrammet kunde inte ritas" in report.error
    assert not report.file and not report.is_current

    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(report=report)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.attempts == 2 and report.error == ""
    assert f"Totalt: {TOTAL} händelser." in pdf_text(report)


def test_transient_database_errors_are_retried_by_the_task():
    from django.db import OperationalError

    assert OperationalError in generate_report.autoretry_for
    assert generate_report.max_retries == 3 and generate_report.retry_backoff
    assert generate_report.acks_late
    assert generate_report.soft_time_limit < generate_report.time_limit


@pytest.fixture
def broker_down():
    """Point the publisher at a port where nothing listens (a Redis outage)."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_broker_down_marks_the_report_not_started_and_the_page_says_so(
    client, make_user, broker_down, django_capture_on_commit_callbacks
):
    import time

    client.force_login(make_user("samordnare"))
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_start"), {"kind": "annual", "period": "2022", "format": "pdf"}
        )
    assert time.monotonic() - started < 5
    report = Report.objects.get()
    assert report.status == Report.Status.NOT_STARTED
    assert "kön för jobb (Redis) svarar inte" in report.error
    page = client.get(response.url).content.decode()
    assert "Inte startad" in page and "kön för jobb (Redis) svarar inte" in page
    assert "Försök igen" in page


def test_beat_schedules_exist_after_migrate():
    weekly = PeriodicTask.objects.get(task="trygghet.reports.tasks.weekly_report")
    c = weekly.crontab
    assert (c.minute, c.hour, c.day_of_week, str(c.timezone)) == ("0", "6", "1", "Europe/Stockholm")
    annual = PeriodicTask.objects.get(task="trygghet.reports.tasks.annual_report")
    a = annual.crontab
    assert (a.day_of_month, a.month_of_year, str(a.timezone)) == ("15", "1", "Europe/Stockholm")
    assert PeriodicTask.objects.get(task="trygghet.reports.tasks.meeting_packs_due").enabled


def test_monday_beat_asks_for_the_week_that_just_ended():
    # Monday 20 February 2023, 06:00 in Stockholm (05:00 UTC).
    with time_machine.travel("2023-02-20 05:00:00+00:00", tick=False):
        ids = services.reports_weekly_scheduled()
    reports = Report.objects.filter(pk__in=ids)
    assert {(r.kind, r.key, r.format) for r in reports} == {
        ("weekly", WEEK, "pdf"),
        ("weekly", WEEK, "html"),
    }
    with time_machine.travel("2024-01-15 05:00:00+00:00", tick=False):
        annual = Report.objects.get(pk=services.reports_annual_scheduled())
    assert annual.key == "2023"


def test_subscribers_get_a_link_and_never_incident_text(
    django_capture_on_commit_callbacks, make_user
):
    seed_week()
    coordinator = make_user("samordnare")
    member = make_user("ledamot")
    ReportSubscription.objects.create(user=coordinator, kind="weekly")
    ReportSubscription.objects.create(user=member, kind="weekly")  # may not read weekly
    report = request_and_run(django_capture_on_commit_callbacks, kind="weekly", key=WEEK, fmt="pdf")
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    body = mail.outbox[0].body
    assert reverse("reports:report_detail", args=[report.pk]) in body
    assert "HEMLIG" not in body and str(TOTAL) + " händelser" not in body
    assert not mail.outbox[0].attachments


def test_annual_report_follows_the_law(
    django_capture_on_commit_callbacks,
):
    seed_week()
    report = request_and_run(
        django_capture_on_commit_callbacks, kind="annual", key="2023", fmt="pdf"
    )
    assert report.status == "done", report.error
    text = pdf_text(report)
    for heading in (
        "Kartläggning av brottsligheten",
        "Omfattning och konsekvenser",
        "Övrig relevant information",
        "Analys",
        "Åtgärder och åtgärdsplan",
        "Samordning",
    ):
        assert heading in text
    assert "Årsrapport 2023" in text
    # Council members read it: no count below 3 is shown as such (Otrygg plats: 2).
    assert re.search(r"Otrygg plats(\s+\S+){4}\s+< 3", text), text


def test_meeting_packs_due_are_asked_for_once(make_user):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import MeetingFactory

    soon = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=5))
    MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=30))
    ids = services.meeting_packs_due()
    assert [Report.objects.get(pk=i).key for i in ids] == [f"meeting-{soon.pk}"]
    assert services.meeting_packs_due() == []


def test_members_are_emailed_when_a_ready_pack_is_generated(
    django_capture_on_commit_callbacks, make_user
):
    from django.utils import timezone

    from tests.factories import MeetingFactory

    member = make_user("ledamot")
    make_user("rapportor")
    meeting = MeetingFactory(pack_published_at=timezone.now())
    report = request_and_run(
        django_capture_on_commit_callbacks, kind="meeting_pack", key=f"meeting-{meeting.pk}"
    )
    assert report.status == "done", report.error
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert pdf_text(report).count(meeting.title) >= 1


def test_coordinator_starts_a_report_from_the_page(
    client, make_user, django_capture_on_commit_callbacks
):
    seed_week()
    client.force_login(make_user("samordnare"))
    page = client.get(reverse("reports:report_list")).content.decode()
    assert "Veckorapport" in page and "Årsrapport" in page and "Möteshandlingar" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_start"), {"kind": "weekly", "period": WEEK, "format": "pdf"}
        )
    report = Report.objects.get()
    assert response.url == reverse("reports:report_detail", args=[report.pk])
    detail = client.get(response.url).content.decode()
    assert "Klar" in detail and reverse("reports:report_download", args=[report.pk]) in detail
    download = client.get(reverse("reports:report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_bad_week_keeps_the_input_and_explains(client, make_user):
    client.force_login(make_user("samordnare"))
    response = client.post(
        reverse("reports:report_start"), {"kind": "weekly", "period": "vecka sju", "format": "pdf"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="vecka sju"' in page and "is-invalid" in page
    assert not Report.objects.exists()


def test_running_reports_poll_their_status(client, make_user):
    client.force_login(make_user("samordnare"))
    report = Report.objects.create(kind="annual", key="2022", status="running", progress=40)
    partial = client.get(reverse("reports:report_status", args=[report.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in partial and 'aria-valuenow="40"' in partial
    Report.objects.filter(pk=report.pk).update(status="failed", error="Boom")
    partial = client.get(reverse("reports:report_status", args=[report.pk])).content.decode()
    assert "hx-trigger" not in partial and "Boom" in partial and "Försök igen" in partial


def test_members_see_annual_reports_and_ready_packs_only(client, make_user):
    from tests.factories import MeetingFactory

    client.force_login(make_user("ledamot"))
    weekly = Report.objects.create(kind="weekly", key=WEEK)
    annual = Report.objects.create(kind="annual", key="2022")
    hidden = MeetingFactory(title="Ej klart möte")
    pack = Report.objects.create(kind="meeting_pack", key=f"meeting-{hidden.pk}", meeting=hidden)
    page = client.get(reverse("reports:report_list")).content.decode()
    assert reverse("reports:report_detail", args=[annual.pk]) in page
    assert reverse("reports:report_detail", args=[weekly.pk]) not in page
    assert client.get(reverse("reports:report_detail", args=[pack.pk])).status_code == 404


def test_weekly_report_shows_the_published_assessment_only(django_capture_on_commit_callbacks):
    from django.utils import timezone

    from lagesbild.models import PictureStatus, WeeklyPicture

    seed_week()
    picture = WeeklyPicture.objects.create(
        iso_year=2023, iso_week=7, assessment="Klottret i Bäckby ökar vid skolan."
    )
    draft = request_and_run(django_capture_on_commit_callbacks, kind="weekly", key=WEEK)
    assert "Klottret i Bäckby" not in pdf_text(draft)
    assert "Ingen bedömning har publicerats för veckan." in pdf_text(draft)
    WeeklyPicture.objects.filter(pk=picture.pk).update(
        status=PictureStatus.PUBLISHED, published_at=timezone.now(), snapshot={}
    )
    published = request_and_run(django_capture_on_commit_callbacks, kind="weekly", key=WEEK)
    assert "Klottret i Bäckby ökar vid skolan." in pdf_text(published)


def test_annual_report_ranks_problembilder_with_their_cause_analysis(
    django_capture_on_commit_callbacks,
):
    from django.utils import timezone

    from lagesbild.models import AnnualPicture, PictureStatus, Problem

    seeded = seed_week()
    picture = AnnualPicture.objects.create(
        year=2023,
        status=PictureStatus.PUBLISHED,
        published_at=timezone.now(),
        snapshot={},
        citizen_dialogues="Trygghetsvandring i Råby.",
    )
    second = Problem.objects.create(
        annual_picture=picture, rank=2, title="Otrygghet i centrum", description="Kvällstid."
    )
    first = Problem.objects.create(
        annual_picture=picture,
        rank=1,
        title="Skadegörelse i Bäckby",
        description="Klotter och bränder.",
        cause_place="Dålig belysning vid skolan.",
    )
    first.areas.add(seeded["areas"][0])
    del second
    report = request_and_run(django_capture_on_commit_callbacks, kind="annual", key="2023")
    text = " ".join(pdf_text(report).split())
    # Ranked: 1 before 2; Bäckby had 3 + 1 = 4 incidents in 2023.
    assert text.index("1 Skadegörelse i Bäckby") < text.index("2 Otrygghet i centrum")
    assert re.search(r"Skadegörelse i Bäckby Klotter och bränder\. 4\b", text), text
    assert "Dålig belysning vid skolan." in text
    assert "Trygghetsvandring i Råby." in text
