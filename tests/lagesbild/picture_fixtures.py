"""Small hand-countable worlds for the lägesbild tests (areas, categories, incidents)."""

import datetime as dt
import zoneinfo

from lagesbild.models import Area, Category, Incident, Place
from tests.factories import OrganisationFactory

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


class World:
    """Two areas, two main categories with events, a place, one organisation."""

    def __init__(self):
        self.org = OrganisationFactory(name="Lokalpolisområde Västerås", kind="polis")
        self.centrum = Area.objects.create(
            name="Centrum", group="Centrum", latitude=59.6110, longitude=16.5448
        )
        self.backby = Area.objects.create(
            name="Bäckby", group="Västra", latitude=59.6043, longitude=16.4766
        )
        self.vasaparken = Place.objects.create(
            name="Vasaparken", area=self.centrum, latitude=59.6133, longitude=16.5395
        )
        self.torget = Place.objects.create(
            name="Stora torget", area=self.centrum, latitude=59.6106, longitude=16.5446
        )
        self.skadegorelse = Category.objects.create(name="Skadegörelse", position=0)
        self.klotter = Category.objects.create(name="Klotter", parent=self.skadegorelse)
        self.brand = Category.objects.create(name="Brand", parent=self.skadegorelse)
        self.ordning = Category.objects.create(name="Annat ordningsstörande", position=10)
        self.brak = Category.objects.create(name="Bråk", parent=self.ordning)

    def incident(self, when, *, category=None, area=None, place=None, count=1, **extra):
        """`when` a local datetime (exact time) or a date (time band only)."""
        fields = {
            "category": category or self.klotter,
            "area": area or (place.area if place else self.backby),
            "place": place,
            "count": count,
            "organisation": self.org,
            **extra,
        }
        if isinstance(when, dt.datetime):
            fields["occurred_at"] = when if when.tzinfo else when.replace(tzinfo=STOCKHOLM)
        else:
            fields["occurred_on"] = when
        incident = Incident(**fields)
        incident.save()
        return incident


def town(w: World, day: dt.date, *, count: int = 1, skip=lambda col, row: False) -> None:
    """One incident on `day` in each 250 m cell of a town from Bäckby to east of Stora
    torget (25 × 11 cells): the study area of Gi* is where incidents happened in the
    year before, so a hot spot needs a town around it. `count` incidents in each cell but
    those `skip(col, row)` picks (offsets from Stora torget's cell)."""
    from lagesbild.hotspots import to_sweref, to_wgs84

    east, north = to_sweref().transform(16.5448, 59.6106)
    col0, row0 = int(east // 250), int(north // 250)
    incidents = []
    for col in range(col0 - 18, col0 + 7):
        for row in range(row0 - 6, row0 + 5):
            if skip(col - col0, row - row0):
                continue
            lon, lat = to_wgs84().transform((col + 0.5) * 250, (row + 0.5) * 250)
            incident = Incident(
                category=w.klotter,
                area=w.backby,
                organisation=w.org,
                occurred_on=day,
                count=count,
                latitude=round(lat, 6),
                longitude=round(lon, 6),
            )
            incident.derive()
            incidents.append(incident)
    Incident.objects.bulk_create(incidents)


def trend_week_world(week) -> World:
    """`week` with Bäckby klotter up from 4 to 16 (a flagged trend), a Vasaparken cluster
    of 30 fights (a Gi* hot spot) and four scattered fires, in a town."""
    w = World()
    town(w, week.shift(-20).monday)
    for k in range(1, 9):
        w.incident(week.shift(-k).monday, count=4)
    w.incident(dt.datetime.combine(week.monday + dt.timedelta(days=4), dt.time(21, 15)), count=16)
    w.incident(week.monday, place=w.vasaparken, category=w.brak, count=30)
    for lat, lon in [(59.60, 16.47), (59.63, 16.50), (59.59, 16.56), (59.62, 16.58)]:
        w.incident(week.monday, category=w.brand, latitude=lat, longitude=lon)
    return w
