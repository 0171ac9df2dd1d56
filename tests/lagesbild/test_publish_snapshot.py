"""Publishing a week stores its figures as JSON, whatever they contain (numpy types from
the hot-spot statistics included): one encoder for every snapshot, tested on random
realistic weeks, and a publish → correct → republish journey."""

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.isoweek import Week
from lagesbild.models import Incident, PictureStatus, WeeklyPicture
from lagesbild.pictures.services import weekly_picture_publish, weekly_picture_save
from tests.factories import UserFactory
from tests.lagesbild.picture_fixtures import World

WEEK = Week(2026, 20)

# Places in Västerås where incidents cluster (lat, lon), and the spread around them.
CENTRES = [(59.6110, 16.5448), (59.6043, 16.4766), (59.6190, 16.4950), (59.5970, 16.5800)]

incident_batches = st.lists(
    st.tuples(
        st.sampled_from(range(len(CENTRES))),
        st.floats(-0.004, 0.004),
        st.floats(-0.008, 0.008),
        st.integers(0, 6),  # weekday
        st.integers(1, 4),  # count
    ),
    min_size=1,
    max_size=60,
)


def _roundtrip(value):
    return json.loads(json.dumps(value))


@pytest.fixture
def world(db):
    """One world for all examples of a test (hypothesis runs the body many times)."""
    return World()


@pytest.fixture
def coordinator(db):
    return UserFactory(role="samordnare")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=incident_batches)
def test_any_realistic_week_publishes_and_its_snapshot_is_plain_json(batch, world, coordinator):
    Incident.objects.all().delete()
    for centre, dlat, dlon, weekday, count in batch:
        lat, lon = CENTRES[centre]
        world.incident(
            WEEK.monday + dt.timedelta(days=weekday),
            count=count,
            latitude=round(lat + dlat, 5),
            longitude=round(lon + dlon, 5),
        )
    picture = weekly_picture_publish(week=WEEK, user=coordinator)
    picture.refresh_from_db()
    assert picture.status == PictureStatus.PUBLISHED
    assert picture.snapshot["totals"]["current"] == sum(b[4] for b in batch)
    assert _roundtrip(picture.snapshot) == picture.snapshot


def test_publish_correct_and_republish_is_one_journey(world, coordinator):
    user = coordinator
    for k, (lat, lon) in enumerate(CENTRES * 5):
        world.incident(WEEK.monday + dt.timedelta(days=k % 7), latitude=lat, longitude=lon)
    weekly_picture_save(week=WEEK, user=user, assessment="Lugn vecka.", problems=[], version=0)
    first = weekly_picture_publish(week=WEEK, user=user)
    assert first.snapshot["totals"]["current"] == 20

    # A late report arrives and the coordinator corrects the assessment, then republishes.
    world.incident(WEEK.monday, count=3, latitude=CENTRES[0][0], longitude=CENTRES[0][1])
    frozen = WeeklyPicture.objects.get(pk=first.pk)
    assert frozen.snapshot["totals"]["current"] == 20  # published figures stay frozen
    weekly_picture_save(
        week=WEEK, user=user, assessment="Sen rapport: tre fler.", problems=[], version=1
    )
    again = weekly_picture_publish(week=WEEK, user=user)
    again.refresh_from_db()
    assert again.pk == first.pk and again.assessment == "Sen rapport: tre fler."
    assert again.snapshot["totals"]["current"] == 23
    assert again.status == PictureStatus.PUBLISHED


def test_the_snapshot_encoder_stores_numpy_values_as_plain_json(world, coordinator):
    import numpy as np

    picture = WeeklyPicture(
        iso_year=2026,
        iso_week=21,
        status=PictureStatus.PUBLISHED,
        published_at=dt.datetime(2026, 5, 25, 8, tzinfo=dt.UTC),
        snapshot={
            "degenerate": np.bool_(True),
            "n": np.int64(7),
            "z": np.float64(2.5),
            "cells": np.array([1, 2]),
        },
    )
    picture.full_clean()
    picture.save()
    picture.refresh_from_db()
    assert picture.snapshot == {"degenerate": True, "n": 7, "z": 2.5, "cells": [1, 2]}
