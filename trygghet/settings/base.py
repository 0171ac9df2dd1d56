"""Settings shared by every environment; read from the environment with django-environ."""

import datetime as dt
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.pgdata import running_port

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is a convenience for development; production reads the real environment.
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
TIME_ZONE = "Europe/Stockholm"
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
USE_I18N = True
USE_TZ = True
SITE_NAME = env("SITE_NAME", default="Trygghet Västerås")

# DATABASES
# ------------------------------------------------------------------------------
# PostgreSQL everywhere. `make run` (scripts/embedded_pg.py) exports the DATABASE_URL of
# its embedded server. Without DATABASE_URL, manage.py uses the embedded server of this
# checkout while one runs (so a second terminal can `manage.py shell` beside `make run`),
# else a local PostgreSQL on 5432, as `make test` does.
LOCAL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/trygghet"


def _embedded_database_url() -> str | None:
    """The URL of the embedded server running on .pgdata/ (its postmaster.pid), if any."""
    port = running_port(BASE_DIR / ".pgdata")
    if port is None:
        return None
    return f"postgres://postgres@127.0.0.1:{port}/trygghet"


DATABASES = {
    "default": env.db("DATABASE_URL", default=_embedded_database_url() or LOCAL_DATABASE_URL)
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Reconnects transparently after a database restart instead of failing a request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT compiling: the pages' queries are short, and PostgreSQL's cost estimate for a
# subquery per organisation over 10 000 000 incidents set off 92 ms of compiling for a
# query that runs in 1 ms (EXPLAIN ANALYZE, bench/run.py BENCH_SCALING).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# URLS
# ------------------------------------------------------------------------------
ROOT_URLCONF = "trygghet.urls"
WSGI_APPLICATION = "trygghet.wsgi.application"

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "trygghet.admin_config.TrygghetAdminConfig",
    "django.forms",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "trygghet.third_party.TrygghetAxesConfig",  # axes, with a Swedish name
    "csp",
    "django_otp",
    "trygghet.third_party.TrygghetTOTPConfig",  # django_otp's TOTP, with a Swedish name
]
# Order matters: the seed registry and role permissions follow this order, and it is
# the dependency order councils ← lagesbild ← measures ← budget ← trygghet.
LOCAL_APPS = [
    "core",
    "councils",
    "lagesbild",
    "measures",
    "budget",
    "trygghet",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS
# Each app keeps its own Swedish catalogue (so makemessages run inside an app writes
# only that app's file); project-wide templates use locale/ at the root.
LOCALE_PATHS = [BASE_DIR / app / "locale" for app in LOCAL_APPS] + [BASE_DIR / "locale"]

# AUTHENTICATION
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "councils.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Password spraying: a client past LOGIN_CLIENT_FAILURE_LIMIT failures is refused.
    "councils.client_ip.ClientThrottleBackend",
    # ModelBackend, with the user's organisation joined on every request.
    "councils.backends.OrganisationModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Trygghet Västerås")
# Login throttling (django-axes): five failures lock the username+IP for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client behind the TLS proxy (councils/client_ip.py): the proxies' own addresses
# (or networks) whose X-Forwarded-For is believed. Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "councils.client_ip.client_ip"
# Failed logins from one client, over any usernames, before it is refused for the
# cool-off time (password spraying).
LOGIN_CLIENT_FAILURE_LIMIT = env.int("LOGIN_CLIENT_FAILURE_LIMIT", default=20)

# Sessions end after 8 hours (a working day) or when the browser closes.
# Sessions read from the cache (Redis), written through to the database: no session
# query on a page view, and nothing lost when Redis restarts.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "trygghet.middleware.UnstorableInputMiddleware",
    # Cached figures' versions (core.versioned) read once per request.
    "core.versioned.RequestVersions",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every page needs a login unless the view says otherwise (login_not_required).
    "trygghet.middleware.LoginRequiredMiddleware",
    "trygghet.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads (imports, attachments) are limited; larger files are refused with a message.
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "councils.context_processors.capabilities",
                "trygghet.context_processors.site",
            ],
        },
    }
]
FORM_RENDERER = "core.forms.Renderer"  # selects drawn in Python (core/forms.py)
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# An empty filter choice means every value ("Alla"), not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# SECURITY: Content-Security-Policy (django-csp). No inline scripts anywhere;
# inline style attributes are allowed because server-rendered SVG charts use them.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="© OpenStreetMap-bidragsgivare")
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]) if "://" in MAP_TILE_URL else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", *([_tile_origin] if _tile_origin else [])],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# EMAIL
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Trygghet <noreply@localhost>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# ADMIN
# ------------------------------------------------------------------------------
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")

# CACHES AND REDIS
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "trygghet.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis outage must not take pages down: fail fast and fall through.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Fragments kept in each process (`{% cache … using="local" %}`): the main menu, drawn
# once for each set of roles, language and section (base.html: ~30 URL reversals and
# capability checks a page), and the filter forms and the coordinator's weekly form,
# whose keys carry the versions of their options. A round trip to Redis and unpickling
# cost more than they do.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 300},
}

# Figures derived from stored data (goal verdicts, the week's figures, start-page
# panels) are cached under the version of their data (core.versioned); an entry lives
# this long at most, which bounds what a write no version sees (a bulk update) can hide.
FIGURES_CACHE_SECONDS = env.int("FIGURES_CACHE_SECONDS", default=60)
# Incidents come many a minute on a busy morning: figures derived from them are
# recomputed at most this often (and are at most this far behind the newest incident;
# every page that shows them says when they were computed). 0: at every new incident.
FIGURES_LAGGING_KINDS = ("incidents",)
FIGURES_LAG_SECONDS = env.int("FIGURES_LAG_SECONDS", default=10)

# CELERY
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
# With no broker configured (the embedded default) tasks run in the web process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 60 * 60
# A task is acknowledged only when done: a worker killed mid-task leaves it queued.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Publishing a task gives up after about a second when the broker is down, so a page
# that enqueues work answers quickly and can say the job was not started.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}

# REST FRAMEWORK
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "councils.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    # Counted in the default cache (Redis, shared by all web processes). The
    # ResilientRedisCache fails open: while Redis is down, nobody is throttled.
    # Per user, per API token, and per client address (through TRUSTED_PROXIES).
    "DEFAULT_THROTTLE_CLASSES": [
        "councils.throttling.UserRateThrottle",
        "councils.throttling.TokenRateThrottle",
        "councils.throttling.AnonRateThrottle",
    ],
    # "anon" counts per client address; every endpoint asks for a login today, and DRF
    # checks permissions before throttles, so it guards any future open endpoint.
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_RATE_USER", default="6000/hour"),
        "token": env("API_RATE_TOKEN", default="3000/hour"),
        "anon": env("API_RATE_ANON", default="100/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Trygghet API",
    "DESCRIPTION": "Registrering och export av EST-händelser för kommun och polis.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI served from our own static files: no CDN, and the CSP stays strict.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # axes logs every start at INFO; only lockouts matter.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# DOMAIN
# ------------------------------------------------------------------------------
# Months that the free-text assessment of an incident is kept before gallring.
INCIDENT_TEXT_RETENTION_MONTHS = env.int("INCIDENT_TEXT_RETENTION_MONTHS", default=24)
# Gallring (docs/privacy.md): how long records that name a person are kept.
LOGIN_RECORD_RETENTION_DAYS = env.int("LOGIN_RECORD_RETENTION_DAYS", default=90)
AUDIT_RETENTION_MONTHS = env.int("AUDIT_RETENTION_MONTHS", default=36)
PACK_READ_RETENTION_MONTHS = env.int("PACK_READ_RETENTION_MONTHS", default=24)
# Incidents older than this many years are refused (entry, import, API): a date like
# 0001-01-01 is a typing mistake, and the weekly figures have no use for it.
INCIDENT_HORIZON_YEARS = env.int("INCIDENT_HORIZON_YEARS", default=10)
# Imports: rows one file may hold, and row errors kept and shown (all are counted).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=100_000)
IMPORT_MAX_ERRORS_SHOWN = env.int("IMPORT_MAX_ERRORS_SHOWN", default=1000)
# An import job "running" with no progress for this long lost its worker: it is marked
# failed (the write is one transaction, so nothing of it was saved).
IMPORT_STALE_AFTER_SECONDS = env.int("IMPORT_STALE_AFTER_SECONDS", default=15 * 60)
# Days an uploaded import file that was checked but never imported is kept.
IMPORT_FILE_RETENTION_DAYS = env.int("IMPORT_FILE_RETENTION_DAYS", default=7)
# Counts below this are suppressed in views shared with council members.
SMALL_COUNT_THRESHOLD = env.int("SMALL_COUNT_THRESHOLD", default=3)
# When a week's EST reports are due: "<ISO weekday of the following week> <HH:MM>"
# local time ("1 09:00": Monday 09:00). Reporters of an organisation that has neither
# registered incidents nor confirmed "inga händelser" by then get one reminder.
_deadline = env("REPORTING_DEADLINE", default="1 09:00")
try:
    _day, _time = _deadline.split()
    REPORTING_DEADLINE = (int(_day), dt.time.fromisoformat(_time))
    if not 1 <= REPORTING_DEADLINE[0] <= 7:
        raise ValueError(_day)
except ValueError as _error:
    raise ImproperlyConfigured(
        f"REPORTING_DEADLINE={_deadline!r}: give an ISO weekday 1–7 and a time, e.g. '1 09:00'."
    ) from _error
# Days before an agreement ends that coordinators are warned.
AGREEMENT_WARNING_DAYS = env.int("AGREEMENT_WARNING_DAYS", default=90)
# Survey results (trygghetsmätning) with fewer respondents are shown as "too few answers".
SURVEY_MIN_RESPONDENTS = env.int("SURVEY_MIN_RESPONDENTS", default=30)
# Hot spots (docs/methods.md): grid cell side in metres (SWEREF 99 TM), and the
# confidence level at which a Getis-Ord Gi* cell counts as a hot or cold spot.
HOTSPOT_CELL_SIZE_M = env.float("HOTSPOT_CELL_SIZE_M", default=250.0)
HOTSPOT_SIGNIFICANCE = env.float("HOTSPOT_SIGNIFICANCE", default=0.95)
# Hot spots pass a Benjamini–Hochberg step over the study area's cells (docs/methods.md);
# the study area is the cells with any incident in the HOTSPOT_AREA_WEEKS weeks up to
# the period's end, the same for every week.
HOTSPOT_FDR = env.bool("HOTSPOT_FDR", default=True)
HOTSPOT_AREA_WEEKS = env.int("HOTSPOT_AREA_WEEKS", default=52)
# Emerging hot spots (docs/methods.md §6): Gi* per week over the last EMERGING_WEEKS
# weeks (4–52) and a Mann–Kendall trend of each cell's z-series.
EMERGING_WEEKS = env.int("EMERGING_WEEKS", default=12)
# Trends going the wrong way (docs/methods.md): a row is flagged when it passes the
# Benjamini–Hochberg step at false discovery rate TREND_FDR over the week's rows, and
# never for a week with fewer events than TREND_MIN_COUNT (too few to judge).
TREND_FDR = env.float("TREND_FDR", default=0.05)
TREND_MIN_COUNT = env.int("TREND_MIN_COUNT", default=5)
# Reports (trygghet/reports): the meeting pack is generated this many days before a
# meeting; a report task gets a soft and a hard time limit (seconds).
MEETING_PACK_DAYS_BEFORE = env.int("MEETING_PACK_DAYS_BEFORE", default=7)
REPORT_SOFT_TIME_LIMIT = env.int("REPORT_SOFT_TIME_LIMIT", default=240)
REPORT_TIME_LIMIT = env.int("REPORT_TIME_LIMIT", default=300)
# Tests only: seconds to pause halfway through writing a report file (to kill a worker
# mid-report). Always 0 in production.
REPORT_WRITE_DELAY_SECONDS = env.float("REPORT_WRITE_DELAY_SECONDS", default=0.0)
