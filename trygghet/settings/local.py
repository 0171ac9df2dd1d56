"""Development and `make run`: PostgreSQL (embedded), eager Celery, debug on, a throwaway
secret key."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="local-development-only-not-secret-7c1f0a9e2b4d6f8a0c2e4f6a8b0d2f4a",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# `make run` runs tasks in the web process: a report that fails shows as failed on its
# page, as it does with a worker, instead of turning the request into a 500.
CELERY_TASK_EAGER_PROPAGATES = False
