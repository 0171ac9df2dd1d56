"""Gallring: remove personal data the system no longer needs (docs/privacy.md).

One function per kind of record, each keeping what is younger than its setting, and
`personal_data_purge` running them all (the daily beat task calls it). The free-text
assessments of incidents are purged by lagesbild's own retention task.
"""

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from councils.models import MeetingPackRead

from .models import AuditEvent


def _months_ago(months: int, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=round(months * 30.44))


def personal_data_purge(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete login records, audit events, pack reads and sessions past their time."""
    now = now or timezone.now()
    login_cutoff = now - dt.timedelta(days=settings.LOGIN_RECORD_RETENTION_DAYS)
    purged = {
        "login_attempts": AccessAttempt.objects.filter(attempt_time__lt=login_cutoff).delete()[0],
        "login_log": AccessLog.objects.filter(attempt_time__lt=login_cutoff).delete()[0],
        "login_failures": AccessFailureLog.objects.filter(attempt_time__lt=login_cutoff).delete()[
            0
        ],
        "audit_events": AuditEvent.objects.filter(
            at__lt=_months_ago(settings.AUDIT_RETENTION_MONTHS, now)
        ).delete()[0],
        "pack_reads": MeetingPackRead.objects.filter(
            last_opened_at__lt=_months_ago(settings.PACK_READ_RETENTION_MONTHS, now)
        ).delete()[0],
        "sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
    }
    return purged
