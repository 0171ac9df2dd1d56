"""gunicorn under load (bench/load.py): the bench settings plus the bench URLs."""

from trygghet.settings.bench import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
