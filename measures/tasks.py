"""Celery tasks of measures: thin wrappers around one service call each."""

from celery import shared_task


@shared_task
def notify_overdue_follow_ups() -> int:
    """Weekly (beat): e-mail owner organisations about overdue follow-ups."""
    from .services import measures_notify_overdue

    return measures_notify_overdue()
