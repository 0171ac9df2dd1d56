"""Seed: Västeråsmajoritetens trygghetspaket 2023 exactly as the city published it.

Source: "Västeråsmajoritetens trygghetspaket 2023" (Västerås stad, februari 2023).
Every heading, allocation, nämnd and activity text below is verbatim. The demo step
adds a 2024 package (labelled demo) with synthetic spending, forecasts and a correction
of its own; the real 2023 package gets nothing from the demo.
"""

import datetime
from decimal import Decimal

from core.seeding import SeedContext, seed_step, upsert
from councils.models import Committee
from measures.models import Measure

from .models import Activity, Allocation, BudgetPackage, Expenditure, Forecast, Signatory, Theme

NAME_2023 = "Västeråsmajoritetens trygghetspaket 2023"
NIFF = "Nämnden för idrott, fritid och förebyggande"

INTRO_2023 = (
    "Västerås stad gör en stor riktad trygghetssatsning under 2023. Efter valet 2022 "
    "bildades Västerås-majoriteten, bestående av Socialdemokraterna, Kristdemokraterna, "
    "Centerpartiet och Vänsterpartiet. Ett gemensamt löfte inför mandatperioden var att "
    "satsa på just tryggheten i kommunen.\n\n"
    "Trygghetspaketet finns med i Västeråsmajoritetens budget som klubbades av "
    "kommunfullmäktige i november. Majoriteten betonar särskilt vikten av att stärka "
    "kommunens förebyggande arbete och nu är det klart hur pengarna i paketet ska "
    "fördelas. Målet är att alla som bor i Västerås ska känna sig trygga, både på "
    "offentliga platser, sitt jobb och i hemmet.\n\n"
    "Västeråsmajoriteten satsar nu 15 miljoner kronor på trygghetsskapande åtgärder, där "
    "vi bland annat stärker upp kring familjestödjare, förhindrar välfärdsbrott, utvecklar "
    "friluftsområden och satsar på trygga stråk för att nämna några åtgärder. Vi tror på "
    "det förebyggande arbetet i kombination med ökad satsning på att få bukt med rådande "
    "otrygghet i kommunen. Vi kommer också att fördjupa samarbetet inom det instiftade "
    "trygghetsrådet för att ytterligare stärka relationerna och samarbetet mellan kommun, "
    "polis och civilsamhälle.\n\n"
    "De trygghetsskapande insatserna beräknas att starta upp under hösten och resultatet "
    "kommer att ligga till grund för framtida insatser inom området."
)
GOAL_2023 = (
    "Målet är att alla som bor i Västerås ska känna sig trygga, både på offentliga "
    "platser, sitt jobb och i hemmet."
)

SIGNATORIES_2023 = [
    ("Staffan Jansson", "S", "kommunstyrelsens ordförande"),
    ("Amanda Grönlund", "KD", "kommunstyrelsens 1:e vice ordförande"),
    ("Vicki Skure-Eriksson", "C", "kommunalråd"),
    ("Anna Maria Romlid", "V", "kommunalråd"),
]

# (theme, [(committee, amount, label, [(activity text, target number, target unit)])])
PACKAGE_2023 = [
    (
        "Fortsatt resursförstärkning kopplat till västra stadsdelarna samt Skultuna för "
        "alla boende",
        [
            (
                NIFF,
                4_500_000,
                "Nämnden för idrott, fritid och förebyggande, 4,5 miljoner kronor",
                [
                    (
                        "Familjekoordinatorer/familjestödjare (för att bibehålla det "
                        "påbörjade arbetet).",
                        None,
                        "",
                    ),
                    (
                        "Feriepraktik för elever i årskurs 6 till 9 med en start på 250 "
                        "platser 2023 riktat mot västra stadsdelarna.",
                        250,
                        "feriepraktikplatser",
                    ),
                ],
            ),
            (
                "Arbetsmarknadsnämnden",
                500_000,
                "Arbetsmarknadsnämnden, 500 000 kronor",
                [
                    (
                        "Fortsätta stödja uppdraget kopplat till att få fler in i arbete som "
                        "idag har ekonomiskt bistånd.",
                        None,
                        "",
                    )
                ],
            ),
            (
                "Skultuna kommundelsnämnd",
                500_000,
                "Skultuna kommundelsnämnd, 500 000 kronor",
                [("Fortsatt resursförstärkning till Skultuna.", None, "")],
            ),
            (
                "Kommunstyrelsen",
                200_000,
                "Kommunstyrelsen, 200 000 kronor",
                [("Samordnande funktion för uppföljning och analys.", None, "")],
            ),
        ],
    ),
    (
        "Fortsätta utveckla det påbörjade samverkansarbetet mellan polisen och Västerås stad",
        [
            (
                "Kommunstyrelsen",
                1_300_000,
                "Kommunstyrelsen, 1,3 miljoner kronor",
                [
                    (
                        "Resurser kopplat till genomförandeplanen mellan Västerås stad och "
                        "polisen.",
                        None,
                        "",
                    ),
                    # Seed 003 indents these two under the first: sub-items of it.
                    ("Resurser för att upptäcka och förhindra välfärdsbrott.", None, "", 0),
                    (
                        "Tillsammans med polisen bilda ett operativt nodnätverk i de västra "
                        "stadsdelarna med uppdrag att bidra till en hållbar stad.",
                        None,
                        "",
                        0,
                    ),
                ],
            )
        ],
    ),
    (
        "Föreningsverksamhet och kulturaktiviteter i bostadsområden och kommundelar",
        [
            (
                NIFF,
                3_000_000,
                "Nämnden för idrott, fritid och förebyggande, 3 miljoner kronor",
                [
                    (
                        "IOP med insatser för jämlika förutsättningar riktade till "
                        "prioriterade områden på väster samt tjejjouren.",
                        None,
                        "",
                    ),
                    (
                        "Genomföra en utredning med enklare åtgärder och förslag på större "
                        'åtgärder kopplat till projekt "Trygg idrott i Västerås" med '
                        "utgångspunkt från ungdom- och idrottsdialog.",
                        None,
                        "",
                    ),
                    ("Avgiftsfria lovaktiviteter för gruppen 7-18 år.", None, ""),
                    ("Utveckla friluftsområden.", None, ""),
                    ("Ökade medel till barn- och ungdomsföreningar.", None, ""),
                ],
            ),
            (
                "Kulturnämnden",
                2_000_000,
                "Kulturnämnden, 2 miljoner kronor",
                [("Ökad verksamhet för kulturskolan i kommun- och stadsdelarna.", None, "")],
            ),
        ],
    ),
    (
        "Ökade satsningar på kulturverksamhet i stadsdelar",
        [
            (
                "Kulturnämnden",
                1_000_000,
                "Kulturnämnden, 1 miljon kronor",
                [
                    (
                        "Sommarläger på Vallby friluftsmuseum, pop-up verksamhet, "
                        "konstlabbet och pedagogiska program.",
                        None,
                        "",
                    )
                ],
            )
        ],
    ),
    (
        "Försöksverksamhet med ljus och trygghetskameror vid gångstråk, ett så kallat tryggt stråk",
        [
            (
                "Tekniska nämnden",
                2_000_000,
                "Tekniska nämnden, 2 miljoner kronor",
                [
                    (
                        "Stödja cityarbetet i form av trygga stråk och platser, till exempel "
                        "Vasaparken och norra city.",
                        None,
                        "",
                    ),
                    (
                        "Utifrån trygghetsmätningen med 20 000 utskick till västeråsarna "
                        "identifiera behov och vägledning kring hur vi kan arbeta vidare med "
                        "trygghetsinsatserna.",
                        None,
                        "",
                    ),
                ],
            )
        ],
    ),
]


def _load_themes(package: BudgetPackage, themes: list) -> None:
    # Written with upsert directly (not through allocation_create) because the seed
    # loads a decided whole; the total is checked once at the end.
    for t_order, (title, allocations) in enumerate(themes):
        theme = upsert(Theme, {"package": package, "title": title}, order=t_order)
        for a_order, (committee_name, amount, label, activities) in enumerate(allocations):
            allocation = upsert(
                Allocation,
                {"theme": theme, "order": a_order},
                committee=Committee.objects.get(name=committee_name),
                amount=Decimal(amount),
                label=label,
            )
            # (text, target number, unit[, order of the activity it is a sub-item of])
            for order, (text, number, unit, *under) in enumerate(activities):
                upsert(
                    Activity,
                    {"allocation": allocation, "order": order},
                    text=text,
                    target_number=number,
                    target_unit=unit,
                    parent=Activity.objects.get(allocation=allocation, order=under[0])
                    if under
                    else None,
                )
    allocated = sum(a.amount for a in Allocation.objects.filter(theme__package=package))
    if allocated > package.total:
        raise RuntimeError(f"{package}: allocations {allocated} exceed {package.total}")


@seed_step()
def trygghetspaket_2023(ctx: SeedContext) -> None:
    package = upsert(
        BudgetPackage,
        {"name": NAME_2023},
        year=2023,
        total=Decimal("15000000.00"),
        description=(
            "Fördelning av kostnader och insatser kopplat till Västeråsmajoritetens "
            "trygghetsskapande åtgärder 2023."
        ),
        heading="VÄSTERÅSMAJORITETEN – FÖR ETT TRYGGARE VÄSTERÅS",
        intro=INTRO_2023,
        goal=GOAL_2023,
        majority=(
            "Västeråsmajoriteten: Socialdemokraterna (S), Kristdemokraterna (KD), "
            "Centerpartiet (C) och Vänsterpartiet (V)"
        ),
        decided_by=Committee.objects.get(name="Kommunfullmäktige"),
        decided_on=datetime.date(2022, 11, 1),
        decision_text=(
            "Trygghetspaketet finns med i Västeråsmajoritetens budget som klubbades av "
            "kommunfullmäktige i november 2022."
        ),
        allocation_heading="FÖRDELNING AV 15 MILJONER TILL TRYGGHETSKAPANDE ÅTGÄRDER",
        signed_place_date="Västerås, februari 2023",
        source_document="Västeråsmajoritetens trygghetspaket 2023, Västerås stad (februari 2023)",
        is_demo=False,
    )
    for order, (name, party, title) in enumerate(SIGNATORIES_2023):
        upsert(Signatory, {"package": package, "name": name}, party=party, title=title, order=order)
    _load_themes(package, PACKAGE_2023)


# DEMO: 2024 as DOMAIN.md summarises it (17 MSEK added, 32 MSEK in all with 2023).
NAME_2024 = "Trygghetspaket 2024 (demo)"
PACKAGE_2024 = [
    (
        "Trygghetsrådet och samverkan",
        [
            (
                "Kommunstyrelsen",
                5_000_000,
                "Kommunstyrelsen, 5 miljoner kronor (demo)",
                [("Belysning på trygga stråk, bland annat i Vasaparken (demo).", None, "")],
            )
        ],
    ),
    (
        "Förebyggande arbete, idrott och fritid",
        [(NIFF, 5_000_000, f"{NIFF}, 5 miljoner kronor (demo)", [])],
    ),
    (
        "Kultur",
        [("Kulturnämnden", 5_000_000, "Kulturnämnden, 5 miljoner kronor (demo)", [])],
    ),
    (
        "Sommarjobb",
        [
            (
                "Arbetsmarknadsnämnden",
                2_000_000,
                "Arbetsmarknadsnämnden, 2 miljoner kronor (demo)",
                [("Sommarjobb för ungdomar (demo).", None, "")],
            )
        ],
    ),
]

# Share of each demo allocation spent per month (demo only).
DEMO_SPENDING_SHARES = {
    3: Decimal("0.05"),
    4: Decimal("0.05"),
    5: Decimal("0.10"),
    6: Decimal("0.10"),
    8: Decimal("0.10"),
    9: Decimal("0.15"),
    10: Decimal("0.15"),
    11: Decimal("0.10"),
    12: Decimal("0.15"),
}


@seed_step(demo=True)
def trygghetspaket_demo(ctx: SeedContext) -> None:
    package = upsert(
        BudgetPackage,
        {"name": NAME_2024},
        year=2024,
        total=Decimal("17000000.00"),
        description=(
            "DEMO: 17 miljoner kronor tillkom 2024, 32 miljoner kronor totalt med 2023. "
            "Fördelningen är en förenkling för demonstration."
        ),
        is_demo=True,
        source_document="Demodata (ej beslutstext)",
    )
    _load_themes(package, PACKAGE_2024)

    # Synthetic spending on the demo package only (the real 2023 package gets none):
    # monthly totals per allocation, one over its amount (so the overspend flag shows),
    # and a correction.
    allocations = list(Allocation.objects.filter(theme__package=package).order_by("pk"))
    for i, allocation in enumerate(allocations):
        factor = Decimal("1.2") if i == 3 else Decimal("0.85")
        for month, share in DEMO_SPENDING_SHARES.items():
            amount = (allocation.amount * share * factor).quantize(Decimal("1"))
            upsert(
                Expenditure,
                {"allocation": allocation, "date": datetime.date(2024, month, 1), "corrects": None},
                month_only=True,
                amount=amount,
                note="Demo: månadens utfall",
            )
        upsert(
            Forecast,
            {"allocation": allocation, "as_of": datetime.date(2024, 9, 30)},
            amount=(allocation.amount * factor).quantize(Decimal("1")),
            note="Demo: prognos efter augusti",
        )
    first = Expenditure.objects.filter(
        allocation=allocations[0], date=datetime.date(2024, 9, 1), corrects=None
    ).first()
    if first is not None:
        upsert(
            Expenditure,
            {"corrects": first},
            allocation=first.allocation,
            date=datetime.date(2024, 10, 5),
            amount=Decimal("-25000"),
            note="Demo: felbokning rättad",
        )


@seed_step(demo=True)
def demo_trail(ctx: SeedContext) -> None:
    """Link the demo's lighting measure to the demo package's activity for trygga stråk
    (never to the real 2023 package)."""
    measure = Measure.objects.filter(title="Bättre belysning i Vasaparken", is_demo=True).first()
    activity = Activity.objects.filter(
        allocation__theme__package__name=NAME_2024, text__contains="Vasaparken"
    ).first()
    if measure and activity and not activity.measures.filter(pk=measure.pk).exists():
        activity.measures.add(measure)


# Demo: the kronor behind the demo åtgärdsplan's actions, from the demo 2024 package
# (never the real 2023 package). (measure title, committee of the allocation, amount)
DEMO_PLAN_FUNDING = [
    ("Familjestödjare för unga i riskzon i västra stadsdelarna (demo)", NIFF, 1_500_000),
    (
        "Stöd till särskilt utsatta brottsoffer med Brottsofferjouren (demo)",
        "Kommunstyrelsen",
        400_000,
    ),
    ("Avhopparverksamhet i samverkan med polisen (demo)", "Kommunstyrelsen", 600_000),
    ("Ökad polisnärvaro kvällstid i Bäckby centrum", NIFF, 250_000),
]


@seed_step(demo=True)
def demo_plan_funding(ctx: SeedContext) -> None:
    from measures.models import ActionPlanEntry

    from .models import PlanFunding

    linked = 0
    for title, committee, amount in DEMO_PLAN_FUNDING:
        entry = ActionPlanEntry.objects.filter(
            plan__is_demo=True, measure__title=title, measure__is_demo=True
        ).first()
        allocation = Allocation.objects.filter(
            theme__package__name=NAME_2024, committee__name=committee
        ).first()
        if entry is None or allocation is None:
            continue
        upsert(
            PlanFunding,
            {"entry": entry, "allocation": allocation, "activity": None},
            amount=Decimal(amount),
            note="",
            is_demo=True,
        )
        linked += 1
    ctx.say(f"Demo: kronor kopplade till {linked} åtgärder i åtgärdsplanen.")
