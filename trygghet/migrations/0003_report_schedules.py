"""The beat schedules of the reports (editable in admin, under Periodic tasks)."""

from django.db import migrations

ZONE = "Europe/Stockholm"
SCHEDULES = [
    # (name, task, minute, hour, day_of_month, month_of_year, day_of_week)
    ("Veckorapport: förra veckans lägesbild", "trygghet.reports.tasks.weekly_report",
     "0", "6", "*", "*", "1"),
    ("Årsrapport: föregående års lägesbild", "trygghet.reports.tasks.annual_report",
     "0", "6", "15", "1", "*"),
    ("Mötespaket: sammanträden som närmar sig", "trygghet.reports.tasks.meeting_packs_due",
     "30", "6", "*", "*", "*"),
]  # fmt: skip


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour, dom, moy, dow in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_month=dom,
            month_of_year=moy,
            day_of_week=dow,
            timezone=ZONE,
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trygghet", "0002_reports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
