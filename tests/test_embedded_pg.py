"""The embedded PostgreSQL of `make run`, and no app code that asks for its database."""

import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from core.pgdata import running_port
from scripts import embedded_pg

ROOT = Path(settings.BASE_DIR)
APPS = ("core", "councils", "lagesbild", "measures", "budget", "trygghet")


@pytest.mark.embedded_pg
def test_launcher_starts_a_server_with_btree_gist_and_stops_it(tmp_path):
    server = embedded_pg.EmbeddedPostgres(tmp_path / "pgdata")
    with server:
        assert server.owned
        assert server.url.startswith("postgres://postgres@127.0.0.1:")
        with psycopg.connect(server.url, autocommit=True) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == ("trygghet",)
            # The agreements' exclusion constraint needs it (councils migration 0003).
            conn.execute("CREATE EXTENSION btree_gist")
            major = conn.execute("SHOW server_version_num").fetchone()[0]
        assert int(major) // 10000 == 18
        # A second launcher on the same directory joins the running server, and
        # leaves it running.
        with embedded_pg.EmbeddedPostgres(tmp_path / "pgdata") as joined:
            assert (joined.port, joined.owned) == (server.port, False)
        assert running_port(tmp_path / "pgdata") == server.port
    assert not (tmp_path / "pgdata/postmaster.pid").exists()
    assert running_port(tmp_path / "pgdata") is None
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.url, connect_timeout=2)


@pytest.mark.embedded_pg
def test_exec_runs_a_command_against_the_embedded_server_and_stops_it(tmp_path):
    query = (
        "import os, psycopg; "
        "print(psycopg.connect(os.environ['DATABASE_URL']).execute('SELECT 6 * 7').fetchone()[0])"
    )
    done = subprocess.run(
        [sys.executable, "scripts/embedded_pg.py", "--embedded", "--pgdata", str(tmp_path / "d"),
         "exec", "--", sys.executable, "-c", query],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "42"
    assert not (tmp_path / "d/postmaster.pid").exists()


def test_no_app_code_asks_which_database_it_runs_on():
    asks = re.compile(r"\.vendor\b|sqlite", re.IGNORECASE)
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if asks.search(line)
    ]
    assert found == []


def test_make_run_says_it_runs_only_once_the_server_answers(capsys):
    """ "körs på" is printed when the address answers, not when the server is started."""
    import http.server
    import threading
    import time

    port = embedded_pg.free_port()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        thread = embedded_pg.announce_when_up(
            f"http://127.0.0.1:{port}/healthz", "Trygghet körs på …", child, timeout=20
        )
        time.sleep(1.0)
        assert "körs på" not in capsys.readouterr().out  # nothing listens yet
        server = http.server.HTTPServer(("127.0.0.1", port), http.server.BaseHTTPRequestHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        thread.join(10)
        server.shutdown()
        assert capsys.readouterr().out == "Trygghet körs på …\n"  # a 501 is an answer too
    finally:
        child.kill()
        child.wait()


def test_readme_names_the_port_of_make_run():
    readme = (ROOT / "README.md").read_text()
    assert "make run PORT=8001" in readme
    assert "PORT ?= 8000" in (ROOT / "Makefile").read_text()
