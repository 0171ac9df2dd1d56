"""The layers trygghet > budget > measures > lagesbild > councils > core hold in templates too.

import-linter (`make lint`) checks the Python imports; this scan checks what it cannot
see: a template of app X that names a higher app's URL (`{% url 'ns:...' %}`), includes
or extends a higher app's template, or loads a higher app's tag library. A lower app
offers a slot instead and the higher app fills it (core.links), as the navigation does.
"""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.template import TemplateDoesNotExist, engines
from django.template.backends.django import get_installed_libraries
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core import slots
from core.isoweek import Week

ROOT = Path(settings.BASE_DIR)
LAYERS = ("trygghet", "budget", "measures", "lagesbild", "councils", "core")
RANK = {app: rank for rank, app in enumerate(reversed(LAYERS))}  # core 0 … trygghet 5
# Every page extends the project's frame by this one name; the frame includes the apps'
# navigation downwards, so the name is the frame's interface, not a reach into trygghet.
FRAME = {"base.html"}
WEEK = Week(2023, 7)

URL_TAG = re.compile(r"\{%-?\s*url\s+(['\"])([^'\"]+)\1")
TEMPLATE_TAG = re.compile(r"\{%-?\s*(include|extends)\s+(['\"])([^'\"]+)\2")
SLOT_TAG = re.compile(r"\{%-?\s*slot(?:_url)?\s+['\"]([^'\"]+)['\"]")
LOAD_TAG = re.compile(r"\{%-?\s*load\s+([^%]+?)\s*-?%\}")


def _layer_of_path(path: Path) -> str | None:
    """The app whose layer a file belongs to; the root templates/ is the top layer."""
    parts = path.resolve().relative_to(ROOT).parts
    if parts[0] == "templates":
        return "trygghet"
    return parts[0] if parts[0] in RANK else None


def _layer_of_module(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in RANK else None


def _url_layers() -> dict[str, str]:
    """Each URL namespace and each un-namespaced URL name mapped to the app defining it."""
    resolver = get_resolver()
    layers = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLPattern) and entry.name:
            layers[entry.name] = _layer_of_module(resolver.urlconf_name)
        elif isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            if entry.namespace:
                layers[entry.namespace] = _layer_of_module(module)
            else:
                for sub in entry.url_patterns:
                    if isinstance(sub, URLPattern) and sub.name:
                        layers[sub.name] = _layer_of_module(module)
    return {name: layer for name, layer in layers.items() if layer}


def _template_layer(name: str) -> str | None:
    try:
        template = engines["django"].engine.get_template(name)
    except TemplateDoesNotExist:
        return None
    return _layer_of_path(Path(template.origin.name))


def _template_files():
    for app in LAYERS:
        yield from sorted((ROOT / app).glob("**/templates/**/*.html"))
    yield from sorted((ROOT / "templates").glob("**/*.html"))


def _upward(path: Path, own: str, urls: dict[str, str], libraries: dict[str, str]):
    """The references in one template of layer `own` that reach a higher layer."""
    text = path.read_text(encoding="utf-8")
    targets = []
    for match in URL_TAG.finditer(text):
        name = match.group(2)
        targets.append((urls.get(name.split(":")[0]), f"url '{name}'"))
    for match in TEMPLATE_TAG.finditer(text):
        kind, name = match.group(1), match.group(3)
        if name not in FRAME:
            targets.append((_template_layer(name), f'{kind} "{name}"'))
    for match in LOAD_TAG.finditer(text):
        words = match.group(1).split()
        # `{% load a b from library %}` names one library, after `from`.
        names = words[words.index("from") + 1 :] if "from" in words else words
        for library in names:
            targets.append((_layer_of_module(libraries.get(library, "")), f"load {library}"))
    return [f"{what} ({target})" for target, what in targets if target and RANK[target] > RANK[own]]


def violations() -> list[str]:
    """Every reference from a template to something in a higher layer, as readable lines."""
    urls, libraries = _url_layers(), get_installed_libraries()
    return [
        f"{path.relative_to(ROOT)} ({own}) → {line}"
        for path in _template_files()
        for own in [_layer_of_path(path)]
        for line in _upward(path, own, urls, libraries)
    ]


def test_no_template_reaches_a_higher_app():
    assert violations() == []


def test_the_scan_sees_every_kind_of_upward_reference(tmp_path):
    """A councils template with an upward url, include and load has each one reported."""
    probe = tmp_path / "probe.html"
    probe.write_text(
        '{% extends "base.html" %}{% load budget_tags sv_format %}{% load can from access %}'
        '{% url "reports:meeting_pack" 1 %}{% url "councils:meeting_list" %}'
        '{% include "measures/_status.html" %}{% include "councils/_nav.html" %}'
        "{% url 'login' %}",
        encoding="utf-8",
    )
    found = _upward(probe, "councils", _url_layers(), get_installed_libraries())
    assert sorted(found) == [
        'include "measures/_status.html" (measures)',
        "load budget_tags (budget)",
        "url 'login' (trygghet)",
        "url 'reports:meeting_pack' (trygghet)",
    ]


def test_every_slot_a_template_names_is_filled_and_every_filled_slot_is_named():
    named = set()
    for path in _template_files():
        named |= set(SLOT_TAG.findall(path.read_text(encoding="utf-8")))
    assert named == slots.filled()


def test_an_unfilled_slot_renders_nothing():
    html = engines["django"].from_string(
        '{% load slots %}[{% slot "nowhere" a=1 %}]{% slot_url "nowhere" 1 as u %}[{{ u }}]'
    )
    assert html.render({}) == "[][]"


@pytest.mark.parametrize("name", ["_pagination.html", "_form_errors.html"])
def test_shared_partials_live_in_core(name):
    """Partials that every app and core's own tags include sit at the bottom layer."""
    assert _template_layer(name) == "core"


# The links that lower apps' pages show, composed from above, appear as before.


@pytest.fixture
def meeting(db):
    from tests.factories.councils import MeetingFactory

    return MeetingFactory(title="Trygghetsrådet mars")


def _publish(meeting):
    meeting.pack_published_at = timezone.now()
    meeting.save(update_fields=["pack_published_at"])


@pytest.mark.parametrize(
    ("role", "ready", "shown"),
    [
        ("samordnare", False, True),  # the coordinator previews the pack before it is ready
        ("ledamot", False, False),
        ("ledamot", True, True),
    ],
)
def test_meeting_page_links_the_pack_when_the_user_may_see_it(
    client, role_users, meeting, role, ready, shown
):
    if ready:
        _publish(meeting)
    client.force_login(role_users[role])
    html = client.get(reverse("councils:meeting_detail", args=[meeting.pk])).content.decode()
    pack = reverse("reports:meeting_pack", args=[meeting.pk])
    assert (f'href="{pack}">Öppna möteshandlingarna</a>' in html) is shown


@pytest.mark.parametrize("ready", [False, True])
def test_meeting_list_and_start_page_link_the_next_pack_once_ready(
    client, role_users, meeting, ready
):
    if ready:
        _publish(meeting)
    client.force_login(role_users["ledamot"])
    pack = reverse("reports:meeting_pack", args=[meeting.pk])
    listing = client.get(reverse("councils:meeting_list")).content.decode()
    start = client.get(reverse("dashboard")).content.decode()
    assert (f'href="{pack}"' in listing) is ready
    assert (f'href="{pack}"' in start) is ready
    assert ("Möteshandlingarna är inte klara än" in start) is not ready


@pytest.fixture
def lagesbild_world(db, time_machine):
    from tests.lagesbild.picture_fixtures import trend_week_world

    time_machine.move_to(dt.datetime(2023, 2, 22, 9, 0, tzinfo=dt.UTC), tick=False)
    return trend_week_world(WEEK)


def _start_links(html: str) -> list[str]:
    return re.findall(r'data-testid="start-measure" href="([^"]+)">([^<]+)</a>', html)


PARAM = {"area": "area", "place": "place", "category": "category", "event": "category"}


@pytest.mark.parametrize("role", ["samordnare", "polis"])
def test_weekly_trends_and_hot_spots_offer_a_prefilled_measure(
    client, role_users, lagesbild_world, role
):
    w, create = lagesbild_world, reverse("measures:measure_create")
    client.force_login(role_users[role])
    response = client.get(reverse("lagesbild:weekly", kwargs={"week": WEEK}))
    # Each flagged trend offers a measure, prefilled with its area, category or place
    # and with the week and what started it, and so does each place (or event) whose
    # rise is reported within an area's (a main category's) finding.
    week = f"start={WEEK.monday}&amp;end={WEEK.sunday}"

    def origin(dimension, key, label):
        kind = "category" if dimension == "event" else dimension
        return (
            f"{create}?{PARAM[dimension]}={key}&amp;{week}&amp;key={key}"
            f"&amp;label={quote(label, safe='/')}&amp;from={kind}"
        )

    expected = []
    for t in response.context["figures"]["trends"]:
        if t["key"]:
            expected.append(
                (origin(t["dimension"], t["key"], t["label"]), "Starta en insats mot trenden")
            )
            expected += [
                (
                    origin(i["dimension"], i["key"], i["label"]),
                    f"Starta en insats vid {i['label']}"
                    if i["dimension"] == "place"
                    else "Starta en insats mot trenden",
                )
                for i in t.get("within", [])
                if i["key"]
            ]
    # Each hot cell offers one where it lies: its place (and area), else its area.
    spots = [
        (
            f"{create}?"
            + (f"place={c['place_id']}&amp;" if c["place_id"] else "")
            + f"area={c['area_id']}&amp;{week}&amp;key={quote(c['key'], safe='/')}"
            + f"&amp;label={quote(c['name'], safe='/')}&amp;from=hotspot",
            "Starta en insats för den här heta punkten",
        )
        for c in response.context["figures"]["hotspots"]["hot_spots"]
        if c["z"] > 0
    ]
    # Klotter rose within Skadegörelse: one finding, offered for the main category.
    assert f"?category={w.skadegorelse.pk}&amp;{week}" in str(expected)
    assert spots and _start_links(response.content.decode()) == expected + spots
    params = {"category": w.skadegorelse.pk, "area": w.backby.pk}
    response = client.get(reverse("lagesbild:hotspots"), params)
    links = _start_links(response.content.decode())
    assert re.fullmatch(
        rf"{create}\?area={w.backby.pk}&amp;category={w.skadegorelse.pk}"
        r"&amp;start=[-\d]+&amp;end=[-\d]+&amp;label=Heta%20punkter[^&]+&amp;from=hotspot",
        links[0][0],
    )
    assert links[0][1] == "Starta en insats för den här heta punkten"
    # Then one per hot cell, where the cell lies (named by its nearest place or area)…
    assert len(links) > 1
    # …with the selection's category carried along.
    tail = (
        rf"area=\d+&amp;category={w.skadegorelse.pk}&amp;start=[-\d]+&amp;end=[-\d]+"
        r"&amp;key=-?\d+%2C-?\d+&amp;label=[^&]+&amp;from=hotspot$"
    )
    assert all(re.search(tail, href) for href, _label in links[1:])


def test_public_promises_page_links_the_staff_login_for_visitors_only(client, role_users):
    login = f'href="{resolve_url(settings.LOGIN_URL)}"'
    assert login in client.get(reverse("measures:promises")).content.decode()
    client.force_login(role_users["ledamot"])
    assert login not in client.get(reverse("measures:promises")).content.decode()
