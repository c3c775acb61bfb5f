"""Deadline arithmetic of SPEC §5 ("within N days / months") and the R11 list deadlines.

A deadline is represented by its *lapse instant*: the first instant after the
period, i.e. midnight that starts the following day. A claim is still good at
any instant strictly before it.
"""

from __future__ import annotations

import calendar
import datetime as dt

MIDNIGHT = dt.time(0, 0)


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, MIDNIGHT)


def lapse_after_days(at: dt.datetime, days: int) -> dt.datetime:
    """Lapse instant of "within ``days`` days of ``at``": midnight after day d+N."""
    return day_start(at.date() + dt.timedelta(days=days + 1))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day-of-month ``months`` later, clamped to the month's last day."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def lapse_after_months(at: dt.datetime, months: int) -> dt.datetime:
    """Lapse instant of "within ``months`` months of ``at``"."""
    return day_start(add_months(at.date(), months) + dt.timedelta(days=1))


def last_good_instant(lapse: dt.datetime) -> dt.datetime:
    """The deadline as people say it: 23:59:59 of the last day."""
    return lapse - dt.timedelta(seconds=1)


def fmt(at: dt.datetime | None) -> str:
    """``3月2日08:00`` — the short Chinese time used in explanations."""
    if at is None:
        return ""
    return f"{at.month}月{at.day}日{at:%H:%M}"


def fmt_deadline(lapse: dt.datetime) -> str:
    """A lapse instant shown as the last day: ``3月3日24:00``."""
    last = last_good_instant(lapse)
    return f"{last.month}月{last.day}日24:00"
