"""A report section that breaks fails the report, loudly; a database hiccup is retried."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeetingFactory
from trygghet.models import Report
from trygghet.reports import services
from trygghet.reports.sections import budget as budget_section
from trygghet.reports.sections import measures as measures_section
from trygghet.reports.tasks import ReportFailed, generate_report

pytestmark = pytest.mark.django_db


def _broken(period, *, user):
    raise ValueError("budgetläget kunde inte läsas")


def _run(django_capture_on_commit_callbacks, **kwargs) -> Report:
    """Request a report that fails: its task fails too (ReportFailed), loudly."""
    with (
        pytest.raises(ReportFailed) as failed,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = services.report_request(**kwargs)
    report.refresh_from_db()
    assert str(failed.value) == report.error
    return report


def _files() -> list[Path]:
    """Every file under MEDIA_ROOT, half-written ones (.part-*) included."""
    return [p for p in Path(django_settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_failing_section_fails_the_annual_report_and_offers_no_file(
    client, make_user, monkeypatch, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # a folder of its own, to see that nothing is written
    monkeypatch.setattr(budget_section, "meeting_pack_section", _broken)
    report = _run(django_capture_on_commit_callbacks, kind="annual", key="2022", fmt="pdf")

    assert report.status == Report.Status.FAILED
    assert report.error == "ValueError: budgetläget kunde inte läsas"
    assert not report.file and not report.is_current and _files() == []

    client.force_login(make_user("samordnare"))
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "budgetläget kunde inte läsas" in page
    assert reverse("reports:report_download", args=[report.pk]) not in page
    assert client.get(reverse("reports:report_download", args=[report.pk])).status_code == 404


def test_a_failing_section_fails_the_meeting_pack(monkeypatch, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    monkeypatch.setattr(budget_section, "meeting_pack_section", _broken)
    report = _run(
        django_capture_on_commit_callbacks, kind="meeting_pack", key=f"meeting-{meeting.pk}"
    )
    assert report.status == Report.Status.FAILED
    assert "budgetläget kunde inte läsas" in report.error and not report.file


def test_a_database_hiccup_in_a_section_is_retried_and_the_report_is_made(monkeypatch):
    real = budget_section.meeting_pack_section
    calls = []

    def flaky(period, *, user):
        calls.append(period)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(period, user=user)

    monkeypatch.setattr(budget_section, "meeting_pack_section", flaky)
    report = Report.objects.create(kind="annual", key="2022", format="pdf")
    # As a worker would: the Retry re-runs the task (eagerly here, without the backoff).
    generate_report.apply(args=[report.pk], throw=False)
    report.refresh_from_db()
    assert len(calls) == 2
    assert report.status == Report.Status.DONE and report.attempts == 2 and report.file


def test_the_pack_shows_follow_ups_since_the_councils_previous_meeting(monkeypatch):
    from trygghet.reports.meeting_pack import meeting_pack_context

    earlier = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=20))
    meeting = MeetingFactory(council=earlier.council, starts_at=timezone.now() + dt.timedelta(1))
    seen = []
    real = measures_section.meeting_pack_section
    monkeypatch.setattr(
        measures_section,
        "meeting_pack_section",
        lambda period, *, user: seen.append(period) or real(period, user=user),
    )
    meeting_pack_context(meeting, user=None)
    [period] = seen
    assert period.start == timezone.localtime(earlier.starts_at).date()
    assert period.end == timezone.localtime(meeting.starts_at).date()
