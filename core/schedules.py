"""Beat schedules declared in code and synced into django-celery-beat.

The project lists its schedules in one module (`trygghet/schedules.py`) as `Schedule`
values; `sync_schedules` writes them into django-celery-beat's tables, and the project
app calls it after every `migrate` (a post_migrate handler).

What a sync does, and what it leaves alone:

- a declared schedule that is missing (by name) is created, enabled;
- a declared schedule that exists gets the declared task and crontab back, so the time
  of a schedule is changed in code, not in admin;
- `enabled` is left as it is: an administrator who switched a schedule off in admin
  (Periodic tasks) keeps it off across deploys;
- periodic tasks that are not declared (an administrator's own, or one no longer
  declared) are never deleted or changed.
"""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, transaction

ZONE = "Europe/Stockholm"


@dataclass(frozen=True)
class Schedule:
    """One periodic task: a unique `name`, a Celery `task` name and a crontab in ZONE."""

    name: str
    task: str
    minute: str = "0"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"

    @property
    def crontab(self) -> dict[str, str]:
        """The crontab fields, as django-celery-beat's CrontabSchedule names them."""
        return {
            "minute": self.minute,
            "hour": self.hour,
            "day_of_week": self.day_of_week,
            "day_of_month": self.day_of_month,
            "month_of_year": self.month_of_year,
        }


def sync_schedules(schedules, *, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Create or update the declared schedules; returns the names that changed."""
    # The real models (not a migration state's), so that beat's change marker is bumped.
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    changed = []
    with transaction.atomic(using=using):
        for schedule in schedules:
            crontab = (
                CrontabSchedule.objects.using(using)
                .filter(timezone=ZONE, **schedule.crontab)
                .order_by("pk")
                .first()
            ) or CrontabSchedule.objects.using(using).create(timezone=ZONE, **schedule.crontab)
            task = PeriodicTask.objects.using(using).filter(name=schedule.name).first()
            if task is None:
                PeriodicTask.objects.using(using).create(
                    name=schedule.name, task=schedule.task, crontab=crontab, enabled=True
                )
                changed.append(schedule.name)
            elif task.task != schedule.task or task.crontab_id != crontab.pk:
                task.task = schedule.task
                task.crontab = crontab
                # Only one of interval/crontab/solar/clocked may be set on a task.
                task.interval = task.solar = task.clocked = None
                task.save(using=using)
                changed.append(schedule.name)
    return changed
