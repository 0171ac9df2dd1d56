"""Seed: Västerås areas, places and the EST categories; --demo adds a year of incidents."""

import datetime as dt

from django.utils import timezone

from core.seeding import SeedContext, seed_step, upsert
from councils.models import Organisation

from .models import Area, Category, Incident, Place, Source
from .synthetic import generate_incidents, last_sunday

WEST = "Västra stadsdelarna"
CENTRE = "Centrum"
CITY = "Övriga stadsdelar"
SKULTUNA = "Skultuna"
OUTLYING = "Ytterorter"

# (name, group, latitude, longitude): approximate centre points, WGS84.
AREAS = [
    ("Bäckby", WEST, 59.6043, 16.4766),
    ("Råby", WEST, 59.6150, 16.4928),
    ("Skälby", WEST, 59.6282, 16.4790),
    ("Hammarby", WEST, 59.6086, 16.5080),
    ("Vetterstorp", WEST, 59.6036, 16.5170),
    ("Centrum", CENTRE, 59.6110, 16.5448),
    ("Norra city", CENTRE, 59.6190, 16.5420),
    ("Öster Mälarstrand", CITY, 59.6000, 16.5650),
    ("Viksäng", CITY, 59.5955, 16.5010),
    ("Skiljebo", CITY, 59.6225, 16.5290),
    ("Pettersberg", CITY, 59.6235, 16.5600),
    ("Malmaberg", CITY, 59.6265, 16.5760),
    ("Skultuna", SKULTUNA, 59.7170, 16.4280),
    ("Hökåsen", OUTLYING, 59.6650, 16.5330),
    ("Irsta", OUTLYING, 59.5950, 16.6950),
    ("Kvicksund", OUTLYING, 59.4560, 16.3250),
    ("Tillberga", OUTLYING, 59.6830, 16.6210),
    ("Barkarö", OUTLYING, 59.5560, 16.5070),
    ("Dingtuna", OUTLYING, 59.5690, 16.3930),
]

# (name, area, latitude, longitude)
PLACES = [
    ("Vasaparken", "Centrum", 59.6133, 16.5395),
    ("Stora torget", "Centrum", 59.6106, 16.5446),
    ("Resecentrum", "Centrum", 59.6079, 16.5507),
    ("Köpmangatan", "Centrum", 59.6115, 16.5470),
    ("Norra city", "Norra city", 59.6188, 16.5422),
    ("Bäckby centrum", "Bäckby", 59.6050, 16.4783),
    ("Råby centrum", "Råby", 59.6152, 16.4940),
    ("Skälby centrum", "Skälby", 59.6270, 16.4815),
    ("Hammarby centrum", "Hammarby", 59.6082, 16.5065),
    ("Skultuna centrum", "Skultuna", 59.7177, 16.4270),
]

# The categories in common EST use, two levels: (main, [events]).
CATEGORIES = [
    ("Skadegörelse", ["Klotter", "Glaskross", "Brand"]),
    (
        "Otrygghetsskapande samling av personer",
        ["Trapphus", "Förråd", "Källare", "Köpcentrum", "Garage", "Utomhus"],
    ),
    (
        "Annat otrygghetsskapande eller ordningsstörande",
        [
            "Bråk",
            "Våld",
            "Inbrott",
            "Rån",
            "Misstänkt droghantering",
            "Olovligt boende/sovplats",
            "Olovlig trafik (buskörning, A-traktorer)",
            "Tillhyggen/stenupplag",
        ],
    ),
    ("Otrygg plats", ["Dålig belysning", "Dålig insyn", "Klotter", "Nedskräpning", "Ödslig plats"]),
    ("Arrangemang", []),
]


@seed_step()
def areas_places_categories(ctx: SeedContext) -> None:
    for name, group, lat, lon in AREAS:
        upsert(Area, {"name": name}, group=group, latitude=lat, longitude=lon)
    for name, area, lat, lon in PLACES:
        upsert(
            Place, {"name": name, "area": Area.objects.get(name=area)}, latitude=lat, longitude=lon
        )
    for i, (main_name, events) in enumerate(CATEGORIES):
        main = upsert(Category, {"name": main_name, "parent": None}, position=i * 10)
        for j, event in enumerate(events):
            upsert(Category, {"name": event, "parent": main}, position=j)


@seed_step(demo=True)
def demo_incidents(ctx: SeedContext) -> None:
    # Only once: a second run (or one after real registrations) must change nothing.
    if Incident.objects.exists():
        ctx.say("Det finns redan händelser; inga demohändelser lades till.")
        return
    end = last_sunday(timezone.localdate())
    start = end - dt.timedelta(weeks=52) + dt.timedelta(days=1)
    organisations = list(
        Organisation.objects.filter(
            name__in=["Lokalpolisområde Västerås", "Västerås stad", "Mimer"]
        ).order_by("name")
    )
    created = generate_incidents(
        n=300 * 52,
        start=start,
        end=end,
        areas=list(Area.objects.order_by("name")),
        organisations=organisations,
        seed=2023,
        source=Source.DEMO,
        with_assessments=True,
    )
    ctx.say(f"Demohändelser: {created} ({start} – {end}).")
