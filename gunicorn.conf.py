"""gunicorn's settings for Trygghet: read from the working directory by every `gunicorn`
run (the Dockerfile, docker-compose.yml and the benchmark's load run use the same).

The worker model, measured with `make bench` (docs/performance.md, "Under load"): sync
worker processes, two per core plus one. A page's work is Python (the GIL), so threads
add little; processes use every core, and the extra ones keep the cores busy while
others wait on PostgreSQL and Redis. `WEB_CONCURRENCY` and `GUNICORN_THREADS` override.
"""

import multiprocessing
import os


def _setting(name: str, default: int) -> int:
    """An integer from the environment; unset or empty means the default."""
    return int(os.environ.get(name) or default)


workers = _setting("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _setting("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
# A request that takes this long is stuck: the worker is restarted.
timeout = _setting("GUNICORN_TIMEOUT", 60)
# Workers are recycled now and then (spread out), so a slow leak never grows for weeks.
max_requests = _setting("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
