"""Excel export (.xlsx) shared by every list and sheet (SPEC §8).

Streaming through openpyxl's write-only mode, so 100,000 rows need no memory for all
of them: a title row, a header row, frozen panes below the header, column widths that fit
the text, dates as Excel dates, numbers as numbers, and text that begins with = + - @
written as plain text so a cell can never become a formula.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from services.platform.errors import ServiceError, ValidationError
from services.platform.files import publish

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60


class ExportCancelled(ServiceError):
    def __init__(self):
        super().__init__("导出已取消,没有写出文件。")


@dataclass(frozen=True)
class Column:
    """A column: header text (Chinese), width hint in characters, and an Excel number format."""

    title: str
    width: int | None = None
    number_format: str | None = None  # e.g. "yyyy-mm-dd", "0.00"


# Control characters an .xlsx cell cannot hold (XML 1.0 allows only tab, line feed and carriage return).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def display_width(text: str) -> int:
    """Width in Excel character units: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def safe_value(value: Any) -> Any:
    """A value Excel stores as data: numbers and dates as such, anything else as plain text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, dt.datetime, dt.date)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    text = _ILLEGAL.sub("", str(value))  # control characters Excel cannot store
    if text.startswith(FORMULA_START):
        # A leading apostrophe is what Excel itself shows for text typed with a quote prefix.
        return "'" + text
    return text


def write_xlsx(
    path: str | os.PathLike,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str = "Sheet1",
    subtitle: str = "",
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    width_sample: int = 200,
) -> int:
    """Write one sheet and return the number of data rows.

    The file appears only when complete (written to a temporary file, then renamed),
    so a cancelled or failed export leaves no half file behind.

    Raises:
        ExportCancelled: ``cancelled()`` became true.
        ValidationError: the target folder cannot be written.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError("path", "导出文件须以 .xlsx 结尾。")
    if not target.parent.exists():
        raise ValidationError("path", f"文件夹不存在:{target.parent}")
    # openpyxl is imported here, not at the top: it costs ~0.3 s and the program starts without it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_name[:31] or "Sheet1")
    widths = [c.width or display_width(c.title) + 2 for c in columns]
    # Widths must be set before rows are written in write-only mode: sample the first rows.
    buffered: list[Sequence[Any]] = []
    iterator = iter(rows)
    for row in iterator:
        buffered.append(row)
        for i, value in enumerate(row[: len(columns)]):
            if columns[i].width is None and value is not None:
                shown = value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else str(value)
                widths[i] = max(widths[i], min(MAX_WIDTH, display_width(shown) + 2))
        if len(buffered) >= width_sample:
            break
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A3"
    title_cell = WriteOnlyCell(ws, value=safe_value(title))
    title_cell.font = Font(bold=True, size=14)
    ws.append([title_cell] + ([WriteOnlyCell(ws, value=safe_value(subtitle))] if subtitle else []))
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=safe_value(c.title))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    ws.append(header)
    formats = [c.number_format for c in columns]

    def cells(row: Sequence[Any]) -> list[Any]:
        out = []
        for i, value in enumerate(row[: len(columns)]):
            v = safe_value(value)
            fmt = formats[i]
            if fmt is None and isinstance(v, dt.datetime):
                fmt = "yyyy-mm-dd hh:mm"
            elif fmt is None and isinstance(v, dt.date):
                fmt = "yyyy-mm-dd"
            if fmt is not None and v is not None:
                cell = WriteOnlyCell(ws, value=v)
                cell.number_format = fmt
                out.append(cell)
            else:
                out.append(v)
        return out

    count = 0
    try:
        fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=str(target.parent))
    except OSError as exc:
        _abandon(ws)
        raise ValidationError("path", f"无法在文件夹 {target.parent} 中写文件:{_why(exc)}") from exc
    os.close(fd)
    try:
        for row in _chain(buffered, iterator):
            ws.append(cells(row))
            count += 1
            if count % 1000 == 0:
                if progress:
                    progress(count)
                if cancelled and cancelled():
                    raise ExportCancelled()
        wb.save(tmp)
        publish(tmp, target)  # the user's normal permissions, not the temp file's 0600
    except BaseException as exc:
        _abandon(ws)
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ValidationError("path", f"无法写入 {target.name}:{_why(exc)}") from exc
        raise
    if progress:
        progress(count)
    return count


def _why(exc: OSError) -> str:
    """The reason in words a user can act on (the file open in Excel, a full disk, no rights)."""
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足。"
    if isinstance(exc, PermissionError):
        return "文件正被其他程序(如 Excel)打开,或没有写入权限;请关闭该文件或换一个位置。"
    return f"{exc.strerror or exc}。"


def _abandon(ws) -> None:
    """Close the write-only sheet's open stream so nothing is left half-written in memory."""
    try:
        ws.close()
    except Exception:  # noqa: BLE001 - the export already failed; its own error is the one to report
        pass


def _chain(first: list, rest: Iterable) -> Iterable:
    yield from first
    yield from rest
