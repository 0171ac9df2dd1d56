"""Health of the services the site depends on, for /healthz and the CI smoke test."""

from django.conf import settings
from django.db import DatabaseError, connection


def database_state() -> str:
    """'ok' when the database answers a query, else 'error'."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "error"
    return "ok"


def redis_state() -> str:
    """'ok', 'unavailable', or 'not configured' for the embedded default."""
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        client.ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"


def celery_state(redis: str) -> str:
    """'eager' without a broker; otherwise whether any worker answers a ping."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    if redis != "ok" and settings.CELERY_BROKER_URL == settings.REDIS_URL:
        return "unavailable"
    from trygghet.celery import app

    try:
        replies = app.control.ping(timeout=0.5)
    except Exception:
        return "unavailable"
    return "ok" if replies else "no workers"


def report() -> dict[str, str]:
    """The state of each service, as /healthz shows it."""
    redis = redis_state()
    return {"database": database_state(), "redis": redis, "celery": celery_state(redis)}
