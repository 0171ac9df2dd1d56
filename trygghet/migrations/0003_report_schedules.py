"""The beat schedules of the reports (editable in admin, under Periodic tasks)."""

from django.db import migrations

from core.schedules import schedule_operation


class Migration(migrations.Migration):
    dependencies = [
        ("trygghet", "0002_reports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        schedule_operation(
            name="Veckorapport: förra veckans lägesbild",
            task="trygghet.reports.tasks.weekly_report",
            minute="0",
            hour="6",
            day_of_week="1",
        ),
        schedule_operation(
            name="Årsrapport: föregående års lägesbild",
            task="trygghet.reports.tasks.annual_report",
            minute="0",
            hour="6",
            day_of_month="15",
            month_of_year="1",
        ),
        schedule_operation(
            name="Mötespaket: sammanträden som närmar sig",
            task="trygghet.reports.tasks.meeting_packs_due",
            minute="30",
            hour="6",
        ),
    ]
