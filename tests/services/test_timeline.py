"""Recording timeline events (services/timeline.py): refusals record nothing, the snapshot moves with
the event in one transaction, the sweep applies passed deadlines, ownership changes are audited, and
only the right people may record or rule."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import AuditLog, ConflictCase, Event, Ownership
from services.platform.errors import PermissionDenied, RuleRefused, ValidationError
from services.rules.model import POOL

T = dt.datetime


def at(app, when: dt.datetime) -> dt.datetime:
    app.clock.set(when)
    return when


def new_customer(app, office, i: int = 1) -> int:
    return app.customers.create(office.users["clerk"], f"顾客{i}", [f"1390000{i:04d}"]).id


def owner_changes(customer_id: int) -> list[tuple]:
    q = (
        AuditLog.select()
        .where((AuditLog.customer_id == customer_id) & (AuditLog.action == "ownership.change"))
        .order_by(AuditLog.id)
    )
    return [(a.old["owner"], a.new["owner"], a.rule) for a in q]


def snapshot(customer_id: int) -> dict:
    row = Ownership.get_by_id(customer_id)
    return {k: v for k, v in row.__data__.items() if k != "computed_at"}


def counts(customer_id: int) -> tuple[int, int, int]:
    return (
        Event.select().where(Event.customer == customer_id).count(),
        AuditLog.select().where(AuditLog.action != "permission.denied").count(),  # a refusal is audited itself
        ConflictCase.select().where(ConflictCase.customer == customer_id).count(),
    )


# -- refusals record nothing ------------------------------------------------------------------


def pool_customer(app, office) -> int:
    c = new_customer(app, office)
    app.timeline.register(office.users["s1"], c, office.s1, "kepu", at=at(app, T(2026, 3, 1, 9, 0)))
    app.timeline.reassign(office.users["director"], c, POOL, "顾客要求换人", at=at(app, T(2026, 3, 1, 10, 0)))
    return c


def test_registering_a_pool_customer_is_refused_and_records_nothing(app, office):
    c = pool_customer(app, office)
    before, snap = counts(c), snapshot(c)
    with pytest.raises(RuleRefused) as err:
        app.timeline.register(office.users["s3"], c, office.s3, "scatter", at=at(app, T(2026, 3, 1, 11, 0)))
    assert err.value.rule == "R10"
    assert err.value.message.startswith("R10") and "资源池" in err.value.message
    assert counts(c) == before
    assert snapshot(c) == snap
    assert app.timeline.verdict(c).owner == POOL


def test_invitation_refused_under_r11_records_nothing(app, office):
    c = new_customer(app, office)
    meeting = app.meetings.create(
        office.users["director"], dt.date(2026, 3, 10), "afternoon", True, [office.d1, office.d2]
    )
    tl = app.timeline
    tl.allocate(office.users["director"], c, office.s1, at=at(app, T(2026, 3, 1, 9, 0)))
    tl.preheat(office.users["s1"], c, office.s1, at=at(app, T(2026, 3, 1, 10, 0)))
    tl.invite(office.users["s1"], c, office.s1, meeting.id, at=at(app, T(2026, 3, 5, 11, 0)))
    tl.submit_list(office.users["manager1"], office.d1, meeting.id, [c], at=at(app, T(2026, 3, 5, 17, 0)))
    before, snap = counts(c), snapshot(c)
    with pytest.raises(RuleRefused) as err:
        tl.invite(office.users["s3"], c, office.s3, meeting.id, at=at(app, T(2026, 3, 6, 9, 0)))
    assert err.value.rule == "R11"
    assert "R11" in err.value.message and "一部" in err.value.message and "名单" in err.value.message
    events, audits, cases = before
    assert counts(c) == (events, audits, cases + 1)  # no event, no audit; SPEC §6 opens a case for it
    case = ConflictCase.select().where(ConflictCase.customer == c).order_by(ConflictCase.id.desc()).get()
    assert (case.kind, case.rule) == ("invite_refused", "R11")
    assert snapshot(c) == snap


def test_same_department_reassignment_after_r9_is_refused_and_records_nothing(app, office):
    c = new_customer(app, office)
    tl = app.timeline
    tl.allocate(office.users["director"], c, office.s1, at=at(app, T(2026, 5, 1, 9, 0)))
    tl.preheat(office.users["s1"], c, office.s1, at=at(app, T(2026, 5, 1, 10, 0)))
    tl.complaint(office.users["clerk"], c, "TS-1", at=at(app, T(2026, 5, 1, 14, 0)))
    at(app, T(2026, 5, 5, 9, 0))
    tl.sweep(office.admin)
    assert Ownership.get_by_id(c).owner_kind == "pool" and Ownership.get_by_id(c).rule == "R9"
    before, snap = counts(c), snapshot(c)
    with pytest.raises(RuleRefused) as err:
        tl.reassign(office.users["director"], c, office.s2, "本部门接手")
    assert err.value.rule == "R9" and "R9" in err.value.message and "一部" in err.value.message
    assert counts(c) == before
    assert snapshot(c) == snap
    tl.reassign(office.users["director"], c, office.s3, "转二部")
    assert Ownership.get_by_id(c).owner_id == office.s3


# -- the snapshot moves with the event ---------------------------------------------------------


def test_recording_updates_the_snapshot(app, office):
    c = new_customer(app, office)
    rec = app.timeline.register(office.users["s1"], c, office.s1, "kepu", at=at(app, T(2026, 3, 1, 9, 0)))
    snap = Ownership.get_by_id(c)
    assert (snap.owner_kind, snap.owner_id, snap.owner_department_id) == ("staff", office.s1, office.d1)
    assert (snap.claim_state, snap.rule, snap.next_rule) == ("pending", "R1", "R2")
    assert snap.next_deadline == T(2026, 3, 4, 0, 0)
    assert "张三" in snap.explanation and "R1" in snap.explanation
    assert rec.owner_changed
    app.timeline.preheat(office.users["s1"], c, office.s1, at=at(app, T(2026, 3, 2, 9, 0)))
    snap = Ownership.get_by_id(c)
    assert snap.claim_state == "active" and snap.next_rule == "R6"


def test_event_and_snapshot_commit_together(app, office, monkeypatch):
    """If storing the verdict fails, the event row is not kept either (one transaction)."""
    c = new_customer(app, office)
    app.timeline.register(office.users["s1"], c, office.s1, "kepu", at=at(app, T(2026, 3, 1, 9, 0)))
    before, snap = counts(c), snapshot(c)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(app.timeline.recorder, "open_cases", broken)
    with pytest.raises(RuntimeError):
        app.timeline.register(office.users["s3"], c, office.s3, "community", at=at(app, T(2026, 3, 1, 10, 0)))
    assert counts(c) == before
    assert snapshot(c) == snap


# -- time passing ----------------------------------------------------------------------------


def test_sweep_shows_the_r2_lapse_and_the_competitor_taking_over(app, office):
    tl = app.timeline
    alone, contested = new_customer(app, office, 1), new_customer(app, office, 2)
    tl.register(office.users["s1"], alone, office.s1, "kepu", at=at(app, T(2026, 3, 1, 9, 0)))
    tl.register(office.users["s1"], contested, office.s1, "kepu", at=at(app, T(2026, 3, 1, 9, 0)))
    tl.register(office.users["s3"], contested, office.s3, "scatter", at=at(app, T(2026, 3, 2, 9, 0)))
    assert Ownership.get_by_id(alone).next_deadline == T(2026, 3, 4, 0, 0)

    at(app, T(2026, 3, 3, 23, 59))
    assert tl.sweep(office.admin) == 0  # nothing has passed yet
    assert Ownership.get_by_id(contested).owner_id == office.s1

    at(app, T(2026, 3, 4, 0, 0))
    assert tl.sweep(office.admin) == 2
    a, b = Ownership.get_by_id(alone), Ownership.get_by_id(contested)
    assert (a.owner_id, a.claim_state, a.rule) == (office.s1, "lapsed", "R1")
    assert "R2" in a.explanation and "已失效" in a.explanation
    assert (b.owner_id, b.claim_state, b.rule) == (office.s3, "pending", "R2")
    assert b.next_deadline == T(2026, 3, 6, 0, 0)  # the heir's own 3-day scatter window
    assert owner_changes(contested)[-1] == (office.s1, office.s3, "R2")
    assert tl.sweep(office.admin) == 0  # applied once


def test_every_ownership_change_is_audited_with_its_rule(app, office):
    tl = app.timeline
    c = new_customer(app, office)
    meeting = app.meetings.create(office.users["director"], dt.date(2026, 3, 20), "afternoon", False, [office.d1])
    tl.register(office.users["s1"], c, office.s1, "kepu", at=at(app, T(2026, 3, 1, 9, 0)))
    tl.register(office.users["s3"], c, office.s3, "community", at=at(app, T(2026, 3, 1, 10, 0)))
    tl.preheat(office.users["s3"], c, office.s3, at=at(app, T(2026, 3, 1, 11, 0)))
    tl.ruling(office.users["coordinator"], c, office.s2, "coordinator", "顾客要求", at=at(app, T(2026, 3, 2, 9, 0)))
    tl.staff_left(office.admin, office.s2, at=at(app, T(2026, 3, 3, 9, 0)))
    tl.reassign(office.users["director"], c, office.s4, "离职交接", at=at(app, T(2026, 3, 4, 9, 0)))
    tl.register(office.users["s1"], c, office.s1, "kepu", at=at(app, T(2026, 3, 4, 10, 0)))
    tl.invite(office.users["s1"], c, office.s1, meeting.id, at=at(app, T(2026, 3, 4, 11, 0)))
    assert owner_changes(c) == [
        (None, office.s1, "R1"),
        (office.s1, office.s3, "R3"),
        (office.s3, office.s2, "R13"),
        (office.s2, POOL, "R10"),
        (POOL, office.s4, "R10"),
        (office.s4, POOL, "R4"),
    ]


# -- permissions ----------------------------------------------------------------------------


def test_staff_cannot_record_another_staff_members_preheat(app, office):
    c = new_customer(app, office)
    app.timeline.register(office.users["s1"], c, office.s1, "kepu", at=at(app, T(2026, 3, 1, 9, 0)))
    before = counts(c)
    with pytest.raises(PermissionDenied) as err:
        app.timeline.preheat(office.users["s2"], c, office.s1, at=at(app, T(2026, 3, 1, 10, 0)))
    assert "张三" in err.value.message
    assert counts(c) == before
    (refusal,) = AuditLog.select().where(AuditLog.action == "permission.denied")
    assert refusal.user_id == office.users["s2"].user_id and refusal.reason == err.value.message


@pytest.mark.parametrize("user,by", [("clerk", "coordinator"), ("director", "coordinator"), ("coordinator", "gm")])
def test_only_coordinator_and_gm_rule(app, office, user, by):
    c = new_customer(app, office)
    app.timeline.register(office.users["s1"], c, office.s1, "kepu", at=at(app, T(2026, 3, 1, 9, 0)))
    before = counts(c)
    with pytest.raises(PermissionDenied):
        app.timeline.ruling(office.users[user], c, office.s3, by, "理由", at=at(app, T(2026, 3, 1, 10, 0)))
    assert counts(c) == before


@pytest.mark.parametrize("user,by", [("coordinator", "coordinator"), ("gm", "gm"), ("gm", "coordinator")])
def test_coordinator_and_gm_may_rule(app, office, user, by):
    c = new_customer(app, office)
    app.timeline.register(office.users["s1"], c, office.s1, "kepu", at=at(app, T(2026, 3, 1, 9, 0)))
    app.timeline.ruling(office.users[user], c, office.s3, by, "顾客要求", at=at(app, T(2026, 3, 1, 10, 0)))
    snap = Ownership.get_by_id(c)
    assert (snap.owner_id, snap.rule, snap.claim_state) == (office.s3, "R13", "active")


# -- the snapshot is today's answer -------------------------------------------------------------

EXAMPLE = itertools.count()
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["register", "preheat", "invite", "home", "attend", "buy", "complaint", "resolve", "reassign"]),
        st.integers(0, 1),  # which customer
        st.sampled_from(["s1", "s2", "s3", "s4"]),
        st.integers(0, 40),  # day
        st.sampled_from([(0, 0), (9, 0), (18, 1), (23, 59)]),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS, later=st.integers(0, 100))
def test_recorded_and_swept_snapshot_equals_a_fresh_verdict(app, office, actions, later):
    """Recording event by event, then sweeping at a later clock, leaves the same snapshot as replaying
    the whole timeline at that instant (and a rebuild changes nothing)."""
    tl, u = app.timeline, office.users
    base = T(2026, 3, 1) + dt.timedelta(days=200 * next(EXAMPLE))  # each example in its own months
    app.clock.set(base)
    cards = [app.customers.create(u["clerk"], "顾客", []).id for _ in range(2)]
    meeting = app.meetings.create(u["director"], (base + dt.timedelta(days=20)).date(), "afternoon", False, [office.d1])
    open_codes: list[str] = []
    for kind, which, who, day, (h, m) in sorted(actions, key=lambda a: (a[3], a[4])):
        c, s = cards[which], getattr(office, who)
        when = at(app, base + dt.timedelta(days=day, hours=h, minutes=m))
        try:
            if kind == "register":
                tl.register(u[who], c, s, "kepu", at=when)
            elif kind == "preheat":
                tl.preheat(u[who], c, s, at=when)
            elif kind == "invite":
                tl.invite(u[who], c, s, meeting.id, at=when)
            elif kind == "home":
                tl.visit(u[who], c, s, "home", at=when)
            elif kind == "attend":
                tl.attend(u["clerk"], c, meeting.id, at=when)
            elif kind == "buy":
                tl.purchase(u["clerk"], c, 1200, meeting_id=meeting.id, at=when)
            elif kind == "complaint":
                code = f"P{base:%Y%m%d}-{len(open_codes)}-{which}"
                tl.complaint(u["clerk"], c, code, at=when)
                open_codes.append(code)
            elif kind == "resolve" and open_codes:
                tl.resolve_complaint(u["clerk"], open_codes.pop(0), at=when)
            elif kind == "reassign":
                tl.reassign(u["director"], c, s, "调整", at=when)
        except (RuleRefused, ValidationError):
            pass
    end = at(app, base + dt.timedelta(days=41 + later))
    tl.sweep(office.admin)
    for c in cards:
        snap = Ownership.get_or_none(Ownership.customer == c)
        v = tl.verdict(c, end)
        if snap is None:
            assert v.owner is None
            continue
        owner = snap.owner_id if snap.owner_kind == "staff" else (POOL if snap.owner_kind == "pool" else None)
        assert (owner, snap.rule, snap.claim_state, snap.next_deadline, snap.explanation) == (
            v.owner,
            v.rule,
            v.claim_state,
            v.next_deadline,
            v.explanation,
        )
    before = [snapshot(c) for c in cards if Ownership.get_or_none(Ownership.customer == c)]
    tl.rebuild(office.admin, end)
    assert [snapshot(c) for c in cards if Ownership.get_or_none(Ownership.customer == c)] == before
