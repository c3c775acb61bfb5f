"""Excel import of customer cards (SPEC §8): an office's own workbook or the program's template.

One service for the window's preview and import and for `main.py import-cards`:

1. `inspect` reads the header: which column holds which field (来源 / 来源渠道 / 渠道 → channel,
   登记日期 / 建档日期 → the registration date, 手机 / 电话 / 联系电话 → phone …). The user may map or
   ignore any column (``mapping``).
2. `import_cards(..., dry_run=True)` is the preview: every row is read and checked exactly as the real
   import will, nothing is written; the report holds the first rows as they will be read, the counts,
   the rejected rows and the possible duplicates.
3. `import_cards` writes every accepted row in ONE transaction, or nothing (all-or-nothing when asked,
   a cancel, any failure midway).

Duplicates (查重, SPEC §3), checked inside the file and against the database:

* a row whose phone is already on a card is that card's form: it is attached to it (missing fields
  filled, new phones added, the registration recorded there) — or linked as family, or skipped;
* a row with the same (or sound-alike) name and a similar address or the same birth year is a
  possible duplicate: merge / household / new / skip, per row (``decisions``) or one choice for all
  (``on_possible``, default skip: the row goes to the problem report, nothing is silently created);
* a row repeating an earlier row of the same file is skipped and reported with that row's number.

登记日期 is kept as the card's original registration date (its ``created_at``) and, when the row names a
staff member, as the time of that registration event: an archive moving in keeps its history. An event
older than the back-entry limit (SPEC §5, the rule parameter, 24 hours) is a back-entry, which only a
department manager or above may import, giving a reason (``late_reason``) that each such event and its
audit row keep beside the file and row; a row attached to an existing card goes through the rules like
any late entry and opens a 补录改变归属 case when it changes that card's owner.

The problem report (`write_problem_rows`) holds each rejected or skipped row's original cells in the
file's column order plus the reason, so it can be fixed and imported again.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import Customer, Phone, db
from services.customers.addresses import normalize_address
from services.customers.duplicates import normalize_name
from services.customers.names import toneless
from services.intake.dates import BadDate, parse_office_date
from services.intake.service import BLOCKING_LEVELS, RELATIONS, IntakeForm
from services.intake.sheet import SheetLayout, cell_text, data_rows, fields_of, find_layout, open_workbook
from services.intake.template import FIELD_LABELS, SHEET_NAME, write_template
from services.office.permissions import Actor, require
from services.platform.errors import DuplicateFound, RuleRefused, ServiceError, ValidationError
from services.rules.model import CHANNEL_NAMES, CHANNELS
from services.timeline import back_entry

MAX_ROWS = 200_000
CHUNK = 500
WRITE_ATTEMPTS = 3  # writing again after another PC took a row's phone between the re-check and the write
SAMPLE_ROWS = 10
SEX_VALUES = {"男": "M", "女": "F", "m": "M", "f": "F", "": ""}
#: What the import may do with a duplicate row: attach the form to the existing card, link a new card to
#: it as family (配偶 / 父母 / 子女), create a new card all the same, or leave the row out.
ACTIONS = ("merge", *RELATIONS, "new", "skip")
ACTION_LABELS = {"merge": "合并到已有档案", "spouse": "新建并关联为配偶", "parent": "新建并关联为父母",
                 "child": "新建并关联为子女", "new": "新建(另一个人)", "skip": "不导入"}  # fmt: skip


class ImportCancelled(ServiceError):
    def __init__(self) -> None:
        super().__init__("导入已取消,没有导入任何档案。")


@dataclass(frozen=True)
class RowProblem:
    row: int  # the row number Excel shows
    field: str  # Chinese column header, or "" for the whole row
    reason: str  # Chinese


@dataclass(frozen=True)
class DuplicateRow:
    """A row that may be a person already known: which card (or which earlier row), and what happens."""

    row: int
    level: str  # duplicate (same phone) | possible | sound_alike | in_file
    reason: str
    action: str  # one of ACTIONS
    customer_id: int | None = None  # the existing card
    name: str = ""  # as the acting user may see it
    owner: str = ""
    same_as_row: int | None = None  # in_file: the earlier row of this file


@dataclass(frozen=True)
class SampleRow:
    """One of the first rows as the import reads it: the field values it will store, or its problem."""

    row: int
    values: dict[str, str]  # field key -> text as it will be stored
    status: str  # Chinese: 新建 / 合并到档案 12 / 不导入:原因 …


@dataclass
class ImportReport:
    rows_read: int = 0
    accepted: int = 0  # rows that will be (or were) written: new cards and forms attached to cards
    imported: int = 0  # new cards
    attached: int = 0  # forms attached to existing cards
    back_entries: int = 0  # registrations dated older than the back-entry limit
    problems: list[RowProblem] = field(default_factory=list)
    duplicate_rows: list[DuplicateRow] = field(default_factory=list)
    samples: list[SampleRow] = field(default_factory=list)
    layout: SheetLayout | None = None
    cells: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # original cells of rows not imported
    committed: bool = False
    dry_run: bool = False

    @property
    def sheet(self) -> str:
        return self.layout.sheet if self.layout else ""

    @property
    def ignored_columns(self) -> list[str]:
        return self.layout.ignored if self.layout else []

    @property
    def rejected(self) -> int:
        return len({p.row for p in self.problems})

    @property
    def duplicates(self) -> int:
        return len(self.duplicate_rows)

    @property
    def skipped(self) -> list[DuplicateRow]:
        return [d for d in self.duplicate_rows if d.action == "skip"]

    def to_dict(self) -> dict[str, Any]:
        """The JSON summary of `main.py import-cards`."""
        return {
            "sheet": self.sheet,
            "rows_read": self.rows_read,
            "accepted": self.accepted,
            "imported": self.imported,
            "attached": self.attached,
            "back_entries": self.back_entries,
            "duplicates": [
                {
                    "row": d.row,
                    "level": d.level,
                    "existing_card": d.customer_id,
                    "existing_name": d.name,
                    "owner": d.owner,
                    "same_as_row": d.same_as_row,
                    "reason": d.reason,
                    "action": d.action,
                }
                for d in self.duplicate_rows
            ],
            "rejected": [{"row": p.row, "column": p.field, "reason": p.reason} for p in self.problems],
            "ignored_columns": self.ignored_columns,
            "columns": {FIELD_LABELS[k]: self.layout.headers[i] for i, k in sorted(self.layout.mapping.items())}
            if self.layout
            else {},
            "committed": self.committed,
            "dry_run": self.dry_run,
        }


def _year_value(value: Any) -> Any:
    """Birth years as offices type them: a date, an Excel date serial or a date string → a year."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 3000 < value < 200_000:
        return parse_office_date(value).year  # type: ignore[union-attr]
    if isinstance(value, str):
        try:
            parsed = parse_office_date(value)
        except BadDate:
            return value
        return parsed.year if parsed else value
    return value


def _channel(text: str) -> str | None:
    wanted = unicodedata.normalize("NFKC", text)  # 回馈(到店) typed with either brackets
    return next((c for c in CHANNELS if wanted in (c, unicodedata.normalize("NFKC", CHANNEL_NAMES[c]))), None)


class ImportService:
    def __init__(self, app):
        self.app = app

    # -- the header --------------------------------------------------------------------------------

    def inspect(self, actor: Actor, path: str | Path, mapping: Mapping[int, str] | None = None) -> SheetLayout:
        """The sheet, header row and recognised columns of a workbook (nothing else is read)."""
        require(actor, "customer.edit", "导入顾客档案")
        p = Path(path)
        wb = open_workbook(p)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return find_layout(wb, mapping)[1]
        finally:
            wb.close()

    # -- checking one row ----------------------------------------------------------------------

    def _staff_lookup(self) -> dict[str, int | None]:
        """Staff name → id; a name two staff share maps to None (ambiguous)."""
        out: dict[str, int | None] = {}
        for s in self.app.org.staff():
            out[s.name] = None if s.name in out else s.id
        return out

    def _check_row(self, values: dict[str, Any], defaults: dict[str, Any], staff_by_name: dict, actor: Actor):
        """(cleaned values, None) or (None, the first problem found, with row 0: the caller knows the row)."""
        channel_text = cell_text(values.get("channel"))
        channel = defaults["channel"]
        if channel_text:
            channel = _channel(channel_text)
            if channel is None:
                return None, RowProblem(0, FIELD_LABELS["channel"], f"未知的来源渠道“{channel_text[:20]}”。")
        staff_text = cell_text(values.get("staff"))
        staff_id = defaults["staff_id"]
        if staff_text:
            if staff_text not in staff_by_name:
                return None, RowProblem(0, FIELD_LABELS["staff"], f"没有在职员工叫“{staff_text[:20]}”。")
            staff_id = staff_by_name[staff_text]
            if staff_id is None:
                return None, RowProblem(
                    0, FIELD_LABELS["staff"], f"有两位员工都叫“{staff_text[:20]}”,请在界面中逐张录入。"
                )
        sex_text = cell_text(values.get("sex")).lower()
        if sex_text not in SEX_VALUES:
            return None, RowProblem(0, FIELD_LABELS["sex"], f"性别“{sex_text[:10]}”只能是男或女。")
        now = self.app.clock.now()
        try:
            registered = parse_office_date(values.get("registered_on"))
        except BadDate as exc:
            return None, RowProblem(0, FIELD_LABELS["registered_on"], f"登记日期{exc}")
        if registered is not None:
            if registered > now:
                return None, RowProblem(0, FIELD_LABELS["registered_on"], f"登记日期 {registered:%Y-%m-%d} 在将来。")
            if registered.year < 1990:
                return None, RowProblem(0, FIELD_LABELS["registered_on"], f"登记日期 {registered:%Y-%m-%d} 太早。")
            hours = back_entry.limit_hours(self.app)
            late = registered < now - dt.timedelta(hours=hours)
            if staff_id is not None and late and actor.role not in back_entry.LATE_ENTRY_ROLES:
                return None, RowProblem(
                    0,
                    FIELD_LABELS["registered_on"],
                    f"登记日期 {registered:%Y-%m-%d} 早于补录期限 {hours} 小时:这是补录,须由部门经理或以上写明原因导入(补录期限)。",
                )
        form = IntakeForm(
            name=cell_text(values.get("name")),
            phones=tuple(p for p in (cell_text(values.get("phone1")), cell_text(values.get("phone2"))) if p),
            sex=SEX_VALUES[sex_text],
            birth_year=_year_value(values.get("birth_year")),
            address=cell_text(values.get("address")),
            occupation=cell_text(values.get("occupation")),
            channel=channel or "",
            staff_id=staff_id,
            notes=cell_text(values.get("notes")),
            batch=cell_text(values.get("batch")) or defaults["batch"],
        )
        try:
            cleaned = self.app.intake.clean(form, require_staff=False)
        except ValidationError as exc:
            label = FIELD_LABELS.get(exc.field, {"phone": FIELD_LABELS["phone1"]}.get(exc.field, ""))
            return None, RowProblem(0, label, exc.message)
        cleaned["registered_at"] = registered
        return cleaned, None

    # -- the action ----------------------------------------------------------------------------

    def import_cards(
        self,
        actor: Actor,
        path: str | Path,
        *,
        mapping: Mapping[int, str] | None = None,
        staff_id: int | None = None,
        channel: str = "scatter",
        batch: str = "",
        decisions: Mapping[int, str] | None = None,
        on_possible: str = "skip",
        all_or_nothing: bool = False,
        dry_run: bool = False,
        progress: Callable[[str, int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        late_reason: str = "",
    ) -> ImportReport:
        """Check every row, then commit every accepted row in one transaction, or nothing.

        Args:
            mapping: column index (0-based) → field key; None = recognise the columns from the header.
            staff_id / channel / batch: for rows whose 登记员工 / 来源渠道 / 活动批次 cell is empty. Rows
                without any staff member become cards without a registration.
            decisions: row number → one of ACTIONS for that row's duplicate (the preview's choices).
            on_possible: what to do with possible duplicates that have no decision (default skip).
            all_or_nothing: import nothing when any row is rejected.
            dry_run: the preview: check and report everything, write nothing.
            progress: called as ``progress(phase, done, total)`` with phase "read" or "write".
            cancelled: polled; when it turns true nothing is imported (`ImportCancelled`).
            late_reason: why registrations dated older than the back-entry limit are recorded now (SPEC §5);
                required (manager or above) when the file has such rows, kept on each of their events.
        """
        require(actor, "customer.edit", "导入顾客档案")
        if channel not in CHANNELS:
            raise ValidationError("channel", f"未知的来源渠道:{channel}")
        if on_possible not in ACTIONS:
            raise ValidationError("on_possible", f"未知的重复处理方式:{on_possible}")
        if staff_id is not None:
            self.app.org.get_staff(staff_id)
        p = Path(path)
        report = ImportReport(dry_run=dry_run)
        defaults = {"channel": channel, "staff_id": staff_id, "batch": (batch or "").strip()[:128]}
        wb = open_workbook(p)
        try:
            first_rows: list[tuple[int, dict[str, str], str]] = []
            rows = self._read(actor, wb, p, report, defaults, mapping, progress, cancelled, first_rows)
        finally:
            wb.close()
        plan = self._plan(actor, rows, report, dict(decisions or {}), on_possible)
        report.problems.sort(key=lambda x: x.row)
        report.duplicate_rows.sort(key=lambda d: d.row)
        report.accepted = len(plan)
        report.back_entries = sum(1 for _r, v, _a, _t in plan if self._is_back_entry(v))
        self._samples(report, first_rows, plan)
        if dry_run or (all_or_nothing and report.problems) or not plan:
            return report
        late_rows = [r for r, v, _a, _t in plan if self._is_back_entry(v)]
        if late_rows and not late_reason.strip():
            shown = "、".join(str(r) for r in late_rows[:5]) + ("等" if len(late_rows) > 5 else "")
            raise ValidationError(
                "late_reason",
                f"第 {shown} 行的登记日期早于补录期限 {back_entry.limit_hours(self.app)} 小时,"
                "是补录:导入须写明补录原因(补录期限),没有导入任何档案。",
            )
        self._write(actor, plan, p.name, report, progress, cancelled, all_or_nothing, late_reason.strip())
        return report

    def _is_back_entry(self, v: dict[str, Any]) -> bool:
        at = v.get("registered_at")
        limit = dt.timedelta(hours=back_entry.limit_hours(self.app))
        return bool(at and v["staff_id"] is not None and at < self.app.clock.now() - limit)

    def _read(self, actor, wb, p, report, defaults, mapping, progress, cancelled, first_rows: list) -> list:
        """Every row checked on its own and against the earlier rows of the file; the first rows as
        read go to ``first_rows`` as (row, values shown, status or "" while undecided)."""
        staff_by_name = self._staff_lookup()
        checked: list[tuple[int, dict[str, Any]]] = []
        seen_phone: dict[str, int] = {}
        seen_person: dict[tuple, int] = {}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ws, layout = find_layout(wb, mapping)
                report.layout = layout
                total = max((ws.max_row or 0) - layout.header_row, 0)
                for r, cells in data_rows(ws, layout):
                    report.rows_read += 1
                    if report.rows_read > MAX_ROWS:
                        raise ValidationError("file", f"一次最多导入 {MAX_ROWS} 行,请把文件分成几份。")
                    if report.rows_read % 200 == 0:
                        if cancelled is not None and cancelled():
                            raise ImportCancelled()
                        if progress is not None:
                            progress("read", report.rows_read, max(total, report.rows_read))
                    v, problem = self._check_row(fields_of(cells, layout), defaults, staff_by_name, actor)
                    if problem is not None:
                        report.problems.append(RowProblem(r, problem.field, problem.reason))
                        report.cells[r] = cells
                        if len(first_rows) < SAMPLE_ROWS:
                            raw = {key: cell_text(value)[:40] for key, value in fields_of(cells, layout).items()}
                            first_rows.append((r, raw, f"不导入:{problem.reason}"))
                        continue
                    v["cells"] = cells
                    first = next((seen_phone[n] for n in v["numbers"] if n in seen_phone), None)
                    person = normalize_name(v["name"])
                    keys = [(person, "addr", normalize_address(v["address"]))] if v["address"] else []
                    if v["birth_year"] is not None:
                        keys.append((person, "year", v["birth_year"]))
                    same = next((seen_person[k] for k in keys if k in seen_person), None)
                    if first is not None or same is not None:
                        why = "电话相同" if first is not None else "姓名相同且地址或出生年份相同"
                        earlier = first or same
                        report.duplicate_rows.append(
                            DuplicateRow(
                                r, "in_file", f"与本文件第 {earlier} 行重复({why})。", "skip", same_as_row=earlier
                            )
                        )
                        report.cells[r] = cells
                        if len(first_rows) < SAMPLE_ROWS:
                            first_rows.append((r, self._shown(v), f"不导入:与本文件第 {earlier} 行重复。"))
                        continue
                    if len(first_rows) < SAMPLE_ROWS:
                        first_rows.append((r, self._shown(v), ""))
                    for n in v["numbers"]:
                        seen_phone[n] = r
                    for k in keys:
                        seen_person[k] = r
                    checked.append((r, v))
        except ServiceError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged sheet can fail anywhere while streaming
            raise ValidationError("file", f"{p.name} 读到一半出错,工作簿可能已损坏;没有导入任何档案。") from exc
        return checked

    def _plan(self, actor, rows, report, decisions, on_possible) -> list[tuple[int, dict, str, int | None]]:
        """(row, values, action, existing card) for every row that will be written. Index lookups in
        chunks narrow the rows; the shared 查重 decides (and names the owner) only for rows that hit."""
        plan = []
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            numbers = {n for _r, v in chunk for n in v["numbers"]}
            known_numbers = {n for (n,) in Phone.select(Phone.number).where(Phone.number.in_(list(numbers))).tuples()}
            sounds = {toneless(v["name"]) for _r, v in chunk}
            known_sounds = {
                n
                for (n,) in Customer.select(Customer.name_pinyin).where(Customer.name_pinyin.in_(list(sounds))).tuples()
            }
            for r, v in chunk:
                hit = None
                if known_numbers.intersection(v["numbers"]) or toneless(v["name"]) in known_sounds:
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
                    plan.append((r, v, "new", None))
                    continue
                default = "merge" if hit.level == "duplicate" else on_possible
                action = decisions.get(r, default)
                if action not in ACTIONS:
                    raise ValidationError("decisions", f"第 {r} 行:未知的重复处理方式 {action}。")
                owner = hit.owner_name + (f"({hit.owner_department})" if hit.owner_department else "")
                reason = f"与已有档案 {hit.customer_id}({hit.name})重复:{hit.reason};归属:{owner or '无'}。"
                if action == "new" and hit.level == "duplicate":
                    report.problems.append(
                        RowProblem(r, FIELD_LABELS["phone1"], reason + "电话完全相同,不能新建为另一个人。")
                    )
                    report.cells[r] = v["cells"]
                    continue
                report.duplicate_rows.append(
                    DuplicateRow(r, hit.level, reason, action, hit.customer_id, hit.name, owner)
                )
                if action == "skip":
                    report.cells[r] = v["cells"]
                    continue
                plan.append((r, v, action, hit.customer_id))
        return plan

    def _samples(self, report: ImportReport, first_rows, plan) -> None:
        """The first rows as they will be read, each with what the import does with it."""
        actions = {r: (a, cid) for r, _v, a, cid in plan}
        dups = {d.row: d for d in report.duplicate_rows}
        problems = {p.row: p for p in report.problems}
        for r, values, status in first_rows:
            if not status:
                if r in actions:
                    action, cid = actions[r]
                    status = "新建" if cid is None else f"{ACTION_LABELS[action]} {cid}"
                elif r in dups:
                    status = f"不导入:{dups[r].reason}"
                elif r in problems:
                    status = f"不导入:{problems[r].reason}"
            report.samples.append(SampleRow(r, values, status))

    def _shown(self, v: dict[str, Any]) -> dict[str, str]:
        staff = self.app.org.get_staff(v["staff_id"]).name if v["staff_id"] is not None else ""
        return {
            "name": v["name"],
            "sex": {"M": "男", "F": "女"}.get(v["sex"], ""),
            "birth_year": str(v["birth_year"] or ""),
            "phone1": v["numbers"][0] if v["numbers"] else "",
            "phone2": v["numbers"][1] if len(v["numbers"]) > 1 else "",
            "address": v["address"],
            "occupation": v["occupation"],
            "channel": CHANNEL_NAMES.get(v["channel"], v["channel"]),
            "staff": staff,
            "batch": v["batch"],
            "registered_on": f"{v['registered_at']:%Y-%m-%d}" if v.get("registered_at") else "",
            "notes": v["notes"],
        }

    # -- writing -------------------------------------------------------------------------------

    def _write(self, actor, plan, file_name, report, progress, cancelled, all_or_nothing, late_reason="") -> None:
        """Everything in one transaction: new cards with the bulk paths, then the forms attached to
        existing cards one by one (their registrations go through the rules like any other)."""
        total = len(plan)

        def checkpoint(stage_base: int):
            def check(done: int, _total: int) -> None:
                if cancelled is not None and cancelled():
                    raise ImportCancelled()  # leaves the transaction: nothing is kept
                if progress is not None:
                    progress("write", min(total, stage_base + done // 2), total)

            return check

        problems, cells = list(report.problems), dict(report.cells)
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            report.problems[:], report.cells = list(problems), dict(cells)
            try:
                with db.atomic():
                    written = self._recheck_phones(plan, report, all_or_nothing)
                    fresh = [(r, v, a, cid) for r, v, a, cid in written if a != "merge"]
                    merged = [(r, v, a, cid) for r, v, a, cid in written if a == "merge"]
                    self._write_new(actor, fresh, file_name, checkpoint, total, late_reason)
                    attached = self._write_merged(
                        actor, merged, file_name, report, all_or_nothing, checkpoint(total // 2), late_reason
                    )
            except ImportCancelled:
                raise
            except DuplicateFound as exc:
                # Another PC saved one of the rows' numbers after the re-check (the unique index refused it,
                # services.customers.phone_claims): nothing was kept; the re-check of the next attempt
                # names that row (and with all-or-nothing, refuses the import).
                if attempt == WRITE_ATTEMPTS:
                    raise ValidationError("file", f"{exc.message} 没有导入任何档案。") from exc
                continue
            except ServiceError as exc:
                raise ValidationError("file", f"{exc.message} 没有导入任何档案。") from exc
            break
        report.imported = len(fresh)
        report.attached = attached
        report.accepted = report.imported + report.attached
        report.committed = True
        report.problems.sort(key=lambda x: x.row)
        if progress is not None:
            progress("write", total, total)

    def _recheck_phones(self, plan, report, all_or_nothing):
        """Inside the writing transaction: a phone another PC saved since the check pass refuses a new card."""
        numbers = [n for _, v, a, _c in plan if a == "new" for n in v["numbers"]]
        taken: set[str] = set()
        for i in range(0, len(numbers), 500):
            part = numbers[i : i + 500]
            taken |= {n for (n,) in Phone.select(Phone.number).where(Phone.number.in_(part)).tuples()}
        if not taken:
            return plan
        keep = []
        for r, v, a, cid in plan:
            hit = next((n for n in v["numbers"] if n in taken), None) if a == "new" else None
            if hit is None:
                keep.append((r, v, a, cid))
                continue
            reason = f"电话 {hit} 刚刚已登记在另一张顾客档案上。"
            if all_or_nothing:
                raise ValidationError("file", f"第 {r} 行:{reason}")
            report.problems.append(RowProblem(r, "", reason))
            report.cells[r] = v["cells"]
        return keep

    def _extra(self, file_name: str, r: int, v: dict[str, Any]) -> dict[str, Any]:
        extra: dict[str, Any] = {"via": "import", "file": file_name[:128], "row": r}
        if v["batch"]:
            extra["batch"] = v["batch"]
        if self._is_back_entry(v):
            extra["back_entry"] = f"导入 {file_name[:64]} 第 {r} 行的登记日期 {v['registered_at']:%Y-%m-%d}"
        return extra

    def _write_new(self, actor, rows, file_name, checkpoint, total, late_reason="") -> None:
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
                created_at=v.get("registered_at"),
                allow_duplicate=a in RELATIONS,  # a family member may share the household's phone
            )
            for _, v, a, _c in rows
        ]
        if not cards:
            return
        ids = self.app.customers.create_many(actor, cards, checkpoint=checkpoint(0))
        regs = []
        for cid, (r, v, action, target) in zip(ids, rows, strict=True):
            if action in RELATIONS and target is not None:
                self.app.customers.link_household(actor, cid, target, action)
            if v["staff_id"] is not None:
                regs.append((cid, v["staff_id"], v["channel"], self._extra(file_name, r, v), v.get("registered_at")))
        if regs:
            self.app.timeline.register_new_many(actor, regs, checkpoint=checkpoint(total // 4), late_reason=late_reason)

    def _write_merged(self, actor, rows, file_name, report, all_or_nothing, check, late_reason="") -> int:
        """Each form attached to its existing card; a registration the rules refuse rejects that row
        only (a savepoint undoes what the row had changed), or the whole import when all-or-nothing."""
        done = 0
        for i, (r, v, _a, cid) in enumerate(rows):
            if i % 50 == 0:
                check(i, len(rows))
            try:
                with db.atomic():
                    self.app.intake.attach_form(
                        actor,
                        cid,
                        v,
                        at=v.get("registered_at"),
                        extra=self._extra(file_name, r, v),
                        reason=f"导入 {file_name[:64]} 第 {r} 行",
                        late_reason=late_reason,
                    )
            except RuleRefused as exc:
                if all_or_nothing:
                    raise ValidationError("file", f"第 {r} 行:{exc.message}") from exc
                report.problems.append(RowProblem(r, FIELD_LABELS["staff"], exc.message))
                report.cells[r] = v["cells"]
                continue
            done += 1
        return done


def write_problem_rows(report: ImportReport, path: str | Path) -> int:
    """The rows not imported, as they were in the file (same columns, same order) plus the reason;
    fix them and import the file again. Returns the number of rows written."""
    from services.output.export import Column, write_xlsx

    if report.layout is None:
        raise ValidationError("path", "没有读到任何表头,没有问题行可导出。")
    reasons: dict[int, list[str]] = {}
    for prob in report.problems:
        reasons.setdefault(prob.row, []).append(f"{prob.field}:{prob.reason}" if prob.field else prob.reason)
    for d in report.skipped:
        reasons.setdefault(d.row, []).append(d.reason)
    headers = [h or f"列{i + 1}" for i, h in enumerate(report.layout.headers)]
    columns = [Column(h, 14) for h in headers] + [Column("问题(原行号)", 60)]
    rows = (
        [*report.cells.get(r, ()), "；".join(reasons[r]) + f"(第 {r} 行)"] for r in sorted(reasons) if r in report.cells
    )
    return write_xlsx(path, "导入问题行", columns, rows, sheet_name=report.sheet or "问题行")


__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "DuplicateRow",
    "ImportCancelled",
    "ImportReport",
    "ImportService",
    "RowProblem",
    "SHEET_NAME",
    "SampleRow",
    "write_problem_rows",
    "write_template",
]
