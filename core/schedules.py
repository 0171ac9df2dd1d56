"""Beat schedules that data migrations create: one helper instead of a copy per app.

    operations = [schedule_operation(name="…", task="app.tasks.x", minute="0", hour="7")]

The operation creates (or updates) a django-celery-beat PeriodicTask on a crontab in
Europe/Stockholm and removes it when the migration is reversed. Admins change the times
later in Django admin (Periodic tasks); migrating again does not undo their edits of
other schedules.
"""

from django.db import migrations

ZONE = "Europe/Stockholm"


def schedule(apps, *, name: str, task: str, **when: str) -> None:
    """Create or update the PeriodicTask `name` running `task` at crontab `when`."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    fields = {"minute": "0", "hour": "*", "day_of_week": "*", "day_of_month": "*",
              "month_of_year": "*", **when}  # fmt: skip
    crontab, _ = CrontabSchedule.objects.get_or_create(timezone=ZONE, **fields)
    PeriodicTask.objects.update_or_create(
        name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
    )


def unschedule(apps, *names: str) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()


def schedule_operation(*, name: str, task: str, **when: str) -> migrations.RunPython:
    """A reversible RunPython that schedules `task` (see `schedule`)."""

    def forward(apps, schema_editor):
        schedule(apps, name=name, task=task, **when)

    def backward(apps, schema_editor):
        unschedule(apps, name)

    return migrations.RunPython(forward, backward)
