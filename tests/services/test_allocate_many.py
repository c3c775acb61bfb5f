"""Allocating a whole batch at once gives exactly what allocating card by card gives."""

from __future__ import annotations

import datetime as dt

import pytest

from models import AuditLog, Event, Ownership
from services.platform.errors import RuleRefused

T = dt.datetime


def snapshot(cid):
    o = Ownership.get_by_id(cid)
    return (o.owner_kind, o.owner_id, o.claim_state, o.rule, o.next_deadline, o.explanation)


def test_bulk_equals_one_by_one(app, office):
    clerk, director = office.users["clerk"], office.users["director"]
    app.clock.set(T(2026, 3, 1, 9, 0))
    cards = [app.customers.create(clerk, f"顾客{i}", [f"1390000{i:04d}"]).id for i in range(40)]
    # One card already has an owner with a pending claim: it becomes a competitor (R3) either way.
    app.timeline.register(office.users["s3"], cards[0], office.s3, "kepu")
    pairs = [(c, office.s1 if i % 2 else office.s2) for i, c in enumerate(cards)]
    half = len(pairs) // 2
    app.clock.set(T(2026, 3, 2, 10, 0))
    for cid, sid in pairs[:half]:
        app.timeline.allocate(director, cid, sid, batch="一")
    one_by_one = {cid: snapshot(cid) for cid, _ in pairs[:half]}
    ids = app.timeline.allocate_many(director, pairs[half:], batch="二")
    assert len(ids) == len(pairs) - half
    assert Event.select().where(Event.type == "allocate").count() == len(pairs)
    for cid, sid in pairs[half:]:
        o = Ownership.get_by_id(cid)
        assert (o.owner_id, o.claim_state, o.rule) == (sid, "pending", "R1")
        assert o.next_deadline == T(2026, 3, 5, 0, 0)
    assert one_by_one[cards[0]][1] == office.s3  # the earlier registration keeps it (pending, competitor)
    changes = AuditLog.select().where(AuditLog.action == "ownership.change").count()
    assert changes == len(pairs)  # card 0 changed hands once (to 王五), every other card once


def test_a_refused_card_refuses_the_whole_batch(app, office):
    clerk, director = office.users["clerk"], office.users["director"]
    app.clock.set(T(2026, 3, 1, 9, 0))
    a = app.customers.create(clerk, "甲", ["13900000001"]).id
    b = app.customers.create(clerk, "乙", ["13900000002"]).id
    app.timeline.reassign(director, b, "pool", "资源池测试")
    before = Event.select().count()
    with pytest.raises(RuleRefused) as refused:
        app.timeline.allocate_many(director, [(a, office.s1), (b, office.s1)])
    assert refused.value.rule == "R10" and f"顾客档案 {b}" in refused.value.message
    assert Event.select().count() == before
    assert Ownership.get_by_id(a).owner_kind == "none"  # still unregistered


def test_cancel_from_checkpoint_rolls_back(app, office):
    clerk, director = office.users["clerk"], office.users["director"]
    cards = [app.customers.create(clerk, f"顾客{i}", [f"1390000{i:04d}"]).id for i in range(150)]

    def stop(done, total):
        if done >= 100:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        app.timeline.allocate_many(director, [(c, office.s1) for c in cards], checkpoint=stop)
    assert Event.select().where(Event.type == "allocate").count() == 0
