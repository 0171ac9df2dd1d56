"""The seeded goals (seed 002), populations and the demo trygghetsmätning."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from measures.goals.indicators import Verdict, goal_status
from measures.models import AreaPopulation, Goal, SurveyResult


def seed(*args):
    call_command("seed_vasteras", *args, stdout=io.StringIO())


@pytest.mark.django_db
def test_seed_ties_the_shared_goal_to_the_2019_agreement_with_indicators():
    seed()
    goals = list(Goal.objects.order_by("position"))
    assert [g.title for g in goals] == [
        "Brottsligheten ska minska",
        "Den upplevda tryggheten ska öka",
    ]
    for goal in goals:
        assert "brottsligheten ska minska och den upplevda tryggheten ska öka" in goal.text
        assert goal.agreement.valid_from.isoformat() == "2019-11-06"
        assert goal.indicators.count() == 2
    total = AreaPopulation.objects.filter(year=2023).aggregate(n=Sum("population"))["n"]
    assert total == 159662
    assert AreaPopulation.objects.get(area__name="Bäckby", year=2023).population == 9400
    assert not AreaPopulation.objects.filter(is_approximate=False).exists()
    assert not SurveyResult.objects.exists()  # survey figures only with --demo


def test_demo_survey_shows_a_trajectory_on_the_demo_goal_only(client, demo_users):
    """On the demo year: the invented survey feeds the demo's own goal; the real goal of
    the 2019 agreement reads no demo value."""
    assert SurveyResult.objects.filter(is_demo=False).count() == 0
    goal = Goal.objects.get(is_demo=True)
    status = goal_status(goal, exact=True)
    # Demo shares of people who feel unsafe fall 27,0 → 23,1 over four surveys.
    assert [str(p.value) for p in status.main.points if p.value is not None][:2] == [
        "27.0",
        "25.5",
    ]
    assert status.verdict.verdict == Verdict.ON_TRACK
    real = goal_status(Goal.objects.get(title="Den upplevda tryggheten ska öka"), exact=True)
    assert [p.value for p in real.main.points if p.value is not None] == []
    client.force_login(demo_users["samordnare"])
    page = client.get(reverse("measures:survey_compare")).content.decode()
    assert "Dingtuna" in page and "för få svar" in page
