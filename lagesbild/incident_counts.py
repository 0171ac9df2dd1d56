"""The incident counts behind the lägesbild and the goals: compaction and rebuilding.

`IncidentCount` rows are written by PostgreSQL triggers on the incident table (migration
0006); nothing in Python writes them, so no code path can forget to. This module reads
them and keeps them small:

    compact()   # fold each changed period's rows into one per key (hourly, after loads)
    rebuild()   # recount from the incidents (after restoring data without triggers)
    differences()  # rows where the counts and a recount disagree (should be none)
    counts_version()  # changes with every counted write: the incidents' cache version
"""

from django.conf import settings
from django.db import connection, transaction

from .models import IncidentCount

# The grid cell size the triggers count in (metres); migration 0006 has the same number.
CELL_SIZE = 250.0
TABLE = IncidentCount._meta.db_table


def cells_available() -> bool:
    """The stored grid cells serve Gi* only at the cell size they were counted in."""
    return float(settings.HOTSPOT_CELL_SIZE_M) == CELL_SIZE


def counts_version() -> str:
    """The counts' id sequence: every write that changes a count adds a row, so any
    such write (ORM, bulk, raw SQL, COPY, TRUNCATE and reload) gives a new value. Not
    transactional: core.versioned's bump at commit covers a write still in flight."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value, is_called FROM {TABLE}_id_seq")  # noqa: S608 - a constant
        last_value, is_called = cursor.fetchone()
    return f"{last_value}{'' if is_called else '-'}"


def cell_counts(periods: list) -> list[tuple]:
    """(period, column, row, incidents) of every grid cell with incidents in the weeks
    that begin on `periods`. Read with a plain cursor: at 10 000 000 incidents twelve
    weeks hold ~27 000 cells, and the ORM's row conversion cost more than the query."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT period, key, key2, SUM(n) FROM {TABLE} "  # noqa: S608 - a constant
            "WHERE dimension = %s AND period = ANY(%s) "
            "GROUP BY period, key, key2 HAVING SUM(n) > 0",
            [IncidentCount.Dimension.CELL, list(periods)],
        )
        return cursor.fetchall()


def cell_totals(start, end) -> list[tuple[int, int, int]]:
    """(column, row, incidents) of every grid cell counted in the weeks from `start` to
    `end`, summed over the weeks."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT key, key2, SUM(n) FROM {TABLE} "  # noqa: S608 - a constant
            "WHERE dimension = %s AND period BETWEEN %s AND %s GROUP BY key, key2",
            [IncidentCount.Dimension.CELL, start, end],
        )
        return cursor.fetchall()


def compact() -> int:
    """Fold the rows of every period changed since the last compaction; returns how many.

    Rows added meanwhile by other transactions are not in this statement's snapshot, so
    they stay as they are and the sums stay right; an advisory lock keeps two
    compactions from working at once.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{TABLE}_compact"])
        cursor.execute(f"SELECT DISTINCT period FROM {TABLE} WHERE NOT compacted")  # noqa: S608
        periods = [row[0] for row in cursor.fetchall()]
        if periods:
            cursor.execute(
                f"WITH gone AS (DELETE FROM {TABLE} WHERE period = ANY(%s) "  # noqa: S608
                "RETURNING period, dimension, key, key2, n) "
                f"INSERT INTO {TABLE} (period, dimension, key, key2, n, compacted) "
                "SELECT period, dimension, key, key2, SUM(n), true FROM gone "
                "GROUP BY period, dimension, key, key2 HAVING SUM(n) <> 0",
                [periods],
            )
    return len(periods)


def rebuild() -> None:
    """Recount every period from the incidents (holds writes to incidents meanwhile)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {TABLE}_rebuild()")


def _totals(cursor) -> set[tuple]:
    cursor.execute(
        f"SELECT period, dimension, key, key2, SUM(n) FROM {TABLE} "  # noqa: S608
        "GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0"
    )
    return set(cursor.fetchall())


def differences() -> list[tuple]:
    """(period, dimension, key, key2, stored, recounted) wherever the two disagree.

    Recounts inside a transaction that is rolled back, so nothing changes.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        stored = _totals(cursor)
        cursor.execute(f"SELECT {TABLE}_rebuild()")
        recounted = _totals(cursor)
        transaction.set_rollback(True)
    stored_map = {row[:4]: row[4] for row in stored}
    recounted_map = {row[:4]: row[4] for row in recounted}
    keys = sorted(set(stored_map) | set(recounted_map))
    return [
        (*key, stored_map.get(key, 0), recounted_map.get(key, 0))
        for key in keys
        if stored_map.get(key, 0) != recounted_map.get(key, 0)
    ]
