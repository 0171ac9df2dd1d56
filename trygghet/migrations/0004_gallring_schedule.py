"""The daily gallring of personal data (editable in admin, under Periodic tasks)."""

from django.db import migrations

from core.schedules import schedule_operation


class Migration(migrations.Migration):
    dependencies = [
        ("trygghet", "0003_report_schedules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule_operation(
            name="Gallring: inloggningsloggar, granskningslogg, läskvitton och sessioner",
            task="trygghet.tasks.purge_personal_data",
            minute="15",
            hour="3",
        )
    ]
