"""Cached figures (core.versioned) are never stale after a write a user makes.

The start page's panels, the week's and the year's figures, the hot spots, the roles and
the filter forms are read from the cache; each test writes the way a user or an admin
does and checks that the very next page shows the change.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.forms.renderers import TemplatesSetting
from django.urls import reverse
from django.utils import translation

from core import versioned
from core.forms import Renderer
from core.isoweek import Week
from lagesbild.figures.weekly import weekly_figures_of_all
from lagesbild.filters import IncidentFilter
from lagesbild.models import Incident
from tests.factories import (
    AllocationFactory,
    BudgetPackageFactory,
    GoalFactory,
    IncidentFactory,
    ThemeFactory,
)

WEEK = Week(2023, 7)  # IncidentFactory's default day, 15 February 2023, is in it


def total(week: Week) -> int:
    return weekly_figures_of_all(week)["totals"]["current"]


@pytest.fixture
def incident(ref, role_users):
    return IncidentFactory(
        category=ref["klotter"], area=ref["centrum"], organisation=role_users["polis"].organisation
    )


def test_a_new_incident_is_in_the_next_weekly_figures(incident, ref):
    before = total(WEEK)
    IncidentFactory(category=ref["klotter"], area=ref["centrum"], count=3)
    assert total(WEEK) == before + 3


def test_an_incident_written_in_raw_sql_is_in_the_next_weekly_figures(incident):
    """No signal sees raw SQL; the counts' sequence, advanced by the triggers, does."""
    before = total(WEEK)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE lagesbild_incident SET count = count + 4 WHERE id = %s", [incident.pk]
        )
    assert total(WEEK) == before + 4


def test_a_removed_incident_leaves_the_next_weekly_figures(incident):
    before = total(WEEK)
    Incident.objects.filter(pk=incident.pk).delete()
    assert total(WEEK) == before - incident.count


def test_the_weekly_page_shows_an_incident_registered_through_the_api(client, role_users, ref):
    from rest_framework.test import APIClient

    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:weekly", kwargs={"week": WEEK})
    assert client.get(url).context["figures"]["totals"]["current"] == 0
    api = APIClient()
    api.force_authenticate(role_users["polis"])
    body = {"category": ref["klotter"].pk, "area": ref["centrum"].pk, "occurred_on": "2023-02-15"}
    assert api.post("/api/v1/incidents/", body, format="json").status_code == 201
    assert client.get(url).context["figures"]["totals"]["current"] == 1


def test_the_weekly_charts_are_drawn_only_when_the_rendering_is_not_cached(
    client, role_users, incident, monkeypatch
):
    from lagesbild.figures import weekly as weekly_module
    from lagesbild.pictures import views

    drawn = []

    def counting(figures):
        drawn.append(figures["week"])
        return weekly_module.weekly_charts(figures)

    monkeypatch.setattr(views, "weekly_charts", counting)
    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:weekly", kwargs={"week": WEEK})
    first = client.get(url).content.decode()
    again = client.get(url).content.decode()
    assert drawn == [str(WEEK)]  # the second page came from the cached rendering
    assert first.count("<svg") == again.count("<svg") >= 4


def test_a_renamed_area_shows_at_once_in_the_incident_list_filter(client, role_users, ref):
    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:incident_list")
    option = f'<option value="{ref["centrum"].pk}">'
    assert option + "Centrum</option>" in client.get(url).content.decode()
    ref["centrum"].name = "Centrum (inre)"
    ref["centrum"].save()
    html = client.get(url).content.decode()
    assert option + "Centrum (inre)</option>" in html and option + "Centrum</option>" not in html


def test_the_filter_form_keeps_the_chosen_values_per_query_string(client, role_users, ref):
    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:incident_list")
    client.get(url)
    html = client.get(url, {"area": ref["backby"].pk}).content.decode()
    assert f'<option value="{ref["backby"].pk}" selected>Bäckby</option>' in html
    assert f'<option value="{ref["backby"].pk}">Bäckby</option>' in client.get(url).content.decode()


def test_a_changed_goal_shows_at_once_on_the_start_page(client, role_users):
    goal = GoalFactory(title="Färre inbrott")
    client.force_login(role_users["samordnare"])
    assert "Färre inbrott" in client.get(reverse("dashboard")).content.decode()
    goal.title = "Färre bostadsinbrott"
    goal.save()
    assert "Färre bostadsinbrott" in client.get(reverse("dashboard")).content.decode()


def test_a_new_allocation_shows_at_once_in_the_budget_panel(client, role_users):
    from budget.selectors import current_status

    theme = ThemeFactory(package=BudgetPackageFactory(year=dt.date.today().year))
    AllocationFactory(theme=theme, amount=100_000)
    assert current_status()["figures"].allocated == 100_000
    AllocationFactory(theme=theme, amount=25_000)
    assert current_status()["figures"].allocated == 125_000


def test_a_role_taken_away_is_refused_on_the_next_request(client, role_users):
    """Roles are cached between requests; leaving the group ends access at once."""
    user = role_users["samordnare"]
    client.force_login(user)
    url = reverse("budget:package_list")
    assert client.get(url).status_code == 200
    user.groups.remove(Group.objects.get(name="samordnare"))
    assert client.get(url).status_code == 403


def test_a_deleted_role_group_is_refused_on_the_next_request(client, role_users):
    """Deleting a group removes its memberships without an m2m signal: the group's own
    delete ends the cached roles."""
    client.force_login(role_users["polis"])
    url = reverse("lagesbild:incident_list")
    assert client.get(url).status_code == 200
    Group.objects.get(name="polis").delete()
    assert client.get(url).status_code == 403


def test_a_write_renews_the_generation_now_and_again_at_commit(
    db, django_capture_on_commit_callbacks
):
    """A reader that computed between the write and its commit stored its figures under
    the first new generation; the second, at commit, leaves them unread."""
    first = versioned.generations(["measures"])["measures"]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        GoalFactory()
        during = versioned.generations(["measures"])["measures"]
        assert during != first
    assert versioned.generations(["measures"])["measures"] not in (first, during)


def test_figures_are_kept_apart_per_language(db):
    """Cached text is in the language it was made in."""
    from trygghet.reports.cycle import cycle_this_year

    with translation.override("sv"):
        swedish = [str(step.label) for step in cycle_this_year()["steps"]]
    with translation.override("en"):
        english = [str(step.label) for step in cycle_this_year()["steps"]]
    assert swedish != english
    assert "Cause analysis" in english and "Cause analysis" not in swedish


def test_without_a_cache_every_figure_is_computed(settings, incident, ref):
    settings.FIGURES_CACHE_SECONDS = 0
    before = total(WEEK)
    IncidentFactory(category=ref["klotter"], area=ref["centrum"])
    assert total(WEEK) == before + 1


def test_the_select_renderer_draws_what_djangos_templates_draw(rf, role_users, ref):
    """Grouped options, the chosen one, attributes and a name needing escapes: the
    Python renderer's HTML is the templates' HTML, byte for byte."""
    ref["centrum"].name = 'Centrum <b>"&'
    ref["centrum"].save()
    request = rf.get("/", {"area": ref["centrum"].pk})
    request.user = role_users["samordnare"]
    form = IncidentFilter(request.GET, queryset=Incident.objects.all(), request=request).form
    compared = 0
    for field in form:
        widget = field.field.widget
        if widget.template_name != "django/forms/widgets/select.html":
            continue
        attrs = {"id": field.auto_id, "class": "form-select", "disabled": True, "data-x": "<&>"}
        context = widget.get_context(field.html_name, field.value(), attrs)
        with translation.override("sv"):
            assert Renderer().render(widget.template_name, context) == TemplatesSetting().render(
                widget.template_name, context
            )
        compared += 1
    assert compared >= 4  # area, category, organisation, source, area group


def test_the_list_rows_name_what_they_refer_to_and_follow_a_rename(
    client, incident, ref, role_users
):
    """The rows read categories, areas, places and organisations from the cache."""
    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:incident_list")
    html = client.get(url).content.decode()
    assert "<td>Centrum</td>" in html
    assert "Klotter <span" in html and "(Skadegörelse)" in html
    assert f"<td>{incident.organisation.name}</td>" in html
    ref["centrum"].name = "Centrum (inre)"
    ref["centrum"].save()
    assert "<td>Centrum (inre)</td>" in client.get(url).content.decode()


@pytest.fixture
def lagging_week(settings, incident, ref, monkeypatch):
    """A lag of 10 s on a fake clock: the week's first figures, then one new incident.
    Returns the clock (a one-element list of seconds) and the first figures."""
    import time

    settings.FIGURES_LAG_SECONDS = 10
    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    first = weekly_figures_of_all(WEEK)
    IncidentFactory(category=ref["klotter"], area=ref["centrum"])
    return now, first


def test_a_busy_morning_recomputes_the_figures_at_most_once_per_lag(lagging_week):
    """With a lag of 10 s, a new incident shows once the figures are 10 s old: however
    fast incidents come, the week is computed at most once per 10 s."""
    now, first = lagging_week
    now[0] += 9.9
    assert weekly_figures_of_all(WEEK) == first  # 9.9 s old: still these
    now[0] += 0.2
    anew = weekly_figures_of_all(WEEK)  # 10.1 s old and a new incident: computed anew
    assert anew["totals"]["current"] == first["totals"]["current"] + 1
    now[0] += 30
    # No new incident since: the same figures (the same computation, its time and all).
    assert weekly_figures_of_all(WEEK) == anew


def test_a_lag_for_incidents_delays_no_other_change(settings, client, role_users, monkeypatch):
    settings.FIGURES_LAG_SECONDS = 3600
    goal = GoalFactory(title="Färre inbrott")
    client.force_login(role_users["samordnare"])
    assert "Färre inbrott" in client.get(reverse("dashboard")).content.decode()
    goal.title = "Färre bostadsinbrott"
    goal.save()
    assert "Färre bostadsinbrott" in client.get(reverse("dashboard")).content.decode()


def test_out_of_date_figures_are_renewed_by_one_reader_while_the_others_get_the_old(
    lagging_week, monkeypatch
):
    """Past the lag with a new incident, the first reader computes the week anew; a
    reader that comes while another is at it gets the old figures instead of computing
    the same at the same moment."""
    from core import versioned

    now, first = lagging_week
    now[0] += 11
    computed = []
    original = versioned.cache.add

    def renewing_elsewhere(key, *args, **kwargs):
        computed.append(key)
        return False  # another process holds the renewal

    monkeypatch.setattr(versioned.cache, "add", renewing_elsewhere)
    assert weekly_figures_of_all(WEEK) == first
    assert computed and computed[0].endswith(":renewing")
    monkeypatch.setattr(versioned.cache, "add", original)
    anew = weekly_figures_of_all(WEEK)
    assert anew["totals"]["current"] == first["totals"]["current"] + 1
    # The renewal let go of its lock: the next renewal can take it.
    assert versioned.cache.get(computed[0]) is None


def test_reference_rows_are_kept_in_the_process_and_follow_every_change(ref, settings, monkeypatch):
    """references() (the categories, areas and places every registration and list row
    names) is kept in the process: no query and no unpickling while nothing changed, a
    rename at once, and a write no generation sees once the cache lifetime has passed."""
    import time

    from django.test.utils import CaptureQueriesContext

    from lagesbild.models import Area
    from lagesbild.selectors import references

    first = references()
    with CaptureQueriesContext(connection) as queries:
        again = references()
    assert again is first and len(queries) == 0
    ref["centrum"].name = "Centrum (inre)"
    ref["centrum"].save()
    assert references()["area"][ref["centrum"].pk].name == "Centrum (inre)"
    # An update that bumps no generation: the old name until the lifetime has passed.
    Area.objects.filter(pk=ref["centrum"].pk).update(name="Centrum (city)")
    reads = []
    shared_get = versioned.cache.get
    monkeypatch.setattr(
        versioned.cache, "get", lambda key, *a, **k: reads.append(key) or shared_get(key)
    )
    assert references()["area"][ref["centrum"].pk].name == "Centrum (inre)"
    assert reads == []  # the process's copy: the shared cache is not even asked
    later = time.time() + settings.FIGURES_CACHE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    references()
    assert len(reads) == 1  # expired in the process: the shared entry is read again
    versioned.cache.delete(reads[0])  # which Redis lets go of at the same age
    assert references()["area"][ref["centrum"].pk].name == "Centrum (city)"
