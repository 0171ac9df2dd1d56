import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from lagesbild.models import Area, Category, Incident, Place
from tests.factories import (
    AreaFactory,
    IncidentFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_derived_week_band_and_local_date_from_exact_time():
    # 23:30 UTC on Sunday 2023-02-19 is 00:30 on Monday in Stockholm: week 8, night.
    incident = IncidentFactory(occurred_at=dt.datetime(2023, 2, 19, 23, 30, tzinfo=dt.UTC))
    incident.refresh_from_db()
    assert incident.occurred_on == dt.date(2023, 2, 20)
    assert (incident.iso_year, incident.iso_week, incident.time_band) == (2023, 8, "natt")


def test_point_outside_municipality_is_rejected_by_clean_and_database():
    incident = IncidentFactory.build(
        area=AreaFactory(), category=IncidentFactory().category, latitude=59.33, longitude=18.07
    )
    incident.organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert "latitude" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        incident.save()


def test_half_a_point_beside_a_place_is_refused_not_replaced_by_the_places():
    """A place fills in its point only when none is given; a lone longitude is an error."""
    place = PlaceFactory()
    incident = IncidentFactory.build(
        area=place.area, place=place, category=IncidentFactory().category, longitude=16.5
    )
    incident.organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert "Ange både latitud och longitud, eller ingen av dem." in error.value.messages
    incident.longitude = None
    incident.full_clean()
    assert (incident.latitude, incident.longitude) == (place.latitude, place.longitude)


def test_count_must_be_positive_in_database():
    incident = IncidentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(count=0)


def test_external_id_unique_per_organisation_but_empty_repeats():
    org = OrganisationFactory()
    IncidentFactory(organisation=org, external_id="A1")
    IncidentFactory(organisation=org, external_id="")
    IncidentFactory(organisation=org, external_id="")
    IncidentFactory(external_id="A1")  # another organisation
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentFactory(organisation=org, external_id="A1")


def test_visibility_per_role():
    mimer, lpo = OrganisationFactory(name="Mimer"), OrganisationFactory(name="LPO")
    own, other = IncidentFactory(organisation=mimer), IncidentFactory(organisation=lpo)
    rapportor = UserFactory(role="rapportor", organisation=mimer)
    assert list(Incident.objects.visible_to(rapportor)) == [own]
    assert set(Incident.objects.visible_to(UserFactory(role="polis"))) == {own, other}
    assert not Incident.objects.visible_to(UserFactory(role="ledamot")).exists()
    assert list(Incident.objects.editable_by(UserFactory(role="polis", organisation=lpo))) == [
        other
    ]


def test_in_week_and_main_category_include_events():
    main = Category.objects.create(name="Skadegörelse")
    klotter = Category.objects.create(name="Klotter", parent=main)
    inside = IncidentFactory(category=klotter, occurred_on=dt.date(2023, 2, 19))
    IncidentFactory(category=klotter, occurred_on=dt.date(2023, 2, 20))
    assert list(Incident.objects.in_week(2023, 7).in_category(main)) == [inside]


def test_seed_areas_places_categories():
    """The demo year's shape is tested on the demo itself (tests/test_demo_year.py)."""
    call_command("seed_vasteras", stdout=io.StringIO())
    assert Area.objects.get(name="Bäckby").group == "Västra stadsdelarna"
    assert Place.objects.get(name="Vasaparken").area.name == "Centrum"
    assert Category.objects.get(name="Glaskross").parent.name == "Skadegörelse"
    assert not Incident.objects.exists()


def test_generate_incidents_adds_the_rows_and_areas_asked_for():
    """(Its speed is the benchmark's: `make bench` prints the rows per second.)"""
    call_command("seed_vasteras", stdout=io.StringIO())
    out = io.StringIO()
    call_command("generate_incidents", "120000", "--years", "5", "--areas", "40", stdout=out)
    assert Incident.objects.count() == 120000
    assert Incident.objects.values("area").distinct().count() == 40
    assert "rows/s" in out.getvalue()
