"""Reading the audit log (审计日志): filtered by user, customer and date range, keyset-paged, exported.

The log only grows, so the viewer pages by id, newest first (``id < last id seen``): each page is an
index range, however long the log. Dates filter on the indexed ``at`` column; the user and the
customer filters have their own indexes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from models import AuditLog, User, later
from services.office.permissions import ROLES, Actor, require
from services.output.export import Column, write_xlsx
from services.platform.errors import ValidationError
from services.rules.model import EVENT_NAMES

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
    "frontdesk.lookup": "前台查询",
    "login.failed": "登录失败",
    "changes.seen": "查看失去的顾客",
    "lookup.r8_report": "跨部门邀约报告(R8)",
    "case.closed_with": "随案结案",
    "permission.denied": "越权被拒",
    "event.allocate_batch": "批量分配",
    "event.register_batch": "批量报名",
    "staff.rename": "员工改名",
    "case.accept": "接受建议",
    "case.override": "改判",
    "case.escalate": "上报总经理",
    "case.gm_rule": "总经理终裁",
    "case.export": "导出案件登记簿",
    "customer.update": "修改档案",
    "customer.restore": "恢复档案",
    "customer.export": "导出档案",
    "customer.household": "关联家庭",
    "customer.household_end": "解除家庭关联",
    "customer.merge_intake": "表单并入已有档案",
    "customer.unmerge_intake": "拆分误合并的表",
    "scan.attach": "附扫描件",
    "batch.create": "新建分配批次",
    "batch.add_cards": "批次加入档案",
    "batch.remove_card": "移出批次",
    "batch.unmerge": "拆分:新档案代替加入批次",
    "batch.process": "批次处理",
    "batch.confirm": "确认分配",
    "batch.swap": "调换分配",
    "batch.return": "退回批次",
    "callback.record": "登记回访",
    "callback_task.close": "回访任务完成",
    "backup.create": "备份",
    "backup.restore": "恢复备份",
}
#: Timeline events are audited as ``event.<type>`` (services.timeline.recorder.event_audit).
for _type, _name in EVENT_NAMES.items():
    ACTION_LABELS.setdefault(f"event.{_type}", f"登记{_name}")

#: The keys of the audited values, in the office's words (the viewer shows "归属:张三", not JSON).
FIELD_LABELS = {
    "name": "名称",
    "owner": "归属",
    "type": "事件",
    "at": "发生时间",
    "state": "状态",
    "reason": "原因",
    "late_reason": "补录原因",
    "late_hours": "晚录(小时)",
    "batch": "批次",
    "customers": "顾客档案",
    "cards": "档案数",
    "registrations": "报名数",
    "on_time": "按时",
    "to": "归属",
    "by": "裁决人",
    "username": "用户名",
    "role": "角色",
    "text": "查询内容",
    "kind": "方式",
    "signed": "客户签字",
    "notes": "记录",
    "phones": "电话",
    "meeting": "会议",
    "department": "部门",
    "list": "名单",
    "complaint": "投诉编号",
    "cause": "投诉原因",
    "products": "产品",
    "service_staff": "服务员工",
    "expert": "专家",
    "referral_complete": "介绍信息完整",
    "referrer_owner": "介绍人的专员",
    "ruling_event": "裁决记录",
    "proposed_owner": "建议归属",
    "left_at": "离职时间",
    "customers_to_pool": "转入资源池",
    "value": "值",
}
#: Values that are codes, in the office's words.
VALUE_LABELS = {
    "type": EVENT_NAMES,
    "state": {"open": "待处理", "escalated": "已上报总经理", "ruled": "已裁决"},
    "role": ROLES,
    "kind": {"home": "家访", "phone": "电话"},
    "to": {"pool": "公司资源池"},
    "owner": {"pool": "公司资源池"},
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
    event_at: dt.datetime | None = None  # when a timeline event happened (``at`` is when it was recorded)


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    next_after: int | None  # pass as ``after`` for the next page; None: no more rows


def _plain(key: str, value: Any) -> str:
    if value is None:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(_plain(key, v) for v in value) or "无"
    if isinstance(value, dict):
        return "(" + _text(value) + ")"
    labels = VALUE_LABELS.get(key, {})
    return labels.get(value, str(value)) if isinstance(value, str | int) else str(value)


def _text(value: Any) -> str:
    """A value of the log as a person reads it: "归属:张三;原因:……", never raw codes and JSON.

    An ownership change keeps the owner's name beside the id: the name is shown."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return _plain("", value)
    if "owner" in value and "name" in value:  # {"owner": 3, "name": "张三"}
        rest = {k: v for k, v in value.items() if k not in ("owner", "name")}
        head = f"归属:{_plain('owner', value['name'] if value['owner'] is not None else None)}"
        return ";".join([head] + ([_text(rest)] if rest else []))
    order = {k: i for i, k in enumerate(FIELD_LABELS)}
    keys = sorted(value, key=lambda k: (order.get(k, len(order)), k))
    return ";".join(f"{FIELD_LABELS.get(k, k)}:{_plain(k, value[k])}" for k in keys)


def _event_time(r: AuditLog) -> dt.datetime | None:
    """The event time of a timeline event's row written before ``event_at`` existed (migration 11 could not
    fill it: the log is append-only), read from the row's own value."""
    if r.entity != "event" or not isinstance(r.new, dict) or not isinstance(r.new.get("at"), str):
        return None
    try:
        return dt.datetime.fromisoformat(r.new["at"])
    except ValueError:
        return None


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
        later.flush(2.0)  # this PC's lookups queued for the office server (models.later), briefly
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
            AuditLog.event_at,
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
                r.event_at or _event_time(r),
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
            Column("记录时间", number_format="yyyy-mm-dd hh:mm:ss"),
            Column("发生时间", number_format="yyyy-mm-dd hh:mm"),
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
            (
                r.id,
                r.at,
                r.event_at,
                r.user,
                r.action_label,
                r.entity,
                r.entity_id,
                r.customer_id,
                r.old,
                r.new,
                r.reason,
                r.rule,
            )
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
