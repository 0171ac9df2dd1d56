"""The stored incident counts: kept right by the triggers whatever changes the incidents.

The oracle is the lägesbild counted straight from the incidents (`weekly_figures` with a
queryset, which never reads the counts) and a recount by `incident_counts.differences()`.
"""

import datetime as dt
import random
import re
import threading

import numpy as np
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import F, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.isoweek import Week
from councils.models import Organisation
from lagesbild import incident_counts
from lagesbild.figures.annual import annual_figures
from lagesbild.figures.hotspot_tables import hotspot_figures
from lagesbild.figures.weekly import weekly_figures
from lagesbild.hotspots import to_sweref
from lagesbild.models import Category, Incident, IncidentCount, Source
from lagesbild.selectors import incident_coverage
from lagesbild.synthetic import generate_incidents
from tests.factories import AreaFactory, PlaceFactory

pytestmark = pytest.mark.django_db
WEEK = Week(2023, 7)  # Monday 13 – Sunday 19 February 2023
# The week, the 8 before it and the same week last year: what WEEK's figures read.
DAYS = [WEEK.shift(-k).monday + dt.timedelta(days=d) for k in range(9) for d in range(7)]
DAYS += [WEEK.same_week_last_year().monday + dt.timedelta(days=d) for d in range(7)]
STOCKHOLM = dt.timezone(dt.timedelta(hours=1))  # February: CET


def live(week: Week) -> dict:
    figures = weekly_figures(week, queryset=Incident.objects.all())
    figures.pop("computed_at")
    return figures


def stored(week: Week) -> dict:
    figures = weekly_figures(week)
    figures.pop("computed_at")
    return figures


def assert_counts_right(*weeks: Week) -> None:
    assert incident_counts.differences() == []
    for week in weeks:
        assert stored(week) == live(week), week


@pytest.fixture
def world(db):
    centrum = AreaFactory(name="Centrum", latitude=59.611, longitude=16.545)
    backby = AreaFactory(name="Bäckby", latitude=59.604, longitude=16.477)
    main = Category.objects.create(name="Skadegörelse")
    return {
        "areas": [centrum, backby],
        "places": [
            PlaceFactory(name="Vasaparken", area=centrum, latitude=59.6133, longitude=16.5395),
            PlaceFactory(name="Bäckby centrum", area=backby, latitude=59.6045, longitude=16.4800),
        ],
        "categories": [
            Category.objects.create(name="Klotter", parent=main),
            Category.objects.create(name="Brand", parent=main),
            Category.objects.create(name="Bråk"),
        ],
        "organisation": Organisation.objects.create(name="Testkommunen"),
    }


def make(world, rng: random.Random, **fields) -> Incident:
    """An incident with random but valid what, where and when (WEEK's window)."""
    area_index = rng.randrange(2)
    at_place = rng.random() < 0.4
    values = {
        "category": rng.choice(world["categories"]),
        "area": world["areas"][area_index],
        "place": world["places"][area_index] if at_place else None,
        "occurred_on": rng.choice(DAYS),
        "time_band": rng.choice(["natt", "morgon", "dag", "kvall", ""]),
        "count": rng.randint(1, 3),
        "organisation": world["organisation"],
        "source": "web",
    }
    if rng.random() < 0.5:
        values["latitude"] = 59.600 + rng.random() * 0.03
        values["longitude"] = 16.48 + rng.random() * 0.08
    values |= fields
    if rng.random() < 0.4 and "occurred_at" not in fields:
        day = values["occurred_on"]
        values["occurred_at"] = dt.datetime(
            day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), tzinfo=STOCKHOLM
        )
    incident = Incident(**values)
    incident.derive()  # bulk_create does not call save()
    return incident


def test_every_way_of_changing_incidents_keeps_the_counts_right(world):
    rng = random.Random(7)
    for _ in range(40):
        make(world, rng).save()  # one INSERT per incident, as the web form does
    Incident.objects.bulk_create([make(world, rng) for _ in range(60)])  # one statement
    assert_counts_right(WEEK, WEEK.shift(-1))

    some = Incident.objects.filter(pk__in=[i.pk for i in Incident.objects.all()[:25]])
    some.update(category=world["categories"][2])  # UPDATE of many rows at once
    Incident.objects.filter(place__isnull=False).update(count=F("count") + 1)
    moved = Incident.objects.filter(occurred_on__lt=WEEK.monday).first()
    moved.occurred_on = WEEK.monday + dt.timedelta(days=2)  # into the week, by save()
    moved.occurred_at = None
    moved.save()
    Incident.objects.filter(latitude__isnull=False).order_by("pk")[:1].get().delete()
    Incident.objects.filter(area=world["areas"][1], occurred_on__gte=WEEK.monday).delete()
    with connection.cursor() as cursor:  # raw SQL, past the ORM
        cursor.execute(
            "UPDATE lagesbild_incident SET latitude = 59.62, longitude = 16.55 "
            "WHERE latitude IS NOT NULL AND id % 2 = 0"
        )
    assert_counts_right(WEEK, WEEK.shift(-1), WEEK.shift(-8))


def test_copy_of_synthetic_incidents_is_counted(world):
    made = generate_incidents(
        n=500,
        start=WEEK.shift(-9).monday,
        end=WEEK.sunday,
        areas=world["areas"],
        organisations=[world["organisation"]],
        seed=3,
        source=Source.DEMO,
    )
    assert made == 500
    assert_counts_right(WEEK, WEEK.shift(-4))


@pytest.mark.django_db(transaction=True)  # TRUNCATE waits for no deferred FK checks
def test_truncate_empties_the_counts(world):
    make(world, random.Random(1)).save()
    assert IncidentCount.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE lagesbild_incident, lagesbild_historicalincident CASCADE")
    assert not IncidentCount.objects.exists()
    assert stored(WEEK)["totals"]["current"] == 0


def test_an_update_that_changes_no_counted_column_adds_no_rows(world):
    rng = random.Random(2)
    Incident.objects.bulk_create([make(world, rng) for _ in range(30)])
    rows = IncidentCount.objects.count()
    Incident.objects.update(assessment="Sanerat samma dag.")
    assert IncidentCount.objects.count() == rows


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.integers(1, 4)),
        st.tuples(st.just("recategorise"), st.integers(0, 2)),
        st.tuples(st.just("move"), st.integers(-14, 14)),
        st.tuples(st.just("relocate"), st.booleans()),
        st.tuples(st.just("delete"), st.integers(0, 3)),
        st.tuples(st.just("compact"), st.just(0)),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS, seed=st.integers(0, 10_000))
def test_any_sequence_of_changes_keeps_the_counts_right(world, operations, seed):
    rng = random.Random(seed)
    with transaction.atomic():
        for op, arg in operations:
            pks = list(Incident.objects.values_list("pk", flat=True))
            chosen = Incident.objects.filter(pk__in=rng.sample(pks, min(len(pks), 3)))
            if op == "create":
                Incident.objects.bulk_create([make(world, rng) for _ in range(arg)])
            elif op == "recategorise":
                chosen.update(category=world["categories"][arg])
            elif op == "move":
                # Across week boundaries, the date and what follows from it together.
                for incident in chosen:
                    day = incident.occurred_on + dt.timedelta(days=arg)
                    incident.occurred_on, incident.occurred_at = day, None
                    incident.save()
            elif op == "relocate":
                chosen.update(latitude=None, longitude=None) if arg else chosen.update(
                    latitude=F("latitude") + 0.003
                )
            elif op == "delete":
                Incident.objects.filter(pk__in=pks[arg : arg + 2]).delete()
            else:
                incident_counts.compact()
        assert_counts_right(WEEK)
        transaction.set_rollback(True)


def test_cells_counted_in_sql_are_the_cells_pyproj_gives(world):
    """The SQL projection (Krüger's series) bins exactly as pyproj's EPSG:3006 does."""
    rng = np.random.default_rng(11)
    lat = rng.uniform(59.46, 59.84, 3000)
    lon = rng.uniform(16.11, 16.94, 3000)
    pick = random.Random(3)
    Incident.objects.bulk_create(
        [
            make(world, pick, occurred_on=WEEK.monday, latitude=a, longitude=o, count=1)
            for a, o in zip(lat.tolist(), lon.tolist(), strict=True)
        ]
    )
    east, north = to_sweref().transform(lon, lat)
    expected: dict[tuple[int, int], int] = {}
    for col, row in zip(
        np.floor(east / 250).astype(int).tolist(),
        np.floor(north / 250).astype(int).tolist(),
        strict=True,
    ):
        expected[(col, row)] = expected.get((col, row), 0) + 1
    cells = IncidentCount.objects.filter(period=WEEK.monday, dimension=IncidentCount.Dimension.CELL)
    counted = {
        (c["key"], c["key2"]): c["n"]
        for c in cells.values("key", "key2").annotate(n=Sum("n")).order_by()
    }
    assert counted == expected


def test_the_week_reads_only_the_counts_in_two_queries(world, django_assert_num_queries):
    rng = random.Random(4)
    Incident.objects.bulk_create([make(world, rng) for _ in range(200)])
    coverage = incident_coverage()
    with CaptureQueriesContext(connection) as captured:
        figures = weekly_figures(WEEK, coverage=coverage)
    sqls = [q["sql"] for q in captured.captured_queries]
    assert not any(re.search(r"\blagesbild_incident\b", sql) for sql in sqls)
    # Four reads of the counts (the window, the week, the cells of Gi*'s study area, the
    # cells of the emerging hot spots' 12 weeks); naming the hot spots (when there are
    # any) reads the places and the areas once each, whatever the number of incidents.
    naming = [sql for sql in sqls if re.search(r'FROM "lagesbild_(place|area)"', sql)]
    assert len(sqls) - len(naming) == 4
    assert len(naming) <= 2
    assert figures["totals"]["current"] == live(WEEK)["totals"]["current"] > 0


def test_compaction_folds_rows_and_keeps_every_figure(world):
    rng = random.Random(5)
    for _ in range(30):
        Incident.objects.bulk_create([make(world, rng) for _ in range(3)])
    before = stored(WEEK)
    rows = IncidentCount.objects.count()
    weeks = incident_counts.compact()
    assert weeks >= 10
    assert IncidentCount.objects.count() < rows
    assert not IncidentCount.objects.filter(compacted=False).exists()
    # One row per key: nothing left to fold.
    keys = IncidentCount.objects.values_list("period", "dimension", "key", "key2")
    assert len(set(keys)) == len(keys)
    assert stored(WEEK) == before == live(WEEK)
    assert incident_counts.compact() == 0


@pytest.mark.django_db(transaction=True)
def test_compaction_keeps_an_incident_written_meanwhile(world):
    """Another transaction's uncommitted incident is neither folded nor lost."""
    rng = random.Random(6)
    Incident.objects.bulk_create([make(world, rng, occurred_on=WEEK.monday) for _ in range(5)])
    written, compacted = threading.Event(), threading.Event()
    errors = []

    def writer():
        try:
            with transaction.atomic():
                make(world, rng, occurred_on=WEEK.monday, count=3).save()
                written.set()
                assert compacted.wait(10)
        except Exception as error:  # reported by the main thread
            errors.append(error)
            written.set()
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(10)
    incident_counts.compact()  # does not see, and does not wait for, the other insert
    compacted.set()
    thread.join(10)
    assert not errors
    assert IncidentCount.objects.filter(compacted=False).exists()
    assert_counts_right(WEEK)
    in_week = Incident.objects.filter(occurred_on__range=(WEEK.monday, WEEK.sunday))
    assert stored(WEEK)["totals"]["current"] == sum(in_week.values_list("count", flat=True))


def test_weekly_page_shows_a_new_incident_at_once(client, role_users, world):
    """The rendered figures are cached per distinct figures: a change is never stale."""
    cache.clear()
    rng = random.Random(8)
    Incident.objects.bulk_create([make(world, rng, occurred_on=WEEK.monday) for _ in range(4)])
    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:weekly", kwargs={"week": WEEK})
    total = sum(Incident.objects.filter(occurred_on=WEEK.monday).values_list("count", flat=True))

    def get():
        response = client.get(url)
        tables = [t.name for t in response.templates if t.name.endswith("_figure_table.html")]
        return response.content.decode(), bool(tables)

    first, rendered = get()
    assert f'data-figure="total">{total}<' in first and rendered
    again, rendered = get()
    assert f'data-figure="total">{total}<' in again and not rendered  # from the cache
    make(world, rng, occurred_on=WEEK.monday, count=2).save()
    changed, rendered = get()
    assert f'data-figure="total">{total + 2}<' in changed and rendered


def test_compaction_is_scheduled_hourly():
    task = PeriodicTask.objects.get(task="lagesbild.tasks.compact_incident_counts")
    assert task.enabled and task.crontab.minute == "17" and task.crontab.hour == "*"


def test_command_reports_and_repairs_a_difference(world, capsys):
    make(world, random.Random(9), occurred_on=WEEK.monday).save()
    call_command("incident_counts", "--check")
    IncidentCount.objects.filter(pk=IncidentCount.objects.order_by("pk").first().pk).update(
        n=F("n") + 5
    )
    with pytest.raises(CommandError, match="1 skillnader"):
        call_command("incident_counts", "--check")
    call_command("incident_counts", "--rebuild")
    call_command("incident_counts", "--check")
    assert "stämmer" in capsys.readouterr().out


def test_annual_figures_from_monthly_counts_equal_counting_incidents(world):
    rng = random.Random(12)
    incidents = []
    for _ in range(300):
        incident = make(world, rng, occurred_at=None)
        incident.occurred_on = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
        incident.derive()
        incidents.append(incident)
    Incident.objects.bulk_create(incidents)
    Incident.objects.filter(pk__in=[i.pk for i in incidents[:40]]).delete()  # uncompacted
    counted = annual_figures(2023)
    assert counted == annual_figures(2023, queryset=Incident.objects.all())
    assert sum(counted["totals"]) == sum(
        i.count for i in incidents[40:] if i.occurred_on.year <= 2023
    )


def test_hot_spots_of_whole_weeks_come_from_the_cell_counts(world, client, role_users):
    """The hot-spot page's default (whole weeks, all incidents) reads no incident points."""
    rng = random.Random(13)
    Incident.objects.bulk_create([make(world, rng) for _ in range(400)])
    weeks = (WEEK.shift(-3).monday, WEEK.sunday)
    in_weeks = Incident.objects.in_period(*weeks)
    counted, _result = hotspot_figures(in_weeks, whole_weeks=weeks)
    from_points, _result = hotspot_figures(in_weeks, end=weeks[1])
    assert counted == from_points and counted["total"] > 0

    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:hotspots") + f"?start={weeks[0]}&end={weeks[1]}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    shown = response.context["hotspots"]  # the page lists up to 100 cells, not 20
    # The page gives each cell its class over time too (the emerging hot spots).
    emerging = ("emerging", "emerging_label")
    shown["hot_spots"] = [
        {k: v for k, v in c.items() if k not in emerging} for c in shown["hot_spots"]
    ]
    assert shown["hot_spots"][:20] == from_points["hot_spots"]
    assert {k: v for k, v in shown.items() if k != "hot_spots"} == {
        k: v for k, v in from_points.items() if k != "hot_spots"
    }
    assert not any('"lagesbild_incident"."latitude"' in q["sql"] for q in captured.captured_queries)
