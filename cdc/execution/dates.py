"""Calendar arithmetic that cannot fail: dates shifted past year 9999 stop at its last day.

The log's dates and the contract's durations are bounded (years 1–9999, ten years of days,
600 months), yet their sums can leave what :class:`datetime.date` holds; a contract starting in
9999 is nonsense, but it must give a finding or a far date, never an internal error.
"""

from __future__ import annotations

import calendar
import datetime as dt


def shift(date: dt.date, days: int) -> dt.date:
    """``date`` plus ``days`` (negative to go back), clamped to the dates Python holds."""
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def add_months(date: dt.date, months: int) -> dt.date:
    """``date`` plus ``months`` calendar months, clamped to the month's last day (and to the
    dates Python holds)."""
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))
