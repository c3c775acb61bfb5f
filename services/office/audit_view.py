"""Reading the audit log (审计日志): filtered by user, customer and date range, keyset-paged, exported.

The log only grows, so the viewer pages by id, newest first (``id < last id seen``): each page is an
index range, however long the log. Dates filter on the indexed ``at`` column; the user and the
customer filters have their own indexes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from models import AuditLog, User
from services.office.permissions import Actor, require
from services.output.export import Column, write_xlsx
from services.platform.errors import ValidationError

ACTION_LABELS = {
    "user.create": "新建用户",
    "user.locked": "账户锁定",
    "user.password": "修改密码",
    "user.reset_password": "重置密码",
    "department.create": "新建部门",
    "department.rename": "部门改名",
    "staff.create": "新建员工",
    "staff.left": "员工离职",
    "setting.change": "修改设置",
    "customer.create": "新建档案",
    "customer.archive": "归档档案",
    "ownership.change": "归属变更",
    "ownership.reassign": "重新分配",
    "ownership.ruling": "裁决",
    "event.register": "报名",
    "event.allocate": "分配",
    "event.attend": "到会",
    "event.purchase": "出货",
    "complaint.open": "投诉",
    "complaint.resolve": "投诉处理",
    "meeting.create": "安排会议",
    "meeting.submit_list": "报送名单",
    "lookup.request": "申请调阅",
    "lookup.approve": "批准调阅",
    "lookup.reject": "驳回调阅",
    "lookup.view": "调阅档案",
    "frontdesk.store_visit": "到店登记",
}


@dataclass(frozen=True)
class AuditFilter:
    """All optional: ``since``/``until`` are whole days (until inclusive)."""

    user_id: int | None = None
    customer_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    user: str
    action: str
    action_label: str
    entity: str
    entity_id: int | None
    customer_id: int | None
    old: str
    new: str
    reason: str
    rule: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    next_after: int | None  # pass as ``after`` for the next page; None: no more rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class AuditViewService:
    def __init__(self, app):
        self.app = app

    def users(self, actor: Actor) -> list[tuple[int, str]]:
        """Every account (also those that cannot log in) for the user filter: (id, "name (username)")."""
        require(actor, "audit.view", "查看审计日志")
        q = User.select(User.id, User.username, User.display_name).order_by(User.username)
        return [(uid, f"{disp}({name})" if disp else name) for uid, name, disp in q.tuples()]

    def _query(self, f: AuditFilter):
        if f.since and f.until and f.since > f.until:
            raise ValidationError("since", "开始日期晚于结束日期。")
        q = AuditLog.select(
            AuditLog.id,
            AuditLog.at,
            AuditLog.user,
            AuditLog.action,
            AuditLog.entity,
            AuditLog.entity_id,
            AuditLog.customer_id,
            AuditLog.old,
            AuditLog.new,
            AuditLog.reason,
            AuditLog.rule,
        )
        if f.user_id is not None:
            q = q.where(AuditLog.user == f.user_id)
        if f.customer_id is not None:
            q = q.where(AuditLog.customer_id == f.customer_id)
        if f.since is not None:
            q = q.where(AuditLog.at >= dt.datetime.combine(f.since, dt.time.min))
        if f.until is not None:
            q = q.where(AuditLog.at < dt.datetime.combine(f.until + dt.timedelta(days=1), dt.time.min))
        return q.order_by(AuditLog.id.desc())

    def _rows(self, raw: list[AuditLog]) -> list[AuditRow]:
        uids = {r.user_id for r in raw if r.user_id is not None}
        names = {}
        if uids:
            q = User.select(User.id, User.username, User.display_name).where(User.id.in_(list(uids)))
            names = {uid: disp or name for uid, name, disp in q.tuples()}
        return [
            AuditRow(
                r.id,
                r.at,
                names.get(r.user_id, "系统") if r.user_id is not None else "系统",
                r.action,
                ACTION_LABELS.get(r.action, r.action),
                r.entity,
                r.entity_id,
                r.customer_id,
                _text(r.old),
                _text(r.new),
                r.reason or "",
                r.rule or "",
            )
            for r in raw
        ]

    def page(
        self, actor: Actor, f: AuditFilter | None = None, *, after: int | None = None, limit: int = 200
    ) -> AuditPage:
        """One page, newest first; ``after`` is the ``next_after`` of the previous page."""
        require(actor, "audit.view", "查看审计日志")
        limit = max(1, min(int(limit), 1000))
        q = self._query(f or AuditFilter())
        if after is not None:
            q = q.where(AuditLog.id < after)
        raw = list(q.limit(limit + 1))
        more = len(raw) > limit
        rows = self._rows(raw[:limit])
        return AuditPage(rows, rows[-1].id if more and rows else None)

    def _all(self, actor: Actor, f: AuditFilter) -> Iterator[AuditRow]:
        after = None
        while True:
            p = self.page(actor, f, after=after, limit=1000)
            yield from p.rows
            if p.next_after is None:
                return
            after = p.next_after

    def export(
        self,
        actor: Actor,
        path: str,
        f: AuditFilter | None = None,
        *,
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Write the filtered log to an .xlsx file; returns the number of rows."""
        require(actor, "audit.view", "导出审计日志")
        f = f or AuditFilter()
        columns = [
            Column("编号"),
            Column("时间", number_format="yyyy-mm-dd hh:mm:ss"),
            Column("用户"),
            Column("操作"),
            Column("对象"),
            Column("对象编号"),
            Column("顾客档案号"),
            Column("原值", width=40),
            Column("新值", width=40),
            Column("原因", width=40),
            Column("规则"),
        ]
        rows = (
            (r.id, r.at, r.user, r.action_label, r.entity, r.entity_id, r.customer_id, r.old, r.new, r.reason, r.rule)
            for r in self._all(actor, f)
        )
        parts = []
        if f.since or f.until:
            parts.append(f"{f.since or '…'} 至 {f.until or '…'}")
        if f.customer_id is not None:
            parts.append(f"顾客档案 {f.customer_id}")
        return write_xlsx(
            path,
            "审计日志",
            columns,
            rows,
            sheet_name="审计日志",
            subtitle=";".join(parts),
            progress=progress,
            cancelled=cancelled,
        )


__all__ = ["ACTION_LABELS", "AuditFilter", "AuditPage", "AuditRow", "AuditViewService"]
