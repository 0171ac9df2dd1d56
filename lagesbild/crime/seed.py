"""Seeds of the statistics: Brå's crime categories and the compared regions (facts, with
their sources in docs/statistics-sources.md), and the demo files (marked demo).

The steps are registered by lagesbild/seed.py (after its own demo steps: the victim rows
need the demo annual picture), so importing this module registers nothing."""

from pathlib import Path

from core.seeding import SeedContext, upsert

from ..models import AnnualPicture, StatisticsRegion, VictimConsequence
from . import imports

DEMO_FILES = Path(__file__).resolve().parent.parent / "seed_data" / "bra"

# Brå's main categories of reported crimes (statistikdatabasen, anmälda brott): the
# chapters of the Penal Code (brottsbalken, BrB) and the largest special laws.
CATEGORIES = [
    ("3-7", "Brott mot person", 1),
    ("8", "Stöld- och tillgreppsbrott", 2),
    ("9", "Bedrägeribrott", 3),
    ("12", "Skadegörelsebrott", 4),
    ("13-15", "Brott mot allmänheten", 5),
    ("16-20", "Brott mot staten", 6),
    ("NSL", "Narkotikabrott", 7),
    ("TBL", "Trafikbrott", 8),
    ("OVR", "Övriga brott", 9),
]

# Official codes: SCB's kommunkod and länskod; SKR's kommungrupp (2017), where Västerås
# is B3 "Större stad".
REGIONS = [
    (StatisticsRegion.Kind.MUNICIPALITY, "1980", "Västerås"),
    (StatisticsRegion.Kind.COUNTY, "19", "Västmanlands län"),
    (StatisticsRegion.Kind.COUNTRY, "00", "Riket"),
    (StatisticsRegion.Kind.MUNICIPALITY_GROUP, "B3", "Större stad (SKR:s kommungrupp B3)"),
]

# The demo files, in import order (the crime codes before the police's extract).
DEMO_IMPORTS = [
    ("brottskoder", "brottskoder-exempel.csv"),
    ("befolkning", "folkmangd-demo.csv"),
    ("bra", "anmalda-brott-demo.csv"),
    ("polisen", "polisen-brottskoder-demo.csv"),
    ("ntu", "ntu-demo.csv"),
]


def crime_categories_and_regions(ctx: SeedContext) -> None:
    from ..models import CrimeCategory

    for code, name, order in CATEGORIES:
        upsert(CrimeCategory, {"code": code}, name=name, sort_order=order)
    for kind, code, name in REGIONS:
        upsert(StatisticsRegion, {"kind": kind, "code": code}, name=name)
    ctx.say(f"Brottskategorier (Brå): {len(CATEGORIES)}; statistikregioner: {len(REGIONS)}")


def demo_crime_statistics(ctx: SeedContext) -> None:
    """The demo files: every figure marked demo (uppskattning, not Brå's or SCB's)."""
    for kind, name in DEMO_IMPORTS:
        check, result = imports.import_path(kind, DEMO_FILES / name, demo=True)
        if result is None:
            raise RuntimeError(f"Demo file {name}: {check.file_error or check.errors[:3]}")
    ctx.say("Demostatistik: anmälda brott, befolkning, polisens uttag och NTU (demo).")


VICTIM_ROWS = [
    (
        VictimConsequence.Kind.VICTIMS,
        "Särskilt utsatta brottsoffer: äldre",
        "Demo: Brottsofferjouren rapporterar fler stödsamtal från äldre som utsatts för "
        "bedrägerier per telefon.",
        "Brottsofferjouren Västerås",
        212,
        "stödkontakter",
    ),
    (
        VictimConsequence.Kind.VICTIMS,
        "Våld i nära relation",
        "Demo: Brottsofferjouren och socialtjänsten ser att de utsatta söker stöd sent.",
        "Brottsofferjouren Västerås",
        None,
        "",
    ),
    (
        VictimConsequence.Kind.CONSEQUENCE,
        "Otrygghet i trapphus",
        "Demo: boende undviker källare och tvättstugor kvällstid efter skadegörelse.",
        "",
        None,
        "",
    ),
]


def demo_victim_perspective(ctx: SeedContext) -> None:
    from councils.models import Organisation

    picture = AnnualPicture.objects.filter(is_demo=True).order_by("-year").first()
    if picture is None or picture.victim_consequences.exists():
        return
    organisations = {o.name: o for o in Organisation.objects.all()}
    for kind, subject, description, organisation, figure, unit in VICTIM_ROWS:
        row = VictimConsequence(
            annual_picture=picture,
            kind=kind,
            subject=subject,
            description=description,
            organisation=organisations.get(organisation),
            figure=figure,
            figure_unit=unit,
            is_demo=True,
        )
        row.full_clean()
        row.save()
    ctx.say(f"Brottsofferperspektiv och konsekvenser (demo): {len(VICTIM_ROWS)} rader.")
