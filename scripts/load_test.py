#!/usr/bin/env python
"""`make load`: the 50-user mix (bench/load.py) against gunicorn on PostgreSQL, 60 s.

Creates a database of its own (LOAD_DATABASE_URL, default trygghet_load) from scratch,
migrates it, seeds Västerås and a year of synthetic incidents, then runs one load run of
bench/load.py (gunicorn with gunicorn.conf.py, bench/locustfile.py). Passes when no
request failed and every incident that got a 201 is in the database; prints p50, p95
and p99 per request. `make bench` runs the same mix on 1 000 000 incidents, three times.
Not part of `make test` (it takes a minute or two).

Options through the environment: LOAD_USERS (50), LOAD_SECONDS (60), LOAD_INCIDENTS
(20000, generated before the run), LOAD_REDIS_URL (redis://127.0.0.1:6379/9).
"""

import os
import sys
import time
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


def main() -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    import load

    started = time.perf_counter()
    print(f"Preparing {settings.DATABASES['default']['NAME']} ({INCIDENTS} incidents)…")
    fresh_database()
    print(f"{USERS} users for {SECONDS} s against gunicorn (gunicorn.conf.py) …")
    result = load.runs(count=1, users=USERS, seconds=SECONDS)
    load.print_table(result)
    created = sum(result["created"])
    print(f"\nincidents answered 201: {created}, lost writes: {result['lost_writes']}")
    print(f"whole run (including setup): {time.perf_counter() - started:.0f} s")
    ok = result["errors"] == 0 and result["lost_writes"] == 0 and created > 0
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
