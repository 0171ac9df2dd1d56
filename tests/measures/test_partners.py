"""The partner register from seed 004: contacts and the measures each partner is in."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from councils.models import Organisation, Partner
from tests.factories import MeasureFactory


@pytest.fixture
def seeded(db):
    call_command("seed_vasteras", stdout=io.StringIO())


@pytest.mark.django_db
def test_seed_registers_the_partners_the_sources_name(seeded):
    names = list(Partner.objects.values_list("organisation__name", flat=True))
    assert names == [
        "Brottsofferjouren Västerås",
        "Grannsamverkan Västerås",
        "Polisens volontärer Västerås",
        "Mimer",
        "Civilsamhället i Västerås",
    ]
    victims = Partner.objects.get(organisation__name="Brottsofferjouren Västerås")
    assert {(c.label, c.value) for c in victims.contacts.all()} >= {
        ("Telefon för vuxna", "021-41 32 60"),
        ("Telefon för unga under 20 år", "010-567 63 25"),
    }


@pytest.mark.django_db
def test_partner_page_lists_contacts_and_measures(client, seeded, make_user):
    volunteers = Organisation.objects.get(name="Polisens volontärer Västerås")
    owned = MeasureFactory(title="Nattvandring i Skälby", owner=volunteers)
    partnered = MeasureFactory(title="Trygghetsvandring i Bäckby")
    partnered.partners.add(volunteers)
    client.force_login(make_user("ledamot"))
    page = client.get(reverse("measures:partner_list")).content.decode()
    assert 'href="tel:021413260"' in page and "010-567 63 25" in page
    assert "för unga under 20 år" in page
    assert "Tre gånger per år" in page and "nattvandringar" in page
    assert "Mimer" in page and "Civilsamhället i Västerås" in page
    card = page[page.index("Polisens volontärer Västerås") :]
    card = card[: card.index('data-testid="partner"')] if 'data-testid="partner"' in card else card
    assert owned.title in card and partnered.title in card
    assert page.count("Inga insatser registrerade ännu.") == 4  # the other four partners
