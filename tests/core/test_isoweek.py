"""ISO weeks as the weekly lägesbild counts them: year boundaries, parsing, arithmetic.

No database: these are the rules every page, report and import derives its week from.
"""

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from core.isoweek import FIRST_YEAR, STOCKHOLM, Week, day_end, year_in_range

D = dt.date


@pytest.mark.parametrize(
    ("day", "week"),
    [
        # 1 January in the previous year's week 53 (2020 has 53 weeks).
        (D(2021, 1, 1), Week(2020, 53)),
        (D(2021, 1, 3), Week(2020, 53)),
        (D(2021, 1, 4), Week(2021, 1)),
        # 1 January in the previous year's week 52.
        (D(2022, 1, 1), Week(2021, 52)),
        (D(2023, 1, 1), Week(2022, 52)),
        (D(2023, 1, 2), Week(2023, 1)),
        # 1 January in its own year's week 1 (a Monday; a Thursday).
        (D(2024, 1, 1), Week(2024, 1)),
        (D(2026, 1, 1), Week(2026, 1)),
        # 29–31 December in the next year's week 1.
        (D(2025, 12, 29), Week(2026, 1)),
        (D(2024, 12, 30), Week(2025, 1)),
        (D(2024, 12, 31), Week(2025, 1)),
        (D(2024, 12, 29), Week(2024, 52)),
        # 31 December in week 53 of its own year.
        (D(2026, 12, 31), Week(2026, 53)),
        (D(2020, 12, 31), Week(2020, 53)),
    ],
)
def test_a_day_belongs_to_its_iso_week_across_new_year(day, week):
    """The days around new year fall in week 52, 53 or 1 as the ISO calendar says."""
    assert Week.of(day) == week
    assert week.monday <= day <= week.sunday


def test_a_week_runs_monday_to_sunday():
    """Week 7 of 2023 is Monday 13 to Sunday 19 February; week 1 of 2026 begins in 2025."""
    assert (Week(2023, 7).monday, Week(2023, 7).sunday) == (D(2023, 2, 13), D(2023, 2, 19))
    assert (Week(2026, 1).monday, Week(2026, 1).sunday) == (D(2025, 12, 29), D(2026, 1, 4))
    assert Week(2020, 53).sunday == D(2021, 1, 3)


@pytest.mark.parametrize(("year", "week"), [(2023, 53), (2021, 53), (2023, 0), (2023, 54)])
def test_a_week_that_does_not_exist_is_refused(year, week):
    """2023 has 52 weeks: week 53 (and 0 or 54) is an error, not the next year's week 1."""
    with pytest.raises(ValueError):
        Week(year, week)


@pytest.mark.parametrize("year", [2015, 2020, 2026])
def test_long_years_have_a_week_53(year):
    """Years beginning (or leap years beginning) on a Thursday have 53 weeks."""
    assert Week(year, 53).shift(1) == Week(year + 1, 1)


@pytest.mark.parametrize(
    ("text", "week"),
    [
        ("2023-W07", Week(2023, 7)),
        ("2023-W7", Week(2023, 7)),
        (" 2023-w07\n", Week(2023, 7)),
        ("2020-W53", Week(2020, 53)),
        ("2024-W01", Week(2024, 1)),
    ],
)
def test_parse_reads_the_iso_notation(text, week):
    """A URL's "2023-W07" (any case, spaces around) is that week."""
    assert Week.parse(text) == week


@pytest.mark.parametrize(
    "text",
    [
        "2023W07",
        "2023-07",
        "2023-W",
        "-W07",
        "2023-Wx7",
        "23a-W07",
        "2023-W-7",
        "",
        "2023-W53",
        # What int() alone would take: a sign, an inner space, a digit separator.
        "+2023-W07",
        "2023-W+7",
        "2023-W 7",
        "20_23-W07",
    ],
)
def test_parse_refuses_anything_else(text):
    """Malformed text, or a week the year does not have, is a ValueError (the URL's 404)."""
    with pytest.raises(ValueError):
        Week.parse(text)


def test_str_is_the_iso_notation_with_two_digit_weeks():
    """The URL form pads the week to two digits and round-trips through parse."""
    assert str(Week(2023, 7)) == "2023-W07"
    assert str(Week(2020, 53)) == "2020-W53"
    assert Week.parse(str(Week(2009, 53))) == Week(2009, 53)


@pytest.mark.parametrize(
    ("week", "weeks", "expected"),
    [
        (Week(2020, 53), 1, Week(2021, 1)),
        (Week(2021, 1), -1, Week(2020, 53)),
        (Week(2022, 52), 1, Week(2023, 1)),
        (Week(2023, 1), -1, Week(2022, 52)),
        (Week(2023, 7), 0, Week(2023, 7)),
        (Week(2023, 7), 52, Week(2024, 7)),
        # 52 weeks after a week before week 53 is one number lower.
        (Week(2020, 10), 52, Week(2021, 9)),
        (Week(2023, 7), -4, Week(2023, 3)),
    ],
)
def test_shift_moves_whole_weeks_across_year_ends(week, weeks, expected):
    """Going back from week 1 lands on week 52 or 53 of the year before, whichever it has."""
    assert week.shift(weeks) == expected


def test_until_lists_every_week_inclusive_across_week_53():
    """From 2020-W52 to 2021-W02 are four weeks, week 53 among them."""
    assert Week(2020, 52).until(Week(2021, 2)) == [
        Week(2020, 52),
        Week(2020, 53),
        Week(2021, 1),
        Week(2021, 2),
    ]
    assert Week(2023, 7).until(Week(2023, 7)) == [Week(2023, 7)]


@pytest.mark.parametrize("back", [1, 2, 10])
def test_until_an_earlier_week_is_empty(back):
    """A range that ends before it begins has no weeks (not one, not an error)."""
    week = Week(2023, 7)
    assert week.until(week.shift(-back)) == []


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        (Week(2023, 7), Week(2022, 7)),
        (Week(2021, 1), Week(2020, 1)),
        (Week(2021, 52), Week(2020, 52)),
        # Week 53 compares with week 52 when the year before has no week 53 …
        (Week(2020, 53), Week(2019, 52)),
        (Week(2026, 53), Week(2025, 52)),
        # … and a year that follows a long one keeps its number.
        (Week(2016, 1), Week(2015, 1)),
    ],
)
def test_same_week_last_year(week, expected):
    """The change against last year compares the same week number, week 53 with week 52."""
    assert week.same_week_last_year() == expected


def test_weeks_sort_in_calendar_order():
    """Week 53 sorts after week 52 and before the next year's week 1."""
    weeks = [Week(2021, 1), Week(2020, 53), Week(2020, 10), Week(2020, 52)]
    assert sorted(weeks) == [Week(2020, 10), Week(2020, 52), Week(2020, 53), Week(2021, 1)]
    assert len({Week(2023, 7), Week.parse("2023-W07")}) == 1


def test_last_week_is_the_week_before_today():
    """On a Monday last week is the week that ended yesterday; on a Sunday, the one before."""
    assert Week.last(D(2023, 2, 20)) == Week(2023, 7)  # Monday of week 8
    assert Week.last(D(2023, 2, 19)) == Week(2023, 6)  # Sunday of week 7
    assert Week.last(D(2021, 1, 4)) == Week(2020, 53)


@time_machine.travel(dt.datetime(2023, 2, 19, 23, 30, tzinfo=dt.UTC), tick=False)
def test_last_week_follows_the_stockholm_clock():
    """At 00:30 on Monday in Stockholm (23:30 UTC on Sunday) last week is the one just ended."""
    assert Week.last() == Week(2023, 7)


def test_labels_in_swedish():
    """Pages say "vecka 7, 2023" and "13 februari – 19 februari 2023"."""
    with translation.override("sv"):
        assert Week(2023, 7).label == "vecka 7, 2023"
        assert Week(2023, 7).span == "13 februari – 19 februari 2023"
        # The year printed is the Sunday's: week 53 of 2020 ends in 2021.
        assert Week(2020, 53).span == "28 december – 3 januari 2021"


@pytest.mark.parametrize(
    ("year", "allowed"),
    [(FIRST_YEAR - 1, False), (FIRST_YEAR, True), (2023, True), (2024, True), (2025, False)],
)
def test_pages_may_be_asked_for_from_2000_to_next_year(year, allowed):
    """A year before 2000 or after next year answers 404 (boundary years included)."""
    assert year_in_range(year, today=D(2023, 6, 1)) is allowed


@time_machine.travel(dt.datetime(2023, 12, 31, 23, 30, tzinfo=dt.UTC), tick=False)
def test_next_year_is_reckoned_on_the_stockholm_date():
    """At 00:30 on New Year's Day in Stockholm (still 2023 in UTC), 2025 is next year."""
    assert year_in_range(2025)
    assert not year_in_range(2026)


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        # Winter time (UTC+1): the day ends at 23:00 UTC.
        (D(2023, 2, 13), dt.datetime(2023, 2, 13, 23, tzinfo=dt.UTC)),
        # The day before the clocks go forward ends in winter time …
        (D(2023, 3, 25), dt.datetime(2023, 3, 25, 23, tzinfo=dt.UTC)),
        # … the 23-hour day itself ends in summer time (UTC+2).
        (D(2023, 3, 26), dt.datetime(2023, 3, 26, 22, tzinfo=dt.UTC)),
        # The 25-hour autumn day ends in winter time again.
        (D(2023, 10, 29), dt.datetime(2023, 10, 29, 23, tzinfo=dt.UTC)),
        (D(2023, 12, 31), dt.datetime(2023, 12, 31, 23, tzinfo=dt.UTC)),
    ],
)
def test_day_end_is_the_next_local_midnight(day, utc):
    """What was registered before local midnight was known on that day, across DST changes."""
    end = day_end(day)
    assert end == utc
    assert end.astimezone(STOCKHOLM).time() == dt.time(0, 0)
