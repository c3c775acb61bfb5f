"""The ownership rules engine (归属规则): pure code over one customer's timeline.

`evaluate(events, ctx, at)` walks the events up to ``at`` in time order (equal
times in recorded order), applying deadlines that pass between events, and
returns a `Verdict` that explains itself. `check(events, ctx, new)` raises
`Refusal` when the rules refuse a new event. No database and no Qt here: the
services load the timeline and store the verdict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from services.rules import claims, followup, meetings, pool
from services.rules.calendar import fmt, fmt_deadline
from services.rules.model import POOL, Context, Ev, Refusal, Verdict
from services.rules.state import Invite, Listing, State

FAR_FUTURE = dt.datetime.max


def _timed(st: State) -> list[tuple[dt.datetime, str, Any]]:
    """Deadlines that change the state by time alone: (instant, rule, key)."""
    out: list[tuple[dt.datetime, str, Any]] = []
    if st.has_staff_owner and st.claim_state == "pending" and st.claim is not None:
        out.append((st.claim.lapse, "R2", None))
    for rule, fn in followup.DEADLINES.items():
        when = fn(st)
        if when is not None:
            out.append((when, rule, None))
    for key, complaint in st.complaints.items():
        if not complaint.resolved and not complaint.expired:
            out.append((complaint.lapse, "R9", key))
    return out


def _advance(st: State, limit: dt.datetime) -> None:
    """Apply every deadline whose lapse instant is at or before ``limit``."""
    while True:
        due = [t for t in _timed(st) if t[0] <= limit]
        if not due:
            return
        when, rule, key = min(due, key=lambda t: (t[0], t[1]))
        if rule == "R2":
            claims.r2_preheat_lapse(st)
        elif rule == "R9":
            pool.r9_complaint_deadline(st, key)
        else:
            followup.r678_lapse(st, rule, when)


def _check(st: State, ev: Ev) -> None:
    """Raise `Refusal` if the rules refuse ``ev`` in state ``st`` (already advanced to ev.at)."""
    if ev.type in ("register", "allocate") and st.owner == POOL:
        raise Refusal("R10", "R10:该顾客在公司资源池中,只能由资源总监或经理重新分配,不能通过报名或分配认领。")
    if ev.type == "invite":
        meetings.r11_check_invite(st, ev.staff, ev.meeting, ev.at)
    if ev.type == "reassign":
        pool.r10_check_reassign(st, ev)


def _contact(st: State, ev: Ev, *, is_invite: bool) -> None:
    """A pre-heat, or an invitation (which counts as pre-heat for a sole claimant)."""
    staff = ev.staff
    if st.owner is None:
        claims.r1_registration(st, Ev(ev.seq, ev.at, "register", staff=staff, channel="kepu"))
        st.claim_state = "active"
        st.preheated_at = ev.at
        what = "邀约" if is_invite else "预热"
        st.note(f"归{st.ctx.name(staff)}:R1 首次报名——{fmt(ev.at)} {st.ctx.name(staff)} 首先{what},跟进有效", (ev.seq,))
        return
    if st.owner == POOL:
        return
    if st.claim_state == "pending":
        if staff in st.gave_way and staff != st.owner and all(c.staff != staff for c in st.competitors):
            claims.r2_late_contact_after_takeover(st, ev, is_invite=is_invite)
            return
        if staff != st.owner and all(c.staff != staff for c in st.competitors):
            claims.r3_contact_without_registration(st, ev, is_invite=is_invite)
            return
        if is_invite:
            # R2/R4: a competitor past its own deadline no longer holds a pending registration.
            solo = st.owner == staff and not st.live_competitors(ev.at)
            if solo:
                claims.r3_first_preheat(st, ev, staff)
            else:
                claims.r4_dispute_to_pool(st, ev)
        else:
            claims.r3_first_preheat(st, ev, staff)
        return
    if st.claim_state == "active":
        if staff == st.owner:
            if not is_invite:
                st.preheated_at = ev.at
        else:
            what = "邀约" if is_invite else "预热"
            st.notice(
                ev.at,
                "contact_active",
                "R3",
                (st.owner, staff),
                (ev.seq,),
                f"{st.ctx.name(staff)} {what}了由{st.ctx.name(st.owner)}有效跟进的顾客",
            )
        return
    if st.lapsed_for_preheat():
        if staff == st.owner:
            st.claim_state = "active"
            st.preheated_at = ev.at
            st.lapses = []
            st.note(f"归{st.ctx.name(staff)}:{st.rule} 预热虽超期,但在他人接手前已补做预热,跟进恢复有效", (ev.seq,))
        else:
            claims.r2_takeover(st, ev, claims.new_claim(st, staff, ev, "kepu"), active=True)


def _attend(st: State, ev: Ev) -> None:
    inviter = meetings.r12_inviter_of_record(st, ev.meeting)
    st.credits[ev.meeting] = inviter
    meetings.referral_points_for_attend(st, ev.at)
    if st.has_staff_owner and inviter is not None:
        if inviter == st.owner:
            followup.owner_brought_to_meeting(st, ev)
        elif st.lapsed_for_followup():
            followup.r678_takeover_by_meeting(st, ev, inviter)
    elif st.owner is None and inviter is not None:
        claims.r1_registration(st, Ev(ev.seq, ev.at, "register", staff=inviter, channel="kepu"))
        st.claim_state = "active"
        # The registration text would name a 科普 registration that never happened; say what did.
        name = st.ctx.name(inviter)
        st.note(f"归{name}:R1 首次报名——无人报名的顾客 {fmt(ev.at)} 由{name}邀约到会,跟进有效", (ev.seq,))
    st.attended_any = True
    st.last_attend = (ev.meeting, ev.at)
    followup.r7_start(st, ev)


def _purchase(st: State, ev: Ev) -> None:
    meeting = ev.meeting
    if meeting is None and st.last_attend is not None and st.last_attend[1].date() == ev.at.date():
        meeting = st.last_attend[0]  # bought at the meeting attended that day
    if meeting is not None and meeting in st.credits:
        credited = st.credits[meeting]
    else:
        credited = st.owner if st.has_staff_owner else None
    if credited is None:
        credited = st.owner if st.has_staff_owner else None
    amount = float(ev.amount or 0)
    st.purchase_credits.append((ev.at, amount, credited))
    st.r7_lapse = None
    if meeting is not None:
        meetings.referral_points_for_purchase(st, ev.at, amount)


def _apply(st: State, ev: Ev) -> None:
    t = ev.type
    if t in ("register", "allocate"):
        claims.r1_registration(st, ev)
    elif t == "preheat":
        _contact(st, ev, is_invite=False)
    elif t == "invite":
        st.invites.setdefault(ev.meeting, []).append(Invite(ev.staff, ev.at, ev.seq))
        _contact(st, ev, is_invite=True)
    elif t == "listed":
        st.listings.setdefault(ev.meeting, []).append(Listing(ev.dept, ev.at, ev.seq))
    elif t == "visit":
        if ev.staff == st.owner and st.has_staff_owner and ev.kind == "home":
            followup.owner_home_visit(st, ev)
    elif t == "attend":
        _attend(st, ev)
    elif t == "purchase":
        _purchase(st, ev)
    elif t == "complaint":
        pool.r9_complaint_opened(st, ev)
    elif t == "complaint_resolved":
        pool.r9_complaint_resolved(st, ev)
    elif t == "staff_left":
        pool.r10_staff_left(st, ev)
    elif t == "reassign":
        pool.r10_reassign(st, ev)
    elif t == "ruling":
        pool.r13_ruling(st, ev)
    elif t == "store_visit":
        pass  # 到店 logged at the front desk without a claim: a fact on the timeline, no ownership effect
    else:
        raise ValueError(f"unknown event type {t!r}")


def _ordered(events: Iterable[Ev]) -> list[Ev]:
    return sorted(events, key=lambda e: (e.at, e.seq))


def run(events: Iterable[Ev], ctx: Context, at: dt.datetime) -> State:
    """Walk the timeline up to and including instant ``at``; returns the engine state."""
    st = State(ctx)
    for ev in _ordered(events):
        if ev.at > at:
            break
        _advance(st, ev.at)
        _apply(st, ev)
    _advance(st, at)
    return st


def check(events: Iterable[Ev], ctx: Context, new: Ev) -> None:
    """Raise `Refusal` when the rules refuse ``new`` given the events recorded before it."""
    st = State(ctx)
    for ev in _ordered(events):
        if (ev.at, ev.seq) > (new.at, new.seq):
            break
        _advance(st, ev.at)
        _apply(st, ev)
    _advance(st, new.at)
    _check(st, new)


NEXT_ACTIONS = {
    "R2": "未预热则视为放弃,由在期限内报名的其他员工或下一位报名/预热的员工接手",
    "R6": "未登门跟进则失效,其他员工把顾客带来开会即可接手",
    "R7": "未登门回访则失效,其他员工把顾客带来开会即可接手",
    "R8": "三个月服务不到位则失效,其他部门可邀约,带来开会即可接手",
    "R9": "投诉未解决则转入公司资源池,须分配给其他部门",
}


def evaluate(events: Iterable[Ev], ctx: Context, at: dt.datetime) -> Verdict:
    """The verdict for one customer at instant ``at``, with its explanation and next deadline."""
    st = run(events, ctx, at)
    upcoming = sorted(_timed(st), key=lambda t: (t[0], t[1]))
    nxt = upcoming[0] if upcoming else None
    explanation = st.explanation or "尚无人报名,归属未定"
    next_action = ""
    if nxt is not None:
        next_action = f"{fmt_deadline(nxt[0])}前:{NEXT_ACTIONS[nxt[1]]}"
    return Verdict(
        at=at,
        owner=st.owner,
        claim_state=st.claim_state if st.has_staff_owner else "",
        rule=st.rule,
        since=st.since,
        explanation=explanation,
        evidence=st.evidence,
        next_deadline=nxt[0] if nxt else None,
        next_rule=nxt[1] if nxt else "",
        next_action=next_action,
        competitors=tuple(c.staff for c in st.competitors),
        lapsed_rules=tuple(r for r, _ in st.lapses),
        pool_reason=st.pool_reason if st.owner == POOL else "",
        must_other_department=st.must_other_department,
        pool_from_dept=st.pool_from_dept,
        changes=tuple(st.changes),
        notices=tuple(st.notices),
        credits=dict(st.credits),
        purchase_credits=tuple(st.purchase_credits),
        points_earned=tuple(st.points_earned),
        referrer=st.referrer,
    )


__all__ = ["POOL", "Refusal", "check", "evaluate", "run"]
