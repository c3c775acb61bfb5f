"""What the 冲突仲裁 (conflict arbitration) screens show: case rows, details, timeline lines.

Plain frozen dataclasses and Chinese labels, built by services.cases.service; the interface only
displays them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.rules.model import CHANNEL_NAMES, EVENT_NAMES
from services.timeline.ownership_view import OwnershipView

#: Kinds of notices the engine opens cases for (services.rules), in the office's words.
KIND_LABELS = {
    "competing_registration": "竞争报名",
    "duplicate_registration": "重复报名",
    "first_preheat": "先预热者得",
    "dispute": "争议转公司",
    "contact_active": "联系他人有效顾客",
    "lapse_takeover": "失效后接手",
    "referral_gives_way": "转介信息不全让位",
    "complaint_deadline": "投诉超期未处理",
    "invite_refused": "邀约被拒",
    "back_entry": "补录改变归属",
}

STATE_LABELS = {"open": "待处理", "escalated": "已上报总经理", "ruled": "已裁决"}
STATES = tuple(STATE_LABELS)

EVENT_LABELS = EVENT_NAMES

#: Events a staff member does themselves; everything else is shown on both sides.
PARTY_EVENT_TYPES = frozenset({"register", "allocate", "preheat", "visit", "invite"})

SLOT_LABELS = {"afternoon": "下午", "evening": "晚上"}
BY_LABELS = {"coordinator": "协调助理", "gm": "总经理"}


@dataclass(frozen=True)
class CaseRow:
    """One line of the case queue and of the register."""

    id: int
    customer_id: int
    customer_name: str  # masked (王D) when the viewer may not see the card in full
    kind: str
    kind_label: str
    rule: str
    rule_title: str
    opened_at: dt.datetime
    state: str
    state_label: str
    party_ids: tuple[int, ...]
    party_names: tuple[str, ...]
    department_id: int | None
    department_name: str
    summary: str
    proposed_owner: str  # staff id as text, "pool" or ""
    proposed_text: str  # "建议归张三(R3 先预热者得)"
    proposal: str  # the engine's explanation when the case opened
    resolution: str
    resolved_at: dt.datetime | None
    resolved_by: str
    escalation: str = ""  # "协调助理甲 3月5日10:00 上报:原因" — shown to the GM and in the register

    @property
    def cursor(self) -> tuple[dt.datetime, int]:
        """Pass as ``after`` to get the next page of the queue."""
        return (self.opened_at, self.id)

    @property
    def parties_text(self) -> str:
        return "、".join(self.party_names)


@dataclass(frozen=True)
class EventLine:
    """One event of the customer's timeline, as a line of text."""

    id: int
    at: dt.datetime
    type: str
    label: str
    staff_id: int | None
    staff_name: str
    text: str
    shared: bool  # not done by one of the case's parties (attend, purchase, list, ruling...)
    evidence: bool  # one of the events the engine's proposal rests on
    recorded: str = ""  # "记录于 3月5日10:00(马庆成)" when recorded later than it happened (SPEC §5)


@dataclass(frozen=True)
class Side:
    """One party's column: their own events plus the shared ones, in time order."""

    staff_id: int | None
    staff_name: str
    department_name: str
    events: tuple[EventLine, ...]


@dataclass(frozen=True)
class CaseDetail:
    """Everything the case view shows."""

    case: CaseRow
    sides: tuple[Side, ...]
    evidence: tuple[EventLine, ...]
    ownership: OwnershipView
    ruling_event_id: int | None
    # The proposal the case opened with no longer holds (the timeline changed since): what changed, in words.
    proposal_changed: str = ""


def event_text(
    etype: str,
    staff_name: str,
    channel: str | None,
    details: dict | None,
    amount: float | None,
    meeting: str,
    names: dict[int, str],
) -> str:
    """A short Chinese description of one event, e.g. "报名(科普)" or "裁决归张三(总经理):理由"."""
    d = details or {}
    label = EVENT_LABELS.get(etype, etype)
    if etype == "register":
        text = f"{label}({CHANNEL_NAMES.get(channel or '', channel or '')})"
        if channel == "referral" and d.get("referral_complete") is False:
            text += ",转介信息不全"
        return text
    if etype == "visit":
        return "家访" if d.get("kind") == "home" else "电话回访"
    if etype in ("invite", "attend", "listed"):
        return f"{label} {meeting}" if meeting else label
    if etype == "purchase":
        return f"{label} {amount:,.0f} 元" if amount is not None else label
    if etype in ("ruling", "reassign"):
        to = d.get("to")
        target = "公司资源池" if to == "pool" else names.get(to, str(to)) if to is not None else ""
        who = f"({BY_LABELS.get(d.get('by', ''), '')})" if etype == "ruling" else ""
        return f"{label}归{target}{who}:{d.get('reason', '')}"
    if etype == "complaint":
        return f"{label} {d.get('complaint', '')}".strip()
    return label


def proposed_text(proposed_owner: str, rule: str, rule_title: str, names: dict[int, str]) -> str:
    """ "建议归张三(R3 先预热者得)" from the case's stored proposal."""
    if proposed_owner == "pool":
        who = "公司资源池"
    elif proposed_owner:
        who = names.get(int(proposed_owner), proposed_owner)
    else:
        who = "无人"
    return f"建议归{who}({rule} {rule_title})".replace(" )", ")")
