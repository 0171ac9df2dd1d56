"""The weekly beat schedule that reminds owner organisations of overdue follow-ups."""

from django.db import migrations

from core.schedules import schedule_operation


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    # Monday morning, when the week's EST meeting is prepared.
    operations = [
        schedule_operation(
            name="Påminnelse: försenad uppföljning av insatser",
            task="measures.tasks.notify_overdue_follow_ups",
            minute="30",
            hour="7",
            day_of_week="1",
        )
    ]
