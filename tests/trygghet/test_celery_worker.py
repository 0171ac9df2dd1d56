"""A real Celery worker (subprocess) against Redis, round-tripping a database task."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection

from councils import tasks
from trygghet.celery import app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(redis_url):
    """A worker on a queue of its own, connected to the test database."""
    db = connection.settings_dict
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trygghet.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis_url,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "trygghet",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        output, _ = process.communicate(timeout=30)
        print(output)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_restores_role_permissions_in_the_database(worker):
    polis = Group.objects.get(name="polis")
    polis.permissions.clear()
    assert not polis.permissions.exists()

    result = tasks.sync_roles.apply_async(queue=worker)
    counts = result.get(timeout=90)

    # The worker wrote to the database; this process reads what it wrote.
    assert counts["polis"] == polis.permissions.count() > 0
    assert Permission.objects.filter(group=polis, codename="view_committee").exists()
