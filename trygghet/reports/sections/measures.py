"""The meeting pack's section from measures: status counts and recent follow-ups.

As of the period's last day: the measures as they stood then (from their saved
versions: one created later is not counted, one completed later counts as ongoing),
and the follow-ups dated and written by then.
"""

import datetime as dt

from django.utils.text import capfirst

from measures import selectors
from measures.models import Measure

from . import Period, Section

# A period without a start (a council's first meeting) shows this many days back.
LOOKBACK_DAYS = 90


def meeting_pack_section(period: Period, *, user) -> Section | None:
    """Measures by status on the period's last day and the period's follow-ups."""
    day = period.end
    since = period.start or day - dt.timedelta(days=LOOKBACK_DAYS)
    counts = selectors.status_counts(selectors.measures_on(day))
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
            "needing_attention": selectors.needing_attention_count_on(day),
        },
        order=50,
    )
