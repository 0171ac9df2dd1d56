"""Celery tasks of the trygghet app (reports have theirs in trygghet/reports/tasks.py)."""

from celery import shared_task

from . import retention


@shared_task
def purge_personal_data() -> dict[str, int]:
    """Daily gallring of login records, old audit events, pack reads and sessions."""
    return retention.personal_data_purge()
