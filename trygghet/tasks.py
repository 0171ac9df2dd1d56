"""Celery tasks of the trygghet app (reports have theirs in trygghet/reports/tasks.py)."""

from celery import shared_task

from . import retention


@shared_task
def scan_personal_data() -> int:
    """Daily: tell the coordinators when stored free text holds personal data."""
    from .personal_data import personal_data_notify

    return personal_data_notify()


@shared_task
def purge_personal_data() -> dict[str, int]:
    """Daily gallring of login records, old audit events, pack reads and sessions."""
    return retention.personal_data_purge()
