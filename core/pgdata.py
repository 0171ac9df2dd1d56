"""The embedded PostgreSQL of a checkout (`.pgdata/`): is a server running on it?

Plain Python with no Django import: the settings ask it before Django is set up, and
`scripts/embedded_pg.py` asks it before it starts a server.
"""

import os
from pathlib import Path


def running_port(pgdata: Path) -> int | None:
    """The port of a server already running on `pgdata` (its postmaster.pid), else None."""
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
        pid, port = int(lines[0]), int(lines[3])
    except (OSError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)  # a file left by a killed server names a dead process
    except PermissionError:
        pass  # alive, owned by the server user
    except OSError:
        return None
    return port
