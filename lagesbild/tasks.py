"""Celery tasks of lagesbild: thin, take ids, call one service."""

from celery import shared_task

from . import imports, incident_counts, services


@shared_task(acks_late=True)
def run_import(job_id: int) -> None:
    """Import a checked file (large files, with progress)."""
    imports.run_job(job_id=job_id)


@shared_task
def recover_stale_imports() -> int:
    """Fail the import jobs a dead worker left running (every ten minutes)."""
    return imports.import_jobs_recover_stale()


@shared_task
def purge_assessments() -> int:
    """Gallring of old free-text assessments (weekly, by django-celery-beat)."""
    return services.assessments_purge()


@shared_task
def compact_incident_counts() -> int:
    """Fold the incident counts of the periods changed since the last run (hourly)."""
    return incident_counts.compact()


@shared_task
def remind_reporting() -> int:
    """Remind the reporters of organisations that have not reported the past week, once
    its deadline has passed (hourly; one reminder per organisation and week)."""
    return services.reporting_remind()
