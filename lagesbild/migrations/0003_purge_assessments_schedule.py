"""Weekly gallring of old free-text assessments, as a django-celery-beat PeriodicTask."""

from django.db import migrations

TASK = "lagesbild.tasks.purge_assessments"
NAME = "Gallring av bedömningstexter (veckovis)"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="3",
        day_of_week="0",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Stockholm",
    )
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": schedule, "enabled": True}
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lagesbild", "0002_pictures"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
