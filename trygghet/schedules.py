"""Every beat schedule of the project, in one place (times in Europe/Stockholm).

Synced into django-celery-beat after each `migrate` (see `core.schedules` for what a
sync changes and what it leaves to the administrator). To change a time, change it
here; to pause a schedule, switch it off in admin (Periodic tasks).
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

from core.schedules import Schedule

SCHEDULES: tuple[Schedule, ...] = (
    Schedule(
        name="Påminnelse: samverkansöverenskommelse närmar sig slutdatum",
        task="councils.tasks.notify_ending_agreements",
        minute="0",
        hour="7",
    ),
    Schedule(
        name="Gallring av bedömningstexter (veckovis)",
        task="lagesbild.tasks.purge_assessments",
        minute="30",
        hour="3",
        day_of_week="0",
    ),
    Schedule(
        name="Komprimering av händelseräkningar (varje timme)",
        task="lagesbild.tasks.compact_incident_counts",
        minute="17",
    ),
    Schedule(
        name="Avbrutna importer markeras som misslyckade",
        task="lagesbild.tasks.recover_stale_imports",
        minute="*/10",
    ),
    # Hourly: the task itself waits for settings.REPORTING_DEADLINE (Monday 09:00 by
    # default), so the deadline can change without touching the beat schedule.
    Schedule(
        name="Påminnelse: veckans rapportering saknas",
        task="lagesbild.tasks.remind_reporting",
        minute="5",
    ),
    # Monday morning, when the week's EST meeting is prepared.
    Schedule(
        name="Påminnelse: försenad uppföljning av insatser",
        task="measures.tasks.notify_overdue_follow_ups",
        minute="30",
        hour="7",
        day_of_week="1",
    ),
    Schedule(
        name="Veckorapport: förra veckans lägesbild",
        task="trygghet.reports.tasks.weekly_report",
        minute="0",
        hour="6",
        day_of_week="1",
    ),
    Schedule(
        name="Årsrapport: föregående års lägesbild",
        task="trygghet.reports.tasks.annual_report",
        minute="0",
        hour="6",
        day_of_month="15",
        month_of_year="1",
    ),
    Schedule(
        name="Mötespaket: sammanträden som närmar sig",
        task="trygghet.reports.tasks.meeting_packs_due",
        minute="30",
        hour="6",
    ),
    Schedule(
        name="Personuppgifter i fritext: daglig kontroll",
        task="trygghet.tasks.scan_personal_data",
        minute="45",
        hour="6",
    ),
    Schedule(
        name="Gallring: inloggningsloggar, granskningslogg, läskvitton och sessioner",
        task="trygghet.tasks.purge_personal_data",
        minute="15",
        hour="3",
    ),
)


def sync_after_migrate(sender, *, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate handler (after migrate, and after flush): write SCHEDULES into beat."""
    from core.schedules import sync_schedules

    try:
        apps.get_model("django_celery_beat", "PeriodicTask")
    except LookupError:
        return  # migrated back to before beat's tables: there is nothing to sync into
    sync_schedules(SCHEDULES, using=using)
