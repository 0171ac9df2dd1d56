"""`make bench`: the test services (PostgreSQL, Redis) with production-like behaviour."""

from .test import *  # noqa: F403
from .test import DATABASES, env

DATABASES["default"] = env.db(
    "DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/trygghet_bench"
)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEBUG = False
# Realistic sessions and logging: nothing printed per request.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# As in production (the test settings see every write at once).
FIGURES_LAG_SECONDS = env.int("FIGURES_LAG_SECONDS", default=10)
