"""Was: the daily beat schedule that reminds coordinators of agreements nearing their end.

The schedule is now declared in trygghet/schedules.py and synced after migrate; this
migration is kept (as a no-op) so that the migration graph stays as it was.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0003_council_meetings_agreements"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
