"""The review cadence: calendar months, clamped to the month's last day."""

from __future__ import annotations

import datetime as dt

import pytest

from policy_builder.pipeline.review import add_months, past_the_calendar


@pytest.mark.parametrize(
    ("day", "months", "later"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 11, 15), 3, dt.date(2026, 2, 15)),
        (dt.date(2025, 6, 30), 24, dt.date(2027, 6, 30)),
    ],
)
def test_add_months(day: dt.date, months: int, later: dt.date) -> None:
    assert add_months(day, months) == later


def test_a_review_past_the_calendar_is_told_before_it_is_computed() -> None:
    assert past_the_calendar(dt.date(9999, 6, 1), 7)
    assert not past_the_calendar(dt.date(9999, 6, 1), 6)
    assert add_months(dt.date(9999, 6, 1), 6) == dt.date(9999, 12, 1)
