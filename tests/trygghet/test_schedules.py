"""Every beat schedule is declared in trygghet/schedules.py and synced after migrate."""

import pytest
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from core.schedules import sync_schedules
from trygghet.celery import app
from trygghet.schedules import SCHEDULES

pytestmark = pytest.mark.django_db

# name, task, (minute, hour, day_of_week, day_of_month, month_of_year) in Europe/Stockholm
EXPECTED = [
    (
        "Påminnelse: samverkansöverenskommelse närmar sig slutdatum",
        "councils.tasks.notify_ending_agreements",
        ("0", "7", "*", "*", "*"),
    ),
    (
        "Gallring av bedömningstexter (veckovis)",
        "lagesbild.tasks.purge_assessments",
        ("30", "3", "0", "*", "*"),
    ),
    (
        "Komprimering av händelseräkningar (varje timme)",
        "lagesbild.tasks.compact_incident_counts",
        ("17", "*", "*", "*", "*"),
    ),
    (
        "Avbrutna importer markeras som misslyckade",
        "lagesbild.tasks.recover_stale_imports",
        ("*/10", "*", "*", "*", "*"),
    ),
    (
        "Påminnelse: veckans rapportering saknas",
        "lagesbild.tasks.remind_reporting",
        ("5", "*", "*", "*", "*"),
    ),
    (
        "Påminnelse: försenad uppföljning av insatser",
        "measures.tasks.notify_overdue_follow_ups",
        ("30", "7", "1", "*", "*"),
    ),
    (
        "Veckorapport: förra veckans lägesbild",
        "trygghet.reports.tasks.weekly_report",
        ("0", "6", "1", "*", "*"),
    ),
    (
        "Årsrapport: föregående års lägesbild",
        "trygghet.reports.tasks.annual_report",
        ("0", "6", "*", "15", "1"),
    ),
    (
        "Mötespaket: sammanträden som närmar sig",
        "trygghet.reports.tasks.meeting_packs_due",
        ("30", "6", "*", "*", "*"),
    ),
    (
        "Personuppgifter i fritext: daglig kontroll",
        "trygghet.tasks.scan_personal_data",
        ("45", "6", "*", "*", "*"),
    ),
    (
        "Gallring: inloggningsloggar, granskningslogg, läskvitton och sessioner",
        "trygghet.tasks.purge_personal_data",
        ("15", "3", "*", "*", "*"),
    ),
]


def _stored(name: str):
    task = PeriodicTask.objects.select_related("crontab").get(name=name)
    c = task.crontab
    when = (c.minute, c.hour, c.day_of_week, c.day_of_month, c.month_of_year)
    return task, when, str(c.timezone)


def test_the_declared_schedules_are_the_expected_ones():
    declared = [(s.name, s.task, tuple(s.crontab.values())) for s in SCHEDULES]
    assert declared == EXPECTED


def test_each_schedule_exists_after_migrate_and_runs_a_registered_task():
    app.loader.import_default_modules()  # what a worker does: autodiscover the tasks
    for name, task_name, when in EXPECTED:
        task, stored_when, zone = _stored(name)
        assert (task.task, stored_when, zone) == (task_name, when, "Europe/Stockholm")
        assert task.enabled
        assert task_name in app.tasks, f"{task_name} is not a registered Celery task"


def test_a_second_sync_changes_nothing():
    before = {t.name: (t.crontab_id, t.date_changed) for t in PeriodicTask.objects.all()}
    crontabs = CrontabSchedule.objects.count()
    assert sync_schedules(SCHEDULES) == []
    after = {t.name: (t.crontab_id, t.date_changed) for t in PeriodicTask.objects.all()}
    assert after == before and CrontabSchedule.objects.count() == crontabs


def test_migrate_restores_declared_schedules_and_keeps_the_admins_choices():
    weekly, monthly = EXPECTED[4][0], EXPECTED[0][0]
    # An admin switched one off, another's time was edited in admin, one was deleted,
    # and the admin added a task of their own.
    PeriodicTask.objects.filter(name=weekly).update(enabled=False)
    edited = CrontabSchedule.objects.create(minute="45", hour="9", timezone="Europe/Stockholm")
    PeriodicTask.objects.filter(name=monthly).update(crontab=edited)
    PeriodicTask.objects.filter(name=EXPECTED[2][0]).delete()
    own = PeriodicTask.objects.create(
        name="Egen körning", task="trygghet.reports.tasks.weekly_report", crontab=edited
    )

    call_command("migrate", verbosity=0, interactive=False)

    assert not PeriodicTask.objects.get(name=weekly).enabled  # left off, as the admin chose
    assert _stored(monthly)[1] == EXPECTED[0][2]  # the declared time is back
    assert _stored(EXPECTED[2][0])[1] == EXPECTED[2][2]  # recreated
    assert PeriodicTask.objects.filter(pk=own.pk, crontab=edited).exists()  # untouched


def test_celery_has_no_second_list_of_schedules():
    from django.conf import settings

    assert not app.conf.beat_schedule
    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE")
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
