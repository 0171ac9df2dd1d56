"""Local midnight and the DST changes on every path that derives a date or a week.

Times are stored in UTC and counted on the Stockholm day and ISO week they happened on.
The web form, the API, the CSV import and the generator must all agree, at the edges:
Sunday 23:59 / Monday 00:00 (a new week), New Year (1 January 2023 is a Sunday, in ISO
week 2022-W52), the spring gap (26 March 2023: 02:00–03:00 does not exist) and the
autumn fold (29 October 2023: 02:00–03:00 comes twice).
"""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from lagesbild import imports
from lagesbild.models import Incident
from lagesbild.synthetic import Habits, generate_incidents
from tests.lagesbild.test_views import entry_post

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
UTC = dt.UTC
NOW = dt.datetime(2023, 11, 15, 12, tzinfo=UTC)

# (local date, local time) -> (UTC instant, ISO year, ISO week)
WALL_CLOCK = [
    # Sunday 12 February is the last day of week 6; Monday 00:00 begins week 7.
    ("2023-02-12", "23:59", dt.datetime(2023, 2, 12, 22, 59, tzinfo=UTC), 2023, 6),
    ("2023-02-13", "00:00", dt.datetime(2023, 2, 12, 23, 0, tzinfo=UTC), 2023, 7),
    # New Year's Eve and New Year's Day are both in 2022-W52; 2 January begins 2023-W01.
    ("2022-12-31", "23:59", dt.datetime(2022, 12, 31, 22, 59, tzinfo=UTC), 2022, 52),
    ("2023-01-01", "00:00", dt.datetime(2022, 12, 31, 23, 0, tzinfo=UTC), 2022, 52),
    ("2023-01-02", "00:00", dt.datetime(2023, 1, 1, 23, 0, tzinfo=UTC), 2023, 1),
    # Spring: the last minute of winter time, then the first of summer time.
    ("2023-03-26", "01:59", dt.datetime(2023, 3, 26, 0, 59, tzinfo=UTC), 2023, 12),
    ("2023-03-26", "03:00", dt.datetime(2023, 3, 26, 1, 0, tzinfo=UTC), 2023, 12),
    ("2023-03-26", "23:59", dt.datetime(2023, 3, 26, 21, 59, tzinfo=UTC), 2023, 12),
    ("2023-03-27", "00:00", dt.datetime(2023, 3, 26, 22, 0, tzinfo=UTC), 2023, 13),
    # Autumn: 02:30 happens twice; the first (summer time, +02:00) is taken.
    ("2023-10-29", "02:30", dt.datetime(2023, 10, 29, 0, 30, tzinfo=UTC), 2023, 43),
    ("2023-10-29", "23:59", dt.datetime(2023, 10, 29, 22, 59, tzinfo=UTC), 2023, 43),
    ("2023-10-30", "00:00", dt.datetime(2023, 10, 29, 23, 0, tzinfo=UTC), 2023, 44),
]
WALL_IDS = [f"{day} {time}" for day, time, *_ in WALL_CLOCK]
WALL_FIELDS = ("day", "time", "instant", "iso_year", "iso_week")

# UTC instants that are already the next local day (or still the previous one).
INSTANTS = [
    # 23:00Z on a winter Sunday is Monday 00:00 in Stockholm: week 7, not 6.
    ("2023-02-12T23:00:00Z", dt.date(2023, 2, 13), 2023, 7),
    ("2023-02-12T22:59:59Z", dt.date(2023, 2, 12), 2023, 6),
    ("2022-12-31T23:00:00Z", dt.date(2023, 1, 1), 2022, 52),
    ("2023-01-01T23:00:00Z", dt.date(2023, 1, 2), 2023, 1),
    # In summer time the local day begins at 22:00Z.
    ("2023-03-26T22:00:00Z", dt.date(2023, 3, 27), 2023, 13),
    ("2023-03-26T21:59:59Z", dt.date(2023, 3, 26), 2023, 12),
    # Both 02:30s of the autumn night are Sunday 29 October.
    ("2023-10-29T00:30:00Z", dt.date(2023, 10, 29), 2023, 43),
    ("2023-10-29T01:30:00Z", dt.date(2023, 10, 29), 2023, 43),
    ("2023-10-29T23:00:00Z", dt.date(2023, 10, 30), 2023, 44),
]


def derived(incident) -> tuple:
    return incident.occurred_at, incident.iso_year, incident.iso_week


# ----------------------------------------------------------------------------- the form


def post_form(client, ref, day: str, time: str):
    return client.post(
        reverse("lagesbild:incident_entry"),
        entry_post(
            [
                {
                    "category": ref["klotter"].pk,
                    "area": ref["centrum"].pk,
                    "occurred_on": day,
                    "time": time,
                    "count": "1",
                    "time_band": "",
                }
            ]
        ),
    )


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(WALL_FIELDS, WALL_CLOCK, ids=WALL_IDS)
def test_the_form_reads_the_time_on_the_stockholm_clock(
    client, role_users, ref, day, time, instant, iso_year, iso_week
):
    """The date and time typed in the form are Stockholm's; the week is the local day's."""
    client.force_login(role_users["polis"])
    assert post_form(client, ref, day, time).status_code == 302
    incident = Incident.objects.get()
    assert derived(incident) == (instant, iso_year, iso_week)
    assert incident.occurred_on == dt.date.fromisoformat(day)


@time_machine.travel(NOW, tick=False)
def test_the_form_refuses_a_time_in_the_spring_gap_in_swedish(client, role_users, ref):
    """02:30 on 26 March 2023 never happened: the form says so (as the import does)
    instead of saving 03:30 silently; 01:59 and 03:00 are taken."""
    client.force_login(role_users["polis"])
    response = post_form(client, ref, "2023-03-26", "02:30")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Klockan 02:30 fanns inte den 2023-03-26" in text
    assert not Incident.objects.exists()
    for time in ("02:00", "02:59"):
        assert post_form(client, ref, "2023-03-26", time).status_code == 200
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("now", "today"),
    [
        # 23:30Z on Sunday is already Monday 00:30 in Stockholm: Monday is today.
        (dt.datetime(2023, 2, 12, 23, 30, tzinfo=UTC), "2023-02-13"),
        (dt.datetime(2022, 12, 31, 23, 30, tzinfo=UTC), "2023-01-01"),
        (dt.datetime(2023, 3, 26, 22, 30, tzinfo=UTC), "2023-03-27"),
    ],
)
def test_just_after_local_midnight_today_is_not_in_the_future(client, role_users, ref, now, today):
    """An incident on the new local day is accepted while UTC is still on the old one;
    the day after it is refused as in the future."""
    client.force_login(role_users["polis"])
    with time_machine.travel(now, tick=False):
        assert post_form(client, ref, today, "00:10").status_code == 302
        tomorrow = (dt.date.fromisoformat(today) + dt.timedelta(days=1)).isoformat()
        refused = post_form(client, ref, tomorrow, "")
    assert refused.status_code == 200 and "Datumet ligger i framtiden" in refused.content.decode()
    assert list(Incident.objects.values_list("occurred_on", flat=True)) == [
        dt.date.fromisoformat(today)
    ]


# ------------------------------------------------------------------------------ the API


def api_post(user, ref, **fields):
    client = APIClient()
    client.force_authenticate(user)
    body = {"category": ref["klotter"].pk, "area": ref["centrum"].pk, "count": 1, **fields}
    return client.post("/api/v1/incidents/", body, format="json")


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("moment", "day", "iso_year", "iso_week"), INSTANTS, ids=lambda v: str(v))
def test_the_api_puts_a_utc_instant_on_its_stockholm_day_and_week(
    role_users, ref, moment, day, iso_year, iso_week
):
    """An instant in UTC lands on the local day, even if the client sent the UTC date."""
    utc_date = moment[:10]
    response = api_post(role_users["polis"], ref, occurred_on=utc_date, occurred_at=moment)
    assert response.status_code == 201, response.json()
    assert (response.json()["iso_year"], response.json()["iso_week"]) == (iso_year, iso_week)
    incident = Incident.objects.get()
    assert (incident.occurred_on, incident.iso_year, incident.iso_week) == (day, iso_year, iso_week)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(WALL_FIELDS, WALL_CLOCK, ids=WALL_IDS)
def test_the_api_reads_a_time_without_offset_on_the_stockholm_clock(
    role_users, ref, day, time, instant, iso_year, iso_week
):
    """A time sent without an offset means the same as in the form."""
    response = api_post(role_users["polis"], ref, occurred_on=day, occurred_at=f"{day}T{time}")
    assert response.status_code == 201, response.json()
    assert derived(Incident.objects.get()) == (instant, iso_year, iso_week)


@time_machine.travel(NOW, tick=False)
def test_the_api_refuses_a_time_in_the_spring_gap_with_the_forms_words(role_users, ref):
    """02:30 on 26 March without an offset did not exist: 400, the same message as the
    form and the import; the same moment with an offset is unambiguous and taken."""
    response = api_post(
        role_users["polis"], ref, occurred_on="2023-03-26", occurred_at="2023-03-26T02:30"
    )
    assert response.status_code == 400
    assert "02:30" in response.json()["occurred_at"][0]
    assert "03:00" in response.json()["occurred_at"][0]
    assert not Incident.objects.exists()
    taken = api_post(
        role_users["polis"], ref, occurred_on="2023-03-26", occurred_at="2023-03-26T02:30+01:00"
    )
    assert taken.status_code == 201
    assert timezone.localtime(Incident.objects.get().occurred_at).hour == 3


# --------------------------------------------------------------------------- the import

HEADER = "external_id,date,time,time_of_day,category,area,place,latitude,longitude,count\n"


@time_machine.travel(NOW, tick=False)
def test_the_import_reads_the_time_on_the_stockholm_clock(tmp_path, role_users, ref):
    """Every wall-clock edge lands on the same instant, day and week as in the form."""
    path = tmp_path / "edges.csv"
    path.write_text(
        HEADER
        + "".join(
            f"E{i},{day},{time},,Klotter,Centrum,,,,1\n"
            for i, (day, time, *_rest) in enumerate(WALL_CLOCK)
        ),
        encoding="utf-8",
    )
    result = imports.import_file(path=path, user=role_users["polis"])
    assert result.created == len(WALL_CLOCK), result.errors
    for i, (day, _time, instant, iso_year, iso_week) in enumerate(WALL_CLOCK):
        incident = Incident.objects.get(external_id=f"E{i}")
        assert derived(incident) == (instant, iso_year, iso_week), day
    # Imported again, nothing changed: the instants compare equal (no fold or gap drift).
    again = imports.import_file(path=path, user=role_users["polis"])
    assert (again.created, again.updated) == (0, 0)


@time_machine.travel(NOW, tick=False)
def test_the_import_refuses_each_minute_of_the_spring_gap_and_takes_its_edges(
    tmp_path, role_users, ref
):
    """02:00 and 02:59 do not exist on 26 March 2023; 01:59 and 03:00 do."""
    path = tmp_path / "gap.csv"
    rows = {"G1": "01:59", "G2": "02:00", "G3": "02:59", "G4": "03:00"}
    path.write_text(
        HEADER + "".join(f"{k},2023-03-26,{t},,Klotter,Centrum,,,,1\n" for k, t in rows.items()),
        encoding="utf-8",
    )
    check = imports.import_file(path=path, user=role_users["polis"])
    assert [(e.line, e.column) for e in check.errors] == [(3, "time"), (4, "time")]


# ------------------------------------------------------------------------ the generator

EDGE_DAYS = [
    dt.date(2022, 12, 31),
    dt.date(2023, 1, 1),
    dt.date(2023, 2, 12),
    dt.date(2023, 3, 26),
    dt.date(2023, 3, 27),
    dt.date(2023, 10, 29),
    dt.date(2023, 10, 30),
]


@pytest.mark.parametrize("day", EDGE_DAYS, ids=str)
def test_the_generator_puts_each_time_on_its_local_day_and_week(role_users, ref, day):
    """Synthetic incidents at night around the edges: each one's time, read in
    Stockholm, is on its date, in its week and its time band (the DST nights too)."""
    night = tuple(1.0 if h in (0, 1, 2, 3, 22, 23) else 0.0 for h in range(24))
    made = generate_incidents(
        n=600,
        start=day,
        end=day,
        areas=[ref["centrum"]],
        organisations=[role_users["polis"].organisation],
        habits=Habits(hours=night, exact_time=1.0, season=0.0),
    )
    assert made == 600
    local_hours = set()
    for incident in Incident.objects.all():
        local = timezone.localtime(incident.occurred_at)
        local_hours.add(local.hour)
        assert local.date() == incident.occurred_on == day
        assert (incident.iso_year, incident.iso_week) == day.isocalendar()[:2]
        assert incident.time_band == ("natt" if local.hour < 6 else "kvall")
    assert {0, 1, 3, 22, 23} <= local_hours
