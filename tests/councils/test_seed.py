"""`manage.py seed_vasteras`: the facts from the seeds, and idempotent."""

import io

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from councils.models import Committee, Organisation, User


def snapshot() -> dict[str, str]:
    """Every row of every model, serialised: equal snapshots mean nothing changed."""
    return {
        model._meta.label: serializers.serialize("json", model._default_manager.order_by("pk"))
        for model in apps.get_models()
        if model._meta.label not in {"sessions.Session", "axes.AccessLog"}
    }


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_vasteras", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_twice_changes_nothing():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first


@pytest.mark.django_db
def test_seed_with_demo_twice_changes_nothing():
    seed("--demo")
    first = snapshot()
    output = seed("--demo")
    assert snapshot() == first
    assert "--reset-demo-passwords" in output


@pytest.mark.django_db
def test_seed_loads_the_committees_of_the_council_and_the_package():
    seed()
    names = set(Committee.objects.values_list("name", flat=True))
    assert {
        "Kommunstyrelsen",
        "Grundskolenämnden",
        "Nämnden för idrott, fritid och förebyggande",
        "Individ- och familjenämnden",
        "Kulturnämnden",
        "Tekniska nämnden",
        "Arbetsmarknadsnämnden",
        "Skultuna kommundelsnämnd",
    } <= names
    assert Organisation.objects.filter(name="Lokalpolisområde Västerås", kind="polis").exists()


@pytest.mark.django_db
def test_demo_users_one_per_role_with_passwords_printed_once():
    output = seed("--demo")
    for role in ("samordnare", "polis", "rapportor", "ledamot"):
        user = User.objects.get(username=role)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        line = next(line for line in output.splitlines() if f"användarnamn: {role} " in line)
        password = line.rsplit("lösenord: ", 1)[1].strip()
        assert user.check_password(password)
    # A second run prints no passwords, and a reset prints new working ones.
    assert "lösenord:" not in seed("--demo")
    reset = seed("--demo", "--reset-demo-passwords")
    line = next(line for line in reset.splitlines() if "användarnamn: polis " in line)
    assert User.objects.get(username="polis").check_password(
        line.rsplit("lösenord: ", 1)[1].strip()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("today", ["2026-11-29", "2026-12-03", "2027-01-01"])
def test_every_meeting_falls_on_a_weekday(today, time_machine):
    from django.utils import timezone

    from councils.models import Meeting

    time_machine.move_to(f"{today} 10:00 +01:00")
    seed("--demo")
    days = [timezone.localtime(m.starts_at).date() for m in Meeting.objects.all()]
    assert days and all(day.weekday() < 5 for day in days), days
