"""Faults in the real services: the site keeps working and recovers by itself.

A private Redis (its own port) is stopped and started under a real gunicorn; the
gunicorn's own PostgreSQL connections are killed as a database restart would.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.conftest import START_REDIS, service_required

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError("service did not come up")


class PrivateRedis:
    """A redis-server of the test's own, so stopping it disturbs nobody else."""

    def __init__(self):
        if not shutil.which("redis-server"):
            service_required("redis-server", START_REDIS)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: socket.create_connection(("127.0.0.1", self.port), 1).close() or True)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def redis_server():
    server = PrivateRedis()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def gunicorn(redis_server, transactional_db):
    """The production shape: gunicorn, 2 workers, persistent database connections."""
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trygghet.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis_server.url,
        "CONN_MAX_AGE": "600",
    }
    process = subprocess.Popen(
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
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: get(f"{base}/healthz")[0] in (200, 503))
    yield base
    process.terminate()
    process.wait(20)


def kill_other_connections():
    """Terminate every other backend on the test database, as a server restart does."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True
    ) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        ).fetchone()[0]
    connection.close()  # ours was among them
    return killed


@pytest.mark.django_db(transaction=True)
def test_pages_work_with_redis_stopped_and_recover_when_it_returns(gunicorn, redis_server):
    status, body = get(f"{gunicorn}/healthz")
    assert status == 200 and json.loads(body)["redis"] == "ok"

    redis_server.stop()
    status, body = get(f"{gunicorn}/healthz")
    assert status == 200
    assert json.loads(body)["redis"] == "unavailable"
    assert get(f"{gunicorn}/konto/logga-in/")[0] == 200

    redis_server.start()
    status, body = get(f"{gunicorn}/healthz")
    assert json.loads(body)["redis"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_database_connections_killed_under_the_app_recover_without_restart(gunicorn):
    for _ in range(4):  # both workers hold a persistent connection now
        assert get(f"{gunicorn}/healthz")[0] == 200
    assert kill_other_connections() >= 1
    # Every request after the "restart" reaches the database again (CONN_HEALTH_CHECKS).
    answers = [get(f"{gunicorn}/healthz") for _ in range(6)]
    assert [(status, json.loads(body)["database"]) for status, body in answers] == [(200, "ok")] * 6
    assert get(f"{gunicorn}/konto/logga-in/")[0] == 200
