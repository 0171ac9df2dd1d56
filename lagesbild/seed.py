"""Seed: Västerås areas, places and the EST categories.

--demo adds 60 weeks of incidents ending last Sunday, reported by four organisations with
habits of their own, every week but the last published, and this year's annual picture
with ranked problembilder, published.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from core.isoweek import STOCKHOLM, Week
from core.seeding import SeedContext, seed_step, upsert
from councils.models import Organisation, User

from .models import AnnualPicture, Area, Category, Incident, Place, Source, WeeklyPicture
from .pictures.services import (
    annual_picture_publish,
    annual_picture_save,
    problem_create,
    weekly_picture_publish,
    weekly_picture_save,
)
from .synthetic import Habits, generate_incidents

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


BOUNDARIES = Path(__file__).with_name("seed_data") / "areas.geojson"


def approximate_boundaries() -> dict[str, dict]:
    """The shipped approximate outlines (scripts/area_boundaries.py), by area name."""
    collection = json.loads(BOUNDARIES.read_text())
    return {f["properties"]["name"]: f["geometry"] for f in collection["features"]}


@seed_step()
def areas_places_categories(ctx: SeedContext) -> None:
    outlines = approximate_boundaries()
    for name, group, lat, lon in AREAS:
        area = upsert(Area, {"name": name}, group=group, latitude=lat, longitude=lon)
        # Approximate outlines, so that maps are never blank; a boundary the city has
        # entered itself is never overwritten.
        if area.boundary is None and name in outlines:
            area.boundary = outlines[name]
            area.save(update_fields=["boundary"])
    for name, area, lat, lon in PLACES:
        upsert(
            Place, {"name": name, "area": Area.objects.get(name=area)}, latitude=lat, longitude=lon
        )
    for i, (main_name, events) in enumerate(CATEGORIES):
        main = upsert(Category, {"name": main_name, "parent": None}, position=i * 10)
        for j, event in enumerate(events):
            upsert(Category, {"name": event, "parent": main}, position=j)


DEMO_WEEKS = 60
EVENING = (4, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 5, 7, 9, 10, 10, 9, 6)
OFFICE = (0, 0, 0, 0, 0, 0, 1, 6, 9, 9, 8, 6, 4, 7, 8, 6, 3, 1, 0, 0, 0, 0, 0, 0)
NIGHT = (9, 7, 5, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 5, 7, 9, 10)
WORKDAYS = (1.3, 1.0, 1.0, 1.0, 0.9, 0.05, 0.05)
WEEKENDS = (0.6, 0.6, 0.7, 0.9, 1.6, 2.0, 1.0)


@dataclass(frozen=True)
class Reporter:
    """One organisation's reporting in the demo: how many a week, its habits, and how
    often a week goes unreported (chosen at random, reproducibly)."""

    organisation: str
    per_week: int
    habits: Habits
    missed_share: float = 0.0
    recent_weeks: int = 0  # > 0: reports only in the last weeks (an emerging problem)


DEMO_REPORTERS = [
    Reporter(
        "Lokalpolisområde Västerås",
        95,
        Habits(
            categories={
                "Bråk": 8, "Våld": 4, "Rån": 1, "Inbrott": 2, "Misstänkt droghantering": 6,
                "Utomhus": 5, "Köpcentrum": 2, "Olovlig trafik (buskörning, A-traktorer)": 3,
                "Olovligt boende/sovplats": 1, "Tillhyggen/stenupplag": 1,
            },
            other_category=0,
            areas={"Centrum": 5, "Bäckby": 3, "Råby": 3, "Skälby": 1.5, "Hammarby": 1.5},
            places={"Stora torget": 5, "Resecentrum": 4, "Vasaparken": 4},
            other_area=0.6,
            weekdays=WEEKENDS,
            hours=EVENING,
            exact_time=0.9,
            with_point=0.9,
        ),
    ),
    Reporter(
        "Mimer",
        70,
        Habits(
            categories={
                "Trapphus": 8, "Källare": 5, "Förråd": 5, "Garage": 2, "Klotter": 5,
                "Glaskross": 3, "Brand": 2, "Nedskräpning": 2,
            },
            other_category=0,
            areas={
                "Bäckby": 6, "Råby": 5, "Skälby": 3, "Hammarby": 3, "Vetterstorp": 2,
                "Viksäng": 1.5, "Pettersberg": 1,
            },
            places={"Bäckby centrum": 3, "Råby centrum": 3},
            other_area=0,
            weekdays=WORKDAYS,
            hours=OFFICE,
            season=0.15,
            exact_time=0.2,
            with_point=0.5,
        ),
        missed_share=0.08,
    ),
    Reporter(
        "Tekniska förvaltningen",
        80,
        Habits(
            categories={
                "Klotter": 10, "Glaskross": 4, "Nedskräpning": 8, "Ödslig plats": 1,
                "Tillhyggen/stenupplag": 1,
            },
            other_category=0,
            areas={"Centrum": 4, "Norra city": 2, "Öster Mälarstrand": 2, "Viksäng": 1.5},
            places={"Vasaparken": 6, "Stora torget": 3, "Köpmangatan": 2, "Resecentrum": 2},
            other_area=0.7,
            weekdays=WORKDAYS,
            hours=OFFICE,
            season=0.45,
            exact_time=0.1,
        ),
        missed_share=0.06,
    ),
    # Lighting faults peak in the dark months.
    Reporter(
        "Tekniska förvaltningen",
        12,
        Habits(
            categories={"Dålig belysning": 5, "Dålig insyn": 1},
            other_category=0,
            areas={"Centrum": 2, "Bäckby": 2, "Råby": 2, "Skälby": 1},
            other_area=0.5,
            weekdays=WORKDAYS,
            hours=OFFICE,
            season=0.9,
            season_peak=15,
            exact_time=0.0,
        ),
        missed_share=0.06,
    ),
    Reporter(
        "Bevakningsbolaget Demo AB",
        45,
        Habits(
            categories={
                "Utomhus": 6, "Köpcentrum": 4, "Garage": 3, "Bråk": 3,
                "Misstänkt droghantering": 3, "Olovligt boende/sovplats": 2, "Arrangemang": 1,
            },
            other_category=0,
            areas={"Centrum": 5, "Norra city": 3, "Hammarby": 1},
            places={"Resecentrum": 6, "Stora torget": 3, "Köpmangatan": 2},
            other_area=0,
            weekdays=WEEKENDS,
            hours=NIGHT,
            exact_time=0.95,
            with_point=0.95,
        ),
        missed_share=0.1,
    ),
    # An emerging problem: gatherings and vandalism at Skälby centrum that start in the
    # last week, so that the week the coordinator publishes has a rising place to act on.
    Reporter(
        "Lokalpolisområde Västerås",
        22,
        Habits(
            categories={"Utomhus": 4, "Bråk": 2, "Glaskross": 2},
            other_category=0,
            areas={},
            places={"Skälby centrum": 1},
            other_area=0,
            weekdays=WEEKENDS,
            hours=EVENING,
            exact_time=0.9,
            with_point=1.0,
        ),
        recent_weeks=1,
    ),
    Reporter(
        "Mimer",
        8,
        Habits(
            categories={"Trapphus": 3, "Klotter": 2},
            other_category=0,
            areas={},
            places={"Skälby centrum": 1},
            other_area=0,
            weekdays=WORKDAYS,
            hours=OFFICE,
            with_point=1.0,
        ),
        recent_weeks=1,
    ),
]  # fmt: skip


def demo_weeks(today: dt.date | None = None) -> list[Week]:
    """The demo's weeks: DEMO_WEEKS of them, the last one ending last Sunday."""
    last = Week.last(today or timezone.localdate())
    return last.shift(-(DEMO_WEEKS - 1)).until(last)


def missed_weeks(reporter: Reporter, weeks: list[Week], seed: int) -> list[Week]:
    """The weeks `reporter` did not report: the same ones on every run (never the last)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return [w for w in weeks[:-1] if rng.random() < reporter.missed_share]


@seed_step(demo=True)
def demo_incidents(ctx: SeedContext) -> None:
    # Only once: a second run (or one after real registrations) must change nothing.
    if Incident.objects.exists():
        ctx.say("Det finns redan händelser; inga demohändelser lades till.")
        return
    weeks = demo_weeks()
    areas = list(Area.objects.order_by("name"))
    organisations = {o.name: o for o in Organisation.objects.all()}
    created = 0
    for i, reporter in enumerate(DEMO_REPORTERS):
        organisation = organisations.get(reporter.organisation)
        if organisation is None:
            continue
        active = weeks[-reporter.recent_weeks :] if reporter.recent_weeks else weeks
        missed = missed_weeks(reporter, active, seed=100 + i)
        skip = frozenset(w.monday + dt.timedelta(days=d) for w in missed for d in range(7))
        created += generate_incidents(
            n=reporter.per_week * (len(active) - len(missed)),
            start=active[0].monday,
            end=active[-1].sunday,
            areas=areas,
            organisations=[organisation],
            seed=2023 + i,
            source=Source.DEMO,
            with_assessments=True,
            habits=reporter.habits,
            skip=skip,
        )
    ctx.say(f"Demohändelser: {created} ({weeks[0].monday} – {weeks[-1].sunday}).")


@seed_step(demo=True)
def demo_no_incident_weeks(ctx: SeedContext) -> None:
    """Of the demo weeks a reporting organisation registered nothing, every second one
    confirmed "inga händelser" by a reporter (the others stay "ej rapporterat"), so the
    published weeks show a realistic mix. Runs before the weeks are published."""
    from django.db.models import Count

    from .models import NoIncidentsConfirmation

    if (
        NoIncidentsConfirmation.objects.exists()
        or not Incident.objects.filter(source=Source.DEMO).exists()
    ):
        return
    weeks = demo_weeks()
    made = 0
    for organisation in Organisation.objects.filter(is_reporting=True).order_by("name"):
        active = set(
            Incident.objects.filter(
                organisation=organisation,
                occurred_on__gte=weeks[0].monday,
                occurred_on__lte=weeks[-1].sunday,
            )
            .values("iso_year", "iso_week")
            .annotate(n=Count("id"))
            .values_list("iso_year", "iso_week")
        )
        if not active:
            continue  # reports nothing in the demo at all: not one of its reporters
        reporter = organisation.users.filter(is_active=True).first()
        silent = [w for w in weeks if (w.iso_year, w.iso_week) not in active]
        for week in silent[::2]:
            NoIncidentsConfirmation.objects.create(
                organisation=organisation,
                iso_year=week.iso_year,
                iso_week=week.iso_week,
                confirmed_by=reporter,
                confirmed_at=dt.datetime.combine(
                    week.sunday + dt.timedelta(days=1), dt.time(8, 30), tzinfo=STOCKHOLM
                ),
                is_demo=True,
            )
            made += 1
    ctx.say(f"Demoveckor utan händelser (bekräftade): {made}.")


WEEKLY_ASSESSMENTS = [
    "Lugn vecka i stort. Klotter i Centrum sanerat inom ett dygn.",
    "Fler samlingar kvällstid kring Resecentrum; bevakningen förstärkt fredag–lördag.",
    "Skadegörelse i trapphus i Bäckby och Råby; Mimer har bytt lås i två portar.",
    "Nedskräpning i Vasaparken efter helgen; tekniska förvaltningen har tömt oftare.",
    "Trygghetsvandring i Råby genomförd; belysningen vid gångtunneln felanmäld.",
]


def demo_author() -> User | None:
    return User.objects.filter(username="samordnare").first()


@seed_step(demo=True)
def demo_pictures(ctx: SeedContext) -> None:
    """Every demo week but the last published (the coordinator publishes the last one),
    and this year's annual picture with its ranked problembilder, published."""
    author = demo_author()
    weeks = demo_weeks()
    if author is None or not Incident.objects.filter(source=Source.DEMO).exists():
        return
    published = 0
    for i, week in enumerate(weeks[:-1]):
        if WeeklyPicture.objects.filter(iso_year=week.iso_year, iso_week=week.iso_week).exists():
            continue
        weekly_picture_save(
            week=week,
            assessment=WEEKLY_ASSESSMENTS[i % len(WEEKLY_ASSESSMENTS)],
            problems=[],
            user=author,
            version=0,  # created here: there was no picture
        )
        picture = weekly_picture_publish(week=week, user=author)
        # Published on the Monday after its week, as the coordinator does.
        picture.published_at = dt.datetime.combine(
            week.sunday + dt.timedelta(days=1), dt.time(10, 0), tzinfo=STOCKHOLM
        )
        picture.is_demo = True
        picture.save(update_fields=["published_at", "is_demo"])
        published += 1
    ctx.say(f"Publicerade demoveckor: {published}.")
    _demo_annual_picture(ctx, author, weeks)


PROBLEMS = [
    # (title, areas, categories (main), description, cause_place, cause_offenders,
    #  cause_targets, cause_guardians)
    (
        "Samlingar och bråk kring Resecentrum kvällstid",
        ["Centrum"],
        [
            "Otrygghetsskapande samling av personer",
            "Annat otrygghetsskapande eller ordningsstörande",
        ],
        "Grupper samlas vid Resecentrum och Stora torget fredag och lördag kväll; bråk och "
        "misstänkt droghantering rapporteras av polisen och bevakningen.",
        "Väderskydd, öppet sent och dålig insyn i passagen mot Kopparlunden.",
        "Unga vuxna, ofta samma grupp; några kända för polisen.",
        "Resenärer och personal som väntar sent.",
        "Få vuxna och ingen personal efter kl. 22.",
    ),
    (
        "Skadegörelse i trapphus och källare i Bäckby och Råby",
        ["Bäckby", "Råby"],
        ["Skadegörelse", "Otrygghetsskapande samling av personer"],
        "Mimer rapporterar klotter, glaskross och personer i trapphus och källare, mest "
        "vardagar när fastighetsskötarna hittar det.",
        "Portar som inte går i lås och källargångar utan belysning.",
        "Ungdomar som söker sig inomhus kvällstid, särskilt vintertid.",
        "Boende som känner sig otrygga i sina egna trapphus.",
        "Ingen kvällsnärvaro; felanmälningar tar tid.",
    ),
    (
        "Klotter och nedskräpning i Vasaparken",
        ["Centrum"],
        ["Skadegörelse", "Otrygg plats"],
        "Tekniska förvaltningen rapporterar klotter och nedskräpning efter varma helger.",
        "Parken saknar belysning längs ån och har skymda hörn.",
        "Okända; klottret återkommer på samma ytor.",
        "Parkens besökare och verksamheterna runt den.",
        "Få som rör sig i parken sena kvällar.",
    ),
]  # fmt: skip


def _demo_annual_picture(ctx: SeedContext, author, weeks: list[Week]) -> None:
    year = weeks[-1].iso_year
    if AnnualPicture.objects.filter(year=year).exists():
        return
    picture = annual_picture_save(
        year=year,
        user=author,
        version=0,  # created here: there was no picture
        title=f"Lägesbild {year} (demo)",
        summary="Demo: tre problembilder prioriteras utifrån årets EST-rapporter, "
        "medarbetardialoger och medborgardialoger.",
        staff_dialogues="Demo: dialoger med fastighetsskötare, fältgrupp och bevakning.",
        citizen_dialogues="Demo: trygghetsvandringar i Råby, Bäckby och Centrum.",
        statistics="Demo: EST-händelser från polisen, Mimer, tekniska förvaltningen och "
        "bevakningsbolaget.",
        is_demo=True,
    )
    for title, areas, categories, description, place, offenders, targets, guardians in PROBLEMS:
        problem_create(
            annual_picture=picture,
            user=author,
            areas=Area.objects.filter(name__in=areas),
            categories=Category.objects.filter(name__in=categories, parent=None),
            title=title,
            description=description,
            period_start=weeks[0].monday,
            period_end=weeks[-1].sunday,
            cause_place=place,
            cause_offenders=offenders,
            cause_targets=targets,
            cause_guardians=guardians,
        )
    annual_picture_publish(picture=picture, user=author)
    ctx.say(f"Årets lägesbild {year} publicerad med {len(PROBLEMS)} problembilder (demo).")


# The statistics' seed steps (Brå's categories, the regions, the demo files) register
# after the steps above: the demo victim rows need the demo annual picture.
from .crime import seed as crime_seed  # noqa: E402

seed_step()(crime_seed.crime_categories_and_regions)
seed_step(demo=True)(crime_seed.demo_crime_statistics)
seed_step(demo=True)(crime_seed.demo_victim_perspective)
