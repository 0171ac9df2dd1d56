"""ISO weeks in Europe/Stockholm: the unit of the weekly lägesbild ("vecka 7")."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# Weeks and years a page may be asked for: from 2000 (before any data the system holds)
# to next year. Outside, a URL answers 404 (0001-W01 once crashed a page going back a week).
FIRST_YEAR = 2000


def year_in_range(year: int, today: dt.date | None = None) -> bool:
    """Whether a page may be asked for `year` (FIRST_YEAR to next year)."""
    today = today or timezone.localdate(timezone=STOCKHOLM)
    return FIRST_YEAR <= year <= today.year + 1


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week: 2023-W07 is Monday 13 to Sunday 19 February 2023."""

    iso_year: int
    iso_week: int

    def __post_init__(self):
        # Raises ValueError for a week that does not exist (e.g. 2023-W53).
        dt.date.fromisocalendar(self.iso_year, self.iso_week, 1)

    @classmethod
    def parse(cls, text: str) -> "Week":
        """'2023-W07' → Week(2023, 7); ValueError for anything else."""
        year, sep, week = text.strip().upper().partition("-W")
        if not sep or not year.isdigit() or not week.isdigit():
            raise ValueError(text)
        return cls(int(year), int(week))

    @classmethod
    def of(cls, day: dt.date) -> "Week":
        year, week, _weekday = day.isocalendar()
        return cls(year, week)

    @classmethod
    def last(cls, today: dt.date | None = None) -> "Week":
        """Last week, in Europe/Stockholm."""
        today = today or timezone.localdate(timezone=STOCKHOLM)
        return cls.of(today - dt.timedelta(days=7))

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.iso_year, self.iso_week, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def shift(self, weeks: int) -> "Week":
        return Week.of(self.monday + dt.timedelta(weeks=weeks))

    def until(self, last: "Week") -> list["Week"]:
        """This week and each one after it up to `last`, inclusive; [] when `last` is earlier."""
        count = (last.monday - self.monday).days // 7 + 1
        return [self.shift(i) for i in range(max(count, 0))]

    def same_week_last_year(self) -> "Week":
        """The same ISO week number a year earlier; week 53 falls back to week 52."""
        try:
            return Week(self.iso_year - 1, self.iso_week)
        except ValueError:
            return Week(self.iso_year - 1, 52)

    def __str__(self) -> str:
        return f"{self.iso_year}-W{self.iso_week:02d}"

    @property
    def label(self) -> str:
        return _("week %(week)s, %(year)s") % {"week": self.iso_week, "year": self.iso_year}

    @property
    def span(self) -> str:
        return f"{date_format(self.monday, 'j F')} – {date_format(self.sunday, 'j F Y')}"


def day_end(day: dt.date) -> dt.datetime:
    """The first instant after `day` in Europe/Stockholm: what was registered before it
    was known on that day (an exclusive bound for timestamps)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=STOCKHOLM)
