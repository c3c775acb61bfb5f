"""R1–R5: registration, the pre-heat deadline, first pre-heat wins, disputes, referrals.

Each function applies one rule to the engine state; ``engine.py`` decides which
one an event or a passing deadline calls.
"""

from __future__ import annotations

from typing import Any

from services.rules.calendar import fmt, fmt_deadline, lapse_after_days
from services.rules.model import CHANNEL_NAMES, POOL, Ev
from services.rules.state import Claim, State


def new_claim(
    st: State, staff: Any, ev: Ev, channel: str, days: int | None = None, incomplete_referral: bool = False
) -> Claim:
    if days is None:
        days = st.ctx.params.window_days(channel)
    return Claim(staff, ev.at, channel, lapse_after_days(ev.at, days), ev.seq, incomplete_referral)


def claimant_of(ev: Ev) -> tuple[Any, str]:
    """Who a registration is for, and the rule that says so (R5 sends referrals to the referrer's staff)."""
    if (
        ev.type == "register"
        and ev.channel == "referral"
        and ev.referral_complete
        and ev.referrer_owner is not None
        and ev.referrer_owner != POOL
    ):
        return ev.referrer_owner, "R5"
    return ev.staff, "R1"


def r1_registration(st: State, ev: Ev) -> None:
    """R1 — the first registration or allocation of an unowned customer makes its owner (pending).

    Also dispatches what a registration means when the customer already has an owner:
    a competitor (R3), a referral giving way (R5), a takeover after R2, or a duplicate.
    """
    ctx = st.ctx
    staff, rule = claimant_of(ev)
    channel = ev.channel or ("allocate" if ev.type == "allocate" else "kepu")
    incomplete = ev.type == "register" and ev.channel == "referral" and not ev.referral_complete
    if ev.type == "register" and ev.channel == "referral" and ev.referrer is not None and st.referrer is None:
        st.referrer = ev.referrer
    claim = new_claim(st, staff, ev, channel, incomplete_referral=incomplete)
    verb = "分配给" if ev.type == "allocate" else "报名"
    if st.owner is None:
        if rule == "R5":
            text = (
                f"归{ctx.name(staff)}:R5 转介归老顾客的专员——{fmt(ev.at)} {ctx.name(ev.staff)} 登记转介,"
                f"介绍人的专员是{ctx.name(staff)};须在{fmt_deadline(claim.lapse)}前预热"
            )
        else:
            what = (
                f"{verb}{ctx.name(staff)}"
                if ev.type == "allocate"
                else f"{ctx.name(staff)} {verb}({CHANNEL_NAMES.get(channel, channel)})"
            )
            text = f"归{ctx.name(staff)}:R1 首次报名——{fmt(ev.at)} {what},待预热,期限{fmt_deadline(claim.lapse)}"
        st.set_owner(staff, rule, ev.at, "pending", text, (ev.seq,), claim)
        if rule == "R5" and ev.staff != staff:
            # R5 "whoever registered it": the registrant cannot take it by pre-heating before the owner.
            st.gave_way.add(ev.staff)
        return
    if staff == st.owner:
        return
    if st.claim and st.claim.incomplete_referral and not st.attended_any and st.claim_state != "lapsed":
        r5_incomplete_referral_gives_way(st, ev, claim)
        return
    if st.claim_state == "pending":
        r3_competing_registration(st, ev, claim)
    elif st.claim_state == "active":
        st.notice(
            ev.at,
            "duplicate_registration",
            "R3",
            (st.owner, staff),
            (ev.seq,),
            f"{ctx.name(staff)} {fmt(ev.at)} 重复报名,顾客已由{ctx.name(st.owner)}有效跟进,归属不变",
        )
    elif st.lapsed_for_preheat():
        r2_takeover(st, ev, claim, active=False)
    # Lapsed under R6–R8: only bringing the customer to a meeting takes over; nothing changes.


def r2_preheat_lapse(st: State) -> None:
    """R2 — no pre-heat by the deadline: the claim lapses (视为放弃).

    The earliest-registered competitor still within its own deadline becomes owner
    at that instant; with none, the owner keeps a lapsed claim until someone
    registers or pre-heats.
    """
    ctx = st.ctx
    assert st.claim is not None
    lapse = st.claim.lapse
    old = st.owner
    alive = sorted((c for c in st.competitors if c.lapse > lapse), key=lambda c: (c.at, c.seq))
    if alive:
        heir = alive[0]
        rest = alive[1:]
        text = (
            f"归{ctx.name(heir.staff)}:R2 预热超期视为放弃——{ctx.name(old)} 未在{fmt_deadline(lapse)}前预热,"
            f"{ctx.name(heir.staff)} {fmt(heir.at)} 报名在先且仍在期限内,待预热,期限{fmt_deadline(heir.lapse)}"
        )
        st.set_owner(heir.staff, "R2", lapse, "pending", text, (st.claim.seq, heir.seq), heir)
        st.competitors = rest
        st.gave_way.add(old)
        st.notice(
            lapse,
            "lapse_takeover",
            "R2",
            (old, heir.staff),
            (heir.seq,),
            f"{ctx.name(old)} 预热超期,顾客转归{ctx.name(heir.staff)}",
        )
        return
    st.claim_state = "lapsed"
    st.competitors = []
    st.lapses.append(("R2", lapse))
    st.note(
        f"{st.held('已失效', 'R2')}:R2 预热超期视为放弃——未在{fmt_deadline(lapse)}前预热,其他员工报名或预热即可接手",
        (st.claim.seq,),
    )


def r2_takeover(st: State, ev: Ev, claim: Claim, *, active: bool) -> None:
    """R2 — after a lapsed pre-heat deadline, the next staff member who registers or pre-heats takes over."""
    ctx = st.ctx
    old = st.owner
    old_lapse = st.claim.lapse if st.claim else ev.at
    action = "预热" if active else "报名"
    text = (
        f"归{ctx.name(claim.staff)}:R2 预热超期视为放弃——{ctx.name(old)} 未在{fmt_deadline(old_lapse)}前预热,"
        f"{ctx.name(claim.staff)} {fmt(ev.at)} {action}接手"
    )
    if not active:
        text += f",待预热,期限{fmt_deadline(claim.lapse)}"
    st.set_owner(claim.staff, "R2", ev.at, "active" if active else "pending", text, (ev.seq,), claim)
    st.gave_way.add(old)
    if active:
        st.preheated_at = ev.at
    st.notice(
        ev.at,
        "lapse_takeover",
        "R2",
        (old, claim.staff),
        (ev.seq,),
        f"{ctx.name(old)} 预热超期,{ctx.name(claim.staff)} {action}接手",
    )


def r2_late_contact_after_takeover(st: State, ev: Ev, *, is_invite: bool) -> None:
    """R2 — a staff member whose claim lapsed (or gave way) acts after another took over: too late.

    SPEC R2/§5: the lapsed owner is active again only if they act *before* another takes over;
    afterwards they compete only by registering again (R3). Nothing changes; the coordinator is told.
    """
    ctx = st.ctx
    what = "邀约" if is_invite else "预热"
    rule = "R5" if st.rule == "R5" else "R2"
    st.notice(
        ev.at,
        "late_contact",
        rule,
        (st.owner, ev.staff),
        (ev.seq,),
        f"{ctx.name(ev.staff)} {fmt(ev.at)} {what},但其报名已让位给{ctx.name(st.owner)}({rule}),归属不变",
    )


def r3_competing_registration(st: State, ev: Ev, claim: Claim) -> None:
    """R3 — a registration while the owner's claim is pending makes a competitor."""
    ctx = st.ctx
    if any(c.staff == claim.staff for c in st.competitors):
        return
    st.competitors.append(claim)
    st.notice(
        ev.at,
        "competing_registration",
        "R3",
        (st.owner, claim.staff),
        (st.claim.seq if st.claim else ev.seq, ev.seq),
        f"{ctx.name(claim.staff)} {fmt(ev.at)} 报名,与{ctx.name(st.owner)}竞争,先预热者得",
    )


def r3_first_preheat(st: State, ev: Ev, staff: Any) -> None:
    """R3 — the first of owner and competitors to pre-heat owns the customer (谁先预热归谁)."""
    ctx = st.ctx
    if staff == st.owner:
        losers = [c.staff for c in st.competitors]
        raced = bool(st.live_competitors(ev.at))  # a competitor still within its own deadline
        st.claim_state = "active"
        st.preheated_at = ev.at
        st.competitors = []
        if losers:
            if raced:  # the race is decided by R3, also when the registered owner wins it (scenario 13)
                st.rule = "R3"
            st.note(
                f"{st.held(about='R3')}:R3 先预热者得——{ctx.name(staff)} {fmt(ev.at)} 预热,"
                f"早于{'、'.join(ctx.name(s) for s in losers)}",
                (ev.seq,),
            )
        else:
            st.note(f"归{ctx.name(staff)}:{st.rule} {fmt(st.since)} 起,{fmt(ev.at)} 已预热,跟进有效", (ev.seq,))
        return
    old = st.owner
    mine = next((c for c in st.competitors if c.staff == staff), None)
    if mine is None:
        mine = new_claim(st, staff, ev, "kepu")
    others = [old] + [c.staff for c in st.competitors if c.staff != staff]
    text = (
        f"归{ctx.name(staff)}:R3 先预热者得——{ctx.name(staff)} {fmt(ev.at)} 预热,"
        f"早于{'、'.join(ctx.name(s) for s in others)}"
    )
    st.set_owner(staff, "R3", ev.at, "active", text, (mine.seq, ev.seq), mine)
    st.preheated_at = ev.at
    st.notice(
        ev.at,
        "first_preheat",
        "R3",
        tuple(others) + (staff,),
        (ev.seq,),
        f"{ctx.name(staff)} 先预热,顾客归{ctx.name(staff)},{ctx.name(old)} 的报名作废",
    )


def r4_dispute_to_pool(st: State, ev: Ev) -> None:
    """R4 — several pending registrations, none pre-heated, one invites: the customer goes to the pool."""
    ctx = st.ctx
    parties = st.claimants(ev.at)
    if ev.staff not in parties:
        parties.append(ev.staff)
    text = (
        f"归公司资源池:R4 争议归公司——{'、'.join(ctx.name(s) for s in parties)} 均已报名且都未预热,"
        f"{ctx.name(ev.staff)} {fmt(ev.at)} 邀约,由售后经理分配"
    )
    evidence = tuple(c.seq for c in ([st.claim] if st.claim else []) + st.live_competitors(ev.at)) + (ev.seq,)
    st.set_owner(POOL, "R4", ev.at, "", text, evidence)
    st.pool_reason = "R4"
    st.notice(ev.at, "dispute", "R4", parties, evidence, "多人报名未预热即邀约,顾客转入公司资源池")


def r5_incomplete_referral_gives_way(st: State, ev: Ev, claim: Claim) -> None:
    """R5 — an incomplete referral gives way to the next registration by another staff member."""
    ctx = st.ctx
    old = st.owner
    text = (
        f"归{ctx.name(claim.staff)}:R5 转介信息不全——{ctx.name(old)} 登记的转介信息不完整,"
        f"{ctx.name(claim.staff)} {fmt(ev.at)} 另行报名,归重新报名的员工;须在{fmt_deadline(claim.lapse)}前预热"
    )
    st.set_owner(claim.staff, "R5", ev.at, "pending", text, (ev.seq,), claim)
    st.gave_way.add(old)
    st.notice(
        ev.at,
        "referral_gives_way",
        "R5",
        (old, claim.staff),
        (ev.seq,),
        f"转介信息不全,顾客转归另行报名的{ctx.name(claim.staff)}",
    )


def r3_contact_without_registration(st: State, ev: Ev, *, is_invite: bool) -> None:
    """R3 — only the owner and staff who registered compete: a pre-heat or invitation by anyone else
    while the claim is pending changes no owner; the coordinator is told."""
    ctx = st.ctx
    what = "邀约" if is_invite else "预热"
    st.notice(
        ev.at,
        "contact_active",
        "R3",
        (st.owner, ev.staff),
        (ev.seq,),
        f"{ctx.name(ev.staff)} 未报名就{what}了{ctx.name(st.owner)}待预热的顾客,归属不变",
    )
