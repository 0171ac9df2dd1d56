"""The daily gallring of personal data (editable in admin, under Periodic tasks)."""

from django.db import migrations

NAME = "Gallring: inloggningsloggar, granskningslogg, läskvitton och sessioner"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="3", day_of_month="*", month_of_year="*", day_of_week="*",
        timezone="Europe/Stockholm",
    )
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={"task": "trygghet.tasks.purge_personal_data", "crontab": crontab, "enabled": True},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trygghet", "0003_report_schedules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
