"""CI smoke test of the embedded default: fresh SQLite, migrate, seed, serve, fetch pages.

Runs what `make run` runs (without blocking) and checks that the start page and the
login page answer 200 for a demo user, and that /healthz says the database is ok.
"""

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PORT = int(os.environ.get("SMOKE_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="trygghet-smoke-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trygghet.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "CELERY_RESULT_BACKEND": "",
        "MEDIA_ROOT": str(tmp / "media"),
    }
    run = lambda *args: subprocess.run(  # noqa: E731
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    started = time.monotonic()
    run("migrate", "--noinput")
    seeded = run("seed_vasteras", "--demo").stdout
    match = re.search(r"användarnamn: samordnare\s+lösenord: (\S+)", seeded)
    if not match:
        print("smoke: the seed printed no demo login for samordnare:\n" + seeded)
        return 1
    server = subprocess.Popen(
        [PY, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(100):
            try:
                health = json.load(opener.open(f"{BASE}/healthz", timeout=5))
                break
            except OSError:
                time.sleep(0.2)
        else:
            print("smoke: the site did not answer on /healthz")
            return 1
        answered = time.monotonic() - started
        assert health["database"] == "ok", health
        login = opener.open(f"{BASE}/konto/logga-in/", timeout=10)
        assert login.status == 200, login.status
        token = next(c.value for c in jar if c.name == "csrftoken")
        data = urllib.parse.urlencode(
            {"username": "samordnare", "password": match.group(1), "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{BASE}/konto/logga-in/", data=data, headers={"Referer": f"{BASE}/konto/logga-in/"}
        )
        start = opener.open(request, timeout=30)
        assert start.status == 200 and start.url.rstrip("/") == BASE, (start.status, start.url)
        body = start.read().decode()
        assert "samordnare" in body, "the start page does not show the signed-in user"
        print(
            f"smoke: embedded default OK (migrate+seed+serve in {answered:.1f} s; "
            f"login page 200, start page 200, healthz {health})"
        )
        return 0
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
