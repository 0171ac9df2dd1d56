"""Gallring: old login records, audit events, pack reads and sessions are removed."""

import datetime as dt

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
