"""The allocation sheet of a batch (分配表, 公平公开): who received which cards, the rule, the tie order.

The sheet is posted for everyone to see, so it shows the card number, the surname with the given
name's initial and the masked phone — enough to find the paper card, not enough to poach a customer.
``sheet_rows`` returns display-ready rows that the Excel export here and the printed page reuse.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from models import AuditLog, Batch, BatchCard, Department, Staff
from services.allocation.types import (
    EVEN_RULE,
    PROCEDURE_RULES,
    PROCEDURES,
    STATES,
    first_phones,
    names_of,
)
from services.customers.names import mask_name
from services.customers.phones import mask_phone
from services.office.permissions import Actor
from services.output.export import Column, write_xlsx
from services.platform.errors import ValidationError

SHEET_COLUMNS = (
    Column("部门"),
    Column("员工"),
    Column("余数顺序", 8),
    Column("此前分得", 8),
    Column("本批张数", 8),
    Column("档案号", 8),
    Column("顾客"),
    Column("电话", 14),
    Column("家庭", 8),
    Column("说明"),
)

PRINT_WIDTHS_MM = (18, 16, 12, 12, 12, 12, 16, 22, 10, 50)


@dataclass(frozen=True)
class SheetData:
    title: str
    subtitle: str
    rule_text: str
    tie_order_text: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


class SheetMixin:
    app: object

    def sheet_rows(self, actor: Actor, batch_id: int) -> SheetData:
        """The sheet of a processed (planned), returned or distributed batch, ready to show, export or print."""
        b: Batch = self._batch(batch_id)  # type: ignore[attr-defined]
        self._check_view(actor, b)  # type: ignore[attr-defined]
        if b.state == "open":
            raise ValidationError("batch", f"批次“{b.name}”还没有处理,暂无分配表。")
        recipients: list[tuple] = []
        if b.state in ("returned", "distributed"):
            recipients = self._distributed_recipients(b)
        if b.state == "processed" or (b.state == "returned" and b.procedure == "kepu"):
            preview = self._preview_of(actor, b, self._plan(b))  # type: ignore[attr-defined]
            recipients += [
                (
                    r.department_name,
                    r.staff_name,
                    r.tie_rank,
                    r.history,
                    [c.customer_id for c in r.cards],
                    {c.customer_id: c.household for c in r.cards},
                )
                for r in preview.recipients
            ]
        elif b.state == "returned":
            recipients += self._pending_departments(b)
        ids = [c for r in recipients for c in r[4]]
        left_out = list(
            BatchCard.select(BatchCard.customer, BatchCard.status, BatchCard.existing_owner)
            .where((BatchCard.batch == b) & (BatchCard.status.in_(["owned", "pool", "duplicate"])))
            .order_by(BatchCard.id)
            .tuples()
        )
        all_ids = ids + [c for c, _, _ in left_out]
        names = names_of(all_ids)
        phones = first_phones(all_ids)
        owner_names = dict(
            Staff.select(Staff.id, Staff.name).where(Staff.id.in_([o for _, _, o in left_out if o])).tuples()
        )
        rows: list[tuple] = []
        for dept, staff, rank, history, cards, house in recipients:
            for i, cid in enumerate(cards):
                head = (dept, staff, rank, history, len(cards)) if i == 0 else ("", "", None, None, None)
                rows.append(
                    head
                    + (
                        cid,
                        mask_name(names.get(cid, "")),
                        mask_phone(phones[cid]) if cid in phones else "",
                        house.get(cid) or "",
                        "",
                    )
                )
            if not cards:
                rows.append((dept, staff, rank, history, 0, None, "", "", "", "本批未分到(余数顺序靠后)"))
        notes = {
            "owned": "已归 {} 所有,未分配;新表格已并入原档案",
            "pool": "在公司资源池,未分配",
            "duplicate": "重复档案,已并入原档案",
        }
        for cid, status, owner in left_out:
            rows.append(
                (
                    "",
                    "",
                    None,
                    None,
                    None,
                    cid,
                    mask_name(names.get(cid, "")),
                    mask_phone(phones[cid]) if cid in phones else "",
                    "",
                    notes[status].format(owner_names.get(owner, "")),
                )
            )
        order = "、".join(f"{rank}. {staff}(此前 {history} 张)" for _, staff, rank, history, _, _ in recipients)
        date = f"{b.event_date:%Y-%m-%d} " if b.event_date else ""
        subtitle = f"{PROCEDURES.get(b.procedure, b.procedure)} · {date}{STATES.get(b.state, b.state)} · 共分配 {len(ids)} 张,未分配 {len(left_out)} 张"
        return SheetData(
            title=f"档案分配表:{b.name}",
            subtitle=subtitle,
            rule_text=f"{PROCEDURE_RULES.get(b.procedure, '')}。{EVEN_RULE}。",
            tie_order_text=order,
            columns=tuple(c.title for c in SHEET_COLUMNS),
            rows=tuple(rows),
        )

    def _distributed_recipients(self, b: Batch) -> list[tuple]:
        """Recipients of a confirmed batch in the tie order recorded at confirmation."""
        logs = (
            AuditLog.select(AuditLog.new)
            .where((AuditLog.entity == "batch") & (AuditLog.entity_id == b.id) & (AuditLog.action == "batch.confirm"))
            .order_by(AuditLog.id)
        )
        order: list[int] = []
        history: dict[int, int] = {}
        for log in logs:  # one per confirmation: a returned batch is confirmed department by department
            recorded = log.new or {}
            order += [int(s) for s in recorded.get("tie_order", []) if int(s) not in order]
            for k, v in recorded.get("history", {}).items():
                history.setdefault(int(k), v)
        by_staff: dict[int, list[int]] = {}
        house: dict[int, int | None] = {}
        dept_of: dict[int, int | None] = {}
        q = (
            BatchCard.select(
                BatchCard.recipient, BatchCard.customer, BatchCard.household_key, BatchCard.recipient_department
            )
            .where((BatchCard.batch == b) & (BatchCard.status == "allocated"))
            .order_by(BatchCard.id)
            .tuples()
        )
        for sid, cid, h, d in q:
            by_staff.setdefault(sid, []).append(cid)
            house[cid] = h
            dept_of[sid] = d
        order = [s for s in order if s in by_staff or s in history] + [s for s in by_staff if s not in order]
        staff_names = dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_(order)).tuples())
        staff_dept = dict(Staff.select(Staff.id, Staff.department).where(Staff.id.in_(order)).tuples())
        dept_names = dict(Department.select(Department.id, Department.name).tuples())
        return [
            (
                dept_names.get(dept_of.get(s) or staff_dept.get(s), ""),
                staff_names.get(s, ""),
                i + 1,
                history.get(s, 0),
                by_staff.get(s, []),
                house,
            )
            for i, s in enumerate(order)
        ]

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
            (names.get(d, ""), "(待部门经理分配)", None, None, cids, house)
            for d, cids in sorted(pending.items(), key=lambda kv: kv[0] or 0)
        ]

    def export_sheet(self, actor: Actor, batch_id: int, path: str | os.PathLike) -> int:
        """Write the allocation sheet to an .xlsx file; returns the number of rows written."""
        data = self.sheet_rows(actor, batch_id)
        rows = list(data.rows)
        rows.append(())
        # The long texts go in the wide last column, so they do not stretch the name columns.
        pad = ("",) * (len(SHEET_COLUMNS) - 2)
        rows.append(("分配规则", *pad, data.rule_text))
        rows.append(("余数顺序", *pad, data.tie_order_text))
        return write_xlsx(path, data.title, SHEET_COLUMNS, rows, sheet_name="分配表", subtitle=data.subtitle)

    def print_sheet(self, actor: Actor, batch_id: int, path: str | os.PathLike) -> Path:
        """The printed page of the sheet (PDF, A4) to post on the notice board."""
        from services.output import pdf  # reportlab loads only when a sheet is printed

        data = self.sheet_rows(actor, batch_id)
        rows = [tuple("" if v is None else v for v in r) for r in data.rows]
        sheet = pdf.AllocationSheetPrint(
            title=data.title,
            subtitle=data.subtitle,
            header=data.columns,
            rows=rows,
            widths_mm=PRINT_WIDTHS_MM,
            notes=(f"分配规则:{data.rule_text}", f"余数顺序:{data.tie_order_text}"),
        )
        now = self.app.clock.now()  # type: ignore[attr-defined]
        return pdf.allocation_sheet_pdf(path, sheet, office=self.app.settings.office_name(), printed_at=now)  # type: ignore[attr-defined]
