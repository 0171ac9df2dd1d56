"""Celery tasks of the reports: thin, take ids, call one service each."""

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils.translation import gettext as _

from trygghet.models import Report

from . import services


class ReportFailed(Exception):
    """The report could not be made; the reason is recorded on the Report."""


class ReportTask(Task):
    """Marks the report failed when the task gives up (retries used up, time limit)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        if isinstance(exc, ReportFailed):
            return  # report_generate has recorded it already
        report_id = kwargs.get("report_id", args[0] if args else None)
        if report_id is not None:
            if isinstance(exc, SoftTimeLimitExceeded):
                error = _("The report took too long and was stopped.")
            else:
                error = f"{type(exc).__name__}: {exc}"
            services.report_mark_failed(report_id=report_id, error=error)


@shared_task(
    bind=True,
    base=ReportTask,
    acks_late=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
)
def generate_report(self, report_id: int) -> str:
    """Generate one report (by id); returns its status, or fails when the report failed.

    A failing section is not swallowed: the report is marked failed with the error, and
    the task fails too, so that the worker's log and monitoring see it. Transient errors
    are retried (autoretry_for) before that.
    """
    report = services.report_generate(report_id=report_id)
    if report.status == Report.Status.FAILED:
        raise ReportFailed(report.error)
    return report.status


@shared_task
def weekly_report() -> list[int]:
    """Beat, Monday 06:00 Europe/Stockholm: last week's report."""
    return services.reports_weekly_scheduled()


@shared_task
def annual_report() -> int:
    """Beat, 15 January: the previous year's annual report."""
    return services.reports_annual_scheduled()


@shared_task
def meeting_packs_due() -> list[int]:
    """Beat, daily: packs for meetings MEETING_PACK_DAYS_BEFORE days ahead."""
    return services.meeting_packs_due()
