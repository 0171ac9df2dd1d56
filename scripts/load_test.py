#!/usr/bin/env python
"""`make load`: 50 locust users against gunicorn (2 workers) on PostgreSQL, 60 s, headless.

Creates a database of its own (LOAD_DATABASE_URL, default trygghet_load) from scratch,
migrates it, seeds Västerås and a year of synthetic incidents, starts gunicorn on
127.0.0.1 and runs bench/locustfile.py. Passes when no request failed and every
incident that got a 201 is in the database; prints requests, rps, p50/p95 and errors.
Not part of `make test` (it takes a minute or two).

Options through the environment: LOAD_USERS (50), LOAD_SECONDS (60), LOAD_INCIDENTS
(20000, generated before the run), LOAD_REDIS_URL (redis://127.0.0.1:6379/9).
"""

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygghet_load"
)
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/9")
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
INCIDENTS = int(os.environ.get("LOAD_INCIDENTS", "20000"))
PASSWORD = "load-test-password-7f3a"  # noqa: S105 - a throwaway user in a throwaway database

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "trygghet.settings.bench",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CONN_MAX_AGE": "600",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402


def fresh_database() -> None:
    """Drop and create the load database, then migrate and seed it."""
    import psycopg

    db = settings.DATABASES["default"]
    assert db["NAME"].startswith("trygghet_load"), db["NAME"]  # never someone else's
    connections.close_all()
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("seed_vasteras", stdout=quiet)
        call_command("generate_incidents", INCIDENTS, years=1, stdout=quiet)


def load_user() -> dict:
    """A police liaison with a token (API) and a password (pages)."""
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from councils.models import Organisation, User
    from lagesbild.models import Area, Category

    police = Organisation.objects.filter(kind="polis").first() or Organisation.objects.first()
    user = User.objects.create_user(username="load-polis", password=PASSWORD, organisation=police)
    user.groups.add(Group.objects.get(name="polis"))
    last_week = dt.date.today() - dt.timedelta(days=7)
    year, week, _ = last_week.isocalendar()
    return {
        "username": user.username,
        "password": PASSWORD,
        "token": Token.objects.create(user=user).key,
        "areas": list(Area.objects.filter(is_active=True).values_list("pk", flat=True)[:30]),
        "categories": list(
            Category.objects.filter(is_active=True, parent__isnull=False).values_list(
                "pk", flat=True
            )[:30]
        ),
        "week": f"{year}-W{week:02d}",
        "day": last_week.isoformat(),
        "organisation": police.pk,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "trygghet.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(log),
        ],
        cwd=ROOT,
        env=ENV,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port}; see {log}")


def run_locust(port: int, work: Path, config: Path) -> tuple[dict, list[int]]:
    created = work / "created.json"
    env = {**ENV, "LOAD_CONFIG": str(config), "LOAD_CREATED": str(created)}
    subprocess.run(
        [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            "10",
            "--run-time",
            f"{SECONDS}s",
            "--stop-timeout",
            "10",
            "--host",
            f"http://127.0.0.1:{port}",
            "--only-summary",
            "--exit-code-on-error",
            "0",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    results = json.loads(created.read_text())
    return results["stats"], results["created"]


def main() -> int:
    started = time.perf_counter()
    print(f"Preparing {settings.DATABASES['default']['NAME']} ({INCIDENTS} incidents)…")
    fresh_database()
    config_data = load_user()
    work = Path(tempfile.mkdtemp(prefix="trygghet-load-"))
    config = work / "config.json"
    config.write_text(json.dumps(config_data))
    port = free_port()
    server = start_gunicorn(port, work / "gunicorn.log")
    try:
        print(f"{USERS} users for {SECONDS} s against gunicorn (2 workers) on 127.0.0.1:{port}")
        stats, created_ids = run_locust(port, work, config)
    finally:
        server.terminate()
        server.wait(30)

    from lagesbild.models import Incident

    connections.close_all()
    in_db = Incident.objects.filter(pk__in=created_ids).count()
    load_rows = Incident.objects.filter(external_id__startswith="load-").count()
    total = stats["Aggregated"]
    print()
    print(f"{'request':34} {'count':>7} {'fail':>5} {'rps':>7} {'p50 ms':>7} {'p95 ms':>7}")
    for name, row in stats.items():
        print(
            f"{name[:34]:34} {row['requests']:>7} {row['failures']:>5} "
            f"{row['rps']:>7.1f} {row['p50']:>7} {row['p95']:>7}"
        )
    failures = total["failures"]
    print()
    print(f"incidents answered 201: {len(created_ids)}")
    print(f"  of those in the database: {in_db} (rows with a load- id: {load_rows})")
    print(f"failed requests: {failures}")
    print(f"whole run (including setup): {time.perf_counter() - started:.0f} s; files in {work}")
    ok = failures == 0 and in_db == len(created_ids) == load_rows and len(created_ids) > 0
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
