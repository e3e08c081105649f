"""Periods are named the way people write them and always have a well-defined predecessor."""

from datetime import date

import pytest

from targets.periods import Period


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026-05-14", "day", date(2026, 5, 14), date(2026, 5, 14)),
        ("2026-W20", "week", date(2026, 5, 11), date(2026, 5, 17)),
        ("2026-05", "month", date(2026, 5, 1), date(2026, 5, 31)),
        ("2026-02", "month", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-Q2", "quarter", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026", "year", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_period_is_parsed_and_named_back(text, kind, start, end):
    period = Period.parse(text)

    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, text)


@pytest.mark.parametrize("text", ["", "2026-13", "2026-Q5", "2026-W54", "26-05", "2026-05-32", "last month"])
def test_anything_else_is_not_a_period(text):
    with pytest.raises(ValueError):
        Period.parse(text)


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2026-01-01", "2025-12-31"),
        ("2026-W01", "2025-W52"),
        ("2026-01", "2025-12"),
        ("2026-Q1", "2025-Q4"),
        ("2026", "2025"),
    ],
)
def test_the_previous_period_crosses_year_ends(text, previous):
    assert Period.parse(text).previous().label == previous


def test_elapsed_days_count_today_and_stop_at_the_ends():
    may = Period.parse("2026-05")

    assert may.elapsed_days(date(2026, 4, 30)) == 0
    assert may.elapsed_days(date(2026, 5, 1)) == 1
    assert may.elapsed_days(date(2026, 5, 10)) == 10
    assert may.elapsed_days(date(2026, 6, 15)) == 31
    assert (may.ended(date(2026, 5, 31)), may.ended(date(2026, 6, 1))) == (False, True)
