"""The ownership box's data (归属信息): the engine's verdict for one customer, ready to display.

Wherever a customer is shown (case view, customer card, front desk) the interface shows
who owns the customer, the department, the claim state, the rule and its explanation,
and a countdown to the next deadline. This module turns a `Verdict` into that, with
names instead of ids, so widgets never need the rules engine's internals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import Customer, Department, Staff
from services.office.permissions import ROLES, Actor
from services.platform.errors import NotFound, PermissionDenied
from services.rules.calendar import fmt_deadline
from services.rules.model import CLAIM_STATE_NAMES, POOL, RULE_TITLES, Verdict

#: Under this much time left, the countdown is shown as urgent (red).
URGENT = dt.timedelta(days=1)


@dataclass(frozen=True)
class OwnershipView:
    """Who owns a customer right now and why, with names (SPEC §5, issue 3 item 7)."""

    customer_id: int
    at: dt.datetime
    owner_kind: str  # staff | pool | none
    owner_id: int | None
    owner_name: str
    department_id: int | None
    department_name: str
    claim_state: str  # pending | active | lapsed | ''
    state_label: str
    rule: str
    rule_title: str
    since: dt.datetime | None
    explanation: str
    next_deadline: dt.datetime | None
    next_rule: str
    next_rule_title: str
    next_action: str
    must_other_department: bool

    @property
    def owner_key(self) -> str:
        """The owner as a case stores its proposal: the staff id as text, "pool" or ""."""
        if self.owner_kind == "staff":
            return str(self.owner_id)
        return "pool" if self.owner_kind == "pool" else ""

    @property
    def owner_label(self) -> str:
        """One line: "张三(一部)", "公司资源池" or "无人"."""
        if self.owner_kind == "staff":
            return f"{self.owner_name}({self.department_name})" if self.department_name else self.owner_name
        return self.owner_name

    def countdown(self, now: dt.datetime) -> tuple[str, bool]:
        """Text for the time left to the next deadline and whether it is urgent (under one day)."""
        return countdown_text(self.next_deadline, now)


@dataclass(frozen=True)
class Countdown:
    """Time left to a deadline in whole minutes (rounded down: never more than is left)."""

    days: int
    hours: int
    minutes: int
    passed: bool
    urgent: bool  # under one day (or passed)


def countdown(deadline: dt.datetime, now: dt.datetime) -> Countdown:
    left = deadline - now
    if left <= dt.timedelta(0):
        return Countdown(0, 0, 0, True, True)
    total = int(left.total_seconds() // 60)
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    return Countdown(days, hours, minutes, False, left < URGENT)


def countdown_text(deadline: dt.datetime | None, now: dt.datetime) -> tuple[str, bool]:
    """ "还剩 1 天 3 小时" (urgent when under a day); "" without a deadline; "已到期" once passed."""
    if deadline is None:
        return "", False
    c = countdown(deadline, now)
    if c.passed:
        text = "已到期"
    elif c.days:
        text = f"还剩 {c.days} 天 {c.hours} 小时"
    elif c.hours:
        text = f"还剩 {c.hours} 小时 {c.minutes} 分钟"
    else:
        text = f"还剩 {c.minutes} 分钟" if c.minutes else "还剩不到 1 分钟"
    return text, c.urgent


def owner_key(v: Verdict) -> str:
    """A verdict's owner as a case stores its proposal (ConflictCase.proposed_owner): staff id, "pool" or ""."""
    if v.owner_is_staff:
        return str(v.owner)
    return "pool" if v.owner == POOL else ""


def view_from_verdict(customer_id: int, v: Verdict) -> OwnershipView:
    """Attach names to a verdict (two indexed lookups at most)."""
    owner_id: int | None = None
    dept_id: int | None = None
    dept_name = ""
    if v.owner_is_staff:
        kind = "staff"
        staff = Staff.get_or_none(Staff.id == v.owner)
        owner_id = int(v.owner)
        owner_name = staff.name if staff else str(v.owner)
        if staff is not None and staff.department_id is not None:
            dept_id = staff.department_id
            dept = Department.get_or_none(Department.id == dept_id)
            dept_name = dept.name if dept else ""
    elif v.owner == POOL:
        kind, owner_name = "pool", "公司资源池"
    else:
        kind, owner_name = "none", "无人"
    return OwnershipView(
        customer_id=customer_id,
        at=v.at,
        owner_kind=kind,
        owner_id=owner_id,
        owner_name=owner_name,
        department_id=dept_id,
        department_name=dept_name,
        claim_state=v.claim_state,
        state_label=CLAIM_STATE_NAMES.get(v.claim_state, v.claim_state),
        rule=v.rule,
        rule_title=RULE_TITLES.get(v.rule, ""),
        since=v.since,
        explanation=v.explanation,
        next_deadline=v.next_deadline,
        next_rule=v.next_rule,
        next_rule_title=RULE_TITLES.get(v.next_rule, ""),
        next_action=v.next_action,
        must_other_department=v.must_other_department,
    )


def action_answer(customer_id: int, v: Verdict, owner_changed: bool, cases_opened: tuple[int, ...]) -> str:
    """The one sentence a staff action ends with (issue 18): who owns the customer now, under which rule,
    until when, and whether a conflict case was opened — from what the recording returned (`Recorded`).

    "该顾客现归张三(一部),依据 R3 先预热者得(有效),保有至 4月2日24:00(届时 R6 预热后一个月未跟进),未开冲突案件。"
    """
    view = view_from_verdict(customer_id, v)
    if view.owner_kind == "none":
        text = "该顾客目前无人认领"
    else:
        text = f"该顾客{'现归' if owner_changed else '仍归'}{view.owner_label}"
    if view.rule:
        state = f"({view.state_label})" if view.state_label else ""
        text += f",依据 {view.rule} {view.rule_title}{state}"
    if view.owner_kind == "staff":
        if view.next_deadline is not None:
            text += f",保有至 {fmt_deadline(view.next_deadline)}(届时 {view.next_rule} {view.next_rule_title})"
        else:
            text += ",暂无到期时间"
    if cases_opened:
        text += f",已开冲突案件 {len(cases_opened)} 件(案件号 {'、'.join(str(c) for c in cases_opened)})。"
    else:
        text += ",未开冲突案件。"
    return text


class OwnershipViewService:
    """``app.ownership.view(actor, customer_id)`` — the ownership box of one customer."""

    def __init__(self, app):
        self.app = app

    def view(self, actor: Actor, customer_id: int, at: dt.datetime | None = None) -> OwnershipView:
        """The current owner of a customer with names, state, rule, explanation and next deadline.

        Every role may read it: the front desk's lookup shows exactly this (SPEC §2), and
        it holds no card data beyond the owner's name. Replays the timeline, so it is
        today's answer even before the periodic sweep has run.
        """
        if actor.role not in ROLES:
            raise PermissionDenied("无权查看顾客归属。")
        if not Customer.select().where(Customer.id == customer_id).exists():
            raise NotFound(f"顾客档案 {customer_id} 不存在。")
        return view_from_verdict(customer_id, self.app.timeline.verdict(customer_id, at))


__all__ = [
    "action_answer",
    "owner_key",
    "Countdown",
    "OwnershipView",
    "countdown",
    "OwnershipViewService",
    "countdown_text",
    "view_from_verdict",
]
