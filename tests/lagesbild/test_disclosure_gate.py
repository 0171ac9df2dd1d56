"""The disclosure gate's rules one by one: which counts are hidden, how they read, and
what each view built on the gate shows to a reader without exact figures.

tests/lagesbild/test_disclosure_audit.py attacks the gate's output as a reader could;
these tests pin down the rules themselves at their limits (threshold 3 in the tests).
"""

import pytest

from lagesbild.emerging import NEW, PERSISTENT
from lagesbild.figures.disclosure import (
    HIDDEN,
    aggregate_view,
    annual_aggregate_view,
    map_cells,
    pinned,
    problem_view,
    protect,
    series_view,
    shown,
    suppress_small,
    weekly_series_view,
)
from tests.lagesbild.test_disclosure_audit import _row

SMALL = "< 3"


def test_counts_of_one_and_two_are_hidden_zero_and_three_are_not():
    assert [suppress_small(n) for n in (0, 1, 2, 3, 4)] == [0, SMALL, SMALL, 3, 4]
    assert suppress_small(2.5) == SMALL and suppress_small(None) is None
    assert suppress_small(4, threshold=5) == "< 5" and suppress_small(5, threshold=5) == 5


def test_a_range_pins_a_count_only_when_one_whole_number_is_left():
    assert pinned(2, 2) and pinned(1.9999999, 2.0000001) and pinned(0.5, 1.5)
    assert not pinned(1, 2) and not pinned(0, 2)
    assert not pinned(None, 2) and not pinned(1, None)


def test_a_hidden_count_reads_as_small_or_as_hidden_to_protect_one():
    hidden = {"a", "b", "none"}
    assert shown(2, "a", hidden, 3) == SMALL and shown(0, "a", hidden, 3) == SMALL
    assert shown(3, "b", hidden, 3) == HIDDEN == ".."
    assert shown(2, "c", hidden, 3) == 2  # not hidden: as it is
    assert shown(None, "none", hidden, 3) is None  # no data stays no data


def test_the_second_hidden_count_is_the_smallest_part_of_at_least_three():
    """Total 10 = 2 + 3 + 5: hiding the 2 alone gives it away; the 3 goes with it, and the
    total and the 5 stay."""
    values = {"t": 10, "a": 2, "b": 3, "c": 5}
    assert protect(values, [("t", ["a", "b", "c"])], threshold=3) == {"a", "b"}


def test_a_zero_is_not_hidden_while_a_larger_count_can_protect():
    values = {"t": 5, "a": 2, "z": 0, "b": 3}
    assert protect(values, [("t", ["a", "z", "b"])], threshold=3) == {"a", "b"}


def test_a_sum_that_does_not_hold_pins_nothing():
    """Counts taken at different moments (8 ≠ 2 + 5) give no equation to solve."""
    values = {"t": 8, "a": 2, "b": 5}
    assert protect(values, [("t", ["a", "b"])], threshold=3) == {"a"}
    assert protect({"t": None, "a": 2, "b": 5}, [("t", ["a", "b"])], threshold=3) == {"a"}
    assert protect({"t": 7, "a": 3, "b": 4}, [("t", ["a", "b"])], threshold=3) == set()


def test_a_problems_years_and_total_are_protected_together():
    per_year = [("2022", 2), ("2023", 10)]
    assert problem_view(per_year, exact=True) == {
        "total": 12,
        "per_year": per_year,
        "by_year": {"2022": 2, "2023": 10},
    }
    members = problem_view(per_year, exact=False)
    assert members["total"] == 12
    assert members["per_year"] == [("2022", SMALL), ("2023", HIDDEN)]
    assert members["by_year"] == {"2022": SMALL, "2023": HIDDEN}
    assert series_view({"a": 1, "b": 4}) == {"a": SMALL, "b": 4}  # no total, no sum


def test_a_weekly_series_breaks_its_line_where_a_week_is_hidden():
    """Weeks 5, 1, 6 | 4, 4: the 1 is hidden, and the 5 to protect it (the period's sum is
    shown); the next period has nothing small and is shown whole."""
    weeks, sums = weekly_series_view([5, 1, 6, 4, 4], [3, 2])
    assert weeks == [None, None, 6, 4, 4]
    assert sums == [12, 8]


def test_hot_spot_cells_on_a_members_map_need_three_incidents_of_their_own():
    cells = [
        {"col": 1, "row": 1, "class": "hot-99", "count": 2},
        {"col": 2, "row": 1, "class": "hot-95", "count": 3, "z": 2.1},
        {"col": 3, "row": 1, "class": "near-99", "count": 0},
        {"col": 4, "row": 1, "class": "cold-95", "count": 9},
        {"col": 5, "row": 1, "class": "hot-90"},
    ]
    assert map_cells(cells) == [{"col": 2, "row": 1, "class": "hot-95"}]
    assert map_cells(cells, threshold=4) == []


def _week() -> dict:
    """A small week: Skadegörelse 2 and Ordning 6 (previous week 4 and 5); two areas of
    3 and 5; Monday night 2 and Tuesday morning 6 incidents."""
    slots = {(0, 0): 2, (1, 1): 6}
    rows = [
        {
            "label": f"d{d}",
            "cells": [
                {"count": slots.get((d, b), 0), "heat": 4 if (d, b) in slots else 0}
                for b in range(5)
            ],
            "total": sum(slots.get((d, b), 0) for b in range(5)),
        }
        for d in range(7)
    ]
    return {
        "week": "2023-W07",
        "totals": _row("", 8, 9),
        "categories": [
            _row("Skadegörelse", 2, 4, key=1, mean8=2.4),
            _row("Ordning", 6, 5, key=2, mean8=None),
        ],
        "events": [
            _row("Klotter", 2, 4, main="Skadegörelse", key=11),
            _row("Bråk", 6, 5, main="Ordning", key=21),
        ],
        "areas": [_row("Aby", 3, 4, key=1), _row("Bby", 5, 5, key=2, mean8=4.6)],
        "weekday_band": {
            "columns": [{"band": b, "label": str(b)} for b in range(5)],
            "rows": rows,
            "totals": [2, 6, 0, 0, 0],
        },
        "trends": [
            {"dimension": "category", "label": "Skadegörelse", "key": 1, "current": 2},
            {"dimension": "area", "label": "Bby", "key": 2, "current": 5},
            {"dimension": "event", "label": "Inbrott", "key": 99, "current": 1},
            {"dimension": "place", "label": "Vasaparken", "key": 7, "current": 9},
        ],
        "trend_method": {"fdr": 0.05},
        "emerging": {"weeks": 8, "first": "v1", "last": "v8", "counts": {NEW: 2, PERSISTENT: 4}},
    }


def test_the_weeks_aggregate_view_hides_small_counts_changes_and_means():
    view = aggregate_view(_week(), threshold=3)
    mains = {r["label"]: r for r in view["categories"]}
    assert mains["Skadegörelse"]["current"] == SMALL and mains["Ordning"]["current"] == HIDDEN
    # A change is hidden when this week's count is; both previous weeks are shown.
    assert mains["Skadegörelse"]["previous"] == 4 and mains["Skadegörelse"]["change"] is None
    areas = {r["label"]: r for r in view["areas"]}
    assert (areas["Aby"]["current"], areas["Aby"]["change"]) == (3, -1)
    # The 8 weeks' mean as a whole number, small ones hidden too; no data stays None.
    assert mains["Skadegörelse"]["mean8"] == SMALL and mains["Ordning"]["mean8"] is None
    assert areas["Bby"]["mean8"] == 5
    assert view["totals"]["current"] == 8 and view["totals"]["key"] is None


def test_the_weeks_aggregate_view_hides_small_cells_of_the_weekday_table_and_their_heat():
    band = aggregate_view(_week(), threshold=3)["weekday_band"]
    monday_night = band["rows"][0]["cells"][0]
    assert (monday_night["count"], monday_night["heat"]) == (SMALL, 1)
    assert band["rows"][0]["total"] == SMALL and band["totals"][0] == SMALL
    quiet = band["rows"][2]["cells"][2]
    assert (quiet["count"], quiet["heat"]) == (0, 0)


def test_the_weeks_trends_show_the_gated_count_and_never_a_place():
    view = aggregate_view(_week(), threshold=3)
    trends = {t["label"]: t for t in view["trends"]}
    assert set(trends) == {"Skadegörelse", "Bby", "Inbrott"}
    assert (trends["Skadegörelse"]["current"], trends["Skadegörelse"]["hidden"]) == (SMALL, True)
    assert (trends["Bby"]["current"], trends["Bby"]["hidden"]) == (5, False)
    assert (trends["Inbrott"]["current"], trends["Inbrott"]["hidden"]) == (SMALL, True)
    assert view["trend_method"] == {"fdr": 0.05}
    assert (view["threshold"], view["hidden_symbol"]) == (3, HIDDEN)


def test_emerging_hot_spots_are_counted_per_class_with_small_counts_hidden():
    emerging = aggregate_view(_week(), threshold=3)["emerging"]
    assert emerging["counts"] == {NEW: SMALL, PERSISTENT: 4}
    assert (emerging["weeks"], emerging["first"], emerging["last"]) == (8, "v1", "v8")
    assert emerging["summary"] == "< 3 nya, 4 ihållande"
    assert aggregate_view({**_week(), "emerging": None}, threshold=3)["emerging"] is None


def test_annual_changes_are_shown_only_between_two_shown_years():
    figures = {
        "years": [2022, 2023],
        "totals": [15, 17],
        "categories": [
            {"label": "Skadegörelse", "counts": [10, 12], "change": 2},
            {"label": "Ordning", "counts": [5, 5], "change": 0},
        ],
        "areas": [
            {"label": "Aby", "counts": [1, 8], "change": 7},
            {"label": "Bby", "counts": [14, 9], "change": -5},
        ],
    }
    view = annual_aggregate_view(figures, threshold=3)
    mains = {r["label"]: r for r in view["categories"]}
    assert (mains["Skadegörelse"]["current"], mains["Skadegörelse"]["previous"]) == (12, 10)
    assert mains["Skadegörelse"]["change"] == 2
    areas = {r["label"]: r for r in view["areas"]}
    assert areas["Aby"]["counts"] == [SMALL, 8] and areas["Aby"]["change"] is None
    assert areas["Bby"]["counts"] == [HIDDEN, 9] and areas["Bby"]["change"] is None
    assert view["totals"] == [15, 17] and view["years"] == [2022, 2023]
    one_year = annual_aggregate_view(
        {
            **figures,
            "totals": [15],
            "categories": [{"label": "Skadegörelse", "counts": [15], "change": None}],
            "areas": [],
        },
        threshold=3,
    )
    assert one_year["categories"][0]["previous"] is None


@pytest.mark.parametrize("threshold", [None, 3])
def test_the_threshold_defaults_to_the_setting(threshold, settings):
    settings.SMALL_COUNT_THRESHOLD = 3
    assert aggregate_view(_week(), threshold=threshold)["threshold"] == 3


def _table(rows: list[list[int]]):
    """A table with its row, column and grand totals, as protect() gets it from a page:
    the counts by key and every sum a reader sees (margin, parts)."""
    values, relations = {}, []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            values[(r, c)] = value
    n_rows, n_cols = len(rows), len(rows[0])
    for r in range(n_rows):
        values[("row", r)] = sum(rows[r])
        relations.append((("row", r), [(r, c) for c in range(n_cols)]))
    for c in range(n_cols):
        values[("col", c)] = sum(row[c] for row in rows)
        relations.append((("col", c), [(r, c) for r in range(n_rows)]))
    values["total"] = sum(map(sum, rows))
    relations.append(("total", [("row", r) for r in range(n_rows)]))
    relations.append(("total", [("col", c) for c in range(n_cols)]))
    return values, relations


def _nothing_small_pinned(values, relations, hidden):
    from lagesbild.figures.disclosure import cell_ranges

    small = sorted((k for k, v in values.items() if 0 < v < 3), key=repr)
    ranges = cell_ranges(values, hidden, relations, 3, keys=small)
    return not any(pinned(*ranges[k]) for k in small)


def test_where_only_small_counts_are_left_the_zeros_are_hidden_too():
    """0 1 2 / 2 1 0: every count is under three. Hiding only the ones and twos would let
    a reader work them out from the totals and the zeros; the zeros read "< 3" too."""
    values, relations = _table([[0, 1, 2], [2, 1, 0]])
    hidden = protect(values, relations, threshold=3)
    assert {(0, 0), (1, 2)} <= hidden  # the zeros


def test_a_table_of_small_counts_gives_no_count_away_even_when_all_is_hidden():
    """0 1 2 / 2 1 0 with its totals: with every figure hidden, rows read ".." (at least
    3) and columns "< 3" (at most 2) would still pin each column at 2 (found by make
    mutate). Where protect() runs out of cells to hide, every figure reads ".." with
    no bound, and nothing follows."""
    values, relations = _table([[0, 1, 2], [2, 1, 0]])
    hidden = protect(values, relations, threshold=3)
    assert {shown(v, k, hidden, 3) for k, v in values.items()} == {".."}
    assert _nothing_small_pinned(values, relations, hidden)


def test_a_pinned_count_is_protected_within_its_own_sums_first():
    """0 6 2 / 2 3 6: the first count to protect gets its partner from a row or column it
    is in, not from an unrelated sum elsewhere in the table."""
    values, relations = _table([[0, 6, 2], [2, 3, 6]])
    hidden = protect(values, relations, threshold=3)
    assert hidden == {
        ("col", 0), ("col", 2), ("row", 0), ("row", 1),
        (0, 1), (0, 2), (1, 0), (1, 1), (1, 2),
    }  # fmt: skip
    assert _nothing_small_pinned(values, relations, hidden)


def test_a_table_of_nothing_but_small_counts_is_hidden_whole():
    """1 2 / 1 2: no count of three or more to hide instead, and the total (6) would give
    the rest away: every figure is hidden, each reading "..", and nothing follows."""
    values, relations = _table([[1, 2], [1, 2]])
    hidden = protect(values, relations, threshold=3)
    assert set(values) <= hidden
    assert {shown(v, k, hidden, 3) for k, v in values.items()} == {".."}
    assert _nothing_small_pinned(values, relations, hidden)


def test_the_protection_hides_no_more_than_it_needs():
    """1 0 5 0 / 3 3 0 5 / 1 1 0 2: protecting the ones and the two takes twelve hidden
    figures; the first column's total and its 3 stay shown."""
    values, relations = _table([[1, 0, 5, 0], [3, 3, 0, 5], [1, 1, 0, 2]])
    hidden = protect(values, relations, threshold=3)
    assert ("col", 0) not in hidden and (1, 0) not in hidden
    assert len(hidden) == 12


def test_a_zero_that_protects_is_taken_from_the_pinned_counts_own_sums_first():
    """1 0 2 / 1 0 2 / 0 3 0: when only a zero can help, one in the row or column of the
    count that would be given away is hidden first (here the first column's), and the
    pattern is the same on every page that shows these counts."""
    values, relations = _table([[1, 0, 2], [1, 0, 2], [0, 3, 0]])
    hidden = protect(values, relations, threshold=3)
    assert hidden == {
        ("col", 0), ("col", 1), ("col", 2), ("row", 0), ("row", 1), ("row", 2),
        (0, 0), (0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1), "total",
    }  # fmt: skip
