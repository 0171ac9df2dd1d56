"""The meeting pack's section from measures: status counts and recent follow-ups."""

import datetime as dt

from django.utils import timezone
from django.utils.text import capfirst

from measures import selectors
from measures.models import Measure

from . import Section

# Without an earlier meeting, follow-ups of this many days before the meeting are shown.
LOOKBACK_DAYS = 90


def meeting_pack_section(meeting, *, user) -> Section | None:
    """Measures by status on the meeting's day and follow-ups since the previous meeting."""
    day = timezone.localtime(meeting.starts_at).date()
    previous = (
        type(meeting)
        .objects.filter(council=meeting.council, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )
    since = (
        timezone.localtime(previous.starts_at).date()
        if previous
        else day - dt.timedelta(days=LOOKBACK_DAYS)
    )
    counts = selectors.status_counts()
    return Section(
        key="measures",
        # The title comes from the measures catalogue ("Insatser"), not from this package.
        title=capfirst(Measure._meta.verbose_name_plural),
        template="reports/sections/measures.html",
        context={
            "counts": counts,
            "total": sum(n for _value, _label, n in counts),
            "follow_ups": list(selectors.follow_ups_recent(since, day, limit=12)),
            "since": since,
            "needing_attention": Measure.objects.needing_attention(day).count(),
        },
        order=50,
    )
