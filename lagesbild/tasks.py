"""Celery tasks of lagesbild: thin, take ids, call one service."""

from celery import shared_task

from . import imports, services, weekly_counts


@shared_task(acks_late=True)
def run_import(job_id: int) -> None:
    """Import a checked file (large files, with progress)."""
    imports.run_job(job_id=job_id)


@shared_task
def purge_assessments() -> int:
    """Gallring of old free-text assessments (weekly, by django-celery-beat)."""
    return services.assessments_purge()


@shared_task
def compact_weekly_counts() -> int:
    """Fold the weekly counts of the weeks changed since the last run (hourly)."""
    return weekly_counts.compact()
