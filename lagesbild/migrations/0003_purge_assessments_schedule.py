"""Weekly gallring of old free-text assessments, as a django-celery-beat PeriodicTask."""

from django.db import migrations

from core.schedules import schedule_operation


class Migration(migrations.Migration):
    dependencies = [
        ("lagesbild", "0002_pictures"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule_operation(
            name="Gallring av bedömningstexter (veckovis)",
            task="lagesbild.tasks.purge_assessments",
            minute="30",
            hour="3",
            day_of_week="0",
        )
    ]
