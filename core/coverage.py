"""Which periods a data source covers: no data is not zero.

A period before the data begin (a year before the first incident, a year before the
budget package) has no figure: pages show "–" or "saknas", never 0. A period the data
cover only in part (it holds the first record, or it has not ended yet) is preliminary
and is never compared with a whole one as if the two were equal.

    coverage = Coverage(first=dt.date(2025, 11, 24), last=dt.date(2026, 11, 22),
                        today=dt.date(2026, 11, 29))
    coverage.status(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == MISSING
    coverage.status(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == PARTIAL
"""

import datetime as dt
from dataclasses import dataclass

MISSING = "missing"
PARTIAL = "partial"
WHOLE = "whole"


@dataclass(frozen=True)
class Coverage:
    """The data run from `first` (None: no data at all) and are complete up to `today`.

    `last` is the latest record (for "t.o.m. v. 47"); a day is counted as finished only
    once it is over, so a period that ends today or later is still running.
    """

    first: dt.date | None
    today: dt.date
    last: dt.date | None = None

    def status(self, start: dt.date, end: dt.date) -> str:
        """MISSING (no data for any of it), PARTIAL (some of it) or WHOLE."""
        if self.first is None or end < self.first or start > self.today:
            return MISSING
        if start < self.first or end >= self.today:
            return PARTIAL
        return WHOLE

    def comparable(self, *spans: tuple[dt.date, dt.date]) -> bool:
        """Whether periods may be compared as equals: every one is whole."""
        return all(self.status(start, end) == WHOLE for start, end in spans)

    def started_within(self, start: dt.date, end: dt.date) -> bool:
        """Whether the data begin inside the period (after its first day)."""
        return self.first is not None and start < self.first <= end

    def running(self, end: dt.date) -> bool:
        """Whether a period ending on `end` has not ended yet."""
        return end >= self.today
