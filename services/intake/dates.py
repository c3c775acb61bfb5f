"""Dates as offices type them in a workbook: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, ２０２６-０３-０１,
an Excel date cell or its serial number; optionally with a time (2026-03-01 09:30)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:[\sT]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?)?\s*$"
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")  # 20260301


class BadDate(ValueError):
    """The cell is not a date; the message is Chinese and quotes the cell."""


def parse_office_date(value: Any) -> dt.datetime | None:
    """A cell → a datetime (midnight when it holds no time); None for an empty cell.

    Raises:
        BadDate: the text is not a real date (2026-13-45, 2月30日, 下周一 …).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # an Excel serial day number (a date cell read as a number)
            day = EXCEL_EPOCH + dt.timedelta(days=int(value))
            seconds = round((float(value) - int(value)) * 86400)
            return dt.datetime(day.year, day.month, day.day) + dt.timedelta(seconds=seconds)
        raise BadDate(f"“{value}”不是日期。")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _DATE.match(text) or _COMPACT.match(text)
    if not m:
        raise BadDate(f"“{str(value)[:20]}”不是日期,请写成 2026-03-01、2026/3/1 或 2026年3月1日。")
    parts = [int(g) if g else 0 for g in m.groups()]
    parts += [0] * (6 - len(parts))
    try:
        return dt.datetime(*parts[:6])
    except ValueError:
        raise BadDate(f"“{str(value)[:20]}”不是有效的日期(没有这一天)。") from None


__all__ = ["BadDate", "EXCEL_EPOCH", "parse_office_date"]
