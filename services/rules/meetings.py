"""R11 joint-meeting lists, R12 credit, and referral points (老带新积分)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from services.rules.calendar import fmt
from services.rules.model import MeetingInfo, Params, Refusal
from services.rules.state import Invite, Listing, State


def counted_day(at: dt.datetime, params: Params) -> dt.date:
    """R11 — a confirmation after the daily deadline (from 18:01) counts for the next day."""
    cutoff = dt.datetime.combine(at.date(), params.list_deadline) + dt.timedelta(minutes=1)
    return at.date() if at < cutoff else at.date() + dt.timedelta(days=1)


def list_deadline(meeting: MeetingInfo, day: dt.date, params: Params) -> dt.datetime:
    """R11 — the first instant after the list deadline of ``day`` for ``meeting``.

    18:00 on the days before the meeting; 10:00 (afternoon) or 16:00 (evening) on the day.
    """
    if day >= meeting.date:
        t = params.afternoon_deadline if meeting.slot != "evening" else params.evening_deadline
        day = meeting.date
    else:
        t = params.list_deadline
    return dt.datetime.combine(day, t) + dt.timedelta(minutes=1)


def list_day_and_on_time(meeting: MeetingInfo, submitted: dt.datetime, params: Params) -> tuple[dt.date, bool]:
    """The day a submitted list answers for, and whether it met that day's deadline."""
    day = min(submitted.date(), meeting.date)
    return day, submitted < list_deadline(meeting, day, params)


@dataclass(frozen=True)
class Confirmation:
    invite: Invite
    dept: Any
    day: dt.date
    covering: Listing | None  # the earliest list that covers it on time, or None (late / missing)

    @property
    def on_time(self) -> bool:
        return self.covering is not None


def confirmations(st: State, meeting: Any, until: dt.datetime | None = None) -> list[Confirmation]:
    """R11 — every confirmation of the customer for a joint meeting, with its on-time cover."""
    info = st.ctx.meetings[meeting]
    params = st.ctx.params
    listings = [lst for lst in st.listings.get(meeting, []) if until is None or lst.at <= until]
    out = []
    for inv in st.invites.get(meeting, []):
        dept = st.ctx.dept_of(inv.staff)
        day = counted_day(inv.at, params)
        deadline = list_deadline(info, day, params)
        covers = [lst for lst in listings if lst.dept == dept and inv.at <= lst.at < deadline]
        cover = min(covers, key=lambda lst: (lst.at, lst.seq)) if covers else None
        out.append(Confirmation(inv, dept, day, cover))
    return out


def r11_standing(st: State, meeting: Any) -> Confirmation | None:
    """R11 — the confirmation that stands: earliest counted day, then the earlier-submitted list."""
    on_time = [c for c in confirmations(st, meeting) if c.on_time]
    if not on_time:
        return None
    return min(on_time, key=lambda c: (c.day, c.covering.at, c.covering.seq, c.invite.at, c.invite.seq))


def r11_check_invite(st: State, staff: Any, meeting: Any, at: dt.datetime) -> None:
    """R11 — refuse an invitation while the customer is on another department's on-time list."""
    info = st.ctx.meetings.get(meeting)
    if info is None or not info.joint:
        return
    dept = st.ctx.dept_of(staff)
    for conf in confirmations(st, meeting, until=at):
        if conf.on_time and conf.dept != dept and conf.covering.at <= at:
            other = st.ctx.dept_name.get(conf.dept, str(conf.dept))
            raise Refusal(
                "R11",
                f"R11:该顾客已在{other} {fmt(conf.covering.at)} 按时报送的联合会议名单上"
                f"({st.ctx.name(conf.invite.staff)} {fmt(conf.invite.at)} 敲定),不能再邀约参加这场会议。",
            )


def r12_inviter_of_record(st: State, meeting: Any) -> Any:
    """R12 — who brought the customer to this meeting.

    Joint meeting: the confirmation standing under R11. Otherwise (or when no
    confirmation was on time): the owner if the owner invited, else the earliest inviter.
    """
    info = st.ctx.meetings.get(meeting)
    if info is not None and info.joint:
        standing = r11_standing(st, meeting)
        if standing is not None:
            return standing.invite.staff
    invites = sorted(st.invites.get(meeting, []), key=lambda i: (i.at, i.seq))
    if st.has_staff_owner and any(i.staff == st.owner for i in invites):
        return st.owner
    return invites[0].staff if invites else None


def referral_points_for_attend(st: State, at: dt.datetime) -> None:
    """The referrer earns points the first time the referred customer attends a meeting."""
    if st.referrer is not None and not st.attended_any:
        st.points_earned.append((at, st.ctx.params.attend_points))


def referral_points_for_purchase(st: State, at: dt.datetime, amount: float) -> None:
    """...and points for every full 1,000 yuan of each purchase made at a meeting."""
    if st.referrer is None:
        return
    p = st.ctx.params
    earned = int(amount // p.purchase_points_per) * p.purchase_points
    if earned:
        st.points_earned.append((at, earned))
