"""Seed steps for goals (seed 002), area populations, partners (seed 004), survey demo.

Imported by measures/seed.py so that autodiscovery finds the steps.
"""

import datetime as dt
from decimal import Decimal

from core.seeding import SeedContext, seed_step, set_related, upsert
from councils.models import CooperationAgreement, Organisation, Partner, PartnerContact

from ..models import AreaPopulation, Goal, Indicator, SurveyResult

# Inhabitants on 31 December 2023, approximate. The seeded areas stand for their parts of
# the city (the 90 stadsdelar are grouped into these areas) and add up to the
# municipality: 159 662 (DOMAIN.md). Bäckby (about 9 400) and Skultuna (about 3 300) are
# the published figures; the rest are estimates to be replaced with NYKO statistics.
POPULATION_2023 = {
    "Bäckby": 9400,
    "Råby": 8400,
    "Skälby": 9100,
    "Hammarby": 10600,
    "Vetterstorp": 9700,
    "Centrum": 15800,
    "Norra city": 10200,
    "Öster Mälarstrand": 10900,
    "Viksäng": 13400,
    "Skiljebo": 12800,
    "Pettersberg": 10300,
    "Malmaberg": 11200,
    "Skultuna": 3300,
    "Hökåsen": 4600,
    "Irsta": 4300,
    "Kvicksund": 2900,
    "Tillberga": 4500,
    "Barkarö": 3700,
    "Dingtuna": 4562,
}
POPULATION_YEARS = range(2018, 2028)
# Västerås grows by about one per cent a year; other years are derived from 2023.
GROWTH = Decimal("1.01")


POPULATION_SOURCE = (
    "Uppskattning (demo/uppskattning): ungefärliga tal som summerar till cirka 160 000 "
    "invånare, inte SCB:s statistik per NYKO."
)


def population_in(base: int, year: int) -> int:
    return int((Decimal(base) * GROWTH ** (year - 2023)).quantize(Decimal("1")))


@seed_step()
def area_populations(ctx: SeedContext) -> None:
    from lagesbild.models import Area

    areas = {a.name: a for a in Area.objects.filter(name__in=POPULATION_2023)}
    for name, base in POPULATION_2023.items():
        if name not in areas:
            continue
        for year in POPULATION_YEARS:
            upsert(
                AreaPopulation,
                {"area": areas[name], "year": year},
                population=population_in(base, year),
                is_approximate=True,
                source=POPULATION_SOURCE,
            )
    ctx.say(f"Befolkning per område (ungefärlig): {len(areas)} områden")


# Seed 004: the partners of the city's crime-prevention work. (organisation, kind,
# description, [(label, value, url)])
PARTNERS = [
    (
        "Brottsofferjouren Västerås",
        Organisation.Kind.CIVIL_SOCIETY,
        "Brottsofferjouren i Västerås är en ideell organisation som ger kostnadsfri "
        "rådgivning och stöd till den som blivit utsatt för eller varit vittne till ett "
        "brott. Förutom att ge samtalsstöd och råd kan de hjälpa till i kontakter med "
        "myndigheter och hjälpa dig i samband med en rättegång. All kontakt med jouren är "
        "kostnadsfri och sekretesskyddad.",
        [
            ("Telefon för vuxna", "021-41 32 60", ""),
            ("Telefon för unga under 20 år", "010-567 63 25", ""),
            ("Webbplats", "", "https://www.brottsofferjouren.se/"),
        ],
    ),
    (
        "Grannsamverkan Västerås",
        Organisation.Kind.CIVIL_SOCIETY,
        "Grannsamverkan går ut på att boende i ett område håller extra uppsikt över sina "
        "grannars bostäder och är uppmärksamma på vilka som rör sig i bostadsområdet. "
        "Västerås stad samverkar med Polismyndigheten och Mimer. Grannsamverkansombud bjuds "
        "regelbundet in till kompetens- och erfarenhetsutbyte.",
        [
            ("Utbildningsträffar för nya grannsamverkansombud", "Tre gånger per år", ""),
            ("Aktuella datum och kontaktuppgifter", "Polisens webbplats", "https://polisen.se/"),
        ],
    ),
    (
        "Polisens volontärer Västerås",
        Organisation.Kind.CIVIL_SOCIETY,
        "Polisens volontärer är en frivillig, oavlönad verksamhet som är en länk mellan "
        "Polisen och allmänheten. Volontärerna genomför uppdrag som brottsförebyggande "
        "information vid affärer, uppsökande kontakter, kampanjer mot langning av alkohol "
        "till minderåriga och nattvandringar.",
        [("Bli volontär", "Polisens webbplats", "https://polisen.se/")],
    ),
    (
        "Mimer",
        Organisation.Kind.HOUSING,
        "Bostadsbolaget som varje vecka tar fram den lokala lägesbilden (EST) tillsammans "
        "med Västerås stad och polisen, och som samverkar i grannsamverkan.",
        [],
    ),
    (
        "Civilsamhället i Västerås",
        Organisation.Kind.CIVIL_SOCIETY,
        "Föreningar, trossamfund och andra aktörer från civilsamhället samverkar med "
        "Västerås stad och Polismyndigheten i Trygghetsrådet.",
        [],
    ),
]


@seed_step()
def partners(ctx: SeedContext) -> None:
    for position, (name, kind, description, contacts) in enumerate(PARTNERS):
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = upsert(Organisation, {"name": name}, kind=kind)
        partner = upsert(
            Partner,
            {"organisation": organisation},
            description=description,
            position=position * 10,
        )
        for order, (label, value, url) in enumerate(contacts):
            upsert(
                PartnerContact,
                {"partner": partner, "label": label},
                value=value,
                url=url,
                position=order,
            )
    ctx.say(f"Samarbetspartner: {len(PARTNERS)}")


AGREEMENT_2019 = "Samverkansöverenskommelse Västerås stad och Lokalpolisområde Västerås 2019–2023"
SHARED_GOAL = (
    "Det gemensamma målet är att brottsligheten ska minska och den upplevda tryggheten "
    "ska öka i kommunen."
)
UNSAFE_QUESTION = "Känner dig otrygg ute sent en kväll i ditt bostadsområde"
WEST = ["Bäckby", "Råby", "Skälby", "Hammarby", "Vetterstorp"]

# Seed 002: the one shared goal, as two goals (one per half) with computed indicators.
# (title, text, direction, [(name, kind, granularity, areas, main categories, question)])
GOALS = [
    (
        "Brottsligheten ska minska",
        SHARED_GOAL,
        Goal.Direction.FALL,
        [
            (
                "Händelser per 1 000 invånare, hela kommunen",
                Indicator.Kind.INCIDENT_RATE,
                Indicator.Granularity.QUARTER,
                [],
                [],
                "",
            ),
            (
                "Ordningsstörningar i västra stadsdelarna",
                Indicator.Kind.INCIDENT_COUNT,
                Indicator.Granularity.QUARTER,
                WEST,
                ["Annat otrygghetsskapande eller ordningsstörande"],
                "",
            ),
        ],
    ),
    (
        "Den upplevda tryggheten ska öka",
        SHARED_GOAL,
        Goal.Direction.FALL,
        [
            (
                "Andel som känner sig otrygga, hela kommunen",
                Indicator.Kind.SURVEY_SHARE,
                Indicator.Granularity.YEAR,
                [],
                [],
                UNSAFE_QUESTION,
            ),
            (
                "Andel som känner sig otrygga, västra stadsdelarna",
                Indicator.Kind.SURVEY_SHARE,
                Indicator.Granularity.YEAR,
                WEST,
                [],
                UNSAFE_QUESTION,
            ),
        ],
    ),
]


@seed_step()
def shared_goals(ctx: SeedContext) -> None:

    agreement = CooperationAgreement.objects.filter(title=AGREEMENT_2019).first()
    if agreement is None:
        ctx.say("Mål: överenskommelsen 2019–2023 saknas; inga mål.")
        return
    for position, (title, text, direction, indicators) in enumerate(GOALS):
        goal = upsert(
            Goal,
            {"title": title},
            agreement=agreement,
            text=text,
            direction=direction,
            baseline_year=2019,
            target_date=agreement.valid_to or dt.date(2023, 3, 1),
            position=position,
        )
        _indicators(goal, indicators)
    ctx.say(f"Mål: {len(GOALS)}")


def _indicators(goal: Goal, indicators: list) -> None:
    from lagesbild.models import Area, Category

    for order, (name, kind, granularity, areas, categories, question) in enumerate(indicators):
        indicator = upsert(
            Indicator,
            {"goal": goal, "position": order},
            name=name,
            kind=kind,
            granularity=granularity,
            survey_question=question,
        )
        set_related(indicator.areas, Area.objects.filter(name__in=areas))
        set_related(indicator.categories, Category.objects.filter(name__in=categories, parent=None))


# Demo only: invented survey figures so that the goal and survey pages show something.
# (area or None, share unsafe per year 2019/2021/2023/2025, respondents per year)
DEMO_SURVEY_YEARS = [2019, 2021, 2023, 2025]
DEMO_SURVEY = [
    (None, [27.0, 25.5, 24.8, 23.1], [4210, 3980, 4120, 3870]),
    ("Bäckby", [41.0, 38.5, 36.9, 33.2], [231, 214, 212, 198]),
    ("Råby", [39.5, 38.0, 37.2, 35.0], [188, 176, 181, 169]),
    ("Skälby", [30.1, 29.4, 28.0, 27.7], [154, 160, 149, 141]),
    ("Hammarby", [33.0, 31.2, 31.9, 29.8], [172, 165, 170, 158]),
    ("Vetterstorp", [28.4, 27.9, 26.1, 26.5], [133, 128, 131, 120]),
    ("Centrum", [35.2, 36.8, 34.0, 32.9], [402, 388, 376, 361]),
    ("Viksäng", [18.3, 17.9, 17.0, 16.4], [260, 251, 244, 239]),
    ("Skultuna", [14.0, 15.5, 13.1, 12.8], [96, 88, 91, 84]),
    ("Dingtuna", [9.5, 11.0, 10.2, 9.8], [24, 19, 27, 22]),
]


@seed_step(demo=True)
def demo_survey(ctx: SeedContext) -> None:
    from lagesbild.models import Area

    areas = {a.name: a for a in Area.objects.all()}
    for area_name, shares, respondents in DEMO_SURVEY:
        if area_name and area_name not in areas:
            continue
        for year, share, n in zip(DEMO_SURVEY_YEARS, shares, respondents, strict=True):
            upsert(
                SurveyResult,
                {
                    "survey_name": f"DEMO – Trygghetsmätning {year}",
                    "year": year,
                    "area": areas.get(area_name) if area_name else None,
                    "question": UNSAFE_QUESTION,
                },
                share_unsafe=Decimal(str(share)),
                respondents=n,
                is_demo=True,
            )
    ctx.say("Demo-trygghetsmätning: påhittade siffror 2019–2025 (märkta DEMO).")
    # The demo's own goal, on the council: the real goals of the 2019 agreement read
    # no demo survey values.
    from councils.models import Council

    council = Council.objects.order_by("pk").first()
    if council is None:
        return
    goal = upsert(
        Goal,
        {"title": DEMO_GOAL},
        council=council,
        text="Demo: andelen som känner sig otrygga ska minska och ordningsstörningarna i "
        "västra stadsdelarna ska bli färre till 2027.",
        direction=Goal.Direction.FALL,
        baseline_year=2019,
        target_date=dt.date(2027, 12, 31),
        position=len(GOALS),
        is_demo=True,
    )
    _indicators(goal, [*GOALS[1][3], GOALS[0][3][1]])


DEMO_GOAL = "Tryggare västra stadsdelar (demo)"
