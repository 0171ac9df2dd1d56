"""Services of measures: creation rights, the optimistic lock, follow-ups, reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from measures import services
from measures.models import Measure
from tests.factories import FollowUpFactory, MeasureFactory, OrganisationFactory


def _fields(owner, **extra):
    return {
        "title": "Ökad närvaro vid Bäckby centrum",
        "type": Measure.Type.PRESENCE,
        "owner": owner,
        "start_date": dt.date(2026, 3, 2),
        "end_date": dt.date(2026, 5, 31),
        **extra,
    }


@pytest.mark.django_db
def test_police_create_for_their_own_organisation_only(role_users):
    polis = role_users["polis"]
    measure = services.measure_create(user=polis, **_fields(polis.organisation))
    assert measure.version == 1 and measure.created_by == polis
    with pytest.raises(PermissionDenied):
        services.measure_create(user=polis, **_fields(role_users["rapportor"].organisation))


@pytest.mark.django_db
def test_period_and_progress_are_checked_by_form_and_database(role_users):
    city = role_users["samordnare"].organisation
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            user=role_users["samordnare"], **_fields(city, end_date=dt.date(2026, 1, 1))
        )
    assert "end_date" in error.value.message_dict
    measure = MeasureFactory(owner=city)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(progress=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(end_date=dt.date(2020, 1, 1))


@pytest.mark.django_db
def test_the_second_of_two_concurrent_edits_is_refused(role_users):
    coordinator, polis = role_users["samordnare"], role_users["polis"]
    measure = MeasureFactory(owner=polis.organisation, title="Original")
    # Both open the edit form at version 1.
    first = Measure.objects.get(pk=measure.pk)
    second = Measure.objects.get(pk=measure.pk)
    services.measure_update(measure=first, user=polis, version=1, title="Polisens titel")
    with pytest.raises(services.EditConflict) as error:
        services.measure_update(
            measure=second, user=coordinator, version=1, title="Samordnarens titel"
        )
    assert polis.username in str(error.value)
    measure.refresh_from_db()
    assert measure.title == "Polisens titel" and measure.version == 2
    # With the current version the coordinator's save goes through.
    services.measure_update(measure=measure, user=coordinator, version=2, progress=40)
    measure.refresh_from_db()
    assert measure.progress == 40 and measure.version == 3
    assert measure.history.count() == 3


@pytest.mark.django_db
def test_others_cannot_update_or_move_a_measure_away(role_users):
    polis, rapportor = role_users["polis"], role_users["rapportor"]
    measure = MeasureFactory(owner=polis.organisation)
    with pytest.raises(PermissionDenied):
        services.measure_update(measure=measure, user=rapportor, version=1, title="x")
    with pytest.raises(PermissionDenied):
        services.measure_update(
            measure=measure, user=polis, version=1, owner=rapportor.organisation
        )
    with pytest.raises(PermissionDenied):
        services.measure_update(measure=measure, user=role_users["ledamot"], version=1)


@pytest.mark.django_db
def test_follow_up_by_the_owner_moves_the_due_date(role_users):
    polis = role_users["polis"]
    measure = MeasureFactory(owner=polis.organisation, next_follow_up_due=dt.date(2026, 2, 1))
    follow_up = services.follow_up_add(
        measure=measure,
        user=polis,
        done="Närvaro fre–lör kväll",
        result="Lugnare",
        next_due=dt.date(2026, 3, 1),
        progress=50,
    )
    measure.refresh_from_db()
    assert follow_up.organisation == polis.organisation
    assert measure.next_follow_up_due == dt.date(2026, 3, 1) and measure.progress == 50
    assert measure.version == 2
    with pytest.raises(PermissionDenied):
        services.follow_up_add(measure=measure, user=role_users["rapportor"], done="x")
    with pytest.raises(PermissionDenied):
        services.follow_up_add(measure=measure, user=role_users["ledamot"], done="x")


@pytest.mark.django_db
def test_overdue_and_ended_without_follow_up():
    day = dt.date(2026, 6, 1)
    overdue = MeasureFactory(next_follow_up_due=dt.date(2026, 5, 1), end_date=None)
    MeasureFactory(next_follow_up_due=dt.date(2026, 7, 1), end_date=None)
    ended = MeasureFactory(end_date=dt.date(2026, 5, 15), status=Measure.Status.DONE)
    followed = MeasureFactory(end_date=dt.date(2026, 5, 15), status=Measure.Status.DONE)
    FollowUpFactory(measure=followed, date=dt.date(2026, 5, 20))
    MeasureFactory(end_date=dt.date(2026, 5, 15), status=Measure.Status.CANCELLED)
    assert list(Measure.objects.follow_up_overdue(day)) == [overdue]
    assert list(Measure.objects.ended_without_follow_up(day)) == [ended]
    assert set(Measure.objects.needing_attention(day)) == {overdue, ended}


@pytest.mark.django_db
def test_weekly_reminder_mails_the_owner_without_incident_text(make_user, settings):
    police = OrganisationFactory(name="Lokalpolisområde Västerås")
    mimer = OrganisationFactory(name="Mimer")
    liaison = make_user("polis", organisation=police, email="kommunpolis@example.org")
    make_user("rapportor", organisation=mimer, email="mimer@example.org")
    MeasureFactory(
        owner=police, title="Närvaro Bäckby", next_follow_up_due=dt.date(2026, 5, 1), end_date=None
    )
    MeasureFactory(owner=mimer, title="Belysning", next_follow_up_due=dt.date(2026, 9, 1))
    sent = services.measures_notify_overdue(day=dt.date(2026, 6, 1))
    assert sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [liaison.email]
    assert "Närvaro Bäckby" in message.body and "Belysning" not in message.body
    assert "försenad" in message.subject.lower() or "overdue" in message.subject.lower()


@pytest.mark.django_db
def test_the_beat_schedule_exists():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="measures.tasks.notify_overdue_follow_ups")
    assert task.enabled and task.crontab.day_of_week == "1"
