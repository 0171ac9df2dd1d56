"""Reports with a real Celery worker and Redis: produced end to end, and a worker killed
in the middle of writing a report leaves nothing marked done; the next worker finishes it."""

import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from trygghet.celery import app
from trygghet.models import Report
from trygghet.reports import services
from trygghet.reports.tasks import generate_report

from .test_reports_fixtures import PREVIOUS, TOTAL, WEEK, seed_week

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# A worker's settings for these tests: a short visibility timeout so that Redis hands an
# unacknowledged task (its worker was killed) to the next worker within seconds, not
# after the production hour.
WORKER_SETTINGS = """
from trygghet.settings.test import *  # noqa
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
"""


@pytest.fixture
def workers(redis_url, tmp_path, monkeypatch, settings):
    """start(delay=0) → a worker process on a queue of its own, against the test DB."""
    settings.MEDIA_ROOT = tmp_path / "media"  # this test's files only, shared with the worker
    (tmp_path / "report_worker_settings.py").write_text(WORKER_SETTINGS)
    db = connection.settings_dict
    queue = f"test-reports-{uuid.uuid4().hex[:8]}"
    task = app.tasks[generate_report.name]
    # Route the report task (enqueued by the service after commit) to this queue.
    monkeypatch.setattr(task, "queue", queue, raising=False)
    monkeypatch.setattr(task, "_exec_options", None)
    monkeypatch.setattr(app.conf, "task_always_eager", False)
    started = []

    def start(delay: float = 0.0) -> subprocess.Popen:
        env = {
            **os.environ,
            "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
            "DJANGO_SETTINGS_MODULE": "report_worker_settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "REDIS_URL": redis_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "REPORT_WRITE_DELAY_SECONDS": str(delay),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "trygghet", "worker", "-Q", queue,
             "--pool", "solo", "--loglevel", "WARNING", "--without-gossip",
             "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output[-3000:])


def wait_for(predicate, timeout: float = 90, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (value := predicate()) is not None and value is not False:
            return value
        time.sleep(step)
    raise AssertionError("timed out waiting")


def pdf_text(path: str) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(path).read_bytes())).pages)


def test_a_real_worker_produces_the_weekly_report_with_the_right_totals(workers):
    seed_week()
    workers()
    report = services.report_request(kind="weekly", key=WEEK, fmt="pdf")  # autocommit: enqueued

    def finished():
        report.refresh_from_db()
        return report.is_finished

    wait_for(finished)
    assert report.status == Report.Status.DONE, report.error
    text = pdf_text(report.file.path)
    assert f"Totalt: {TOTAL} händelser." in text
    assert f"Totalt {TOTAL} {PREVIOUS}" in " ".join(text.split())


def test_a_worker_killed_mid_report_leaves_nothing_done_and_the_next_finishes_it(workers):
    seed_week()
    first = workers(delay=30)
    report = services.report_request(kind="weekly", key=WEEK, fmt="pdf")
    folder = Path(settings.MEDIA_ROOT) / "reports" / "weekly" / WEEK

    # Wait until the worker is halfway through writing the file, then kill it hard.
    wait_for(lambda: folder.is_dir() and any(folder.glob(".part-*")), timeout=90)
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING and not report.file and not report.is_current
    assert not [p for p in folder.iterdir() if not p.name.startswith(".part-")]

    workers(delay=0)  # Redis hands the unacknowledged task to the new worker

    def finished():
        report.refresh_from_db()
        return report.status == Report.Status.DONE

    wait_for(finished, timeout=120)
    assert report.attempts == 2 and report.is_current
    data = Path(report.file.path).read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    assert f"Totalt: {TOTAL} händelser." in pdf_text(report.file.path)
