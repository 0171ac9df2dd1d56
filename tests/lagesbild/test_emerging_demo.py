"""Emerging hot spots on the demo year: the weekly picture's summary, the classes in the
hot-spot tables and on the map data, the gated summary for members, and the time."""

from django.urls import reverse

from lagesbild.emerging import CLASSES, summary
from lagesbild.figures.emerging import emerging_figures, last_whole_week
from lagesbild.models import Incident, WeeklyPicture
from lagesbild.pictures import services as picture_services
from lagesbild.seed import demo_weeks


def test_the_weekly_picture_summarises_the_classes(client, demo_users):
    week = demo_weeks()[-1]
    expected = emerging_figures(week)
    assert expected["counts"] and set(expected["counts"]) <= set(CLASSES)
    client.force_login(demo_users["samordnare"])
    response = client.get(reverse("lagesbild:weekly", kwargs={"week": week}))
    figures = response.context["figures"]
    assert figures["emerging"]["counts"] == expected["counts"]
    assert summary(expected["counts"]) in response.text
    assert "Heta punkter de senaste 12 veckorna" in response.text
    # Each hot spot of the week's table carries its class where it has one.
    classes = expected["cells"]
    for cell in figures["hotspots"]["hot_spots"]:
        assert cell["emerging"] == classes.get(cell["key"], "")
    classed = [c for c in figures["hotspots"]["hot_spots"] if c["emerging"]]
    assert classed, "the demo's busiest cells are hot week after week"
    assert f'data-emerging="{classed[0]["emerging"]}"' in response.text


def test_the_map_data_carries_the_class(client, demo_users):
    week = demo_weeks()[-1]
    classes = emerging_figures(week)["cells"]
    client.force_login(demo_users["polis"])
    data = client.get(reverse("lagesbild:weekly_map_data", kwargs={"week": week})).json()
    features = data["hotspots"]["features"]
    assert features
    for f in features:
        p = f["properties"]
        hot = p["class"].startswith("hot-")
        assert p["emerging"] == (classes.get(f"{p['col']},{p['row']}", "") if hot else "")
    assert any(f["properties"]["emerging_label"] for f in features)


def test_the_hot_spot_page_shows_the_classes_over_the_same_selection(client, demo_users):
    client.force_login(demo_users["samordnare"])
    response = client.get(reverse("lagesbild:hotspots"))
    _start, end = response.context["period"]
    emerging = response.context["emerging"]
    assert emerging["last"] == str(last_whole_week(end))
    assert emerging["summary"] and emerging["summary"] in response.text
    assert "emerging-legend" in response.text
    table = response.context["hotspots"]["hot_spots"]
    assert any(c["emerging"] for c in table)
    # A category: the classes of that category's incidents only.
    category = (
        Incident.objects.exclude(category__parent=None)
        .values_list("category__parent", flat=True)
        .first()
    )
    picked = client.get(reverse("lagesbild:hotspots"), {"category": category})
    assert picked.context["emerging"]["cells"] != emerging["cells"]


def test_members_see_the_summary_through_the_disclosure_gate(client, demo_users):
    week = demo_weeks()[-1]
    picture_services.weekly_picture_publish(week=week, user=demo_users["samordnare"])
    picture = WeeklyPicture.objects.for_week(week.iso_year, week.iso_week).get()
    counts = picture.snapshot["emerging"]["counts"]
    client.force_login(demo_users["ledamot"])
    response = client.get(reverse("lagesbild:weekly", kwargs={"week": week}))
    gated = response.context["figures"]["emerging"]
    assert "cells" not in gated
    for cls, n in counts.items():
        assert gated["counts"][cls] == (n if n >= 3 else "< 3")
    assert gated["summary"] in response.text
    assert "data-emerging" not in response.text  # no cell, no class per place


def test_emerging_analysis_reads_stored_counts_in_a_few_queries_on_the_demo_year(
    demo_db, django_assert_max_num_queries
):
    """Its speed is the benchmark's (`make bench`); here, that the work is bounded: a
    week's emerging hot spots read the stored cell counts in a fixed few queries, and
    agree with the same analysis over the incidents themselves."""
    weeks = demo_weeks()
    for week in weeks[-4:]:
        with django_assert_max_num_queries(3):
            stored = emerging_figures(week)
        direct = emerging_figures(week, queryset=Incident.objects.all())
        assert stored["counts"] == direct["counts"] and stored["cells"] == direct["cells"]
