"""The meeting pack shows "Veckans EST-lägesbild": the latest week published before the
meeting, exact for coordinators, through the disclosure gate for council members."""

import datetime as dt

import pytest

from core.isoweek import STOCKHOLM, Week
from lagesbild.pictures.services import weekly_picture_publish, weekly_picture_save
from tests.factories import MeetingFactory, UserFactory
from tests.lagesbild.picture_fixtures import World
from trygghet.reports.meeting_pack import meeting_pack_context

pytestmark = pytest.mark.django_db

BEFORE, LATER = Week(2026, 10), Week(2026, 12)
MEETING_DAY = dt.datetime(2026, 3, 12, 13, 0, tzinfo=STOCKHOLM)  # Thursday of week 11


@pytest.fixture
def world():
    world = World()
    coordinator = UserFactory(role="samordnare")
    for week, text in ((BEFORE, "Klotter ökar vid Vasaparken."), (LATER, "Efter mötet.")):
        world.incident(week.monday, place=world.vasaparken, count=7)
        world.incident(week.monday + dt.timedelta(days=2), area=world.backby, count=2)
        weekly_picture_save(week=week, assessment=text, problems=[], user=coordinator, version=0)
        weekly_picture_publish(week=week, user=coordinator)
    world.coordinator = coordinator
    return world


def _section(user, meeting) -> str:
    context = meeting_pack_context(meeting, user=user)
    [section] = [s for s in context["sections"] if s.key == "lagesbild"]
    return section.html


def test_coordinators_get_the_week_before_the_meeting_with_its_places(world):
    meeting = MeetingFactory(starts_at=MEETING_DAY)
    html = _section(world.coordinator, meeting)
    assert "vecka 10, 2026" in html.lower()
    assert "Klotter ökar vid Vasaparken." in html and "Efter mötet." not in html
    assert "Vasaparken: 7" in html  # the places that stand out, by name
    assert ">9<" in html  # 7 + 2 incidents that week


def test_members_get_the_aggregate_without_places_or_small_counts(world):
    meeting = MeetingFactory(starts_at=MEETING_DAY)
    member = UserFactory(role="ledamot")
    html = _section(member, meeting)
    assert "Klotter ökar vid Vasaparken." in html
    assert "Vasaparken: 7" not in html and "Platser som sticker ut" not in html
    assert ">9<" in html
    # A pack generated for the council (no user) is read the same way.
    assert "Vasaparken: 7" not in _section(None, meeting)


def test_a_meeting_before_any_published_week_says_so(world):
    meeting = MeetingFactory(starts_at=dt.datetime(2026, 1, 8, 13, 0, tzinfo=STOCKHOLM))
    html = _section(world.coordinator, meeting)
    assert "Ingen veckolägesbild publicerades före sammanträdet." in html
