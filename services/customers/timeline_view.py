"""A customer's timeline as rows for display (time, Chinese type label, staff, meeting, details)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import peewee as pw

from models import Event, Meeting, Staff
from services.rules.model import CHANNEL_NAMES
from services.timeline.back_entry import recorded_note, user_names

EVENT_LABELS = {
    "register": "报名",
    "allocate": "分配",
    "preheat": "预热",
    "visit": "回访",
    "invite": "邀约",
    "attend": "到会",
    "purchase": "出货",
    "complaint": "投诉",
    "complaint_resolved": "投诉已处理",
    "staff_left": "员工离职",
    "reassign": "重新分配",
    "ruling": "裁决",
    "listed": "列入敲定名单",
    "store_visit": "到店",
    "submit_list": "提交名单",
}


@dataclass(frozen=True)
class TimelineRow:
    event_id: int
    at: dt.datetime
    type: str
    type_label: str
    staff_name: str
    meeting: str
    details: str
    recorded: str = ""  # "记录于 3月5日10:00(马庆成)" when recorded later than it happened (SPEC §5)


def timeline_rows(customer_id: int, types: Sequence[str] | None, full: bool) -> list[TimelineRow]:
    """Newest first. For a masked card the details (amounts, notes) are left out."""
    q = (
        Event.select(
            Event,
            Staff.name.alias("staff_name"),
            Meeting.name.alias("meeting_name"),
            Meeting.date.alias("meeting_date"),
        )
        .join(Staff, pw.JOIN.LEFT_OUTER, on=(Staff.id == Event.staff))
        .switch(Event)
        .join(Meeting, pw.JOIN.LEFT_OUTER, on=(Meeting.id == Event.meeting))
        .where(Event.customer == customer_id)
        .order_by(Event.at.desc(), Event.id.desc())
    )
    if types:
        q = q.where(Event.type.in_(list(types)))
    rows = []
    events = list(q.objects())
    recorders = user_names(e.recorded_by_id for e in events)
    for e in events:
        meeting = ""
        if e.meeting_id:
            meeting = f"{e.meeting_date:%m-%d} {e.meeting_name or ''}".strip() if e.meeting_date else ""
        rows.append(
            TimelineRow(
                event_id=e.id,
                at=e.at,
                type=e.type,
                type_label=_type_label(e),
                staff_name=e.staff_name or "",
                meeting=meeting,
                details=_details(e) if full else "",
                recorded=recorded_note(e.at, e.recorded_at, recorders.get(e.recorded_by_id, "")),
            )
        )
    return rows


def _type_label(e: Event) -> str:
    if e.type == "visit":
        return "家访" if (e.details or {}).get("kind") == "home" else "电话回访"
    return EVENT_LABELS.get(e.type, e.type)


def _details(e: Any) -> str:
    d = e.details or {}
    parts = []
    if e.channel:
        parts.append(f"渠道:{CHANNEL_NAMES.get(e.channel, e.channel)}")
    if e.amount is not None:
        parts.append(f"金额:{e.amount} 元")
    if d.get("signed") is not None:
        parts.append("顾客已签字" if d["signed"] else "顾客未签字")
    if d.get("batch"):
        parts.append(f"批次:{d['batch']}")
    for key, label in (("reason", "原因"), ("late_reason", "补录原因"), ("notes", "备注"), ("cause", "投诉原因")):
        if d.get(key):
            parts.append(f"{label}:{d[key]}")
    if d.get("to"):
        parts.append("转入公司资源池" if d["to"] == "pool" else f"转给员工 {d['to']}")
    return ";".join(parts)
