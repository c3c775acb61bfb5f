"""Excel import of customer cards (SPEC §8) from the template `write_template` writes.

Two passes: first every row is read and checked (columns matched by header text, not position;
phones normalised; birth years as offices type them; duplicates inside the file and against the
database via the 查重 of `CustomerService.duplicate_candidates`), then the accepted rows are written
in ONE transaction — cards and their `register` events — or nothing at all: when the user asked for
all-or-nothing and a row is bad, when the import is cancelled, or when anything fails midway.

Hostile files (random bytes, a renamed PDF, an encrypted workbook, formulas, 100,000-character
cells, merged cells) give one Chinese error or a row in the report, never a crash.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import Customer, Phone, db
from services.customers.duplicates import normalize_address, normalize_name
from services.intake.service import BLOCKING_LEVELS, IntakeForm
from services.intake.template import ALIASES, COLUMNS, FIELD_LABELS, SHEET_NAME, write_template
from services.office.permissions import Actor, require
from services.platform.errors import ServiceError, ValidationError
from services.rules.model import CHANNEL_NAMES, CHANNELS

MAX_ROWS = 200_000
CHUNK = 500
SEX_VALUES = {"男": "M", "女": "F", "m": "M", "f": "F", "": ""}
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]")
_HEADER_JUNK = re.compile(r"[\s*＊:：()（）]")
EXCEL_EPOCH = dt.date(1899, 12, 30)


class ImportCancelled(ServiceError):
    def __init__(self) -> None:
        super().__init__("导入已取消,没有导入任何档案。")


@dataclass(frozen=True)
class RowProblem:
    row: int  # the row number Excel shows
    field: str  # Chinese column header, or "" for the whole row
    reason: str  # Chinese


@dataclass
class ImportReport:
    rows_read: int = 0
    accepted: int = 0  # rows that passed every check (before the rules had their say)
    imported: int = 0
    duplicates: int = 0  # rows refused as duplicates (inside the file or of an existing card)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    committed: bool = False
    sheet: str = ""

    @property
    def rejected(self) -> int:
        return len({p.row for p in self.problems})

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "accepted": self.accepted,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": [{"row": p.row, "field": p.field, "reason": p.reason} for p in self.problems],
            "committed": self.committed,
        }


def _text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0 (phones typed as numbers), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _year_value(value: Any) -> Any:
    """Birth years as offices type them: a date, an Excel date serial or a date string → a year."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 3000 < value < 200_000:
        return (EXCEL_EPOCH + dt.timedelta(days=int(value))).year
    if isinstance(value, str):
        m = _DATE_RE.match(unicodedata.normalize("NFKC", value))
        if m:
            return m.group(1)
    return value


def _header_key(value: Any) -> str | None:
    text = _HEADER_JUNK.sub("", unicodedata.normalize("NFKC", _text(value)))
    return ALIASES.get(text)


class ImportService:
    def __init__(self, app):
        self.app = app

    # -- reading ---------------------------------------------------------------------------

    def _open(self, path: Path):
        from openpyxl import load_workbook

        try:
            with path.open("rb") as f:
                head = f.read(8)
        except OSError as exc:
            raise ValidationError("file", f"无法打开 {path.name}:{exc.strerror or exc}。") from exc
        if not head:
            raise ValidationError("file", f"{path.name} 是空文件(0 字节)。")
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise ValidationError(
                "file", f"{path.name} 设有密码或是旧版 .xls 格式,请在 Excel 中去掉密码并另存为 .xlsx。"
            )
        if not head.startswith(b"PK"):
            raise ValidationError("file", f"{path.name} 不是 Excel 工作簿(.xlsx),可能已损坏或改了扩展名。")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return load_workbook(str(path), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any parser failure of a foreign file is "damaged"
            raise ValidationError("file", f"{path.name} 无法读取,工作簿可能已损坏。") from exc

    def _find_sheet(self, wb) -> tuple[Any, int, dict[int, str], list[str]]:
        """The sheet and row holding the header (姓名 …): (sheet, header row, column → key, ignored)."""
        sheets = sorted(wb.worksheets, key=lambda s: s.title != SHEET_NAME)
        for ws in sheets:
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=10, values_only=True), start=1):
                keys = {i: _header_key(v) for i, v in enumerate(row)}
                if "name" in keys.values():
                    mapping: dict[int, str] = {}
                    ignored = []
                    for i, key in keys.items():
                        if key and key not in mapping.values():
                            mapping[i] = key
                        elif _text(row[i]):
                            ignored.append(_text(row[i])[:40])
                    missing = [h for k, h, req, _e in COLUMNS if req and k not in mapping.values()]
                    if missing:
                        raise ValidationError("file", f"工作表“{ws.title}”缺少必填列:{'、'.join(missing)}。")
                    return ws, r, mapping, ignored
        raise ValidationError("file", "找不到表头(含“姓名”列)的工作表,请使用程序生成的导入模板。")

    def _rows(self, ws, header_row: int, mapping: dict[int, str]) -> Iterator[tuple[int, dict[str, Any]]]:
        for r, row in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
            values = {key: row[i] if i < len(row) else None for i, key in mapping.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            yield r, values

    # -- checking ------------------------------------------------------------------------------

    def _staff_lookup(self) -> dict[str, int | None]:
        """Staff name → id; a name two staff share maps to None (ambiguous)."""
        out: dict[str, int | None] = {}
        for s in self.app.org.staff():
            out[s.name] = None if s.name in out else s.id
        return out

    def _check_row(
        self, values: dict[str, Any], default_channel: str, default_staff: int | None, staff_by_name: dict
    ) -> tuple[dict[str, Any] | None, RowProblem | None]:
        """(cleaned values, None) or (None, the first problem found, with row 0: the caller knows the row)."""
        channel_text = _text(values.get("channel"))
        if channel_text:
            wanted = unicodedata.normalize("NFKC", channel_text)  # 回馈(到店) typed with either brackets
            channel = next(
                (c for c in CHANNELS if wanted in (c, unicodedata.normalize("NFKC", CHANNEL_NAMES[c]))), None
            )
            if channel is None:
                return None, RowProblem(0, "来源渠道", f"未知的来源渠道“{channel_text[:20]}”。")
        else:
            channel = default_channel
        staff_text = _text(values.get("staff"))
        staff_id = default_staff
        if staff_text:
            if staff_text not in staff_by_name:
                return None, RowProblem(0, "登记员工", f"没有在职员工叫“{staff_text[:20]}”。")
            staff_id = staff_by_name[staff_text]
            if staff_id is None:
                return None, RowProblem(0, "登记员工", f"有两位员工都叫“{staff_text[:20]}”,请在界面中逐张录入。")
        sex_text = _text(values.get("sex")).lower()
        if sex_text not in SEX_VALUES:
            return None, RowProblem(0, "性别", f"性别“{sex_text[:10]}”只能是男或女。")
        form = IntakeForm(
            name=_text(values.get("name")),
            phones=tuple(p for p in (_text(values.get("phone1")), _text(values.get("phone2"))) if p),
            sex=SEX_VALUES[sex_text],
            birth_year=_year_value(values.get("birth_year")),
            address=_text(values.get("address")),
            occupation=_text(values.get("occupation")),
            channel=channel or "",
            staff_id=staff_id,
            notes=_text(values.get("notes")),
            batch=_text(values.get("batch")),
        )
        try:
            cleaned = self.app.intake.clean(form, require_staff=False)
        except ValidationError as exc:
            label = FIELD_LABELS.get(exc.field, {"channel": "来源渠道"}.get(exc.field, ""))
            return None, RowProblem(0, label, exc.message)
        return cleaned, None

    def _check_against_database(
        self, actor: Actor, rows: list[tuple[int, dict[str, Any]]], report: ImportReport
    ) -> list[tuple[int, dict[str, Any]]]:
        """Drop rows that duplicate an existing card. Index lookups in chunks narrow the rows, and the
        shared 查重 decides (and names the owner) only for rows that hit something."""
        keep = []
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            numbers = {n for _r, v in chunk for n in v["numbers"]}
            names = {v["name"] for _r, v in chunk}
            known_numbers = {n for (n,) in Phone.select(Phone.number).where(Phone.number.in_(list(numbers))).tuples()}
            known_names = {n for (n,) in Customer.select(Customer.name).where(Customer.name.in_(list(names))).tuples()}
            for r, v in chunk:
                if not (known_numbers.intersection(v["numbers"]) or v["name"] in known_names):
                    keep.append((r, v))
                    continue
                found = self.app.customers.duplicate_candidates(
                    actor,
                    name=v["name"],
                    phones=v["numbers"],
                    address=v["address"],
                    birth_year=v["birth_year"],
                    limit=1,
                )
                hit = next((c for c in found if c.level in BLOCKING_LEVELS), None)
                if hit is None:
                    keep.append((r, v))
                    continue
                owner = hit.owner_name + (f"({hit.owner_department})" if hit.owner_department else "")
                report.duplicates += 1
                report.problems.append(
                    RowProblem(
                        r, "", f"与已有档案 {hit.customer_id}({hit.name})重复:{hit.reason};归属:{owner or '无'}。"
                    )
                )
        return keep

    # -- the action ----------------------------------------------------------------------------

    def import_cards(
        self,
        actor: Actor,
        path: str | Path,
        *,
        staff_id: int | None = None,
        channel: str = "scatter",
        all_or_nothing: bool = False,
        dry_run: bool = False,
        progress: Callable[[str, int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Check every row, then commit every accepted row in one transaction, or nothing.

        Args:
            staff_id / channel: used for rows whose 登记员工 / 来源渠道 cell is empty. Rows without any
                staff member become cards without a registration (an office moving its archive in).
            all_or_nothing: import nothing when any row is bad.
            dry_run: check every row and report, but import nothing (``accepted`` tells how many
                rows would be imported).
            progress: called as ``progress(phase, done, total)`` with phase "read" or "write".
            cancelled: polled; when it turns true nothing is imported (`ImportCancelled`).
        """
        require(actor, "customer.edit", "导入顾客档案")
        if channel not in CHANNELS:
            raise ValidationError("channel", f"未知的来源渠道:{channel}")
        if staff_id is not None:
            self.app.org.get_staff(staff_id)
        p = Path(path)
        report = ImportReport()
        wb = self._open(p)
        try:
            accepted = self._read(actor, wb, p, report, channel, staff_id, progress, cancelled)
        finally:
            wb.close()
        report.problems.sort(key=lambda x: x.row)
        report.accepted = len(accepted)
        if dry_run or (all_or_nothing and report.problems):
            return report
        if not accepted:
            return report
        self._write(actor, accepted, p.name, report, progress, cancelled, all_or_nothing)
        return report

    def _read(self, actor, wb, p, report, channel, staff_id, progress, cancelled) -> list[tuple[int, dict]]:
        staff_by_name = self._staff_lookup()
        checked: list[tuple[int, dict[str, Any]]] = []
        seen_phone: dict[str, int] = {}
        seen_person: dict[tuple, int] = {}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ws, header_row, mapping, ignored = self._find_sheet(wb)
                report.sheet, report.ignored_columns = ws.title, ignored
                total = max((ws.max_row or 0) - header_row, 0)
                for r, values in self._rows(ws, header_row, mapping):
                    report.rows_read += 1
                    if report.rows_read > MAX_ROWS:
                        raise ValidationError("file", f"一次最多导入 {MAX_ROWS} 行,请把文件分成几份。")
                    if report.rows_read % 200 == 0:
                        if cancelled is not None and cancelled():
                            raise ImportCancelled()
                        if progress is not None:
                            progress("read", report.rows_read, max(total, report.rows_read))
                    v, problem = self._check_row(values, channel, staff_id, staff_by_name)
                    if problem is not None:
                        report.problems.append(RowProblem(r, problem.field, problem.reason))
                        continue
                    first = next((seen_phone[n] for n in v["numbers"] if n in seen_phone), None)
                    person = normalize_name(v["name"])
                    keys = [(person, "addr", normalize_address(v["address"]))] if v["address"] else []
                    if v["birth_year"] is not None:
                        keys.append((person, "year", v["birth_year"]))
                    same = next((seen_person[k] for k in keys if k in seen_person), None)
                    if first is not None or same is not None:
                        why = "电话相同" if first is not None else "姓名相同且地址或出生年份相同"
                        report.duplicates += 1
                        report.problems.append(RowProblem(r, "", f"与本文件第 {first or same} 行重复({why})。"))
                        continue
                    for n in v["numbers"]:
                        seen_phone[n] = r
                    for k in keys:
                        seen_person[k] = r
                    checked.append((r, v))
        except ServiceError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged sheet can fail anywhere while streaming
            raise ValidationError("file", f"{p.name} 读到一半出错,工作簿可能已损坏;没有导入任何档案。") from exc
        return self._check_against_database(actor, checked, report)

    def _write(self, actor, accepted, file_name, report, progress, cancelled, all_or_nothing) -> None:
        """Create every accepted card and its registration in one transaction, with the bulk paths of the
        customer and timeline services (each row was checked against the file and the database already;
        a brand-new card's first registration cannot be refused)."""
        total = len(accepted)

        def checkpoint(stage_base: int):
            def check(done: int, _total: int) -> None:
                if cancelled is not None and cancelled():
                    raise ImportCancelled()  # leaves the transaction: nothing is kept
                if progress is not None:
                    progress("write", min(total, stage_base + done // 2), total)

            return check

        try:
            with db.atomic():
                accepted = self._recheck_phones(accepted, report, all_or_nothing)
                self._write_all(actor, accepted, file_name, checkpoint, total)
        except ImportCancelled:
            raise
        except ServiceError as exc:
            raise ValidationError("file", f"{exc.message} 没有导入任何档案。") from exc
        report.imported = len(accepted)
        report.committed = True
        report.problems.sort(key=lambda x: x.row)
        if progress is not None:
            progress("write", total, total)

    def _recheck_phones(self, accepted, report, all_or_nothing):
        """Inside the writing transaction: a phone another PC saved since the check pass refuses its row."""
        from models import Phone

        numbers = [n for _, v in accepted for n in v["numbers"]]
        taken: set[str] = set()
        for i in range(0, len(numbers), 500):
            part = numbers[i : i + 500]
            taken |= {n for (n,) in Phone.select(Phone.number).where(Phone.number.in_(part)).tuples()}
        if not taken:
            return accepted
        keep = []
        for r, v in accepted:
            hit = next((n for n in v["numbers"] if n in taken), None)
            if hit is None:
                keep.append((r, v))
                continue
            reason = f"电话 {hit} 刚刚已登记在另一张顾客档案上。"
            if all_or_nothing:
                raise ValidationError("file", f"第 {r} 行:{reason}")
            report.problems.append(RowProblem(r, "", reason))
        return keep

    def _write_all(self, actor, accepted, file_name, checkpoint, total) -> None:
        cards = [
            dict(
                name=v["name"],
                phones=v["numbers"],
                sex=v["sex"],
                birth_year=v["birth_year"],
                address=v["address"],
                source_channel=v["channel"],
                occupation=v["occupation"] or "",
                notes=v["notes"] or "",
            )
            for _, v in accepted
        ]
        ids = self.app.customers.create_many(actor, cards, checkpoint=checkpoint(0))
        regs = []
        for cid, (r, v) in zip(ids, accepted, strict=True):
            if v["staff_id"] is not None:
                extra: dict[str, Any] = {"via": "import", "file": file_name[:128], "row": r}
                if v["batch"]:
                    extra["batch"] = v["batch"]
                regs.append((cid, v["staff_id"], v["channel"], extra))
        if regs:
            self.app.timeline.register_new_many(actor, regs, checkpoint=checkpoint(total // 2))


__all__ = ["COLUMNS", "ImportCancelled", "ImportReport", "ImportService", "RowProblem", "write_template"]
