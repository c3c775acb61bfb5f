"""R9, R10, R13: complaints to the pool, the pool and reassignment, rulings."""

from __future__ import annotations

from services.rules.calendar import fmt, fmt_deadline, lapse_after_days
from services.rules.claims import new_claim
from services.rules.model import POOL, Ev, Refusal
from services.rules.state import Complaint, State


def r9_complaint_opened(st: State, ev: Ev) -> None:
    st.complaints[ev.complaint] = Complaint(ev.at, lapse_after_days(ev.at, st.ctx.params.complaint_days), ev.seq)


def r9_complaint_resolved(st: State, ev: Ev) -> None:
    complaint = st.complaints.get(ev.complaint)
    if complaint is not None and not complaint.expired:
        complaint.resolved = True


def r9_complaint_deadline(st: State, key) -> None:
    """R9 — a complaint unresolved for 3 days moves the customer to the pool, for another department."""
    ctx = st.ctx
    complaint = st.complaints[key]
    complaint.expired = True
    old = st.owner
    from_dept = ctx.dept_of(old) if st.has_staff_owner else st.pool_from_dept
    text = (
        f"归公司资源池:R9 投诉三日未处理——{fmt(complaint.opened)} 的投诉未在{fmt_deadline(complaint.lapse)}前解决,"
        "须分配给其他部门"
    )
    if old != POOL:
        st.set_owner(POOL, "R9", complaint.lapse, "", text, (complaint.seq,))
    else:
        # Already in the pool: no change of owner, but the flag for another department is added.
        st.note(text.replace("归公司资源池:", f"{st.held(about='R9')}:", 1), (complaint.seq,))
    st.pool_reason = "R9"
    st.must_other_department = True
    st.pool_from_dept = from_dept
    st.notice(
        complaint.lapse,
        "complaint_deadline",
        "R9",
        (old,) if old not in (None, POOL) else (),
        (complaint.seq,),
        "投诉三日未处理,顾客转入公司资源池,须分配给其他部门",
    )


def r10_staff_left(st: State, ev: Ev) -> None:
    """R10 — a resigned staff member's customers go to the pool (员工辞职上交公司)."""
    ctx = st.ctx
    st.competitors = [c for c in st.competitors if c.staff != ev.staff]
    if st.owner != ev.staff:
        return
    text = f"归公司资源池:R10 员工离职——{ctx.name(ev.staff)} {fmt(ev.at)} 离职,顾客上交公司统一分配"
    st.set_owner(POOL, "R10", ev.at, "", text, (ev.seq,))
    st.pool_reason = "R10"


def r10_check_reassign(st: State, ev: Ev) -> None:
    """R9 — a customer moved to the pool by a complaint may not go back to the same department."""
    if ev.to in (None, POOL) or not st.must_other_department:
        return
    if st.pool_from_dept is not None and st.ctx.dept_of(ev.to) == st.pool_from_dept:
        dept = st.ctx.dept_name.get(st.pool_from_dept, str(st.pool_from_dept))
        raise Refusal("R9", f"R9:该顾客因投诉三日未处理转入公司资源池,须分配给其他部门,不能再分配给{dept}的员工。")


def r10_reassign(st: State, ev: Ev) -> None:
    """R10 — the resource director or a manager reassigns (new pending claim, 2-day pre-heat)."""
    ctx = st.ctx
    reason = f"(原因:{ev.reason})" if ev.reason else ""
    if ev.to == POOL:
        text = f"归公司资源池:R10 重新分配——{fmt(ev.at)} 移入公司资源池{reason}"
        st.set_owner(POOL, "R10", ev.at, "", text, (ev.seq,))
        st.pool_reason = "R10"
        return
    claim = new_claim(st, ev.to, ev, "reassign", days=ctx.params.reassign_days)
    text = (
        f"归{ctx.name(ev.to)}:R10 重新分配——{fmt(ev.at)} 分配给{ctx.name(ev.to)}{reason},"
        f"待预热,期限{fmt_deadline(claim.lapse)}"
    )
    st.set_owner(ev.to, "R10", ev.at, "pending", text, (ev.seq,), claim)


def r13_ruling(st: State, ev: Ev) -> None:
    """R13 — a coordinator's or GM's ruling sets the owner with an active claim, overriding R1–R9."""
    ctx = st.ctx
    who = "总经理" if ev.by == "gm" else "协调助理"
    reason = f"(理由:{ev.reason})" if ev.reason else ""
    if ev.to == POOL:
        st.set_owner(POOL, "R13", ev.at, "", f"归公司资源池:R13 {who}裁决——{fmt(ev.at)}{reason}", (ev.seq,))
        st.pool_reason = "R13"
        return
    claim = new_claim(st, ev.to, ev, "ruling")
    st.set_owner(
        ev.to, "R13", ev.at, "active", f"归{ctx.name(ev.to)}:R13 {who}裁决——{fmt(ev.at)}{reason}", (ev.seq,), claim
    )
