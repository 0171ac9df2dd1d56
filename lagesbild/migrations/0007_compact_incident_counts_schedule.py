"""Hourly compaction of the incident counts, as a django-celery-beat PeriodicTask."""

from django.db import migrations

from core.schedules import schedule_operation


class Migration(migrations.Migration):
    dependencies = [
        ("lagesbild", "0006_incident_counts"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule_operation(
            name="Komprimering av händelseräkningar (varje timme)",
            task="lagesbild.tasks.compact_incident_counts",
            minute="17",
        )
    ]
