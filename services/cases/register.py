"""The case register (冲突案件登记簿) as an Excel workbook, through services.output.export.

Every case the user may see (with the queue's filters), newest first, streamed page by page
so the register of years of cases needs no memory for all of them; the export is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from models import db
from services.cases.views import STATE_LABELS
from services.office import audit
from services.office.permissions import Actor
from services.output.export import Column, write_xlsx

if TYPE_CHECKING:
    from services.cases.service import CaseService

REGISTER_COLUMNS = (
    Column("案件号", 8),
    Column("立案时间", 17),
    Column("状态"),
    Column("类型"),
    Column("规则", 6),
    Column("规则名称"),
    Column("档案号", 8),
    Column("顾客"),
    Column("部门"),
    Column("当事人"),
    Column("案情"),
    Column("系统建议"),
    Column("上报总经理"),
    Column("处理结果"),
    Column("处理时间", 17),
    Column("处理人"),
)


def export_register(
    cases: CaseService,
    actor: Actor,
    path: str,
    state: str | None = None,
    department_id: int | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the register to ``path`` (.xlsx); returns the number of cases written."""
    subtitle = f"导出时间 {cases.app.clock.now():%Y-%m-%d %H:%M}"
    if state:
        subtitle += f" · 状态:{STATE_LABELS.get(state, state)}"
    rows = (
        (
            r.id,
            r.opened_at,
            r.state_label,
            r.kind_label,
            r.rule,
            r.rule_title,
            r.customer_id,
            r.customer_name,
            r.department_name,
            r.parties_text,
            r.summary,
            r.proposed_text,
            r.escalation,
            r.resolution,
            r.resolved_at,
            r.resolved_by,
        )
        for r in cases.iter_register(actor, state, department_id)
    )
    n = write_xlsx(
        path,
        "冲突案件登记簿",
        REGISTER_COLUMNS,
        rows,
        sheet_name="冲突案件",
        subtitle=subtitle,
        progress=progress,
        cancelled=cancelled,
    )
    with db.atomic():
        audit.write(
            actor,
            "case.export",
            "conflict_case",
            None,
            new={"rows": n, "state": state, "department": department_id},
            at=cases.app.clock.now(),
        )
    return n
