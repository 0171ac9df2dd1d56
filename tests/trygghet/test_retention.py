"""Gallring: old login records, audit events, pack reads and sessions are removed."""

import datetime as dt
import os

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from councils.audit import record_export
from trygghet import retention, tasks
from trygghet.models import AuditEvent

NOW = timezone.now()


def login_attempt(days_ago: int):
    attempt = AccessAttempt.objects.create(
        username=f"someone-{days_ago}",
        ip_address="127.0.0.1",
        user_agent="test",
        path_info="/",
        http_accept="*/*",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=NOW - dt.timedelta(days=days_ago)
    )


@pytest.mark.django_db
def test_old_personal_data_is_purged_and_recent_kept(role_users, settings):
    settings.LOGIN_RECORD_RETENTION_DAYS = 90
    settings.AUDIT_RETENTION_MONTHS = 36
    login_attempt(days_ago=120)
    AccessLog.objects.create(username="old", ip_address="127.0.0.1", user_agent="t")
    AccessLog.objects.update(attempt_time=NOW - dt.timedelta(days=91))
    login_attempt(days_ago=10)
    record_export(user=role_users["polis"], what="incidents", fmt="csv", rows=1)
    record_export(user=role_users["polis"], what="incidents", fmt="xlsx", rows=2)
    AuditEvent.objects.filter(object_repr__contains="xlsx").update(at=NOW - dt.timedelta(days=1200))
    expired = SessionStore()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=NOW - dt.timedelta(days=1)
    )

    purged = tasks.purge_personal_data()

    assert purged["login_attempts"] == 1 and purged["login_log"] == 1
    assert AccessAttempt.objects.count() == 1  # the recent one stays
    assert list(AuditEvent.objects.values_list("object_repr", flat=True)) == ["incidents (csv)"]
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert purged["audit_events"] == 1 and purged["sessions"] >= 1


@pytest.mark.django_db
def test_gallring_runs_daily_from_beat():
    task = PeriodicTask.objects.get(task="trygghet.tasks.purge_personal_data")
    assert task.enabled and task.crontab.hour == "3"
    assert str(task.crontab.timezone) == "Europe/Stockholm"


@pytest.mark.django_db
def test_import_files_are_deleted_when_no_longer_needed(role_users, settings, tmp_path):
    from django.core.files.base import ContentFile

    from lagesbild.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    user = role_users["polis"]

    def job(status, days_ago):
        made = ImportJob(organisation=user.organisation, user=user, original_name="x.csv")
        made.status = status
        made.file.save("x.csv", ContentFile(b"datum;kategori\n"), save=False)
        made.save()
        ImportJob.objects.filter(pk=made.pk).update(created_at=NOW - dt.timedelta(days=days_ago))
        return made

    finished = job(ImportJob.Status.DONE, days_ago=2)
    forgotten = job(ImportJob.Status.PENDING, days_ago=8)
    waiting = job(ImportJob.Status.PENDING, days_ago=1)
    paths = {j.pk: j.file.path for j in (finished, forgotten, waiting)}

    assert tasks.purge_personal_data()["import_files"] == 2

    for gone in (finished, forgotten):
        gone.refresh_from_db()
        assert not gone.file and not os.path.exists(paths[gone.pk])
    forgotten.refresh_from_db()
    assert forgotten.status == ImportJob.Status.FAILED  # nobody can import a file that is gone
    waiting.refresh_from_db()
    assert waiting.file and os.path.exists(paths[waiting.pk])


@pytest.mark.django_db
def test_half_written_report_files_are_removed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "reports" / "2026"
    folder.mkdir(parents=True)
    old, fresh, done = folder / ".part-old", folder / ".part-new", folder / "vecka.pdf"
    for path in (old, fresh, done):
        path.write_bytes(b"%PDF")
    two_days_ago = (NOW - dt.timedelta(days=2)).timestamp()
    os.utime(old, (two_days_ago, two_days_ago))
    os.utime(done, (two_days_ago, two_days_ago))

    assert tasks.purge_personal_data()["report_leftovers"] == 1
    assert not old.exists() and fresh.exists() and done.exists()


@pytest.mark.django_db
def test_no_reports_folder_yet_counts_zero_removed(settings, tmp_path):
    """A new installation has written no report: the gallring log says 0, not nothing."""
    settings.MEDIA_ROOT = tmp_path
    assert tasks.purge_personal_data()["report_leftovers"] == 0


# Boundaries: a record exactly as old as its setting is kept, one a minute (or a day)
# older is gone. A fixed "now" in March, with a leap day inside the 24 and 36 months.
CUT = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "extra"),
    [(AccessAttempt, {"failures_since_start": 1}), (AccessLog, {})],
    ids=["attempts", "log"],
)
def test_login_records_are_kept_for_exactly_90_days(model, extra, settings):
    """Day 89 and the 90th day to the minute stay; a minute past 90 days goes."""
    settings.LOGIN_RECORD_RETENTION_DAYS = 90
    ages = {
        "day-89": dt.timedelta(days=89),
        "on-90": dt.timedelta(days=90),
        "past-90": dt.timedelta(days=90) + MINUTE,
        "day-91": dt.timedelta(days=91),
    }
    for name, age in ages.items():
        record = model.objects.create(
            username=name, ip_address="127.0.0.1", user_agent="t", **extra
        )
        model.objects.filter(pk=record.pk).update(attempt_time=CUT - age)

    retention.personal_data_purge(now=CUT)

    assert sorted(model.objects.values_list("username", flat=True)) == ["day-89", "on-90"]


@pytest.mark.django_db
def test_audit_events_are_kept_for_36_calendar_months(role_users, settings):
    """15 March 2023 (36 months before 15 March 2026) is the last day kept; the 14th goes."""
    settings.AUDIT_RETENTION_MONTHS = 36
    times = {
        "after": dt.datetime(2023, 3, 16, 12, 0, tzinfo=dt.UTC),
        "on": dt.datetime(2023, 3, 15, 12, 0, tzinfo=dt.UTC),
        "before": dt.datetime(2023, 3, 14, 12, 0, tzinfo=dt.UTC),
        "minute-before": dt.datetime(2023, 3, 15, 11, 59, tzinfo=dt.UTC),
    }
    for name, at in times.items():
        record_export(user=role_users["polis"], what=name, fmt="csv", rows=1)
        AuditEvent.objects.filter(object_repr__startswith=f"{name} ").update(at=at)

    assert retention.personal_data_purge(now=CUT)["audit_events"] == 2

    kept = sorted(AuditEvent.objects.values_list("object_repr", flat=True))
    assert kept == ["after (csv)", "on (csv)"]


@pytest.mark.django_db
def test_pack_reads_are_kept_for_24_calendar_months(role_users, settings):
    """24 months before 15 March 2026 is 15 March 2024: a read on the 14th (24 months and
    a day, with the leap day between) is purged, one on the 15th kept."""
    from councils.models import MeetingPackRead
    from tests.factories.councils import MeetingFactory

    settings.PACK_READ_RETENTION_MONTHS = 24
    times = {
        "after": dt.datetime(2024, 3, 16, 12, 0, tzinfo=dt.UTC),
        "on": dt.datetime(2024, 3, 15, 12, 0, tzinfo=dt.UTC),
        "before": dt.datetime(2024, 3, 14, 12, 0, tzinfo=dt.UTC),
    }
    for name, at in times.items():
        MeetingPackRead.objects.create(
            meeting=MeetingFactory(title=name),
            user=role_users["ledamot"],
            first_opened_at=at,
            last_opened_at=at,
        )

    assert retention.personal_data_purge(now=CUT)["pack_reads"] == 1

    kept = MeetingPackRead.objects.values_list("meeting__title", flat=True)
    assert sorted(kept) == ["after", "on"]


@pytest.mark.django_db
def test_a_session_is_removed_once_it_has_expired_not_before():
    """A session expiring right now is still kept; one expired a minute ago is removed."""
    keys = {}
    for name, expires in {"now": CUT, "minute-ago": CUT - MINUTE, "later": CUT + MINUTE}.items():
        session = SessionStore()
        session.create()
        Session.objects.filter(session_key=session.session_key).update(expire_date=expires)
        keys[name] = session.session_key

    retention.personal_data_purge(now=CUT)

    left = set(Session.objects.values_list("session_key", flat=True))
    assert left == {keys["now"], keys["later"]}


@pytest.mark.django_db
def test_import_files_are_deleted_a_day_and_seven_days_on_not_sooner(
    role_users, settings, tmp_path
):
    """A finished import's file goes a minute past one day, a checked-but-never-imported
    one a minute past 7 days; at exactly a day and 7 days both are still there."""
    from django.core.files.base import ContentFile

    from lagesbild.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_FILE_RETENTION_DAYS = 7
    user = role_users["polis"]
    day, week = dt.timedelta(days=1), dt.timedelta(days=7)
    ages = {
        "done-on-1": (ImportJob.Status.DONE, day),
        "done-past-1": (ImportJob.Status.DONE, day + MINUTE),
        "failed-past-1": (ImportJob.Status.FAILED, day + MINUTE),
        "pending-past-1": (ImportJob.Status.PENDING, day + MINUTE),
        "pending-on-7": (ImportJob.Status.PENDING, week),
        "pending-past-7": (ImportJob.Status.PENDING, week + MINUTE),
    }
    for name, (status, age) in ages.items():
        job = ImportJob(organisation=user.organisation, user=user, original_name=name)
        job.status = status
        job.file.save("x.csv", ContentFile(b"datum;kategori\n"), save=False)
        job.save()
        ImportJob.objects.filter(pk=job.pk).update(created_at=CUT - age)

    assert retention.personal_data_purge(now=CUT)["import_files"] == 3

    with_file = ImportJob.objects.exclude(file="").values_list("original_name", flat=True)
    assert sorted(with_file) == ["done-on-1", "pending-on-7", "pending-past-1"]
    assert ImportJob.objects.get(original_name="pending-past-7").status == ImportJob.Status.FAILED


@pytest.mark.django_db
def test_half_written_report_files_are_removed_after_24_hours_not_sooner(settings, tmp_path):
    """A `.part-` file exactly 24 hours old stays; a minute older is removed."""
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "reports"
    folder.mkdir()
    on, past = folder / ".part-on", folder / ".part-past"
    for path, age in ((on, dt.timedelta(hours=24)), (past, dt.timedelta(hours=24) + MINUTE)):
        path.write_bytes(b"%PDF")
        stamp = (CUT - age).timestamp()
        os.utime(path, (stamp, stamp))

    assert retention.personal_data_purge(now=CUT)["report_leftovers"] == 1
    assert on.exists() and not past.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "cleared", "kept"),
    [
        # Noon on 15 March 2025: the cut-off is 15 March 2023.
        (dt.datetime(2025, 3, 15, 11, 0, tzinfo=dt.UTC), ["2023-03-14"], ["2023-03-15"]),
        # 23:30 UTC on the 14th is already 00:30 on the 15th in Stockholm: the same cut-off.
        (dt.datetime(2025, 3, 14, 23, 30, tzinfo=dt.UTC), ["2023-03-14"], ["2023-03-15"]),
        # 22:59 UTC on the 14th is still the 14th in Stockholm: a day less is cleared.
        (dt.datetime(2025, 3, 14, 22, 59, tzinfo=dt.UTC), [], ["2023-03-14", "2023-03-15"]),
    ],
    ids=["noon", "just-after-local-midnight", "just-before-local-midnight"],
)
def test_assessment_texts_are_cleared_24_months_after_the_local_day(settings, now, cleared, kept):
    """An incident's free text stays through the day 24 months on (Stockholm's day), and
    is cleared the day after; the incident itself stays."""
    from lagesbild.models import Incident
    from lagesbild.services import assessments_purge
    from tests.factories import IncidentFactory

    settings.INCIDENT_TEXT_RETENTION_MONTHS = 24
    for day in [*cleared, *kept, "2023-03-16"]:
        IncidentFactory(occurred_on=dt.date.fromisoformat(day), assessment=f"Text {day}")

    with time_machine.travel(now, tick=False):
        assert assessments_purge() == len(cleared)

    texts = dict(Incident.objects.values_list("occurred_on", "assessment"))
    assert [str(d) for d, text in sorted(texts.items()) if not text] == cleared
    assert len(texts) == len(cleared) + len(kept) + 1
