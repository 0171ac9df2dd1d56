# ruff: noqa: S608 -- only this module's constants are interpolated; no input reaches the SQL.
"""IncidentCount and the PostgreSQL triggers that keep it (see IncidentCount's docstring).

Every statement that changes incidents — INSERT, UPDATE, DELETE, COPY — adds, through
its transition tables, one row per (period, dimension, key) whose count it changed; a
TRUNCATE empties the counts. Rows are only added (never updated), so concurrent writers
never wait for each other here. The SQL below is frozen in this migration: a change to
what is counted is a new migration.

The grid cell is computed in SQL: WGS84 → SWEREF 99 TM (EPSG:3006) by Krüger's series
as Lantmäteriet publishes them (GRS80, central meridian 15°, scale 0.9996, false easting
500 000 m), then floor(metres / 250). It agrees with pyproj to well under a millimetre
(tests/lagesbild/test_incident_counts.py). The LATERAL … OFFSET 0 steps compute each
intermediate once per row: ~2 µs a row, where a SQL function call cost ~60 µs.
"""

from django.db import migrations, models

CELL_SIZE = 250  # metres; lagesbild.incident_counts.CELL_SIZE
TABLE = "lagesbild_incidentcount"
COLUMNS = "occurred_on, occurred_at, time_band, category_id, area_id, place_id, latitude, longitude"
# Krüger's series for GRS80 (a = 6 378 137 m, f = 1/298.257222101), computed once.
A, B, C, D = (
    0.006694380022900787,
    3.729560211045298e-05,
    2.592527518974025e-07,
    1.9716989472842215e-09,
)
BETA = (0.0008377318247344344, 7.608527788826164e-07, 1.1976380191731537e-09, 2.443376242510368e-12)
K0_AHAT = 6364902.16611274  # 0.9996 × â


def _series(main: str, trig: str, hyp: str) -> str:
    terms = " + ".join(
        f"{beta!r} * {trig}({2 * k} * t.xi) * {hyp}({2 * k} * t.eta)"
        for k, beta in enumerate(BETA, start=1)
    )
    return f"{K0_AHAT!r} * ({main} + {terms})"


def deltas(source: str) -> str:
    """SELECT period, dimension, key, key2, n: the counts `source`'s rows add up to.

    `source` yields the incident columns of COLUMNS and n (the signed count). One pass:
    GROUPING SETS fill the nine dimensions' hash tables from each row (at 1 M rows
    ~4 s, where a VALUES row per dimension took 13 s, EXPLAIN ANALYZE). The month sets
    are tested first: they group the category (and area) too.
    """
    easting = _series("t.eta", "cos", "sinh") + " + 500000"
    northing = _series("t.xi", "sin", "cosh")
    return f"""
SELECT period, dimension, key, key2, n FROM (
SELECT CASE WHEN GROUPING(c.month) = 0 THEN c.month ELSE c.week END AS period,
    CASE WHEN GROUPING(c.month, s.category_id, s.area_id) = 0 THEN 7
         WHEN GROUPING(c.month, s.category_id) = 0 THEN 8
         WHEN GROUPING(c.month) = 0 THEN 9
         WHEN GROUPING(s.category_id) = 0 THEN 1 WHEN GROUPING(s.area_id) = 0 THEN 2
         WHEN GROUPING(s.place_id) = 0 THEN 3 WHEN GROUPING(c.dow) = 0 THEN 4
         WHEN GROUPING(c.hour) = 0 THEN 5 ELSE 6 END AS dimension,
    CASE WHEN GROUPING(s.category_id) = 0 THEN s.category_id::int
         WHEN GROUPING(s.area_id) = 0 THEN s.area_id::int
         WHEN GROUPING(s.place_id) = 0 THEN s.place_id::int
         WHEN GROUPING(c.dow) = 0 THEN c.dow
         WHEN GROUPING(c.hour) = 0 THEN c.hour ELSE c.col END AS key,
    CASE WHEN GROUPING(c.month, s.category_id, s.area_id) = 0 THEN s.area_id::int
         WHEN GROUPING(c.month) = 0 THEN 0
         WHEN GROUPING(c.dow) = 0 THEN c.band WHEN GROUPING(c.col) = 0 THEN c.row
         ELSE 0 END AS key2,
    SUM(s.n) AS n
FROM ({source}) s
CROSS JOIN LATERAL (
    SELECT s.occurred_on - (extract(isodow FROM s.occurred_on)::int - 1) AS week,
        s.occurred_on - (extract(day FROM s.occurred_on)::int - 1) AS month,
        extract(isodow FROM s.occurred_on)::int AS dow,
        CASE s.time_band WHEN 'natt' THEN 0 WHEN 'morgon' THEN 1 WHEN 'dag' THEN 2
                         WHEN 'kvall' THEN 3 ELSE 4 END AS band,
        extract(hour FROM s.occurred_at AT TIME ZONE 'Europe/Stockholm')::int AS hour,
        floor(({easting}) / {CELL_SIZE})::int AS col,
        floor(({northing}) / {CELL_SIZE})::int AS row
    FROM (SELECT atan(tan(b.ps) / cos(b.dl)) AS xi, atanh(cos(b.ps) * sin(b.dl)) AS eta
          FROM (SELECT a.phi - sin(a.phi) * cos(a.phi) * ({A!r} + {B!r} * sin(a.phi) ^ 2
                       + {C!r} * sin(a.phi) ^ 4 + {D!r} * sin(a.phi) ^ 6) AS ps, a.dl
                FROM (SELECT radians(s.latitude) AS phi, radians(s.longitude - 15) AS dl
                      OFFSET 0) a OFFSET 0) b OFFSET 0) t
    OFFSET 0) c
GROUP BY GROUPING SETS (
    (c.week, s.category_id), (c.week, s.area_id), (c.week, s.place_id),
    (c.week, c.dow, c.band), (c.week, c.hour), (c.week, c.col, c.row),
    (c.month, s.category_id, s.area_id), (c.month, s.category_id), (c.month, s.area_id))
) d
WHERE key IS NOT NULL AND n <> 0"""


# Per call: room for the hash tables of a bulk load; no memoising of the per-row
# projection (all misses); no JIT compiling for a one-row insert.
FUNCTION_SETTINGS = "SET work_mem = '64MB' SET enable_memoize = off SET jit = off"


def insert(source: str, *, compacted: bool) -> str:
    return (
        f"INSERT INTO {TABLE} (period, dimension, key, key2, n, compacted) "
        f"SELECT period, dimension, key, key2, n, {str(compacted).lower()} "
        f"FROM ({deltas(source)}) d"
    )


NEW = f"SELECT {COLUMNS}, count AS n FROM new_rows"
OLD = f"SELECT {COLUMNS}, -count AS n FROM old_rows"
TRIGGERS = {
    "insert": ("REFERENCING NEW TABLE AS new_rows", NEW),
    "update": ("REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows", f"{NEW} UNION ALL {OLD}"),
    "delete": ("REFERENCING OLD TABLE AS old_rows", OLD),
}


def forwards(apps, schema_editor):
    statements = []
    for op, (referencing, source) in TRIGGERS.items():
        statements += [
            f"CREATE FUNCTION {TABLE}_{op}() RETURNS trigger LANGUAGE plpgsql "
            f"{FUNCTION_SETTINGS} AS $$ BEGIN "
            f"{insert(source, compacted=False)}; RETURN NULL; END $$",
            f"CREATE TRIGGER {TABLE}_{op} AFTER {op.upper()} ON lagesbild_incident "
            f"{referencing} FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_{op}()",
        ]
    statements += [
        # A TRUNCATE that names both tables (Django's flush) has emptied the counts
        # already, and may not truncate them a second time in the same statement.
        f"CREATE FUNCTION {TABLE}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF EXISTS (SELECT FROM {TABLE}) THEN TRUNCATE {TABLE}; END IF; RETURN NULL; END $$",
        f"CREATE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON lagesbild_incident "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncate()",
        # Recount everything from the incidents (the backfill below; `manage.py
        # incident_counts --rebuild` after restoring a dump made without triggers).
        f"CREATE FUNCTION {TABLE}_rebuild() RETURNS void LANGUAGE plpgsql {FUNCTION_SETTINGS} "
        "AS $$ BEGIN "
        f"LOCK TABLE lagesbild_incident IN SHARE MODE; TRUNCATE {TABLE}; "
        f"{insert(f'SELECT {COLUMNS}, count AS n FROM lagesbild_incident', compacted=True)}; "
        "END $$",
        f"SELECT {TABLE}_rebuild()",
    ]
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for op in (*TRIGGERS, "truncate"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{op} ON lagesbild_incident")
            cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_{op}()")
        cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_rebuild()")


class Migration(migrations.Migration):
    dependencies = [
        ("lagesbild", "0005_incident_window_cover"),
    ]

    operations = [
        migrations.CreateModel(
            name="IncidentCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "period",
                    models.DateField(
                        help_text="Monday of the week, or 1st of the month.", verbose_name="period"
                    ),
                ),
                (
                    "dimension",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "category"),
                            (2, "area"),
                            (3, "place"),
                            (4, "weekday and time of day"),
                            (5, "hour"),
                            (6, "grid cell"),
                            (7, "month, category and area"),
                            (8, "month and category"),
                            (9, "month and area"),
                        ],
                        verbose_name="dimension",
                    ),
                ),
                ("key", models.IntegerField(verbose_name="key")),
                ("key2", models.IntegerField(default=0, verbose_name="second key")),
                ("n", models.IntegerField(verbose_name="incidents")),
                ("compacted", models.BooleanField(default=False, verbose_name="compacted")),
            ],
            options={
                "verbose_name": "incident count",
                "verbose_name_plural": "incident counts",
                "indexes": [
                    models.Index(
                        fields=["dimension", "period"],
                        include=("key", "key2", "n"),
                        name="incidentcount_read",
                    ),
                    models.Index(
                        condition=models.Q(("dimension", 7)),
                        fields=["key2", "period"],
                        include=("key", "n"),
                        name="incidentcount_month_area",
                    ),
                    models.Index(
                        condition=models.Q(("compacted", False)),
                        fields=["period"],
                        name="incidentcount_uncompacted",
                    ),
                ],
            },
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
