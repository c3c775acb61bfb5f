"""The allocation sheet of a batch (分配表, 公平公开): who received which cards, the rule, the tie order.

The sheet is posted for everyone to see, so it shows the card number, the surname with the given
name's initial and the masked phone — enough to find the paper card, not enough to poach a customer.
``sheet_rows`` returns display-ready rows that the Excel export here and the printed page reuse.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from models import AuditLog, Batch, BatchCard, Department, Staff
from services.allocation.types import (
    EVEN_RULE,
    PROCEDURE_RULES,
    PROCEDURES,
    RecipientPlan,
    first_phones,
    names_of,
)
from services.customers.names import mask_name
from services.customers.phones import mask_phone
from services.office.org import person_names
from services.office.permissions import Actor
from services.output.export import Column, safe_value
from services.platform.errors import ValidationError
from services.platform.files import publish

SHEET_COLUMNS = (
    Column("部门", 10),
    Column("员工", 10),
    Column("顺序", 6),
    Column("此前", 6),
    Column("本批", 6),
    Column("档案号", 8),
    Column("顾客", 10),
    Column("电话", 14),
    Column("家庭", 6),
    Column("说明", 30),
)
LEFT_OUT_COLUMNS = ("档案号", "顾客", "电话", "未分配的原因")
SWAP_COLUMNS = ("档案号", "顾客", "调给", "原因", "调换人")
SIGNATURES = ("交档案人", "处理人", "分配人", "部门经理")
PENDING = "(待部门经理分配)"

# A4 portrait, 180 mm of content: every cell fits on one line (a masked phone needs 26 mm).
PRINT_WIDTHS_MM = (18, 18, 11, 11, 11, 15, 18, 26, 11, 41)
LEFT_OUT_WIDTHS_MM = (18, 22, 30, 110)
SWAP_WIDTHS_MM = (18, 22, 22, 88, 30)

LEFT_OUT_NOTES = {
    "owned": "已归 {} 所有,未分配;新表格已并入原档案",
    "pool": "在公司资源池,未分配(须由经理或资源总监重新分配)",
    "duplicate": "重复档案,已并入原档案",
}


@dataclass(frozen=True)
class SheetData:
    """Everything the posted sheet says, display-ready (no None anywhere)."""

    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]  # batch, procedure, source event, date, who handed in / processed / confirmed
    rule_text: str
    tie_order_text: str
    fairness_text: str  # the rule in one sentence with this batch's counts
    totals_text: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]  # per recipient their cards; the name on the recipient's first row
    swaps: tuple[tuple, ...]
    left_out: tuple[tuple, ...]
    signatures: tuple[str, ...] = SIGNATURES


def _who(entries: list[tuple[str, dt.datetime]]) -> str:
    return "、".join(f"{name} {at:%Y-%m-%d %H:%M}" for name, at in entries)


def fairness_sentence(recipients: list[tuple], limit: int) -> str:
    """The even rule with this batch's counts, per department, in one sentence."""
    groups: dict[str, list[int]] = {}
    for dept, staff, _rank, _hist, cards, _house in recipients:
        if staff != PENDING:
            groups.setdefault(dept, []).append(len(cards))
    if not groups:
        return ""
    parts = []
    for dept, counts in groups.items():
        low, high = min(counts), max(counts)
        spread = f"每人 {low} 张" if low == high else f"每人 {low}–{high} 张,相差 {high - low} 张"
        parts.append(f"{dept + ' ' if dept and len(groups) > 1 else ''}{len(counts)} 人{spread}")
    return f"平均分配:{';'.join(parts)}(同一批次每人相差不超过 {limit} 张),余数先给历次分得最少的人,相同时按表中顺序。"


class SheetMixin:
    app: object

    def _trail(self, b: Batch) -> tuple[dict[str, list[tuple[str, dt.datetime]]], dict[int, str]]:
        """Who processed, returned, confirmed, and when (from the audit log); who swapped each card."""
        q = list(
            AuditLog.select(AuditLog.action, AuditLog.at, AuditLog.user, AuditLog.new)
            .where((AuditLog.entity == "batch") & (AuditLog.entity_id == b.id))
            .order_by(AuditLog.id)
            .tuples()
        )
        people = person_names(user for _, _, user, _ in q)  # names, not logins: the sheet is posted
        out: dict[str, list[tuple[str, dt.datetime]]] = {}
        swapped_by: dict[int, str] = {}
        for action, at, user, new in q:
            name = people.get(user) or "系统"
            out.setdefault(action, []).append((name, at))
            if action == "batch.swap":
                for c in (new or {}).get("customers", []):
                    swapped_by[int(c)] = name
        return out, swapped_by

    def sheet_rows(self, actor: Actor, batch_id: int) -> SheetData:
        """The sheet of a processed (planned), returned or distributed batch, ready to show, export or print."""
        b: Batch = self._batch(batch_id)  # type: ignore[attr-defined]
        self._check_view(actor, b)  # type: ignore[attr-defined]
        if b.state in ("open", "deleted"):
            raise ValidationError("batch", f"批次“{b.name}”还没有处理,暂无分配表。")
        info = self._info(b)  # type: ignore[attr-defined]
        recipients: list[tuple] = []
        swap_reasons: dict[int, str] = {}
        if b.state in ("returned", "distributed"):
            recipients = self._distributed_recipients(actor, b)
        if b.state == "processed" or (b.state == "returned" and b.procedure == "kepu"):
            preview = self._preview_of(actor, b, self._plan(b))  # type: ignore[attr-defined]
            recipients += _recipient_rows(preview.recipients)
        elif b.state == "returned":
            recipients += self._pending_departments(b)
        ids = [c for r in recipients for c in r[4]]
        left_out = list(
            BatchCard.select(BatchCard.customer, BatchCard.status, BatchCard.existing_owner)
            .where((BatchCard.batch == b) & (BatchCard.status.in_(["owned", "pool", "duplicate"])))
            .order_by(BatchCard.id)
            .tuples()
        )
        swapped = list(
            BatchCard.select(BatchCard.customer, BatchCard.recipient, BatchCard.swap_reason)
            .where((BatchCard.batch == b) & (BatchCard.swap_reason != "") & BatchCard.status.in_(["new", "allocated"]))
            .order_by(BatchCard.id)
            .tuples()
        )
        swap_reasons = {c: reason for c, _, reason in swapped}
        all_ids = ids + [c for c, _, _ in left_out]
        names = names_of(all_ids)
        phones = first_phones(all_ids)
        staff_ids = [o for _, _, o in left_out if o] + [r for _, r, _ in swapped if r]
        staff_names = dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_(staff_ids or [0])).tuples())

        def masked(cid: int) -> tuple[str, str]:
            return mask_name(names.get(cid, "")), mask_phone(phones[cid]) if cid in phones else ""

        rows: list[tuple] = []
        limit = 1
        for dept, staff, rank, history, cards, house in recipients:
            sizes: dict[int, int] = {}
            for cid in cards:
                if house.get(cid) is not None:
                    sizes[house[cid]] = sizes.get(house[cid], 0) + 1
            limit = max([limit, *sizes.values()])
            for i, cid in enumerate(cards):
                head = (dept, staff, _n(rank), _n(history), len(cards)) if i == 0 else ("", "", "", "", "")
                note = "调换,原因见调换记录" if cid in swap_reasons else ""
                rows.append(head + (cid, *masked(cid), house.get(cid) or "", note))
            if not cards:
                rows.append((dept, staff, _n(rank), _n(history), 0, "", "", "", "", "本批未分到(余数顺序靠后)"))
        trail, swapped_by = self._trail(b)
        swaps = tuple(
            (cid, masked(cid)[0], staff_names.get(to, ""), reason, swapped_by.get(cid, ""))
            for cid, to, reason in swapped
        )
        left = tuple(
            (cid, *masked(cid), LEFT_OUT_NOTES[status].format(staff_names.get(owner, "")))
            for cid, status, owner in left_out
        )
        given = [(staff, len(cards)) for _, staff, _, _, cards, _ in recipients if staff != PENDING]
        pending = sum(len(cards) for _, staff, _, _, cards, _ in recipients if staff == PENDING)
        done = b.state == "distributed" or (b.state == "returned" and b.procedure != "kepu")
        verb = "实际分配" if done else "拟分配(尚未确认)"
        totals = f"{verb} {sum(n for _, n in given)} 张:" + "、".join(f"{s} {n} 张" for s, n in given)
        if pending:
            totals += f";待部门经理分配 {pending} 张"
        if left:
            kinds = {k: sum(1 for _, st, _ in left_out if st == k) for k in ("owned", "pool", "duplicate")}
            label = {"owned": "已有归属", "pool": "在资源池", "duplicate": "重复"}
            totals += f";未分配 {len(left)} 张(" + "、".join(f"{label[k]} {n} 张" for k, n in kinds.items() if n) + ")"
        totals += "。"
        order = "、".join(
            f"{rank}. {staff}(此前 {history} 张)" for _, staff, rank, history, _, _ in recipients if staff != PENDING
        )
        who_in = info.handed_in_by_name or "(未填)"
        people = "、".join(info.participant_names or info.department_names) or "(未填)"
        facts = [
            ("批次", f"{b.id} {b.name}"),
            ("分配程序", PROCEDURES.get(b.procedure, b.procedure)),
            ("来源活动", b.name if b.procedure != "pool" else "公司资源池"),
            ("活动日期", f"{b.event_date:%Y-%m-%d}" if b.event_date else "(未填)"),
            ("参加" if b.procedure != "kepu" else "参加员工", people),
            ("交档案人", who_in),
            ("处理人", _who(trail.get("batch.process", [])[-1:]) or "—"),
            ("返还", _who(trail.get("batch.return", [])[-1:]) or "—"),
            ("分配确认", _who(trail.get("batch.confirm", [])) or "尚未确认"),
            ("状态", info.progress_text),
        ]
        if b.procedure == "pool" and b.notes:
            facts.append(("原因", b.notes))
        date = f"{b.event_date:%Y-%m-%d} " if b.event_date else ""
        subtitle = f"{PROCEDURES.get(b.procedure, b.procedure)} · {date}{info.progress_text}"
        return SheetData(
            title=f"档案分配表:{b.name}",
            subtitle=subtitle,
            facts=tuple(facts),
            rule_text=f"{PROCEDURE_RULES.get(b.procedure, '')}。{EVEN_RULE}。",
            tie_order_text=order,
            fairness_text=f"{PROCEDURE_RULES.get(b.procedure, '')}。" + fairness_sentence(recipients, limit),
            totals_text=totals,
            columns=tuple(c.title for c in SHEET_COLUMNS),
            rows=tuple(rows),
            swaps=swaps,
            left_out=left,
        )

    def _distributed_recipients(self, actor: Actor, b: Batch) -> list[tuple]:
        """Recipients of the confirmed part of a batch, in the tie order recorded at confirmation."""
        return _recipient_rows(self.distribution(actor, b.id).recipients)  # type: ignore[attr-defined]

    def _pending_departments(self, b: Batch) -> list[tuple]:
        """A returned batch's cards that a department has not yet shared among its staff."""
        pending: dict[int | None, list[int]] = {}
        house: dict[int, int | None] = {}
        q = (
            BatchCard.select(BatchCard.recipient_department, BatchCard.customer, BatchCard.household_key)
            .where((BatchCard.batch == b) & (BatchCard.status == "new"))
            .order_by(BatchCard.id)
            .tuples()
        )
        for dept, cid, h in q:
            pending.setdefault(dept, []).append(cid)
            house[cid] = h
        names = dict(Department.select(Department.id, Department.name).tuples())
        return [
            (names.get(d, ""), PENDING, None, None, cids, house)
            for d, cids in sorted(pending.items(), key=lambda kv: kv[0] or 0)
        ]

    def export_sheet(self, actor: Actor, batch_id: int, path: str | os.PathLike) -> int:
        """Write the allocation sheet to an .xlsx file laid out to print on A4; returns the card rows written."""
        data = self.sheet_rows(actor, batch_id)
        return write_sheet_xlsx(path, data)

    def print_sheet(self, actor: Actor, batch_id: int, path: str | os.PathLike) -> Path:
        """The printed page of the sheet (PDF, A4) to post on the notice board and sign."""
        from services.output import pdf  # reportlab loads only when a sheet is printed

        data = self.sheet_rows(actor, batch_id)
        sheet = pdf.AllocationSheetPrint(
            title=data.title,
            subtitle=data.subtitle,
            facts=data.facts,
            header=data.columns,
            rows=[tuple(str(v) for v in r) for r in data.rows],
            widths_mm=PRINT_WIDTHS_MM,
            swaps_header=SWAP_COLUMNS,
            swaps=[tuple(str(v) for v in r) for r in data.swaps],
            swaps_widths_mm=SWAP_WIDTHS_MM,
            left_out_header=LEFT_OUT_COLUMNS,
            left_out=[tuple(str(v) for v in r) for r in data.left_out],
            left_out_widths_mm=LEFT_OUT_WIDTHS_MM,
            notes=(f"合计:{data.totals_text}", f"分配规则:{data.fairness_text}", f"余数顺序:{data.tie_order_text}"),
            signatures=data.signatures,
        )
        now = self.app.clock.now()  # type: ignore[attr-defined]
        return pdf.allocation_sheet_pdf(path, sheet, office=self.app.settings.office_name(), printed_at=now)  # type: ignore[attr-defined]


def _recipient_rows(recipients: Sequence[RecipientPlan]) -> list[tuple]:
    """(department, staff, tie rank, history, card ids, household of each card) per recipient."""
    return [
        (
            r.department_name,
            r.staff_name,
            r.tie_rank,
            r.history,
            [c.customer_id for c in r.cards],
            {c.customer_id: c.household for c in r.cards},
        )
        for r in recipients
    ]


def _n(value: object) -> object:
    """No "None" on a posted sheet: a missing number is an empty cell."""
    return "" if value is None else value


def write_sheet_xlsx(path: str | os.PathLike, data: SheetData) -> int:
    """The sheet as one worksheet: facts, the cards per recipient (name on every row, for filters and
    page breaks), swaps, the cards left out, totals, the rule and signature lines; A4, fit to width."""
    # openpyxl is imported here: it costs ~0.3 s and the program starts without it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError("path", "导出文件须以 .xlsx 结尾。")
    if not target.parent.exists():
        raise ValidationError("path", f"文件夹不存在:{target.parent}")
    wb = Workbook()
    ws = wb.active
    ws.title = "分配表"
    bold = Font(bold=True)
    thin = Side(style="thin", color="888888")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for i, col in enumerate(SHEET_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.append([safe_value(data.title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([safe_value(data.subtitle)])
    for label, value in data.facts:
        ws.append([label, None, safe_value(value)])
        ws.cell(ws.max_row, 1).font = bold
    ws.append([])

    def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
        ws.append([title])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
        ws.append(list(header))
        head = ws.max_row
        for c in range(1, len(header) + 1):
            cell = ws.cell(head, c)
            cell.font, cell.border = bold, box
            cell.alignment = Alignment(horizontal="center")
        for row in rows:
            ws.append([safe_value(v) for v in row])
            for c in range(1, len(header) + 1):
                ws.cell(ws.max_row, c).border = box
        ws.append([])
        return head

    body: list[tuple] = []
    dept = staff = ""
    for row in data.rows:  # the recipient on every row: a page break or a filter never loses it
        dept, staff = (row[0], row[1]) if row[1] else (dept, staff)
        body.append((dept, staff, *row[2:]))
    head = table("分配明细", data.columns, body)
    ws.print_title_rows = f"{head}:{head}"
    ws.freeze_panes = f"A{head + 1}"
    table("调换记录", SWAP_COLUMNS, data.swaps or [("", "本批没有调换", "", "", "")])
    table("未分配的档案", LEFT_OUT_COLUMNS, data.left_out or [("", "无", "", "")])
    for label, text in (
        ("合计", data.totals_text),
        ("分配规则", data.fairness_text),
        ("余数顺序", data.tie_order_text),
    ):
        ws.append([label, None, safe_value(text)])
        ws.cell(ws.max_row, 1).font = bold
    ws.append([])
    for who in data.signatures:
        ws.append([f"{who}签字:", None, "________________", None, None, None, "日期:", "____________"])
        ws.row_dimensions[ws.max_row].height = 28
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=str(target.parent))
    os.close(fd)
    try:
        wb.save(tmp)
        publish(tmp, target)  # the user's normal permissions, not the temp file's 0600
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise ValidationError("path", f"无法写入 {target.name}:{exc.strerror or exc}") from exc
    return len(body)
