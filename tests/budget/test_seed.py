"""The 2023 trygghetspaket exactly as the city's decision states it."""

import datetime
from decimal import Decimal

import pytest

from budget import selectors
from budget.models import Activity, Allocation, Expenditure, Theme

from .conftest import load_package


@pytest.mark.django_db
def test_2023_package_totals_per_committee(package_2023):
    assert package_2023.total == Decimal("15000000")
    assert package_2023.year == 2023
    per_committee = {
        row.label: row.allocated for row in selectors.summary(package_2023, by="committee")
    }
    assert per_committee == {
        "Nämnden för idrott, fritid och förebyggande": Decimal("7500000"),
        "Kulturnämnden": Decimal("3000000"),
        "Tekniska nämnden": Decimal("2000000"),
        "Kommunstyrelsen": Decimal("1500000"),
        "Arbetsmarknadsnämnden": Decimal("500000"),
        "Skultuna kommundelsnämnd": Decimal("500000"),
    }
    assert selectors.totals(package_2023).allocated == package_2023.total


@pytest.mark.django_db
def test_2023_headings_allocations_and_activities_verbatim(package_2023):
    themes = list(Theme.objects.filter(package=package_2023).values_list("title", flat=True))
    assert themes == [
        "Fortsatt resursförstärkning kopplat till västra stadsdelarna samt Skultuna för alla "
        "boende",
        "Fortsätta utveckla det påbörjade samverkansarbetet mellan polisen och Västerås stad",
        "Föreningsverksamhet och kulturaktiviteter i bostadsområden och kommundelar",
        "Ökade satsningar på kulturverksamhet i stadsdelar",
        "Försöksverksamhet med ljus och trygghetskameror vid gångstråk, ett så kallat tryggt stråk",
    ]
    first = [
        (a.committee.short_name, a.amount)
        for a in Allocation.objects.filter(theme__title__startswith="Fortsatt resurs")
    ]
    assert first == [
        ("NIFF", Decimal("4500000")),
        ("AMN", Decimal("500000")),
        ("SKDN", Decimal("500000")),
        ("KS", Decimal("200000")),
    ]
    ks = Allocation.objects.get(label="Kommunstyrelsen, 1,3 miljoner kronor")
    assert [a.text for a in ks.activities.all()] == [
        "Resurser kopplat till genomförandeplanen mellan Västerås stad och polisen.",
        "Resurser för att upptäcka och förhindra välfärdsbrott.",
        "Tillsammans med polisen bilda ett operativt nodnätverk i de västra stadsdelarna med "
        "uppdrag att bidra till en hållbar stad.",
    ]
    assert Activity.objects.filter(allocation__theme__package=package_2023).count() == 17
    ferie = Activity.objects.get(text__startswith="Feriepraktik")
    assert ferie.target == "250 feriepraktikplatser"
    assert Activity.objects.filter(text="Avgiftsfria lovaktiviteter för gruppen 7-18 år.").exists()


@pytest.mark.django_db
def test_2023_decision_and_signatories(package_2023):
    assert package_2023.signed_place_date == "Västerås, februari 2023"
    assert package_2023.decided_by.name == "Kommunfullmäktige"
    assert package_2023.decided_on == datetime.date(2022, 11, 1)
    assert "Socialdemokraterna, Kristdemokraterna, Centerpartiet och Vänsterpartiet" in (
        package_2023.intro
    )
    assert package_2023.goal.startswith("Målet är att alla som bor i Västerås ska känna sig")
    assert [(s.name, s.party, s.title) for s in package_2023.signatories.all()] == [
        ("Staffan Jansson", "S", "kommunstyrelsens ordförande"),
        ("Amanda Grönlund", "KD", "kommunstyrelsens 1:e vice ordförande"),
        ("Vicki Skure-Eriksson", "C", "kommunalråd"),
        ("Anna Maria Romlid", "V", "kommunalråd"),
    ]


@pytest.mark.django_db
def test_demo_adds_a_labelled_2024_package_with_its_own_spending():
    package = load_package(demo=True)
    load_package(demo=True)  # a second run changes nothing and does not fail
    rows = {p.year: p for p in selectors.packages()}
    demo = rows[2024]
    assert demo.is_demo and "demo" in demo.name.lower()
    assert demo.total + package.total == Decimal("32000000")
    assert not package.is_demo
    # The demo spends on its own package; the real 2023 package gets nothing.
    assert not Expenditure.objects.of_package(package).exists()
    assert Expenditure.objects.of_package(demo).filter(corrects__isnull=False).count() == 1
    assert any(a.overspent for a in selectors.allocations(demo))
