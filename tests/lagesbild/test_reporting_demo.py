"""Reporting status on the demo year."""

from lagesbild.models import WeeklyPicture


def test_the_demo_year_has_a_realistic_mix_of_reporting(demo_db):
    """Most weeks reported, some "inga händelser", a few not reported; the published
    weeks carry it."""
    published = list(WeeklyPicture.objects.published().filter(is_demo=True))
    assert len(published) > 50
    statuses = [r["status"] for p in published for r in p.reporting]
    share = {s: statuses.count(s) / len(statuses) for s in ("reported", "none", "missing")}
    assert share["reported"] > 0.85, share
    assert 0 < share["none"] < 0.1 and 0 < share["missing"] < 0.1, share
    # Every reporting organisation of the demo is in every published week's list.
    assert {len(p.reporting) for p in published} == {4}
