"""R6–R8: follow-up duties of an owner whose claim is active.

The deadlines run from the owner's own contacts; when one passes, the claim
lapses and another staff member takes over only by bringing the customer to a
meeting (`r678_takeover_by_meeting`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.rules.calendar import fmt, fmt_deadline, lapse_after_months
from services.rules.model import Ev
from services.rules.state import State

FOLLOWUP_RULES = ("R6", "R7", "R8")


def _lapsed(st: State, rule: str) -> bool:
    return any(r == rule for r, _ in st.lapses)


def _followup_applies(st: State) -> bool:
    return st.has_staff_owner and (st.claim_state == "active" or st.lapsed_for_followup())


def r6_deadline(st: State) -> dt.datetime | None:
    """R6 — pre-heated but not brought to a meeting: a home visit within 1 month of the later
    of the pre-heat and the last home visit."""
    if not _followup_applies(st) or _lapsed(st, "R6") or st.preheated_at is None:
        return None
    if st.brought_by_owner_at is not None:
        return None
    start = max(t for t in (st.preheated_at, st.last_home_visit) if t is not None)
    return lapse_after_months(start, st.ctx.params.followup_months)


def r7_deadline(st: State) -> dt.datetime | None:
    """R7 — after a meeting attended without buying, the owner must visit at home within 1 month."""
    if not _followup_applies(st) or _lapsed(st, "R7"):
        return None
    return st.r7_lapse


def r8_deadline(st: State) -> dt.datetime | None:
    """R8 — 3 months without bringing the customer to a meeting or a home visit."""
    if not _followup_applies(st) or _lapsed(st, "R8") or st.claim_start is None:
        return None
    start = max(t for t in (st.claim_start, st.brought_by_owner_at, st.last_home_visit) if t is not None)
    return lapse_after_months(start, st.ctx.params.service_months)


DEADLINES = {"R6": r6_deadline, "R7": r7_deadline, "R8": r8_deadline}

WHAT_LAPSED = {
    "R6": "预热后一个月未登门跟进",
    "R7": "会后一个月未登门回访",
    "R8": "三个月未带来开会也未登门",
}


def r678_lapse(st: State, rule: str, lapse: dt.datetime) -> None:
    """A follow-up deadline passed: the claim lapses, the owner keeps it until someone takes over."""
    st.claim_state = "lapsed"
    st.lapses.append((rule, lapse))
    first = st.first_followup_lapse()
    st.note(
        f"{st.held('已失效', first)}:{first} {WHAT_LAPSED[first]}——期限{fmt_deadline(lapse)}已过;"
        "其他员工把顾客带来开会即可接手",
        st.evidence,
    )


def owner_home_visit(st: State, ev: Ev) -> None:
    """The owner's home visit restarts R6/R8, satisfies R7 and revives a lapsed follow-up claim."""
    ctx = st.ctx
    st.last_home_visit = ev.at
    if st.r7_lapse is not None and st.last_attend is not None and ev.at >= st.last_attend[1]:
        st.r7_lapse = None
    if st.lapsed_for_followup():
        st.lapses = [(r, t) for r, t in st.lapses if r not in FOLLOWUP_RULES]
        st.claim_state = "active"
        st.note(f"归{ctx.name(st.owner)}:{st.rule} 原专员 {fmt(ev.at)} 登门回访,跟进恢复有效", (ev.seq,))


def owner_brought_to_meeting(st: State, ev: Ev) -> None:
    """The owner brought the customer to a meeting: R6 ends, R8 restarts, a lapsed follow-up revives."""
    st.brought_by_owner_at = ev.at
    if st.lapsed_for_followup():
        st.lapses = [(r, t) for r, t in st.lapses if r not in FOLLOWUP_RULES]
        st.claim_state = "active"
        # Without this the explanation would still say 已失效 after the claim revived.
        st.note(f"{st.held()}:原专员 {fmt(ev.at)} 把顾客带来开会,在他人接手前跟进恢复有效", (ev.seq,))


def r678_takeover_by_meeting(st: State, ev: Ev, inviter: Any) -> None:
    """R6/R7/R8 — another staff member brings a lapsed customer to a meeting and takes over.

    Reported under the lapsed rule whose deadline passed first.
    """
    ctx = st.ctx
    rule = st.first_followup_lapse()
    lapse_at = next(t for r, t in st.lapses if r == rule)
    old = st.owner
    text = (
        f"归{ctx.name(inviter)}:{rule} {WHAT_LAPSED[rule]}——{ctx.name(old)} 期限{fmt_deadline(lapse_at)}已过,"
        f"{ctx.name(inviter)} {fmt(ev.at)} 把顾客带来开会,接手"
    )
    st.set_owner(inviter, rule, ev.at, "active", text, (ev.seq,))
    st.brought_by_owner_at = ev.at
    st.notice(
        ev.at,
        "lapse_takeover",
        rule,
        (old, inviter),
        (ev.seq,),
        f"{ctx.name(old)} {WHAT_LAPSED[rule]},{ctx.name(inviter)} 带来开会接手",
    )


def r7_start(st: State, ev: Ev) -> None:
    """R7 — an attendance starts the one-month home-visit duty (cleared by a purchase)."""
    st.r7_lapse = lapse_after_months(ev.at, st.ctx.params.visit_after_meeting_months)
