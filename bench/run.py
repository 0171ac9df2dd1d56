"""`make bench`: Trygghet at national scale, measured on this machine.

Loads BENCH_N synthetic incidents (default 1 000 000 over 5 years and ~100 areas) into
a PostgreSQL database of its own with `generate_incidents`, then measures, each figure
the median of repeated runs in this one process:

- the weekly lägesbild page through the full Django stack, and its pure-SQL floor (the
  very queries the page ran, captured and re-executed with a cursor);
- the incident list (first and a deep page) against the stock admin changelist;
- incident creation through the API against gunicorn with 2 workers (requests/s);
- import of a 100 000-row CSV (rows/s);
- dry runs of hostile and 20 MB import files, time and peak RSS (bench/import_limits.py);
- the annual report PDF for one year;
- the 50-user load mix against gunicorn (bench/load.py): p50/p95/p99 per page and for
  the API, requests/s, errors and lost writes, beside a bare view (the floor any Django
  page pays here), BENCH_LOAD_RUNS (3) runs of BENCH_LOAD_SECONDS (60) each.

Every figure is printed as median (min–max) of its repeats, with the machine's cores
and a CPU calibration (a fixed pure-Python loop, ms) so runs on different machines can
be compared. Writes bench/results.json. BENCH_SCALING=1 also measures the weekly page,
the list, the hot spots, the annual page and the goals at 100 000, BENCH_N and
10 000 000 incidents (slow: the 10 M load takes minutes; each size keeps a database of
its own). BENCH_ONLY=weekly,load (names of the steps in main()) runs only those steps.
"""

import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "trygghet.settings.bench"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygghet_bench")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# A Redis database of the benchmark's own: it is emptied to time pages drawn anew.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

N = int(os.environ.get("BENCH_N", "1000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
API_REQUESTS = int(os.environ.get("BENCH_API_REQUESTS", "3000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
LOAD_RUNS = int(os.environ.get("BENCH_LOAD_RUNS", "3"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
LOAD_USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
RESULTS = ROOT / "bench" / "results.json"


def timed_ms(fn, repeat: int = REPEAT, warmup: int = 2, before=None) -> dict:
    """Wall time of `fn()` in milliseconds after `warmup` untimed runs: min, median, max.

    `before()`, when given, runs untimed before each run (e.g. to empty a cache).
    """
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return {
        "min": round(min(times), 1),
        "median": round(statistics.median(times), 1),
        "max": round(max(times), 1),
    }


def median_ms(fn, repeat: int = REPEAT, warmup: int = 2, before=None) -> float:
    return timed_ms(fn, repeat, warmup, before)["median"]


def calibration() -> dict:
    """A fixed pure-Python loop (integer arithmetic and a dict), min and median of 7
    runs in ms: how fast one core of this machine runs Python right now."""

    def loop():
        table = {}
        total = 0
        for i in range(400_000):
            total += (i * i) % 7
            table[i & 1023] = total
        return total

    return timed_ms(loop, repeat=7, warmup=1)


def spread_text(figure: dict, unit: str = "ms") -> str:
    return f"{figure['median']} {unit} ({figure['min']}–{figure['max']})"


def ensure_database() -> None:
    """Create the bench database if needed and migrate it."""
    import psycopg

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if not exists.fetchone():
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as out:
        call_command("seed_vasteras", stdout=out)


def use_database(n: int) -> None:
    """Point the connection at the database of `n` incidents: the main one for BENCH_N,
    `<name>_<n>` for the other sizes, kept between runs so a rerun does not generate
    10 000 000 incidents again."""
    db = settings.DATABASES["default"]
    base = db.setdefault("BENCH_BASE_NAME", db["NAME"])
    db["NAME"] = base if n == N else f"{base}_{n}"
    connection.close()
    ensure_database()
    load(n)


def load(n: int) -> dict:
    """Make the incident table hold exactly `n` synthetic incidents; time the generation."""
    from lagesbild.models import Incident

    if Incident.objects.count() == n:
        return {"generated": False}
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE lagesbild_incident, lagesbild_historicalincident CASCADE")
    start = time.perf_counter()
    with open(os.devnull, "w") as out:
        call_command("generate_incidents", n, years=5, areas=100, stdout=out)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE lagesbild_incident")
        cursor.execute("VACUUM ANALYZE lagesbild_incidentcount")
    return {"generated": True, "seconds": round(seconds, 1), "rows_per_s": round(n / seconds)}


def bench_user():
    from django.contrib.auth.models import Group

    from councils.models import Organisation, User

    user, _ = User.objects.get_or_create(
        username="bench-samordnare",
        defaults={
            "organisation": Organisation.objects.get(name="Västerås stad"),
            "is_staff": True,
            "is_superuser": True,
        },
    )
    user.groups.add(Group.objects.get(name="samordnare"))
    return user


def a_full_week():
    """The last complete ISO week before today, which the generated data cover."""
    from core.isoweek import Week

    today = dt.date.today() - dt.timedelta(days=7)
    year, week, _ = today.isocalendar()
    return Week(year, week)


def cold():
    """Empty the benchmark's cache: figures, fragments and versions are made anew (the
    session is read back from the database)."""
    from django.core.cache import cache

    cache.clear()


def weekly_page(client: Client, user) -> dict:
    """The weekly page drawn anew (figures computed and rendered: the first reader after
    a write) and as most readers get it (figures and fragment from the cache)."""
    week = a_full_week()
    url = reverse("lagesbild:weekly", kwargs={"week": week})
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    # The log is a bounded deque: a full one makes the capture below look empty.
    connection.queries_log.clear()
    cold()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # captured_queries slices the live log when read: copy it before the next requests
    # (each resets the log) or it reads as empty.
    queries = list(captured.captured_queries)
    page = timed_ms(lambda: client.get(url), before=cold)
    page_ms = page["median"]
    cached = timed_ms(lambda: client.get(url))
    cached_ms = cached["median"]
    figure_sql = [
        # A server-side cursor (QuerySet.iterator()) is logged as DECLARE … FOR SELECT.
        re.sub(r'^DECLARE "[^"]+" NO SCROLL CURSOR (WITH(OUT)? HOLD )?FOR ', "", q["sql"])
        for q in queries
        if "lagesbild_" in q["sql"]
    ]

    def run_sql():
        with connection.cursor() as cursor:
            for sql in figure_sql:
                cursor.execute(sql)
                cursor.fetchall()

    floor_ms = median_ms(run_sql)
    all_sql = [q["sql"] for q in queries]

    def run_all_sql():
        with connection.cursor() as cursor:
            for sql in all_sql:
                if sql.startswith(("SELECT", "WITH")):
                    cursor.execute(sql)
                    cursor.fetchall()

    return {
        "url": url,
        "queries": len(queries),
        "figure_queries": len(figure_sql),
        "page_ms": round(page_ms, 1),
        "page": page,
        "page_cached_ms": round(cached_ms, 1),
        "page_cached": cached,
        "sql_floor_ms": round(floor_ms, 1),
        "all_select_sql_ms": round(median_ms(run_all_sql), 1),
        "ratio": round(page_ms / floor_ms, 2) if floor_ms else None,
    }


def start_page(client: Client) -> dict:
    """The start page every user lands on (its goals panel counts incidents), drawn anew
    and as cached."""
    url = reverse("dashboard")
    assert client.get(url).status_code == 200
    cached = timed_ms(lambda: client.get(url))
    return {
        "ms": cached["median"],
        "cached": cached,
        "anew": timed_ms(lambda: client.get(url), before=cold),
    }


def incident_lists(client: Client) -> dict:
    from lagesbild.models import Incident

    result = {}
    list_url = reverse("lagesbild:incident_list")
    first = client.get(list_url)
    assert first.status_code == 200, first.status_code
    result["list_first"] = timed_ms(lambda: client.get(list_url))
    result["list_first_ms"] = result["list_first"]["median"]
    # A deep page: the list continues from an old incident (keyset), as "next" links do.
    old = Incident.objects.order_by("occurred_on", "id")[N // 50 : N // 50 + 1].get()
    deep = f"{list_url}?after={old.occurred_on.isoformat()}.{old.pk}"
    assert client.get(deep).status_code == 200
    result["list_deep"] = timed_ms(lambda: client.get(deep))
    result["list_deep_ms"] = result["list_deep"]["median"]
    admin_url = reverse("admin:lagesbild_incident_changelist")
    assert client.get(admin_url).status_code == 200
    result["admin_first_ms"] = round(median_ms(lambda: client.get(admin_url), repeat=5), 1)
    pages = max(N // 100 - 1, 1)
    admin_deep = f"{admin_url}?p={min(5000, pages)}"
    result["admin_deep_ms"] = round(median_ms(lambda: client.get(admin_deep), repeat=5), 1)
    return result


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by gunicorn (master and workers), PostgreSQL's processes,
    Redis and this process (the benchmark's client threads)."""
    import psutil

    def used(processes) -> float:
        total = 0.0
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.Error:  # a process that ended in between
                continue
            total += times.user + times.system
        return total

    server = psutil.Process(server_pid)
    others = list(psutil.process_iter(["name"]))
    return {
        "gunicorn": used([server, *server.children(recursive=True)]),
        "postgres": used(p for p in others if p.info["name"] in ("postgres", "postmaster")),
        "redis": used(p for p in others if (p.info["name"] or "").startswith("redis")),
        "client": used([psutil.Process()]),
    }


def api_creation(user) -> dict:
    """POST single incidents to gunicorn (gunicorn.conf.py) from 8 client threads."""
    from rest_framework.authtoken.models import Token

    from lagesbild.models import Area, Category, Incident

    token = Token.objects.get_or_create(user=user)[0].key
    area = Area.objects.order_by("pk").first()
    category = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    sys.path.insert(0, str(ROOT / "bench"))
    import load

    port = load.free_port()
    log = Path(tempfile.mkdtemp(prefix="trygghet-gunicorn-")) / "gunicorn.log"
    server = load.start_gunicorn(port, log)
    try:
        body = json.dumps(
            {
                "category": category.pk,
                "area": area.pk,
                "occurred_on": dt.date.today().isoformat(),
                "time_band": "kvall",
                "count": 1,
            }
        ).encode()
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        before = Incident.objects.count()
        created = []
        errors = []

        def worker(k: int):
            import http.client

            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for _ in range(k):
                conn.request("POST", "/api/v1/incidents/", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                (created if response.status == 201 else errors).append(response.status)

        threads = [threading.Thread(target=worker, args=(API_REQUESTS // 8,)) for _ in range(8)]
        cpu_before = cpu_seconds(server.pid)
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - start
        cpu = {
            name: round(1000 * (after - cpu_before[name]) / max(len(created), 1), 2)
            for name, after in cpu_seconds(server.pid).items()
        }
        in_db = Incident.objects.count() - before
        Incident.objects.filter(pk__in=Incident.objects.order_by("-pk")[: len(created)]).delete()
        return {
            "requests": len(created) + len(errors),
            "created_201": len(created),
            "errors": len(errors),
            "rows_in_database": in_db,
            "per_s": round(len(created) / seconds),
            # Where the cores went: CPU milliseconds per created incident, by process.
            "cpu_ms_per_request": cpu,
        }
    finally:
        server.terminate()
        server.wait(20)


def csv_import(user) -> dict:
    """Import a generated CSV of IMPORT_ROWS rows through the import service."""
    from lagesbild import imports

    path = Path(tempfile.mkdtemp()) / "bench-import.csv"
    imports.write_sample_csv(path, rows=IMPORT_ROWS)
    start = time.perf_counter()
    result = imports.import_file(path=path, user=user, dry_run=False)
    seconds = time.perf_counter() - start
    return {
        "rows": IMPORT_ROWS,
        "seconds": round(seconds, 2),
        "rows_per_s": round(IMPORT_ROWS / seconds),
        "result": str(result)[:200],
    }


def annual_pdf() -> dict:
    from trygghet.reports.exporters import EXPORTERS

    year = dt.date.today().year - 1
    exporter = EXPORTERS["annual"]
    times = []
    size = 0
    for _ in range(3):
        start = time.perf_counter()
        _name, _mime, data = exporter.render({"key": str(year), "format": "pdf"})
        times.append(time.perf_counter() - start)
        size = len(data)
    return {"year": year, "seconds": round(statistics.median(times), 2), "bytes": size}


def import_limits() -> dict:
    """Dry runs of hostile and large files, each in a process of its own (peak RSS)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import import_limits as limits

    return limits.run(ROOT)


def growth_pages(client: Client) -> dict:
    """The pages BENCH_SCALING follows, each drawn anew (cache emptied: what the first
    reader after a write waits) and as cached (what the others wait)."""
    urls = {
        "weekly": reverse("lagesbild:weekly", kwargs={"week": a_full_week()}),
        "list": reverse("lagesbild:incident_list"),
        "hotspots": reverse("lagesbild:hotspots"),
        "annual": reverse("lagesbild:annual", args=[dt.date.today().year - 1]),
        "goals": reverse("measures:goal_list"),
    }
    result = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        result[name] = {
            "anew": timed_ms(lambda url=url: client.get(url), repeat=5, before=cold),
            "cached": timed_ms(lambda url=url: client.get(url), repeat=7),
        }
    return result


def load_mix() -> dict:
    """The 50-user mix against gunicorn on this database (bench/load.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import load

    return load.runs(count=LOAD_RUNS, users=LOAD_USERS, seconds=LOAD_SECONDS)


def section(name, fn, *args):
    """Run one measurement; a missing feature is reported, not fatal."""
    try:
        return fn(*args)
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"[:300]}


def main() -> int:
    ensure_database()
    results = {
        "n": N,
        "repeat": REPEAT,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "postgres": connection.cursor().connection.info.server_version,
        },
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "calibration_ms": calibration(),
    }
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))

    def wanted(name: str) -> bool:
        return not only or name in only

    results["generation"] = load(N)
    user = bench_user()
    client = Client()
    client.force_login(user)
    steps = {
        "weekly": (weekly_page, client, user),
        "start_page": (start_page, client),
        "lists": (incident_lists, client),
        "pages": (growth_pages, client),
        "api": (api_creation, user),
        "import": (csv_import, user),
        "import_limits": (import_limits,),
        "annual_pdf": (annual_pdf,),
        "load": (load_mix,),
    }
    for name, (fn, *args) in steps.items():
        results[name] = section(name, fn, *args) if wanted(name) else {"error": "skipped"}
    if os.environ.get("BENCH_SCALING"):
        scaling = {}
        for n in (100_000, N, 10_000_000):
            use_database(n)
            # A client of its own: the last one's session lives in the other database.
            sized = Client()
            sized.force_login(bench_user())
            scaling[n] = section("pages", growth_pages, sized)
        use_database(N)
        results["scaling"] = scaling
    results["calibration_after_ms"] = calibration()
    RESULTS.write_text(json.dumps(results, indent=2, default=str))
    print_table(results)
    return 0


def print_table(r: dict) -> None:
    """The figures, each as median (min–max) of its repeats where it has them."""
    cal = r["calibration_ms"]
    rows = [
        ("incidents", f"{r['n']:,}".replace(",", " ")),
        ("machine", f"{r['machine']['cpus']} cores, Python {r['machine']['python']}"),
        (
            "CPU calibration",
            spread_text(cal) + f"; after the run {r['calibration_after_ms']['median']} ms",
        ),
    ]
    gen = r["generation"]
    if gen.get("generated"):
        rows.append(("bulk generation", f"{gen['rows_per_s']:,} rows/s (target ≥ 50 000)"))

    def failed(name: str) -> str | None:
        value = r.get(name)
        return value.get("error") if isinstance(value, dict) else None

    if not failed("weekly"):
        w = r["weekly"]
        rows += [
            ("weekly page, drawn anew", f"{spread_text(w['page'])}, {w['queries']} queries"),
            ("weekly page, cached", spread_text(w["page_cached"])),
            ("weekly pure SQL", f"{w['sql_floor_ms']} ms; page/SQL = {w['ratio']}"),
        ]
    if not failed("start_page"):
        start = r["start_page"]
        rows.append(
            ("start page", f"{spread_text(start['cached'])}; anew {spread_text(start['anew'])}")
        )
    if not failed("lists"):
        lists = r["lists"]
        rows += [
            (
                "incident list, first",
                f"{spread_text(lists['list_first'])} (≤ 50; admin {lists['admin_first_ms']} ms)",
            ),
            (
                "incident list, deep",
                f"{spread_text(lists['list_deep'])} (≤ 50; admin {lists['admin_deep_ms']} ms)",
            ),
        ]
    if not failed("pages"):
        for name, figures in r["pages"].items():
            rows.append(
                (
                    f"{name}",
                    f"anew {spread_text(figures['anew'])}; cached {spread_text(figures['cached'])}",
                )
            )
    if not failed("api"):
        api = r["api"]
        rows.append(("API creation", f"{api['per_s']} /s, {api['errors']} errors (≥ 300)"))
        cpu = api.get("cpu_ms_per_request") or {}
        rows.append(("  CPU ms per request", ", ".join(f"{name} {ms}" for name, ms in cpu.items())))
    if not failed("import"):
        rows.append(("CSV import", f"{r['import']['rows_per_s']:,} rows/s (≥ 20 000)"))
    for name, figures in (r.get("import_limits") or {}).items():
        if name == "error" or "error" in figures:
            continue
        rows.append(
            (
                f"dry run {name}",
                f"{figures['seconds']} s, peak RSS {figures['peak_rss_mb']} MB"
                + (" (20 MB: ≤ 300 MB)" if "20mb" in name else ""),
            )
        )
    if not failed("annual_pdf"):
        rows.append(("annual report PDF", f"{r['annual_pdf']['seconds']} s (≤ 5)"))
    for name in r:
        if failed(name) and failed(name) != "skipped":
            rows.append((name, r[name]["error"]))
    for n, pages in (r.get("scaling") or {}).items():
        if "error" in pages:
            rows.append((f"at {n:,}".replace(",", " "), pages["error"]))
            continue
        for name, figures in pages.items():
            rows.append(
                (
                    f"{name} at {n:,}".replace(",", " "),
                    f"anew {spread_text(figures['anew'])}; cached {figures['cached']['median']} ms",
                )
            )
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    if not failed("load"):
        sys.path.insert(0, str(ROOT / "bench"))
        import load

        load.print_table(r["load"])
    print(f"\nwritten: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
