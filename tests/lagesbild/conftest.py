import pytest

from lagesbild.models import Category
from tests.factories import AreaFactory, PlaceFactory


@pytest.fixture
def ref(db):
    """A little reference data: two areas, a place, a main category with two events."""
    centrum = AreaFactory(name="Centrum", group="Centrum", latitude=59.611, longitude=16.545)
    backby = AreaFactory(name="Bäckby", latitude=59.604, longitude=16.477)
    vasaparken = PlaceFactory(name="Vasaparken", area=centrum, latitude=59.6133, longitude=16.5395)
    main = Category.objects.create(name="Skadegörelse")
    klotter = Category.objects.create(name="Klotter", parent=main)
    brand = Category.objects.create(name="Brand", parent=main)
    return {
        "centrum": centrum,
        "backby": backby,
        "vasaparken": vasaparken,
        "main": main,
        "klotter": klotter,
        "brand": brand,
    }
