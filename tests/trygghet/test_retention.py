"""Gallring: old login records, audit events, pack reads and sessions are removed."""

import datetime as dt
import os

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from councils.audit import record_export
from trygghet import tasks
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
