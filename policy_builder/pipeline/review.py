"""The review cadence: a policy is reviewed every ``cadence_months`` calendar months.

*Resolve* computes the next review from the last one; *validate* refuses a cadence
that would carry it past the calendar's last year (where ``datetime`` stops).
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day.

    31 January plus one month is the last day of February.
    """
    year, month = _year_and_month(day, months)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def past_the_calendar(day: dt.date, months: int) -> bool:
    """Whether ``add_months(day, months)`` falls after the year ``datetime.MAXYEAR``."""
    return _year_and_month(day, months)[0] > dt.MAXYEAR


def _year_and_month(day: dt.date, months: int) -> tuple[int, int]:
    month0 = day.month - 1 + months
    return day.year + month0 // 12, month0 % 12 + 1
