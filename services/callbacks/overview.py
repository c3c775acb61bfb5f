"""Where the day starts (SPEC §10): the department overview of a manager, today's tasks of a staff member.

The overview: each line says what needs doing and names the list behind it (``target`` = the tab, with
the list's filter), so the interface can open that list. Everything is counted with grouped, indexed
queries: no line reads customers one by one.

Today's tasks (`staff_today`): one staff member's deadlines — pre-heats (R2) and follow-ups (R6–R8) of
the customers they own, read from the ownership snapshot by its (owner, next deadline) index, lapsed
claims they can still save, and their callback duties due — in one list, most urgent first, keyset-paged,
names masked as SPEC §2 says.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from peewee import fn

from models import CallbackTask, Complaint, Customer, Department, Ownership, Staff
from services.customers.search import LAPSE_DAYS, LAPSE_RULES
from services.office.permissions import Actor
from services.platform.errors import PermissionDenied, ValidationError
from services.rules.calendar import day_start, last_good_instant

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
        """Duties per staff member: their own, and the joint visits they owe with the expert (``partner``).
        Conditions only on (person, closed_at, due_at) [and kind]: answered from the index alone, without
        reading a duty row (at a million cards a month's missed duties are tens of thousands)."""
        out: dict[int, int] = {}
        for column in (T.staff, T.partner) if ids else ():
            for sid, n in T.select(column, fn.COUNT(T.id)).where(column.in_(ids) & where).group_by(column).tuples():
                out[sid] = out.get(sid, 0) + n
        return out

    # Due by tonight / within the week and still open (every duty's window opens days before its deadline,
    # so the week's count is the 本周到期 list's); missed this month, less the complaints (they stay to do).
    open_ = T.closed_at.is_null() & (T.due_at > now)
    today = counts(open_ & (T.due_at <= today_end))
    week = counts(open_ & (T.due_at <= week_end))
    this_month = T.closed_at.is_null() & (T.due_at > month_start) & (T.due_at <= now)
    missed = counts(this_month)
    # The complaints among them, from the complaint table (a handful; a complaint duty closes with its
    # resolution and has no partner).
    late = (
        Complaint.select(Complaint.staff, fn.COUNT(Complaint.id))
        .where(
            Complaint.staff.in_(ids or [0])
            & Complaint.resolved_at.is_null()
            & (Complaint.due_at > month_start)
            & (Complaint.due_at <= now)
        )
        .group_by(Complaint.staff)
        .tuples()
    )
    for sid, n in late:
        missed[sid] = max(0, missed.get(sid, 0) - n)
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

    # The customer list opens behind each line filtered the same way (search.lapsing_filter), so it lists these.
    horizon = now + dt.timedelta(days=LAPSE_DAYS)
    own = Ownership
    for rule, n in (
        own.select(own.next_rule, fn.COUNT(own.customer))
        .join(Customer, on=(Customer.id == own.customer))
        .where(
            (own.owner_department == department_id)
            & (own.next_deadline > now)
            & (own.next_deadline <= horizon)
            & own.next_rule.in_(list(LAPSE_RULES))
            & (Customer.archived == False)  # noqa: E712 - an archived card is nobody's work
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


def _overview_sheet(app, actor: Actor, department_id: int | None) -> tuple[str, str, list[OverviewLine]]:
    """The overview's title, subtitle and lines, for its printout and its Excel file alike."""
    lines = department_overview(app, actor, department_id)
    dept = Department.get_by_id(department_id or actor.department_id).name
    return f"{dept} 部门概况", f"{app.clock.now():%Y-%m-%d %H:%M}", lines


def print_overview(app, actor: Actor, path, department_id: int | None = None, progress=None, cancelled=None):
    """The overview on A4, as shown."""
    from services.output import pdf

    title, subtitle, lines = _overview_sheet(app, actor, department_id)
    return pdf.table_pdf(
        path,
        title,
        subtitle,
        ("类别", "事项"),
        [(line.section, ("【急】" if line.urgent else "") + line.text) for line in lines],
        (24, pdf.content_width() / pdf.mm - 24),
        office=app.settings.office_name(),
        printed_at=app.clock.now(),
    )


def export_overview(app, actor: Actor, path, department_id: int | None = None, progress=None, cancelled=None) -> int:
    """The overview as an Excel sheet: the printout's lines, with 急办 in a column of its own (to filter on)."""
    from services.output.export import Column, write_xlsx

    title, subtitle, lines = _overview_sheet(app, actor, department_id)
    return write_xlsx(
        path,
        title,
        (Column("类别"), Column("事项"), Column("急办")),
        [(line.section, line.text, "急" if line.urgent else "") for line in lines],
        sheet_name="部门概况",
        subtitle=f"{app.settings.office_name()} {subtitle}",
        progress=progress,
        cancelled=cancelled,
    )


# -- today's tasks of a staff member (their landing) ----------------------------------------------------

#: How far ahead the staff landing looks: deadlines up to the end of the day after tomorrow.
TODAY_DAYS = 3
#: What the owner does before each deadline to keep the customer.
KEEP_ACTIONS = {
    "R2": "预热(R2 预热期限)",
    "R6": "登门家访或带来开会(R6 预热后一个月内跟进)",
    "R7": "登门回访(R7 会后一个月内登门)",
    "R8": "带来开会或登门家访(R8 三个月内服务)",
}
#: What the owner can still do once the claim has lapsed (SPEC §5: acting again before a takeover revives it).
REVIVE_ACTIONS = {
    "R2": "预热即可恢复(R2 已视为放弃)",
    "R6": "登门家访即可恢复(R6)",
    "R7": "登门回访即可恢复(R7)",
    "R8": "带来开会或登门家访即可恢复(R8)",
}
NEXT_ACTIONS_FALLBACK = "到期未做则失效,其他员工可按规则接手"
_LAPSED_RULE = re.compile(r"已失效[)）][:：]\s*(R\d+)")
#: Sort order of the three kinds of line at the same instant (the keyset's middle key).
LAPSED, DEADLINE, DUTY = 0, 1, 2
#: Lapsed claims sort after every deadline that can still be met (their lapse instant is not stored).
_AFTER_ALL = dt.datetime(9999, 12, 31)


@dataclass(frozen=True)
class TaskLine:
    """One line of a staff member's tasks; ``due_at`` is the first instant after the deadline (None: passed
    at a time the snapshot does not keep — a lapsed claim)."""

    customer_id: int
    customer_name: str  # masked where SPEC §2 says
    what: str  # what to do
    detail: str  # what happens otherwise / what happened
    source: int  # LAPSED | DEADLINE | DUTY
    rule: str  # R2, R6–R8 for ownership lines, the duty kind for callback duties
    due_at: dt.datetime | None
    overdue: bool
    ref: int  # the customer (ownership lines) or the duty id

    @property
    def is_duty(self) -> bool:
        """A callback duty (``ref`` is its id, ``rule`` its kind): recorded with the callback dialog."""
        return self.source == DUTY

    @property
    def key(self) -> tuple[dt.datetime, int, int]:
        return (self.due_at or _AFTER_ALL, self.source, self.ref)


@dataclass(frozen=True)
class TaskPage:
    lines: list[TaskLine]
    after: tuple[dt.datetime, int, int] | None  # pass back for the next page; None: this was the last


def _after(date_field, id_field, source: int, after):
    """The keyset condition: rows whose (date, source, id) sorts after ``after``."""
    if after is None:
        return None
    day, src, ref = after
    if source > src:
        return date_field >= day
    if source < src:
        return date_field > day
    return (date_field > day) | ((date_field == day) & (id_field > ref))


def staff_today(
    app,
    actor: Actor,
    *,
    after: tuple[dt.datetime, int, int] | None = None,
    limit: int = 30,
    now: dt.datetime | None = None,
) -> TaskPage:
    """The acting staff member's tasks, most urgent first: every deadline up to the end of the day after
    tomorrow (pre-heats, follow-ups, callback duties; an unresolved complaint also after its deadline) by
    time, then the lapsed claims they can still revive by acting again (SPEC §5).

    Three indexed reads of at most ``limit + 1`` rows each (ownership by (owner, next deadline), lapsed
    claims by owner, duties by (staff, closed, due)); ``after`` is the previous page's ``TaskPage.after``.
    """
    if actor.staff_id is None:
        raise PermissionDenied("今天的任务只列员工本人的顾客和回访,请用员工账户登录。")
    now = now or app.clock.now()
    horizon = day_start(now.date() + dt.timedelta(days=TODAY_DAYS))
    own = Ownership
    lines: list[TaskLine] = []

    q = own.select(own.customer, own.next_deadline, own.next_rule, own.next_action).where(
        (own.owner == actor.staff_id)
        & (own.next_deadline <= horizon)
        & own.next_rule.in_(list(KEEP_ACTIONS))
        & (own.claim_state != "lapsed")
    )
    cond = _after(own.next_deadline, own.customer, DEADLINE, after)
    if cond is not None:
        q = q.where(cond)
    for cid, due, rule, action in q.order_by(own.next_deadline, own.customer).limit(limit + 1).tuples():
        detail = action.split("前:", 1)[-1] if action else NEXT_ACTIONS_FALLBACK
        lines.append(TaskLine(cid, "", KEEP_ACTIONS[rule], detail, DEADLINE, rule, due, due <= now, cid))

    T = CallbackTask
    cond = _after(T.due_at, T.id, DUTY, after)
    found = {}
    # Their duties and the joint visits they owe with the expert (``partner``); still open, or an unresolved
    # complaint past its deadline — each an index walk (an OR would read every duty they ever missed).
    upcoming, complaints = (T.due_at > now) & (T.due_at <= horizon), (T.due_at <= now) & (T.kind == "complaint")
    for mine, lanes in (
        (T.staff == actor.staff_id, (upcoming, complaints)),
        (T.partner == actor.staff_id, (upcoming,)),
    ):
        for lane in lanes:
            q = T.select().where(mine & T.closed_at.is_null() & (T.window_start <= now) & lane)
            if cond is not None:
                q = q.where(cond)
            for t in q.order_by(T.due_at, T.id).limit(limit + 1):
                found[t.id] = t
    duties = sorted(found.values(), key=lambda t: (t.due_at, t.id))[: limit + 1]
    for row in app.callbacks._rows(actor, duties, now):
        detail = row.consequence or ("已超过期限,仍须处理" if row.overdue else "")
        lines.append(
            TaskLine(row.customer_id, row.customer_name, row.kind_label, detail, DUTY, row.kind, row.due_at,
                     row.overdue, row.id)
        )  # fmt: skip

    # Lapsed claims last: nothing can be met any more, but acting again before a takeover revives them.
    q = own.select(own.customer, own.explanation).where((own.owner == actor.staff_id) & (own.claim_state == "lapsed"))
    if after is not None and after[0] == _AFTER_ALL:
        q = q.where(own.customer > after[2])
    for cid, explanation in q.order_by(own.customer).limit(limit + 1).tuples():
        hit = _LAPSED_RULE.search(explanation or "")
        rule = hit.group(1) if hit else ""
        what = REVIVE_ACTIONS.get(rule, "补做预热或登门家访即可恢复")
        detail = explanation[hit.start(1) :] if hit else (explanation or "")
        lines.append(TaskLine(cid, "", what, detail, LAPSED, rule, None, True, cid))

    lines.sort(key=lambda line: line.key)
    more = len(lines) > limit
    lines = lines[:limit]
    return TaskPage(_masked(app, actor, lines), lines[-1].key if more and lines else None)


def _masked(app, actor: Actor, lines: list[TaskLine]) -> list[TaskLine]:
    """Ownership lines named as the actor may see the card (an A-class customer only masked, SPEC §2)."""
    from dataclasses import replace

    from services.customers.names import mask_name

    ids = [line.customer_id for line in lines if line.source != DUTY]
    if not ids:
        return lines
    names = dict(Customer.select(Customer.id, Customer.name).where(Customer.id.in_(ids)).tuples())
    full = app.access.full_ids(actor, ids)
    return [
        line
        if line.source == DUTY
        else replace(line, customer_name=names.get(line.customer_id, "") if line.customer_id in full
                     else mask_name(names.get(line.customer_id, "")))
        for line in lines
    ]  # fmt: skip


__all__ = [
    "LAPSE_RULES",
    "OverviewLine",
    "TaskLine",
    "TaskPage",
    "department_overview",
    "export_overview",
    "print_overview",
    "staff_today",
]
