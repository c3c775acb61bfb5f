"""The department overview (SPEC §10): where a department manager's day starts, on one screen.

Each line says what needs doing and names the list behind it (``target`` = the tab, with the list's
filter), so the interface can open that list. Everything is counted with grouped, indexed queries:
no line reads customers one by one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from models import CallbackTask, Complaint, Customer, Department, Ownership, Staff
from services.office.permissions import Actor
from services.platform.errors import PermissionDenied, ValidationError
from services.rules.calendar import day_start, last_good_instant

LAPSE_RULES = {
    "R2": "未预热将失效(R2)",
    "R6": "预热后未跟进将失效(R6)",
    "R7": "会后未登门将失效(R7)",
    "R8": "三个月服务不到位将失效(R8)",
}
LAPSE_DAYS = 3


#: The overview's sections, in the order a manager reads them (labels the interface translates).
SECTIONS = ("投诉", "归属", "分配", "联合会议", "回访")


@dataclass(frozen=True)
class OverviewLine:
    section: str  # 回访 | 投诉 | 归属 | 分配 | 联合会议
    text: str
    count: int
    target: str  # the tab to open: callbacks | customers | allocation | meetings
    when: str = ""  # the callback list's scope (today | week | missed | open)
    staff_id: int | None = None
    urgent: bool = False


def department_overview(
    app, actor: Actor, department_id: int | None = None, now: dt.datetime | None = None
) -> list[OverviewLine]:
    """The overview of one department: today's and this week's duties by staff member, missed duties this
    month, open complaints with their deadline, customers about to lapse (R2/R6–R8 within 3 days),
    batches waiting to be distributed, and today's joint-meeting list deadline."""
    if actor.role == "manager":
        if department_id not in (None, actor.department_id):
            raise PermissionDenied("部门经理只能查看本部门的概况。")
        department_id = actor.department_id
    elif actor.role not in ("director", "gm", "admin"):
        raise PermissionDenied("部门概况只给部门经理及以上查看。")
    if department_id is None or Department.get_or_none(Department.id == department_id) is None:
        raise ValidationError("department", "请选择部门。")
    now = now or app.clock.now()
    today_end = day_start(now.date() + dt.timedelta(days=1))
    week_end = today_end + dt.timedelta(days=6)
    month_start = dt.datetime(now.year, now.month, 1)
    staff = list(
        Staff.select(Staff.id, Staff.name)
        .where((Staff.department == department_id) & Staff.active & (Staff.position != "manager"))
        .order_by(Staff.id)
    )
    ids = [s.id for s in staff]
    out: list[OverviewLine] = []

    T = CallbackTask

    def counts(where) -> dict[int, int]:
        """Duties per staff member: their own, and the joint visits they owe with the expert (``partner``)."""
        out: dict[int, int] = {}
        for column in (T.staff, T.partner) if ids else ():
            for sid, n in T.select(column, fn.COUNT(T.id)).where(column.in_(ids) & where).group_by(column).tuples():
                out[sid] = out.get(sid, 0) + n
        return out

    open_ = T.closed_at.is_null() & (T.window_start <= now)
    today = counts(open_ & (T.due_at > now) & (T.due_at <= today_end))
    week = counts(open_ & (T.due_at > now) & (T.due_at <= week_end))
    missed = counts(T.closed_at.is_null() & (T.due_at > month_start) & (T.due_at <= now) & (T.kind != "complaint"))
    for s in staff:
        t, w, m = today.get(s.id, 0), week.get(s.id, 0), missed.get(s.id, 0)
        out.append(OverviewLine("回访", f"{s.name}:今天到期 {t} 项,本周 {w} 项", t, "callbacks", "today", s.id, t > 0))
        if m:
            out.append(OverviewLine("回访", f"{s.name}:本月已错过 {m} 项(记入考核)", m, "callbacks", "missed", s.id))

    complaints = list(
        Complaint.select(Complaint, Customer.name.alias("customer_name"))
        .join(Customer, on=(Complaint.customer == Customer.id))
        .where(Complaint.resolved_at.is_null() & Complaint.staff.in_(ids or [0]))
        .order_by(Complaint.due_at)
        .objects()
    )
    names = {s.id: s.name for s in staff}
    for c in complaints:
        due = last_good_instant(c.due_at)
        late = c.due_at <= now
        text = f"{c.customer_name} 投诉 {c.code}({names.get(c.staff_id, '')})" + (
            f":已超过 3 日({due:%m-%d %H:%M} 截止),顾客已转入资源池" if late else f":{due:%m-%d %H:%M} 前必须处理(R9)"
        )
        out.append(OverviewLine("投诉", text, 1, "callbacks", "open", c.staff_id, True))

    horizon = now + dt.timedelta(days=LAPSE_DAYS)
    own = Ownership
    for rule, n in (
        own.select(own.next_rule, fn.COUNT(own.customer))
        .where(
            (own.owner_department == department_id)
            & (own.next_deadline > now)
            & (own.next_deadline <= horizon)
            & own.next_rule.in_(list(LAPSE_RULES))
        )
        .group_by(own.next_rule)
        .tuples()
    ):
        out.append(OverviewLine("归属", f"{LAPSE_RULES[rule]}:{n} 位顾客(3 天内)", n, "customers", rule, None, True))

    # Batches the CRM center returned with cards this department still has to share (档案分配).
    batches = app.allocation.waiting(actor, department_id)
    if batches:
        out.append(
            OverviewLine(
                "分配",
                f"已返还待分配的批次 {len(batches)} 个:" + "、".join(b.text for b in batches[:5]),
                len(batches),
                "allocation",
                urgent=True,
            )
        )

    out += _list_deadlines(app, department_id, now)
    # What cannot wait (complaints, lapses, the list, batches) above the per-staff counts.
    return [line for line in out if line.section != "回访"] + [line for line in out if line.section == "回访"]


def _list_deadlines(app, department_id: int, now: dt.datetime) -> list[OverviewLine]:
    """Today's joint-meeting list (R11): its deadline and whether it is in."""
    from models import Meeting, MeetingDepartment

    out = []
    meetings = (
        Meeting.select(Meeting.id)
        .join(MeetingDepartment, on=(MeetingDepartment.meeting == Meeting.id))
        .where(
            Meeting.joint
            & (MeetingDepartment.department == department_id)
            & (Meeting.date >= now.date())
            & (Meeting.date <= now.date() + dt.timedelta(days=7))
        )
        .order_by(Meeting.date)
    )
    for (mid,) in meetings.tuples():  # lists are due the week before the meeting and on its day
        m = app.meetings.get(mid)
        d = app.meetings.list_day(mid, department_id, now.date())
        done = d.submitted_at is not None
        state = "已报送" if done else ("已过截止" if d.deadline <= now else "未报送")
        out.append(
            OverviewLine(
                "联合会议",
                f"{m.title}:今天的敲定名单 {last_good_instant(d.deadline):%H:%M} 截止,{state}",
                0 if done else 1,
                "meetings",
                urgent=not done,
            )
        )
    return out


def print_overview(app, actor: Actor, path, department_id: int | None = None, progress=None, cancelled=None):
    """The overview on A4, as shown."""
    from services.output import pdf

    lines = department_overview(app, actor, department_id)
    dept = Department.get_by_id(department_id or actor.department_id).name
    return pdf.table_pdf(
        path,
        f"{dept} 部门概况",
        f"{app.clock.now():%Y-%m-%d %H:%M}",
        ("类别", "事项"),
        [(line.section, ("【急】" if line.urgent else "") + line.text) for line in lines],
        (24, pdf.content_width() / pdf.mm - 24),
        office=app.settings.office_name(),
        printed_at=app.clock.now(),
    )


__all__ = ["LAPSE_RULES", "OverviewLine", "department_overview", "print_overview"]
