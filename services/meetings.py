"""Meetings (联谊会) and the joint-meeting lists of R11: creation, list status, the daily check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import Department, Meeting, MeetingDepartment, MeetingList, db
from services import audit
from services.errors import NotFound, ValidationError
from services.permissions import Actor, require
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
    on_time: bool | None  # None: nothing submitted (missing)


class MeetingService:
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

    def list_duties(self, meeting_id: int) -> list[ListDay]:
        """R11: for each department and each day of the week before the meeting (and the day itself),
        whether its list came in on time, late, or not at all — for the monthly assessment."""
        m = self.get(meeting_id)
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
                        dept, day, deadline, first.submitted_at if first else None, first.on_time if first else None
                    )
                )
        return out
