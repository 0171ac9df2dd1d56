"""The test suite: PostgreSQL and Redis over real connections."""

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, env

SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="test-only-not-secret-2d4f6a8c0e2a4c6e8a0c2e4a6c8e0a2c"
)
DEBUG = False
ALLOWED_HOSTS = ["*"]

DATABASES["default"] = env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/trygghet")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

# `make mutate` (scripts/mutate.py) runs a pytest process per core at once. Each takes a
# free slot (a lock held while the process lives) and with it a test database and a Redis
# database of its own: processes that share one drop each other's demo database and
# empty each other's cache, and a mutant then looks killed when it was not.
if MUTATION_SLOTS := env.int("TRYGGHET_MUTATION_SLOTS", default=0):
    import fcntl
    from urllib.parse import urlsplit, urlunsplit

    _base = DATABASES["default"]["TEST"]["NAME"] or f"test_{DATABASES['default']['NAME']}"
    for MUTATION_SLOT in range(MUTATION_SLOTS):
        _slot_lock = open(f"/tmp/{_base}-mutation-slot-{MUTATION_SLOT}.lock", "w")  # noqa: S108, SIM115
        try:
            fcntl.flock(_slot_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            _slot_lock.close()
    else:
        raise RuntimeError(f"All {MUTATION_SLOTS} mutation slots are taken.")
    DATABASES["default"]["TEST"]["NAME"] = f"{_base}_m{MUTATION_SLOT}"
    _url = urlsplit(REDIS_URL)
    _db = int(_url.path.strip("/") or 0) + MUTATION_SLOT
    REDIS_URL = urlunsplit(_url._replace(path=f"/{_db}"))
CACHES["default"] = {
    "BACKEND": "trygghet.cache.ResilientRedisCache",
    "LOCATION": REDIS_URL,
    "KEY_PREFIX": "test",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# In-process by default; the worker tests switch this off and use a real worker.
CELERY_TASK_ALWAYS_EAGER = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/trygghet-test-media")  # noqa: S108
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests see every write at once; tests/lagesbild/test_cached_figures.py sets a lag.
FIGURES_LAG_SECONDS = 0
