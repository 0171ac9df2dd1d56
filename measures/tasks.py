"""Celery tasks of measures: thin wrappers around one service call each."""

from celery import shared_task


@shared_task
def notify_overdue_follow_ups() -> int:
    """Weekly (beat): e-mail owner organisations about overdue follow-ups."""
    from .services import measures_notify_overdue

    return measures_notify_overdue()


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def send_est_minutes(self, dispatch_id: int) -> int:
    """E-mail the minutes of an EST meeting to the partners (logged, sent once)."""
    from smtplib import SMTPException

    from .est.services import est_minutes_deliver

    try:
        return est_minutes_deliver(dispatch_id=dispatch_id)
    except (SMTPException, OSError) as error:
        raise self.retry(exc=error) from error
