"""Gallring: remove personal data the system no longer needs (docs/privacy.md).

One function per kind of record, each keeping what is younger than its setting, and
`personal_data_purge` running them all (the daily beat task calls it). The free-text
assessments of incidents are purged by lagesbild's own retention task.
"""

import datetime as dt
import os
import time
from pathlib import Path

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone

from councils.models import MeetingPackRead
from lagesbild.models import ImportJob

from .models import AuditEvent


def _months_ago(months: int, now: dt.datetime) -> dt.datetime:
    """Calendar months, as docs/privacy.md states them and the incident texts count them
    (an average month of 30.44 days kept a 24-month-old record a day too long)."""
    return now - relativedelta(months=months)


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
        "import_files": import_files_purge(now=now),
        "report_leftovers": report_leftovers_purge(now=now),
    }
    return purged


def import_files_purge(*, now: dt.datetime) -> int:
    """Delete uploaded import files (they may hold free text) once they are not needed.

    A finished or failed import needs its file no more after a day (the row errors stay
    on the job); a file that was checked but never imported is kept for a week, then the
    job is marked failed so nobody imports a file that is gone.
    """
    finished_before = now - dt.timedelta(days=1)
    pending_before = now - dt.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    jobs = ImportJob.objects.exclude(file="").filter(
        (
            models.Q(status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED])
            & models.Q(created_at__lt=finished_before)
        )
        | (~models.Q(status=ImportJob.Status.RUNNING) & models.Q(created_at__lt=pending_before))
    )
    purged = 0
    for job in jobs:
        job.file.delete(save=False)
        if job.status not in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
            job.status = ImportJob.Status.FAILED
        job.save(update_fields=["file", "status"])
        purged += 1
    return purged


def report_leftovers_purge(*, now: dt.datetime) -> int:
    """Remove half-written `.part-` files that a killed report worker left behind."""
    root = Path(settings.MEDIA_ROOT) / "reports"
    if not root.is_dir():
        return 0
    cutoff = now.timestamp() - 24 * 60 * 60
    removed = 0
    for path in root.rglob(".part-*"):
        if path.stat().st_mtime < min(cutoff, time.time()):
            os.unlink(path)
            removed += 1
    return removed
