"""factory_boy factories of lagesbild."""

import datetime as dt

import factory

from lagesbild.models import Area, Category, Incident, Place

from .councils import OrganisationFactory

__all__ = ["AreaFactory", "CategoryFactory", "IncidentFactory", "PlaceFactory"]


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Område {n}")
    group = "Västra stadsdelarna"
    latitude = 59.61
    longitude = 16.54


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("area", "name")

    name = factory.Sequence(lambda n: f"Plats {n}")
    area = factory.SubFactory(AreaFactory)
    latitude = factory.LazyAttribute(lambda p: p.area.latitude)
    longitude = factory.LazyAttribute(lambda p: p.area.longitude)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("parent", "name")

    name = factory.Sequence(lambda n: f"Kategori {n}")
    parent = None


class IncidentFactory(factory.django.DjangoModelFactory):
    """An incident; `occurred_on` defaults to a fixed weekday, area/category are created."""

    class Meta:
        model = Incident

    category = factory.SubFactory(CategoryFactory)
    area = factory.SubFactory(AreaFactory)
    occurred_on = dt.date(2023, 2, 15)
    time_band = "kvall"
    count = 1
    organisation = factory.SubFactory(OrganisationFactory)
    source = "web"
