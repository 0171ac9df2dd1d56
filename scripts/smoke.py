"""CI smoke test of the embedded default, through the launcher `make run` uses.

`scripts/embedded_pg.py run` on a fresh data directory: initdb, embedded PostgreSQL,
migrate, seed, serve. Checks that /healthz says the database is ok, that a demo user
can log in and sees the start page, and that stopping the launcher (as Ctrl-C does)
stops the server and PostgreSQL.
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
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
READY = "Ctrl-C avslutar"


def _wait_for(log: Path, launcher: subprocess.Popen, text: str, seconds: float) -> str:
    """The launcher's output once it contains `text` (fails if it ends or times out)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        output = log.read_text(errors="replace")
        if text in output:
            return output
        if launcher.poll() is not None:
            raise SystemExit(f"smoke: the launcher ended ({launcher.returncode}):\n{output}")
        time.sleep(0.2)
    raise SystemExit(f"smoke: no {text!r} after {seconds:.0f} s:\n{log.read_text()}")


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="trygghet-smoke-"))
    pgdata = tmp / "pgdata"
    log = tmp / "launcher.log"
    env = {**os.environ, "MEDIA_ROOT": str(tmp / "media")}
    started = time.monotonic()
    with log.open("w") as out:
        launcher = subprocess.Popen(
            [PY, "scripts/embedded_pg.py", "--embedded", "--pgdata", str(pgdata), "run",
             "--port", str(PORT), "--noreload", "--reset-demo-passwords"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        seeded = _wait_for(log, launcher, READY, 600)
        match = re.search(r"användarnamn: samordnare\s+lösenord: (\S+)", seeded)
        if not match:
            print("smoke: the seed printed no demo login for samordnare:\n" + seeded)
            return 1
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(150):
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
        # Ctrl-C: the launcher stops runserver, then PostgreSQL.
        launcher.send_signal(signal.SIGINT)
        launcher.wait(60)
        assert not (pgdata / "postmaster.pid").exists(), "PostgreSQL still runs after Ctrl-C"
        print(
            f"smoke: embedded PostgreSQL OK (initdb+migrate+seed+serve in {answered:.1f} s; "
            f"login page 200, start page 200, healthz {health}; stopped on Ctrl-C)"
        )
        return 0
    finally:
        if launcher.poll() is None:
            launcher.terminate()
            launcher.wait(60)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
