"""Shared fixtures: real PostgreSQL and Redis, users per role, the browser."""

import contextlib
import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

from scripts import embedded_pg
from tests.factories import TEST_PASSWORD, OrganisationFactory, UserFactory

# live_server tests run Playwright's sync API, which Django sees as async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLES = ("samordnare", "polis", "rapportor", "ledamot")
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), 2):
            return True
    except OSError:
        return False


_embedded = None


def pytest_sessionstart(session):
    """Under CI the suite's PostgreSQL must answer; locally the embedded one stands in."""
    global _embedded
    db = settings.DATABASES["default"]
    host, port = db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432)
    if _reachable(host, port):
        return
    if os.environ.get("CI"):
        pytest.exit(
            f"PostgreSQL svarar inte på {host}:{port}; starta den med: {START_POSTGRES}",
            returncode=3,
        )
    # The server of `make run` (.pgdata/), joined if it runs; the suite's test database
    # sits beside the demo database. The connection reads this same dict when it opens.
    _embedded = embedded_pg.EmbeddedPostgres()
    _embedded.start()
    db.update(HOST="127.0.0.1", PORT=_embedded.port, USER="postgres", PASSWORD="")
    print(f"\nPostgreSQL svarar inte på {host}:{port}: sviten kör mot den inbäddade.")


def pytest_sessionfinish(session, exitstatus):
    if _embedded is not None:
        _embedded.stop()


def service_required(name: str, how: str) -> None:
    """Fail under CI, skip on a developer machine, when a service is missing."""
    message = f"{name} is not reachable; start it with: {how}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def redis_url() -> str:
    """The Redis URL of the suite; fails under CI if Redis is down."""
    url = urlparse(settings.REDIS_URL)
    if not _reachable(url.hostname or "127.0.0.1", url.port or 6379):
        service_required("Redis", START_REDIS)
    return settings.REDIS_URL


@pytest.fixture(autouse=True)
def _clean_cache(request):
    """Each test starts with an empty cache (Redis is shared by the whole suite)."""
    yield
    from django.core.cache import cache

    # Tests that stop Redis restore it themselves; a failed clear must not fail them.
    with contextlib.suppress(Exception):
        cache.clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Västerås stad", kind="kommun")


@pytest.fixture
def make_user(db):
    """make_user("polis", organisation=...) -> a user holding that role."""

    def make(role: str | None = None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def role_users(make_user):
    """One user per role, each in an organisation of its own kind."""
    city = OrganisationFactory(name="Västerås stad", kind="kommun")
    police = OrganisationFactory(name="Lokalpolisområde Västerås", kind="polis")
    mimer = OrganisationFactory(name="Mimer", kind="bostad")
    return {
        "samordnare": make_user("samordnare", organisation=city),
        "polis": make_user("polis", organisation=police),
        "rapportor": make_user("rapportor", organisation=mimer),
        "ledamot": make_user("ledamot", organisation=city),
    }


# Playwright: Debian's chromium, never a downloaded browser.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        service_required("Chromium", "bash scripts/install-system-deps.sh")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE", "timezone_id": "Europe/Stockholm"}


@pytest.fixture
def login(live_server):
    """login(page, user) signs a user in through the real login form."""

    def do_login(page, user, password=TEST_PASSWORD):
        page.goto(f"{live_server.url}/konto/logga-in/")
        page.get_by_label("Användarnamn").fill(user.username)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(f"{live_server.url}/**")

    return do_login


# The demo year: `seed_vasteras --demo` loaded once per run into a database of its own,
# cloned from the freshly migrated test database. Tests read it through `demo_db` (in a
# transaction rolled back after the test, so they may write) and the browser journeys
# through `demo_live` (a fresh copy per test, committed writes, seen by the live server).


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_modify_db_settings,
    django_db_keepdb,
    django_db_createdb,
):
    """The suite's test database, always (pytest-django's own fixture sets up only the
    aliases that tests marked `django_db` name; the demo fixtures below need it too).

    When any collected test uses the demo year, it is built here, before the first test:
    cloning needs a template database nobody is connected to (a live server's threads
    and workers of earlier tests may still hold connections later on).

    `--reuse-db` keeps the test database between runs (migrate still runs, and with it
    every post_migrate handler); `--create-db` builds it afresh. A transactional test's
    flush empties every table, and the post_migrate handlers put back what the
    migrations made (role groups and their permissions, beat schedules), so a reused
    database holds what a fresh one does (tests/test_reuse_db.py).
    """
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases={"default"},
            serialized_aliases=set(),
            keepdb=django_db_keepdb and not django_db_createdb,
        )
        demo = None
        if any("demo_database" in getattr(i, "fixturenames", ()) for i in request.session.items):
            demo = _create_demo_database(connections["default"].settings_dict["NAME"])
    yield demo
    with django_db_blocker.unblock():
        if demo:
            _admin_execute(f'DROP DATABASE IF EXISTS "{demo}" WITH (FORCE)')
        if not django_db_keepdb:
            teardown_databases(config, verbosity=request.config.option.verbose)


def _admin_execute(*statements) -> None:
    """Run statements (SQL, or (SQL, params)) outside any transaction, connected to the
    maintenance database."""
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        for statement in statements:
            sql, params = statement if isinstance(statement, tuple) else (statement, None)
            cursor.execute(sql, params)


@contextlib.contextmanager
def _database(name: str):
    """Point every new connection of the default alias at database `name`."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    previous = settings_dict["NAME"]
    connections.close_all()
    settings_dict["NAME"] = name
    try:
        yield
    finally:
        connections.close_all()
        settings_dict["NAME"] = previous


def _create_demo_database(test_name: str) -> str:
    """Clone the freshly migrated test database and seed the demo year into the clone."""
    import io

    from django.core.management import call_command
    from django.db import connections

    name = f"{test_name}_demo"
    connections.close_all()
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if pristine := _mutation_demo_pristine(test_name):
        # `make mutate`: a copy of the demo year the run seeded once, with no mutant active.
        _admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{pristine}"')
        return name
    _admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{test_name}"')
    with _database(name):
        call_command("seed_vasteras", "--demo", stdout=io.StringIO())
    _mutation_demo_keep(test_name, name)
    return name


def _mutation_demo_name(test_name: str) -> tuple[str, str] | None:
    """Under `make mutate` (TRYGGHET_MUTATION_RUN): the name of the run's pristine demo
    database and the run's mark on it."""
    run = os.environ.get("TRYGGHET_MUTATION_RUN")
    if not run:
        return None
    return f"{test_name.rsplit('_m', 1)[0]}_demo_pristine", f"trygghet mutation run {run}"


def _mutation_demo_pristine(test_name: str) -> str | None:
    """The run's pristine demo database, if this run made it (seeding the demo year in
    every mutant's process took a minute each, with the mutant active while it seeded)."""
    named = _mutation_demo_name(test_name)
    if named is None:
        return None
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [named[0]],
        )
        found = cursor.fetchone()
    return named[0] if found and found[0] == named[1] else None


def _mutation_demo_keep(test_name: str, demo: str) -> None:
    """Keep the demo year just seeded as the run's pristine copy, if no mutant is active."""
    named = _mutation_demo_name(test_name)
    if named is None or os.environ.get("ACTIVE_GREMLIN"):
        return
    pristine, mark = named
    _admin_execute(
        f'DROP DATABASE IF EXISTS "{pristine}" WITH (FORCE)',
        f'CREATE DATABASE "{pristine}" TEMPLATE "{demo}"',
        f"COMMENT ON DATABASE \"{pristine}\" IS '{mark}'",
    )


@pytest.fixture(scope="session")
def demo_database(django_db_setup) -> str:
    """The name of the demo-year database (seeded once per run, before the first test)."""
    assert django_db_setup, "the demo database is built when a collected test asks for it"
    return django_db_setup


@pytest.fixture
def demo_db(demo_database, django_db_blocker):
    """The demo year for one test; what the test writes is rolled back."""
    from django.db import transaction

    with django_db_blocker.unblock(), _database(demo_database), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_live(transactional_db, demo_database, django_db_blocker):
    """A copy of the demo year for a browser journey: the live server sees its writes."""
    from django.db import connections

    name = f"{demo_database}_live"
    with django_db_blocker.unblock():
        connections.close_all()
        _admin_execute(
            # The demo is only ever a template between tests: a connection left over by a
            # thread of an earlier test would block the copy.
            (
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [demo_database],
            ),
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}" TEMPLATE "{demo_database}"',
        )
        try:
            with _database(name):
                yield
        finally:
            _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def demo_users(demo_db):
    """The demo's users by role (their organisations are the demo's)."""
    from councils.models import User

    return {u.username: u for u in User.objects.filter(username__in=[*ROLES, "admin"])}


# A real SMTP server (aiosmtpd) on a free port, with Django's SMTP backend pointed at it.
class _Sink:
    """The messages an aiosmtpd server received: (envelope sender, recipients, message)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_sink(settings):
    """Mail sent in the test goes over SMTP to a local aiosmtpd; `.messages` holds it."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = _Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield sink
    finally:
        controller.stop()
