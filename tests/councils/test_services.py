"""Reminders before an agreement ends, pack read tracking, the daily beat schedule."""

from datetime import date

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from councils.services import agreements_notify_ending, meeting_pack_record_open
from councils.tasks import notify_ending_agreements
from tests.factories import CooperationAgreementFactory, MeetingFactory, OrganisationFactory


@pytest.fixture
def ending(db):
    parties = [OrganisationFactory(name="Västerås stad"), OrganisationFactory(name="LPO")]
    return CooperationAgreementFactory(
        title="Överenskommelse 2019–2023",
        valid_from=date(2019, 11, 6),
        valid_to=date(2023, 3, 1),
        parties=parties,
    )


@pytest.mark.django_db
def test_coordinators_get_one_mail_per_threshold_not_every_day(ending, make_user):
    make_user("samordnare", email="samordnare@vasteras.se")
    make_user("ledamot", email="ledamot@vasteras.se")
    assert agreements_notify_ending(today=date(2022, 11, 30)) == 0  # 91 days left
    assert agreements_notify_ending(today=date(2022, 12, 1)) == 1  # 90 days left
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["samordnare@vasteras.se"]
    assert "Överenskommelse 2019–2023" in mail.outbox[0].subject
    assert "1 mars 2023" in mail.outbox[0].body
    for day in (2, 3, 15):  # the following days: nothing new
        assert agreements_notify_ending(today=date(2022, 12, day)) == 0
    assert agreements_notify_ending(today=date(2023, 1, 30)) == 1  # 30 days left
    assert agreements_notify_ending(today=date(2023, 2, 22)) == 1  # 7 days left
    assert agreements_notify_ending(today=date(2023, 2, 23)) == 0
    assert len(mail.outbox) == 3
    assert agreements_notify_ending(today=date(2023, 3, 2)) == 0  # over


@pytest.mark.django_db
def test_beat_schedule_runs_the_reminder_daily(ending, make_user, time_machine):
    task = PeriodicTask.objects.get(task="councils.tasks.notify_ending_agreements")
    assert task.enabled and task.crontab.hour == "7"
    make_user("samordnare", email="s@vasteras.se")
    time_machine.move_to("2023-02-25 08:00 +01:00")
    assert notify_ending_agreements.delay().get() == 1
    assert "4 dagar" in mail.outbox[0].subject


@pytest.mark.django_db
def test_pack_reads_are_recorded_once_per_user_and_counted(make_user):
    meeting = MeetingFactory()
    member = make_user("ledamot")
    meeting_pack_record_open(meeting=meeting, user=member)
    read = meeting_pack_record_open(meeting=meeting, user=member)
    assert read.times_opened == 2
    assert meeting.pack_reads.count() == 1
