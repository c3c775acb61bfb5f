"""Plain data the rules engine works on: events in, verdicts out. No database, no Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

POOL = "pool"

#: Channels with the 3-day pre-heat window of R2; every other claim has 2 days.
LONG_WINDOW_CHANNELS = frozenset({"scatter", "feedback_store", "feedback_phone", "referral"})

CHANNELS = (
    "kepu",
    "kepu_large",
    "activity",
    "scatter",
    "feedback_store",
    "feedback_phone",
    "community",
    "referral",
)

CHANNEL_NAMES = {
    "kepu": "科普",
    "kepu_large": "大型科普",
    "activity": "赠书等活动",
    "scatter": "散收",
    "feedback_store": "回馈(到店)",
    "feedback_phone": "回馈(来电)",
    "community": "社区",
    "referral": "转介",
    "allocate": "分配",
    "reassign": "重新分配",
    "ruling": "裁决",
}

#: Event types (SPEC §9, plus ``listed``) in the office's words: timelines, cases, the audit log.
EVENT_NAMES = {
    "register": "报名",
    "allocate": "分配",
    "preheat": "预热",
    "visit": "回访",
    "invite": "邀约",
    "listed": "列入联合会议名单",
    "attend": "到会",
    "purchase": "出货",
    "complaint": "投诉",
    "complaint_resolved": "投诉已处理",
    "staff_left": "员工离职",
    "reassign": "重新分配",
    "ruling": "裁决",
    "store_visit": "到店",
}

RULE_TITLES = {
    "R1": "首次报名",
    "R2": "预热超期视为放弃",
    "R3": "先预热者得",
    "R4": "争议归公司",
    "R5": "转介归老顾客的专员",
    "R6": "预热后一个月未跟进",
    "R7": "会后一个月未登门",
    "R8": "三个月服务不到位",
    "R9": "投诉三日未处理",
    "R10": "资源池与重新分配",
    "R11": "联合会议名单",
    "R12": "业绩归属",
    "R13": "协调裁决",
}

CLAIM_STATE_NAMES = {"pending": "待预热", "active": "有效", "lapsed": "已失效", "": ""}


@dataclass(frozen=True)
class Params:
    """Rule parameters (office settings; SPEC §5 defaults)."""

    preheat_days: int = 2
    preheat_days_long: int = 3
    followup_months: int = 1  # R6
    visit_after_meeting_months: int = 1  # R7
    service_months: int = 3  # R8
    complaint_days: int = 3  # R9
    reassign_days: int = 2  # R10
    list_deadline: dt.time = dt.time(18, 0)  # R11, each day of the week before
    afternoon_deadline: dt.time = dt.time(10, 0)  # R11, meeting day, afternoon meeting
    evening_deadline: dt.time = dt.time(16, 0)  # R11, meeting day, evening meeting
    attend_points: int = 100
    purchase_points: int = 100
    purchase_points_per: int = 1000
    back_entry_hours: int = 24  # SPEC §5: how late a staff member may record their own contact

    def window_days(self, channel: str) -> int:
        return self.preheat_days_long if channel in LONG_WINDOW_CHANNELS else self.preheat_days

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            out[key] = value.strftime("%H:%M") if isinstance(value, dt.time) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Params:
        kwargs: dict[str, Any] = {}
        for key, default in cls().__dict__.items():
            if key not in data:
                continue
            value = data[key]
            if isinstance(default, dt.time):
                value = dt.datetime.strptime(str(value), "%H:%M").time()
            else:
                value = int(value)
            kwargs[key] = value
        return cls(**kwargs)


@dataclass(frozen=True)
class MeetingInfo:
    date: dt.date
    slot: str  # afternoon | evening
    joint: bool
    name: str = ""


@dataclass
class Context:
    """What the engine needs to know beyond the customer's own events."""

    staff_dept: dict[Any, Any] = field(default_factory=dict)
    staff_name: dict[Any, str] = field(default_factory=dict)
    dept_name: dict[Any, str] = field(default_factory=dict)
    meetings: dict[Any, MeetingInfo] = field(default_factory=dict)
    params: Params = field(default_factory=Params)

    def name(self, staff: Any) -> str:
        if staff == POOL:
            return "公司资源池"
        if staff is None:
            return "无人"
        return self.staff_name.get(staff, str(staff))

    def dept_of(self, staff: Any) -> Any:
        return self.staff_dept.get(staff)


@dataclass(frozen=True)
class Ev:
    """One timeline event as the engine sees it.

    ``seq`` orders events with the same ``at`` (recorded order). Keys follow SPEC §9;
    ``referrer_owner`` is the referring customer's owner when the referral was
    recorded (a recorded fact, so the verdict needs no other customer's timeline).
    """

    seq: int
    at: dt.datetime
    type: str
    staff: Any = None
    channel: str | None = None
    meeting: Any = None
    dept: Any = None
    amount: float | None = None
    referrer: Any = None
    referral_complete: bool = True
    referrer_owner: Any = None
    kind: str | None = None
    signed: bool | None = None
    to: Any = None
    by: str | None = None
    reason: str = ""
    complaint: Any = None


@dataclass(frozen=True)
class Notice:
    """Something the coordinator must see (SPEC §6): opens a conflict case."""

    at: dt.datetime
    kind: str
    rule: str
    parties: tuple[Any, ...]
    evidence: tuple[int, ...]
    summary: str
    proposed_owner: Any


@dataclass(frozen=True)
class Change:
    """One change of owner, with the rule that made it."""

    at: dt.datetime
    owner: Any
    rule: str
    explanation: str
    evidence: tuple[int, ...]


@dataclass(frozen=True)
class Verdict:
    """The engine's answer for one customer at one instant."""

    at: dt.datetime
    owner: Any  # staff key, POOL or None
    claim_state: str  # pending | active | lapsed | ''
    rule: str  # rule of the latest ownership change ('' when never owned)
    since: dt.datetime | None
    explanation: str
    evidence: tuple[int, ...]
    next_deadline: dt.datetime | None
    next_rule: str
    next_action: str
    competitors: tuple[Any, ...]
    lapsed_rules: tuple[str, ...]
    pool_reason: str
    must_other_department: bool
    pool_from_dept: Any
    changes: tuple[Change, ...]
    notices: tuple[Notice, ...]
    credits: dict[Any, Any]  # meeting -> inviter of record of the attendance
    purchase_credits: tuple[tuple[dt.datetime, float, Any], ...]  # (at, amount, staff)
    points_earned: tuple[tuple[dt.datetime, int], ...]  # points this customer earned its referrer
    referrer: Any

    @property
    def owner_is_staff(self) -> bool:
        return self.owner is not None and self.owner != POOL


class Refusal(Exception):
    """The rules refuse an event; ``reason`` is one Chinese sentence naming the rule."""

    def __init__(self, rule: str, reason: str):
        super().__init__(reason)
        self.rule = rule
        self.reason = reason
