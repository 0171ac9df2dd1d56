"""Synthetic incidents for the demo and for benchmarks: realistic patterns, inserted fast.

Numbers are drawn with numpy (deterministic for a seed): more in summer, on Friday and
Saturday and in the evening, and more at a few hot places. Rows go in with COPY.
"""

import contextlib
import datetime as dt
import math
import zoneinfo
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import connection

from core.isoweek import Week

from .models import Area, Category, Incident, Place, Source, TimeBand, time_band_of

HOT_PLACES = {"Vasaparken": 6.0, "Stora torget": 4.0, "Bäckby centrum": 4.0, "Råby centrum": 3.0}
HOT_AREAS = {"Centrum": 3.0, "Bäckby": 2.5, "Råby": 2.0, "Skälby": 1.5, "Hammarby": 1.5}
# Relative frequency per hour of the day (local time): quiet at dawn, peaks in the evening.
HOUR_WEIGHTS = [
    5, 4, 3, 2, 1, 1, 1, 2, 3, 3, 3, 3, 4, 4, 4, 5, 6, 7, 8, 9, 10, 10, 9, 7,
]  # fmt: skip
WEEKDAY_WEIGHTS = [0.85, 0.85, 0.9, 1.0, 1.3, 1.45, 1.05]  # Monday … Sunday
CATEGORY_WEIGHTS = {
    "Klotter": 8,
    "Glaskross": 4,
    "Brand": 2,
    "Nedskräpning": 5,
    "Utomhus": 5,
    "Trapphus": 3,
    "Bråk": 3,
    "Misstänkt droghantering": 3,
    "Dålig belysning": 2,
}
ASSESSMENTS = [
    "Återkommande problem på platsen.",
    "Ungdomar samlas kvällstid, ingen skadegörelse sågs.",
    "Sanerat samma dag.",
    "Belysningen ur funktion sedan en vecka.",
    "Större grupp, stökigt en kort stund.",
    "Felanmält till fastighetsägaren.",
]
COLUMNS = [
    "category_id",
    "area_id",
    "place_id",
    "latitude",
    "longitude",
    "occurred_on",
    "occurred_at",
    "time_band",
    "iso_year",
    "iso_week",
    "count",
    "assessment",
    "organisation_id",
    "source",
    "external_id",
    "created_at",
    "updated_at",
]
BATCH = 50_000


@dataclass(frozen=True)
class Habits:
    """How one reporter reports: what, where, when. The defaults are the city's mix.

    Weights are relative. `categories` and `areas`/`places` weigh the named ones; the
    others get `other_category`/`other_area` (0 leaves them out). `season_peak` is the
    day of the year with most reports and `season` the amplitude (0.3: ±30 %).
    """

    categories: dict[str, float] = field(default_factory=lambda: dict(CATEGORY_WEIGHTS))
    other_category: float = 1.0
    areas: dict[str, float] = field(default_factory=lambda: dict(HOT_AREAS))
    places: dict[str, float] = field(default_factory=lambda: dict(HOT_PLACES))
    other_area: float = 1.0
    weekdays: tuple[float, ...] = tuple(WEEKDAY_WEIGHTS)
    hours: tuple[float, ...] = tuple(HOUR_WEIGHTS)
    season: float = 0.3
    season_peak: int = 195
    exact_time: float = 0.6
    with_point: float = 0.7


def local_hours_in_utc(day: dt.date, tz: dt.tzinfo) -> list[str]:
    """Each local hour of `day` as its UTC date and hour ("2023-03-26 01").

    On the two days the clocks change the hours before the change have the other
    offset, and the hour that does not exist in spring is read as the one after it
    (zoneinfo's fold=0); those days are converted hour by hour, the others by their one
    offset (four times faster for a benchmark's years of days).
    """
    first, last = (dt.datetime.combine(day, dt.time(h), tz) for h in (0, 23))
    if first.utcoffset() != last.utcoffset():
        return [
            dt.datetime.combine(day, dt.time(h), tz).astimezone(dt.UTC).strftime("%Y-%m-%d %H")
            for h in range(24)
        ]
    shift = int(first.utcoffset().total_seconds() // 3600)
    today, before = day.isoformat(), (day - dt.timedelta(days=1)).isoformat()
    return [
        f"{today} {h - shift:02d}" if h >= shift else f"{before} {h - shift + 24:02d}"
        for h in range(24)
    ]


def last_sunday(today: dt.date) -> dt.date:
    """The Sunday that ended last week (ISO weeks end on Sunday)."""
    return Week.last(today).sunday


def synthetic_areas(count: int) -> list[Area]:
    """The real areas, plus synthetic ones around the city centre up to `count`."""
    areas = list(Area.objects.order_by("name"))
    for i in range(len(areas), count):
        angle, radius = i * 2.399963, 0.012 + 0.10 * math.sqrt(i / max(count, 1))
        area, _created = Area.objects.get_or_create(
            name=f"Syntetiskt område {i + 1:03d}",
            defaults={
                "group": "Syntetiska områden",
                "latitude": round(59.61 + radius * 0.55 * math.sin(angle), 5),
                "longitude": round(16.54 + radius * math.cos(angle), 5),
            },
        )
        areas.append(area)
    return areas[:count] if count else areas


def generate_incidents(
    *,
    n: int,
    start: dt.date,
    end: dt.date,
    areas: list[Area],
    organisations: list,
    seed: int = 0,
    source: str = Source.DEMO,
    with_assessments: bool = False,
    habits: Habits | None = None,
    skip: frozenset[dt.date] = frozenset(),
) -> int:
    """Create `n` synthetic incidents between `start` and `end`; returns the number made.

    `habits` shapes them (default: the city's mix); no incident falls on a day in `skip`
    (the weeks a reporter did not report).
    """
    habits = habits or Habits()
    if n <= 0 or not areas or not organisations:
        return 0
    rng = np.random.default_rng(seed)
    categories = list(Category.objects.filter(parent__isnull=False).order_by("pk"))
    categories += list(Category.objects.filter(parent__isnull=True, children__isnull=True))
    categories = [c for c in categories if habits.categories.get(c.name, habits.other_category) > 0]
    if not categories:
        raise ValueError("No categories: run `manage.py seed_vasteras` first.")
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    days = [d for d in days if d not in skip]
    day_w = np.array(
        [
            (
                1
                + habits.season
                * math.cos(2 * math.pi * (d.timetuple().tm_yday - habits.season_peak) / 365.25)
            )
            * habits.weekdays[d.weekday()]
            for d in days
        ]
    )
    if not days or day_w.sum() <= 0:
        return 0
    day_text = [d.isoformat() for d in days]
    day_iso = [d.isocalendar() for d in days]
    utc_hours = [local_hours_in_utc(d, tz) for d in days]

    # Locations: each area (its centre, jittered) and each place in it, weighted.
    places = list(Place.objects.filter(area__in=areas).select_related("area"))
    locations = [
        (a.pk, None, a.latitude, a.longitude, habits.areas.get(a.name, habits.other_area))
        for a in areas
    ]
    locations += [
        (
            p.area_id,
            p.pk,
            p.latitude,
            p.longitude,
            habits.places.get(p.name, habits.areas.get(p.area.name, habits.other_area)) * 0.8,
        )
        for p in places
    ]
    locations = [loc for loc in locations if loc[4] > 0]
    if not locations:
        return 0
    loc_w = np.array([loc[4] for loc in locations])
    cat_w = np.array([habits.categories.get(c.name, habits.other_category) for c in categories])
    hour_w = np.array(habits.hours, dtype=float)
    org_w = np.linspace(2.0, 1.0, len(organisations))
    bands = [str(time_band_of(dt.time(h))) for h in range(24)]
    created_text = [f"{d + dt.timedelta(days=1)} 08:00:00+00" for d in days]

    def batches():
        for offset in range(0, n, BATCH):
            yield _batch(offset)

    def _batch(offset: int) -> dict[str, list]:
        size = min(BATCH, n - offset)
        day = rng.choice(len(days), size, p=day_w / day_w.sum()).tolist()
        hour = rng.choice(24, size, p=hour_w / hour_w.sum()).tolist()
        minute = rng.integers(0, 60, size).tolist()
        exact = (rng.random(size) < habits.exact_time).tolist()
        loc = rng.choice(len(locations), size, p=loc_w / loc_w.sum()).tolist()
        has_point = (rng.random(size) < habits.with_point).tolist()
        jitter_lat = rng.normal(0, 0.0025, size).tolist()
        jitter_lon = rng.normal(0, 0.005, size).tolist()
        cat = rng.choice(len(categories), size, p=cat_w / cat_w.sum()).tolist()
        count = np.minimum(rng.geometric(0.75, size), 20).tolist()
        org = rng.choice(len(organisations), size, p=org_w / org_w.sum()).tolist()
        text = rng.integers(0, len(ASSESSMENTS) * 5, size).tolist()
        # Column-wise, in plain lists: an order of magnitude faster than per-row objects.
        point = [has_point[i] for i in range(size)]
        jitter = [0.25 if locations[j][1] else 1.0 for j in loc]
        lat = [
            min(max(locations[j][2] + jitter_lat[i] * jitter[i], 59.451), 59.849)
            if point[i]
            else None
            for i, j in enumerate(loc)
        ]
        lon = [
            min(max(locations[j][3] + jitter_lon[i] * jitter[i], 16.101), 16.949)
            if point[i]
            else None
            for i, j in enumerate(loc)
        ]
        # Local hour → UTC; rows are stored UTC, shown in Europe/Stockholm.
        occurred_at = [
            f"{utc_hours[d][hour[i]]}:{minute[i]:02d}:00+00" if exact[i] else None
            for i, d in enumerate(day)
        ]
        columns = {
            "category_id": [categories[c].pk for c in cat],
            "area_id": [locations[j][0] for j in loc],
            "place_id": [locations[j][1] for j in loc],
            "latitude": lat,
            "longitude": lon,
            "occurred_on": [day_text[d] for d in day],
            "occurred_at": occurred_at,
            "time_band": [bands[h] for h in hour],
            "iso_year": [day_iso[d][0] for d in day],
            "iso_week": [day_iso[d][1] for d in day],
            "count": count,
            "assessment": [
                ASSESSMENTS[t] if with_assessments and t < len(ASSESSMENTS) else "" for t in text
            ],
            "organisation_id": [organisations[o].pk for o in org],
            "source": [source] * size,
            "external_id": [""] * size,
            "created_at": [created_text[d] for d in day],
        }
        columns["updated_at"] = columns["created_at"]
        return columns

    return _copy(batches())


def _copy(batches) -> int:
    """One COPY (PostgreSQL's text format) of every batch: an order of magnitude faster
    than INSERT, and one statement, so the weekly-count trigger counts the load once
    (20 statements of 50 000 rows wrote ~11 times the rows it keeps, EXPLAIN ANALYZE).
    """
    table = Incident._meta.db_table
    sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    made = 0
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for columns in batches:
            text_columns = [
                [_NULL if v is None else str(v) for v in columns[name]]
                if name in _NULLABLE
                else list(map(str, columns[name]))
                for name in COLUMNS
            ]
            copy.write("\n".join(map("\t".join, zip(*text_columns, strict=True))) + "\n")
            made += len(text_columns[0])
    return made


# Synthetic texts hold no tab, newline or backslash, so no escaping is needed.
_NULL = "\\N"
_NULLABLE = {"place_id", "latitude", "longitude", "occurred_at"}


__all__ = ["Habits", "TimeBand", "generate_incidents", "last_sunday", "synthetic_areas"]


@contextlib.contextmanager
def indexes_rebuilt_after():
    """For a large load: drop plain indexes and foreign keys, load, then add them again.

    Maintaining a dozen btrees and five foreign-key triggers row by row costs more than
    the load itself; building each index once and checking each key with one join at
    the end is what pg_restore does. Must run inside a transaction, which holds the
    table locked until it commits. The primary key and unique indexes stay.
    """
    table = Incident._meta.db_table
    with connection.cursor() as cursor:
        # Keys deferred earlier in the transaction are checked now: ALTER TABLE can't wait.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c "
            "ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.tablename = %s AND NOT x.indisunique",
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        foreign_keys = cursor.fetchall()
        for name, _definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
