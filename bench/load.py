"""The 50-user mix against gunicorn, as users feel it (`make bench` and `make load`).

One load run:
- starts gunicorn on the project's own `gunicorn.conf.py` (the worker model that
  docker-compose.yml and the Dockerfile run), with the bench URLs on top of the project's
  (`bench/urls.py`: adds the bare view, the floor any Django page pays here);
- runs bench/locustfile.py headless: police liaisons entering incidents and reading the
  list, coordinators on the start page, the week, the hot spots and the list, and
  everyone now and then on the bare view;
- reads p50/p95/p99 per request, requests/s and errors from locust, and counts the lost
  writes: incidents answered 201 that are not in the database.

`runs()` repeats the run and reports min, median and max of each figure across runs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password-7f3a"  # noqa: S105 - throwaway users in a throwaway database

#: What each request is called in the figures (locust's `name=`), in display order.
REQUESTS = [
    "bare view",
    "start page",
    "weekly lägesbild",
    "hot spots",
    "incident list",
    "incident list (week)",
    "POST /api/v1/incidents/",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(env: dict | None = None) -> dict:
    """The environment gunicorn runs in: the bench settings plus the bench URLs."""
    env = {**os.environ, **(env or {})}
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.setdefault("CONN_MAX_AGE", "600")
    # The mix's police liaisons share one token: at production rates (3 000 an hour per
    # token) the throttle, not the server, would be measured. It still runs on every call.
    env.setdefault("API_RATE_TOKEN", "10000000/hour")
    env.setdefault("API_RATE_USER", "10000000/hour")
    return env


def start_gunicorn(
    port: int, log: Path, env: dict | None = None, app_root: Path = ROOT
) -> subprocess.Popen:
    """gunicorn in `app_root` with its gunicorn.conf.py (if any), answering on `port`."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "trygghet.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(log),
        ],
        cwd=app_root,
        env=server_env(env),
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port}; see {log}")


def load_users() -> dict:
    """A police liaison (token and password) and a coordinator (password) to load with.

    Idempotent: a second call resets the passwords and keeps the token.
    """
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from councils.models import Organisation, User
    from councils.roles import Role
    from lagesbild.models import Area, Category

    police = Organisation.objects.filter(kind="polis").order_by("pk").first()
    city = Organisation.objects.filter(kind="kommun").order_by("pk").first()
    users = {}
    for username, organisation, role in (
        ("load-polis", police, Role.POLIS),
        ("load-samordnare", city, Role.SAMORDNARE),
    ):
        user, _ = User.objects.get_or_create(
            username=username, defaults={"organisation": organisation}
        )
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    last_week = dt.date.today() - dt.timedelta(days=7)
    year, week, _ = last_week.isocalendar()
    return {
        "polis": users[Role.POLIS].username,
        "samordnare": users[Role.SAMORDNARE].username,
        "password": PASSWORD,
        "token": Token.objects.get_or_create(user=users[Role.POLIS])[0].key,
        "areas": list(
            Area.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:30]
        ),
        "categories": list(
            Category.objects.filter(is_active=True, parent__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)[:30]
        ),
        "week": f"{year}-W{week:02d}",
        "day": last_week.isoformat(),
    }


def run_locust(port: int, config: dict, users: int, seconds: int) -> tuple[dict, list[int]]:
    """One headless locust run; returns its figures and the ids answered 201."""
    work = Path(tempfile.mkdtemp(prefix="trygghet-load-"))
    (work / "config.json").write_text(json.dumps(config))
    created = work / "created.json"
    env = {
        **os.environ,
        "LOAD_CONFIG": str(work / "config.json"),
        "LOAD_CREATED": str(created),
    }
    subprocess.run(
        [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(users // 5, 1)),
            "--run-time",
            f"{seconds}s",
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
        stdout=(work / "locust.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    result = json.loads(created.read_text())
    return result["stats"], result["created"]


def lost_writes(created_ids: list[int]) -> int:
    """Incidents the API answered 201 for that the database does not hold."""
    from django.db import connections

    from lagesbild.models import Incident

    connections.close_all()
    return len(created_ids) - Incident.objects.filter(pk__in=created_ids).count()


def remove_created(created_ids: list[int]) -> None:
    """Leave the database as the run found it (the weekly counts follow by trigger)."""
    from lagesbild.models import Incident

    Incident.objects.filter(pk__in=created_ids).delete()


def spread(values: list[float]) -> dict:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def runs(
    count: int = 3,
    users: int = 50,
    seconds: int = 60,
    app_root: Path = ROOT,
    env: dict | None = None,
) -> dict:
    """`count` load runs against one gunicorn; each figure as min/median/max over runs."""
    config = load_users()
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="trygghet-gunicorn-")) / "gunicorn.log"
    server = start_gunicorn(port, log, env=env, app_root=app_root)
    per_run = []
    try:
        # A short warm-up: workers import lazily and fill their caches on first use.
        run_locust(port, config, users=min(users, 10), seconds=10)
        for _ in range(count):
            stats, created = run_locust(port, config, users=users, seconds=seconds)
            lost = lost_writes(created)
            remove_created(created)
            per_run.append({"stats": stats, "created": len(created), "lost": lost})
    finally:
        server.terminate()
        server.wait(30)
    figures = {}
    for name in [*REQUESTS, "Aggregated"]:
        rows = [r["stats"][name] for r in per_run if name in r["stats"]]
        if not rows:
            continue
        figures[name] = {
            key: spread([row[key] for row in rows])
            for key in ("requests", "failures", "rps", "p50", "p95", "p99")
        }
    return {
        "users": users,
        "seconds": seconds,
        "runs": count,
        "created": [r["created"] for r in per_run],
        "lost_writes": sum(r["lost"] for r in per_run),
        "errors": sum(r["stats"]["Aggregated"]["failures"] for r in per_run),
        "figures": figures,
        "gunicorn_log": str(log),
    }


def print_table(result: dict) -> None:
    """The load figures, each as median (min–max) over the runs, with each page's p50
    against the bare view's."""
    figures = result["figures"]
    bare = figures.get("bare view", {}).get("p50", {}).get("median")
    print(
        f"\n{result['users']} users, {result['runs']} runs of {result['seconds']} s: "
        f"errors {result['errors']}, lost writes {result['lost_writes']}"
    )
    print(
        f"{'request':26} {'rps':>16} {'p50 ms':>16} {'p95 ms':>16} {'p99 ms':>16} {'p50/bare':>9}"
    )

    def cell(f):
        return f"{f['median']:g} ({f['min']:g}–{f['max']:g})"

    for name, row in figures.items():
        ratio = f"{row['p50']['median'] / bare:.1f}" if bare and name != "bare view" else ""
        print(
            f"{name[:26]:26} {cell(row['rps']):>16} {cell(row['p50']):>16} "
            f"{cell(row['p95']):>16} {cell(row['p99']):>16} {ratio:>9}"
        )
