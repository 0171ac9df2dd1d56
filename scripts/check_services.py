"""Say in one clear line if PostgreSQL or Redis is not reachable, and how to start it.

Without CI, a missing PostgreSQL is no error: the suite falls back to the embedded one.
"""

import os
import socket
import sys
from urllib.parse import urlparse

DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/trygghet",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
HOW = {
    "DATABASE_URL": (
        "PostgreSQL",
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "REDIS_URL": (
        "Redis",
        'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    ),
}


def reachable(url: str, default_port: int) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def main() -> int:
    failed = False
    for var, port in (("DATABASE_URL", 5432), ("REDIS_URL", 6379)):
        url = os.environ.get(var) or DEFAULTS[var]
        if not reachable(url, port):
            if var == "DATABASE_URL" and not os.environ.get("CI"):
                # tests/conftest.py starts the embedded PostgreSQL of `make run` instead.
                print("PostgreSQL svarar inte; sviten använder den inbäddade (.pgdata/).")
                continue
            name, command = HOW[var]
            parts = urlparse(url)
            print(
                f"{name} svarar inte på {parts.hostname}:{parts.port or port} "
                f"({var}); starta den med: {command}  (eller `make services`)",
                file=sys.stderr,
            )
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
