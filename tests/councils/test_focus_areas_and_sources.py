"""Item 5 and 7 of issue #20: the focus areas as records (the migration keeps the old
text), and facts that are not in the seeds carry their source where they are shown."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from councils.models import Council, FocusArea
from measures.models import AreaPopulation, CitizenPromise

BEFORE = [("councils", "0010_constraint_messages")]
AFTER = [("councils", "0011_focus_areas_board_reports")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_each_line_into_a_focus_area():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("councils", "Council")
    old.objects.create(name="Rådet", focus_areas="Unga i riskzon\n\nBrottsoffer\nUnga i riskzon\n")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    areas = new.get_model("councils", "FocusArea").objects.order_by("order")
    assert [(a.name, a.order) for a in areas] == [("Unga i riskzon", 1), ("Brottsoffer", 2)]
    # Back to the latest state for the other tests.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def seeded(db):
    call_command("seed_vasteras", stdout=io.StringIO())


def test_exactly_the_three_focus_areas_with_their_short_names(seeded):
    council = Council.objects.get()
    assert [(a.short_name, a.order) for a in council.focus_areas.all()] == [
        ("Unga i riskzon", 1),
        ("Särskilt utsatta brottsoffer", 2),
        ("Avhopparverksamhet", 3),
    ]
    # A second seed changes nothing; a fourth area (the krogmiljö activity) is removed.
    FocusArea.objects.create(council=council, name="Krogmiljön", order=4)
    call_command("seed_vasteras", stdout=io.StringIO())
    assert council.focus_areas.count() == 3


def test_facts_outside_the_seeds_carry_their_source_where_shown(seeded, make_user, client):
    council = Council.objects.get()
    assert "demo/uppskattning" in council.dates_source
    assert all("demo/uppskattning" in p.source for p in CitizenPromise.objects.all())
    assert AreaPopulation.objects.exists()
    assert not AreaPopulation.objects.filter(source="").exists()
    client.force_login(make_user("samordnare"))
    page = client.get(reverse("councils:council")).content.decode()
    assert "data-source-mark" in page and "demo/uppskattning" in page
    public = client.get(reverse("measures:promises")).content.decode()
    assert public.count("data-source-mark") == CitizenPromise.objects.published().count()


def test_a_rate_per_1000_says_where_the_population_comes_from(seeded, make_user, client):
    from measures.models import Goal

    goal = Goal.objects.filter(indicators__kind="per_1000").first()
    client.force_login(make_user("samordnare"))
    page = client.get(reverse("measures:goal_detail", args=[goal.pk])).content.decode()
    assert "data-source-mark" in page and "inte SCB:s statistik" in page
