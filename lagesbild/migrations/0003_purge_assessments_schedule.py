"""Was: weekly gallring of old free-text assessments, as a django-celery-beat PeriodicTask.

The schedule is now declared in trygghet/schedules.py and synced after migrate; this
migration is kept (as a no-op) so that the migration graph stays as it was.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lagesbild", "0002_pictures"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
