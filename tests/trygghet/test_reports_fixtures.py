"""A hand-counted week of incidents for the report tests (2023-W07, 13–19 Feb 2023)."""

import datetime as dt

from lagesbild.models import Area, Category, Incident
from tests.factories import OrganisationFactory

WEEK = "2023-W07"
# Hand count, week 7: Bäckby klotter 3 + Bäckby brand 1 + Centrum otrygg plats 2 = 6.
# Week 6 (the week before): Centrum klotter 4.  Skadegörelse this week: 3 + 1 = 4.
TOTAL = 6
PREVIOUS = 4
SKADEGORELSE = 4
OTRYGG_PLATS = 2


def seed_week() -> dict:
    """Areas, two-level categories and the incidents counted above."""
    org = OrganisationFactory(name="Mimer", kind="bostad")
    backby = Area.objects.create(name="Bäckby", group="Västra", latitude=59.62, longitude=16.47)
    centrum = Area.objects.create(name="Centrum", group="Centrum", latitude=59.61, longitude=16.54)
    skade = Category.objects.create(name="Skadegörelse")
    klotter = Category.objects.create(name="Klotter", parent=skade)
    brand = Category.objects.create(name="Brand", parent=skade)
    otrygg = Category.objects.create(name="Otrygg plats")

    def add(area, category, day, count):
        return Incident.objects.create(
            area=area,
            category=category,
            occurred_on=dt.date(2023, 2, day),
            count=count,
            organisation=org,
            assessment="HEMLIG FRITEXT som aldrig får synas i e-post",
        )

    add(backby, klotter, 13, 3)
    add(backby, brand, 14, 1)
    add(centrum, otrygg, 18, 2)
    add(centrum, klotter, 8, 4)  # week 6
    return {"areas": (backby, centrum), "organisation": org}
