"""The meeting calendar as iCalendar, with Europe/Stockholm times."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEFAULT_LENGTH = timedelta(hours=2)


def meetings_ical(meetings, *, request=None) -> bytes:
    """An .ics with one VEVENT per meeting; a VTIMEZONE for Europe/Stockholm is included."""
    calendar = Calendar()
    calendar.add("prodid", "-//Trygghet Västerås//Trygghetsrådet//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Trygghetsrådet")
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    base = settings.SITE_URL.rstrip("/")
    for meeting in meetings:
        start = meeting.starts_at.astimezone(STOCKHOLM)
        end = (meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH).astimezone(STOCKHOLM)
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@trygghet")
        event.add("summary", meeting.title)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("dtstamp", meeting.starts_at)
        if meeting.place:
            event.add("location", meeting.place)
        event.add("url", base + reverse("councils:meeting_detail", args=[meeting.pk]))
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
