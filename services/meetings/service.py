"""Meetings (联谊会) and the joint-meeting lists of R11: creation, list status, the daily check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from models import Department, Meeting, MeetingDepartment, MeetingList, db
from services.customers.names import mask_name
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import NotFound, PermissionDenied, ValidationError
from services.rules.meetings import list_deadline
from services.rules.model import MeetingInfo

SLOTS = {"afternoon": "下午", "evening": "晚上"}


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    name: str
    date: dt.date
    slot: str
    joint: bool
    department_ids: tuple[int, ...]

    @property
    def title(self) -> str:
        kind = "联合会议" if self.joint else "会议"
        return self.name or f"{self.date:%Y-%m-%d} {SLOTS.get(self.slot, self.slot)}{kind}"


@dataclass(frozen=True)
class ListDay:
    """One department's list duty for one day before a joint meeting."""

    department_id: int
    day: dt.date
    deadline: dt.datetime  # first instant after the deadline
    submitted_at: dt.datetime | None
    on_time: bool | None  # None: nothing submitted
    confirmations: int = 0  # the department's confirmations that count for this day

    @property
    def missing(self) -> bool:
        """Nothing submitted although confirmations counted for the day (the deadline may not have passed)."""
        return self.submitted_at is None and self.confirmations > 0


# -- invitations, lists, the daily duplicate check, attendance -------------------------------------------

LIST_ROLES = frozenset({"manager", "director", "gm", "admin", "coordinator"})


@dataclass(frozen=True)
class Invitation:
    """One confirmation (敲定) of a customer for a meeting, with its R11 status."""

    customer_id: int
    customer_name: str
    staff_id: int
    staff_name: str
    department_id: int | None
    department_name: str
    at: dt.datetime
    counted_day: dt.date | None  # joint meetings: the day the confirmation counts for
    list_due: dt.datetime | None  # joint meetings: the first instant after that day's list deadline
    listed_at: dt.datetime | None  # the list that covers it on time
    on_time: bool | None  # None: not a joint meeting
    stands: bool  # joint meetings: this confirmation stands under R11
    attended: bool
    credited_to: str  # inviter of record of the attendance (R12), "" before the meeting


@dataclass(frozen=True)
class DuplicateInvitation:
    """资源共享箱核对: a customer confirmed by more than one department for the same joint meeting."""

    customer_id: int
    customer_name: str
    confirmations: tuple[Invitation, ...]
    standing: str  # "二部 王五 3月9日09:00(名单按时)" or "" when none is on time


def _names():
    from models import Staff

    staff = {s.id: s for s in Staff.select()}
    return staff, {s.department_id: s.department.name for s in staff.values() if s.department_id}


class MeetingDesk:
    """Reads of one meeting's invitation flow, for the 会议 tab (mixed into MeetingService)."""

    def invitations(self, actor: Actor, meeting_id: int) -> list[Invitation]:
        """Every confirmation for the meeting with its counted day, list cover and credit; managers and
        staff see their department's, the others all."""
        if actor.role == "front_desk":
            raise PermissionDenied("前台只能查询归属,不能查看会议的邀约名单。")
        invs = self._invitations(meeting_id)
        if actor.role in ("manager", "staff", "expert"):
            invs = [i for i in invs if i.department_id == actor.department_id]
        # Names as the user may see them (SPEC §2): a colleague's customer is masked for staff.
        full = self.app.access.full_ids(actor, [i.customer_id for i in invs])
        return [i if i.customer_id in full else replace(i, customer_name=mask_name(i.customer_name)) for i in invs]

    def _invitations(self, meeting_id: int) -> list[Invitation]:
        from models import Customer, Event
        from services.rules import engine
        from services.rules.meetings import confirmations

        m = self.get(meeting_id)
        info = MeetingInfo(m.date, m.slot, m.joint, m.name)
        params = self.app.settings.params()
        customer_ids = [
            c
            for (c,) in Event.select(Event.customer)
            .where((Event.meeting == meeting_id) & (Event.type == "invite"))
            .distinct()
            .tuples()
        ]
        staff, dept_names = _names()
        names = (
            dict(Customer.select(Customer.id, Customer.name).where(Customer.id.in_(customer_ids)).tuples())
            if customer_ids
            else {}
        )
        out: list[Invitation] = []
        now = self.app.clock.now()
        for cid in customer_ids:
            evs = self.app.timeline.events(cid)
            ctx = self.app.timeline.context({e.meeting for e in evs if e.meeting is not None} | {meeting_id})
            st = engine.run(evs, ctx, now)
            attended = meeting_id in st.credits
            credit = st.credits.get(meeting_id)
            standing = None
            if m.joint:
                confs = confirmations(st, meeting_id)
                on_time = [c for c in confs if c.on_time]
                if on_time:
                    standing = min(
                        on_time, key=lambda c: (c.day, c.covering.at, c.covering.seq, c.invite.at, c.invite.seq)
                    ).invite.seq
            else:
                confs = []
            by_seq = {c.invite.seq: c for c in confs}
            for inv in st.invites.get(meeting_id, []):
                s = staff.get(inv.staff)
                dept = s.department_id if s else None
                conf = by_seq.get(inv.seq)
                out.append(
                    Invitation(
                        cid,
                        names.get(cid, ""),
                        inv.staff,
                        s.name if s else "",
                        dept,
                        dept_names.get(dept, ""),
                        inv.at,
                        conf.day if conf else None,
                        list_deadline(info, conf.day, params) if conf else None,
                        conf.covering.at if conf and conf.covering else None,
                        (conf.on_time if conf else None) if m.joint else None,
                        standing == inv.seq,
                        attended,
                        staff[credit].name if credit in staff else "",
                    )
                )
        return sorted(out, key=lambda i: (i.at, i.customer_id))

    def unlisted(self, actor: Actor, meeting_id: int, department_id: int) -> list[Invitation]:
        """The department's confirmations no on-time list covers yet: what the manager submits today."""
        if actor.role not in LIST_ROLES:
            raise PermissionDenied("只有部门经理报送联合会议名单。")
        return [
            i for i in self.invitations(actor, meeting_id) if i.department_id == department_id and i.listed_at is None
        ]

    def duplicate_invitations(self, actor: Actor, meeting_id: int) -> list[DuplicateInvitation]:
        """The coordinator's daily check (资源共享箱核对): customers confirmed by two or more departments."""
        if actor.role not in {"coordinator", "director", "gm", "admin"}:
            raise PermissionDenied("只有协调助理和资源总监核对重复邀约。")
        by_customer: dict[int, list[Invitation]] = {}
        for inv in self.invitations(actor, meeting_id):
            by_customer.setdefault(inv.customer_id, []).append(inv)
        out = []
        for cid, invs in by_customer.items():
            if len({i.department_id for i in invs}) < 2:
                continue
            stand = next((i for i in invs if i.stands), None)
            text = f"{stand.department_name} {stand.staff_name} {stand.at:%m月%d日%H:%M}(名单按时)" if stand else ""
            out.append(DuplicateInvitation(cid, invs[0].customer_name, tuple(invs), text))
        return out

    def submit_unlisted(self, actor: Actor, meeting_id: int, department_id: int) -> tuple[int, bool, int]:
        """Submit today's list: every confirmation of the department not yet covered. Returns
        (list id, on time, customers listed)."""
        ids = list(dict.fromkeys(i.customer_id for i in self.unlisted(actor, meeting_id, department_id)))
        if not ids:
            raise ValidationError("customers", "本部门没有尚未报送的敲定顾客。")
        list_id, on_time = self.app.timeline.submit_list(actor, department_id, meeting_id, ids)
        return list_id, on_time, len(ids)


class MeetingService(MeetingDesk):
    def __init__(self, app):
        self.app = app

    def create(
        self, actor: Actor, date: dt.date, slot: str, joint: bool, department_ids: list[int], name: str = ""
    ) -> MeetingSummary:
        require(actor, "meeting.manage", "安排会议")
        if slot not in SLOTS:
            raise ValidationError("slot", "会议时段只能是下午(afternoon)或晚上(evening)。")
        if not department_ids:
            raise ValidationError("departments", "请至少选择一个参会部门。")
        if joint and len(set(department_ids)) < 2:
            raise ValidationError("departments", "联合会议至少要有两个部门。")
        with db.atomic():
            for d in department_ids:
                if Department.get_or_none(Department.id == d) is None:
                    raise ValidationError("departments", f"部门 {d} 不存在。")
            m = Meeting.create(
                name=(name or "").strip(),
                date=date,
                slot=slot,
                joint=joint,
                created_at=self.app.clock.now(),
                created_by=actor.user_id,
            )
            for d in dict.fromkeys(department_ids):
                MeetingDepartment.create(meeting=m, department=d)
            audit.write(
                actor,
                "meeting.create",
                "meeting",
                m.id,
                at=self.app.clock.now(),
                new={"date": date.isoformat(), "slot": slot, "joint": joint, "departments": department_ids},
            )
            self.app.timeline.invalidate()
            return self.get(m.id)

    def get(self, meeting_id: int) -> MeetingSummary:
        m = Meeting.get_or_none(Meeting.id == meeting_id)
        if m is None:
            raise NotFound("会议不存在。")
        depts = tuple(
            r
            for (r,) in MeetingDepartment.select(MeetingDepartment.department)
            .where(MeetingDepartment.meeting == m)
            .tuples()
        )
        return MeetingSummary(m.id, m.name, m.date, m.slot, m.joint, depts)

    def upcoming(self, since: dt.date) -> list[MeetingSummary]:
        return [self.get(m.id) for m in Meeting.select().where(Meeting.date >= since).order_by(Meeting.date)]

    def list_day(self, meeting_id: int, department_id: int, day: dt.date) -> ListDay:
        """One department's list duty for one day: its deadline and the first list it submitted for the
        day. The confirmations are not counted (0): that replays every invited customer's timeline, which
        the overview's deadline line does not need (`list_duties` counts them)."""
        m = self.get(meeting_id)
        deadline = list_deadline(MeetingInfo(m.date, m.slot, m.joint, m.name), day, self.app.settings.params())
        first = (
            MeetingList.select()
            .where(
                (MeetingList.meeting == meeting_id)
                & (MeetingList.department == department_id)
                & (MeetingList.for_day == day)
            )
            .order_by(MeetingList.submitted_at)
            .first()
        )
        return ListDay(
            department_id,
            day,
            deadline,
            first.submitted_at if first else None,
            first.on_time if first else None,
        )

    def list_duties(self, meeting_id: int) -> list[ListDay]:
        """R11: for each department and each day of the week before the meeting (and the day itself),
        whether its list came in on time, late, or not at all — for the monthly assessment. A day on
        which the department confirmed nobody needs no list."""
        m = self.get(meeting_id)
        counted: dict[tuple[Any, dt.date], int] = {}
        for inv in self._invitations(meeting_id):
            if inv.counted_day is not None:
                key = (inv.department_id, min(inv.counted_day, m.date))
                counted[key] = counted.get(key, 0) + 1
        info = MeetingInfo(m.date, m.slot, m.joint, m.name)
        params = self.app.settings.params()
        lists = list(MeetingList.select().where(MeetingList.meeting == meeting_id).order_by(MeetingList.submitted_at))
        out = []
        for dept in m.department_ids:
            for back in range(7, -1, -1):
                day = m.date - dt.timedelta(days=back)
                deadline = list_deadline(info, day, params)
                mine = [lst for lst in lists if lst.department_id == dept and lst.for_day == day]
                first = mine[0] if mine else None
                out.append(
                    ListDay(
                        dept,
                        day,
                        deadline,
                        first.submitted_at if first else None,
                        first.on_time if first else None,
                        counted.get((dept, day), 0),
                    )
                )
        return out
