"""Reading an office's own workbook for the card import: the sheet, its header row, which column holds
which field (recognised from the header text, changeable by the user), and the rows as they stand.

Hostile files (random bytes, a renamed PDF, an encrypted workbook) give one Chinese error, never a crash.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.intake.template import ALIASES, COLUMNS, FIELD_LABELS, SHEET_NAME
from services.platform.errors import ValidationError

_HEADER_JUNK = re.compile(r"[\s*＊:：()（）]")
HEADER_SCAN_ROWS = 10


@dataclass(frozen=True)
class SheetLayout:
    """Where the cards are: the sheet, its header row, each column's header text and the field it feeds."""

    sheet: str
    header_row: int
    headers: tuple[str, ...]  # every column's header text, "" where blank
    mapping: dict[int, str]  # column index (0-based) -> field key; a column absent here is ignored

    @property
    def ignored(self) -> list[str]:
        return [h for i, h in enumerate(self.headers) if h and i not in self.mapping]

    def column_of(self, key: str) -> int | None:
        return next((i for i, k in self.mapping.items() if k == key), None)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0 (phones typed as numbers), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour, value.minute) != (0, 0) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def header_key(value: Any) -> str | None:
    """The field a header text names (来源 → channel, 建档日期 → registered_on …), or None."""
    text = _HEADER_JUNK.sub("", unicodedata.normalize("NFKC", cell_text(value)))
    return ALIASES.get(text)


def open_workbook(path: Path):
    from openpyxl import load_workbook

    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise ValidationError("file", f"无法打开 {path.name}:{exc.strerror or exc}。") from exc
    if not head:
        raise ValidationError("file", f"{path.name} 是空文件(0 字节)。")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError("file", f"{path.name} 设有密码或是旧版 .xls 格式,请在 Excel 中去掉密码并另存为 .xlsx。")
    if not head.startswith(b"PK"):
        raise ValidationError("file", f"{path.name} 不是 Excel 工作簿(.xlsx),可能已损坏或改了扩展名。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure of a foreign file is "damaged"
        raise ValidationError("file", f"{path.name} 无法读取,工作簿可能已损坏。") from exc


def check_mapping(mapping: Mapping[int, str], where: str) -> dict[int, str]:
    """A user's column choice: known fields, each at most once, 姓名 and 电话 present."""
    out: dict[int, str] = {}
    for col, key in mapping.items():
        if not key:
            continue
        if key not in FIELD_LABELS:
            raise ValidationError("mapping", f"未知的字段:{key}")
        if key in out.values():
            raise ValidationError("mapping", f"“{FIELD_LABELS[key]}”对应了两列,请只保留一列。")
        out[int(col)] = key
    missing = [h for k, h, req, _e in COLUMNS if req and k not in out.values()]
    if missing:
        raise ValidationError("mapping", f"{where}缺少必填列:{'、'.join(missing)}。")
    return out


def find_layout(wb, mapping: Mapping[int, str] | None = None) -> tuple[Any, SheetLayout]:
    """The sheet and row holding the header (姓名 …). ``mapping`` replaces the recognised columns."""
    sheets = sorted(wb.worksheets, key=lambda s: s.title != SHEET_NAME)
    for ws in sheets:
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True), start=1):
            keys = [header_key(v) for v in row]
            if "name" not in keys and not (mapping and r == 1 and ws is sheets[0]):
                continue
            headers = tuple(cell_text(v)[:40] for v in row)
            if mapping is None:
                recognised: dict[int, str] = {}
                for i, key in enumerate(keys):
                    if key and key not in recognised.values():
                        recognised[i] = key
                chosen = recognised
            else:
                chosen = {i: k for i, k in mapping.items() if k}
            chosen = check_mapping(chosen, f"工作表“{ws.title}”")
            return ws, SheetLayout(ws.title, r, headers, chosen)
    raise ValidationError("file", "找不到表头(含“姓名”列)的工作表,请使用程序生成的导入模板。")


def data_rows(ws, layout: SheetLayout) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number as Excel shows it, the row's cells) for every row below the header with data in a
    mapped column; the cells are the whole row, so a rejected row can be written back as it was."""
    width = len(layout.headers)
    for r, row in enumerate(ws.iter_rows(min_row=layout.header_row + 1, values_only=True), start=layout.header_row + 1):
        cells = tuple(row[:width]) + (None,) * max(0, width - len(row))
        if all(cells[i] is None or (isinstance(cells[i], str) and not cells[i].strip()) for i in layout.mapping):
            continue
        yield r, cells


def fields_of(cells: tuple[Any, ...], layout: SheetLayout) -> dict[str, Any]:
    return {key: cells[i] if i < len(cells) else None for i, key in layout.mapping.items()}


__all__ = [
    "SheetLayout",
    "cell_text",
    "check_mapping",
    "data_rows",
    "fields_of",
    "find_layout",
    "header_key",
    "open_workbook",
]
