"""Swedish formats everywhere (`1 500 000 kr`, `vecka 7`, `21 november 2026`, `2026-11-21`)
from one formatter (core/formatting.py) through one filter library
(core/templatetags/sv_format.py), and English per user."""

import datetime as dt
import re
from decimal import Decimal
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.backends.django import get_installed_libraries
from django.urls import reverse
from django.utils import translation

from budget.models import Activity
from core import formatting
from tests.factories import (
    AllocationFactory,
    BudgetPackageFactory,
    ExpenditureFactory,
    FollowUpFactory,
    IncidentFactory,
    MeasureFactory,
    ThemeFactory,
)

NNBSP, NBSP = "\u202f", "\u00a0"


def render(source: str, **context) -> str:
    return Template("{% load sv_format %}" + source).render(Context(context))


def test_the_filters_give_swedish_forms():
    with translation.override("sv"):
        assert render("{{ v|number }}", v=1500000) == f"1{NNBSP}500{NNBSP}000"
        assert render("{{ v|number:1 }}", v=2.5) == "2,5"
        assert render("{{ v|sek }}", v=Decimal("1500000.00")) == f"1{NNBSP}500{NNBSP}000{NBSP}kr"
        assert render("{{ v|sek }}", v=Decimal("2100000.50")) == (
            f"2{NNBSP}100{NNBSP}000,50{NBSP}kr"
        )
        assert render("{{ v|week }}", v=dt.date(2023, 2, 15)) == "vecka 7"
        assert render('{{ v|week:"year" }}', v="2023-W07") == "vecka 7, 2023"
        assert render("{{ v|longdate }}", v=dt.date(2026, 11, 21)) == "21 november 2026"
        assert render("{{ v|isodate }}", v=dt.date(2026, 11, 21)) == "2026-11-21"
        # 23:30 UTC is already the next day in Stockholm.
        late = dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.UTC)
        assert render("{{ v|isodate }}", v=late) == "2026-11-22"
        assert render("{{ v|sek }} {{ v|number }} {{ v|longdate }}", v=None) == "– – –"
        assert render("{{ a|signed }} {{ b|signed }} {{ c|signed }}", a=1500, b=-2, c=0) == (
            f"+1{NNBSP}500 \u22122 ±0"
        )
        assert render("{{ v|signed }} {{ w|signed }}", v=None, w="< 3") == "– –"
    with translation.override("en"):
        assert render("{{ v|week }}", v=dt.date(2023, 2, 15)) == "week 7"


FORMATTERS = {"number", "num", "sek", "signed", "week", "longdate", "isodate"}
APPS = ("core", "councils", "lagesbild", "measures", "budget", "trygghet")


def test_only_sv_format_has_formatting_filters():
    """No app keeps its own `|num` or `|sek`: one filter per format, in sv_format."""
    owners = {
        name: module
        for name, module in get_installed_libraries().items()
        if module.split(".")[0] in APPS and FORMATTERS & set(import_module(module).register.filters)
    }
    assert owners == {"sv_format": "core.templatetags.sv_format"}


def test_no_module_defines_its_own_number_or_money_formatter():
    """Aliases such as charts.format_number or budget's format_sek stay gone."""
    alias = re.compile(r"^def (format_number|format_sek|sek|number|num|signed)\(", re.M)
    own = {Path("core/formatting.py"), Path("core/templatetags/sv_format.py")}
    found = [
        str(path.relative_to(settings.BASE_DIR))
        for app in APPS
        for path in sorted((settings.BASE_DIR / app).rglob("*.py"))
        if path.relative_to(settings.BASE_DIR) not in own and alias.search(path.read_text())
    ]
    assert found == []


def test_a_signed_change_and_an_activity_target_use_the_one_formatter():
    assert formatting.signed(2.5, 1) == "+2,5"
    assert formatting.signed(0, zero="0") == "0"
    target = Activity(target_number=1250, target_unit="feriepraktikplatser").target
    assert target == f"1{NNBSP}250 feriepraktikplatser"


def _spaces(html: str) -> str:
    return html.replace(NNBSP, " ").replace(NBSP, " ")


@pytest.mark.django_db
def test_budget_overview_shows_swedish_money(client, role_users):
    package = BudgetPackageFactory(name="Trygghetspaket 2023", total=Decimal("15000000"))
    allocation = AllocationFactory(theme=ThemeFactory(package=package), amount=Decimal("1500000"))
    ExpenditureFactory(allocation=allocation, amount=Decimal("250000"), date=dt.date(2023, 9, 15))
    client.force_login(role_users["samordnare"])
    html = client.get(reverse("budget:package_detail", kwargs={"pk": package.pk})).content
    html = html.decode()
    assert f"15{NNBSP}000{NNBSP}000{NBSP}kr" in html  # never broken across lines
    assert "1 500 000 kr" in _spaces(html) and "250 000 kr" in _spaces(html)
    assert "1500000" not in html and "1,500,000" not in html


@pytest.mark.django_db
def test_weekly_page_shows_week_numbers_and_dates_in_swedish(client, role_users):
    IncidentFactory(occurred_on=dt.date(2023, 2, 15), count=1500)
    client.force_login(role_users["samordnare"])
    html = client.get(reverse("lagesbild:weekly", kwargs={"week": "2023-W07"})).content.decode()
    assert "vecka 7, 2023" in html
    assert "13 februari – 19 februari 2023" in html
    assert "1 500" in _spaces(html) and ">1500<" not in html


@pytest.mark.django_db
def test_measure_shows_swedish_dates(client, role_users):
    measure = MeasureFactory(owner=role_users["polis"].organisation, title="Närvaro i centrum")
    FollowUpFactory(measure=measure, date=dt.date(2026, 2, 1))
    client.force_login(role_users["samordnare"])
    html = client.get(reverse("measures:measure_detail", kwargs={"pk": measure.pk})).content
    html = html.decode()
    assert "5 januari 2026 – 29 mars 2026" in html  # the period
    assert "1 februari 2026" in html  # the follow-up
    today = dt.date.today().isoformat()[:4]
    assert f"<li>{today}-" in html  # the history, ISO dates


@pytest.mark.django_db
def test_english_is_switchable_per_user(client, role_users):
    package = BudgetPackageFactory(name="Trygghetspaket 2023", total=Decimal("15000000"))
    user = role_users["samordnare"]
    user.preferred_language = "en"
    user.save()
    client.force_login(user)
    weekly = client.get(reverse("lagesbild:weekly", kwargs={"week": "2023-W07"})).content.decode()
    assert '<html lang="en">' in weekly
    assert "Situation picture, week 7, 2023" in weekly and "Lägesbild" not in weekly
    assert ">Measures<" in weekly.replace("\n", "").replace("  ", "")  # the navigation
    budget = client.get(reverse("budget:package_detail", kwargs={"pk": package.pk})).content
    budget = budget.decode()
    assert "Package total" in budget and "Skip to content" in budget
    # Money stays Swedish in English too: the amounts are Swedish kronor.
    assert "15 000 000 kr" in _spaces(budget)
    # A Swedish user of the same pages sees Swedish.
    user.preferred_language = "sv"
    user.save()
    weekly = client.get(reverse("lagesbild:weekly", kwargs={"week": "2023-W07"})).content.decode()
    assert '<html lang="sv">' in weekly and "vecka 7, 2023" in weekly
