"""The daily beat schedule that reminds coordinators of agreements nearing their end."""

from django.db import migrations

from core.schedules import schedule_operation


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0003_council_meetings_agreements"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule_operation(
            name="Påminnelse: samverkansöverenskommelse närmar sig slutdatum",
            task="councils.tasks.notify_ending_agreements",
            minute="0",
            hour="7",
        )
    ]
