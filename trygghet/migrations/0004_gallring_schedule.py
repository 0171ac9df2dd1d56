"""Was: the daily gallring of personal data (editable in admin, under Periodic tasks).

The schedule is now declared in trygghet/schedules.py and synced after migrate; this
migration is kept (as a no-op) so that the migration graph stays as it was.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trygghet", "0003_report_schedules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
