"""The deadline sweep: applies passed deadlines through the next-deadline index, once across PCs."""

from __future__ import annotations

import datetime as dt

import pytest

from models import Ownership
from tests.conftest import PG_URL

T = dt.datetime


def registered(app, office, n=3):
    ids = []
    app.clock.set(T(2026, 3, 1, 9, 0))
    for i in range(n):
        c = app.customers.create(office.users["clerk"], f"顾客{i}", [f"1380000{i:04d}"]).id
        app.timeline.register(office.users["s1"], c, office.s1, "kepu")
        ids.append(c)
    return ids


def states(ids):
    return [Ownership.get_by_id(c).claim_state for c in ids]


def test_sweep_lapses_passed_pre_heat_deadlines_and_nothing_else(app, office):
    ids = registered(app, office)
    app.clock.set(T(2026, 3, 1, 10, 0))
    app.timeline.preheat(office.users["s1"], ids[0], office.s1)
    assert states(ids) == ["active", "pending", "pending"]
    assert app.timeline.sweep(office.users["clerk"], T(2026, 3, 3, 23, 59)) == 0
    assert app.timeline.sweep(office.users["clerk"], T(2026, 3, 4, 0, 0)) == 2
    assert states(ids) == ["active", "lapsed", "lapsed"]
    snap = Ownership.get_by_id(ids[1])
    assert "R2" in snap.explanation and snap.next_deadline is None
    assert app.timeline.sweep(office.users["clerk"], T(2026, 3, 5, 0, 0)) == 0


def test_sweep_in_batches_reports_progress_and_can_stop(app, office):
    ids = registered(app, office, n=5)
    seen = []
    done = app.timeline.sweep(
        office.users["clerk"], T(2026, 3, 4, 0, 0), batch=2, progress=seen.append, cancelled=lambda: len(seen) >= 1
    )
    assert done == 2 and seen == [2]
    assert sorted(states(ids)).count("lapsed") == 2
    assert app.timeline.sweep(office.users["clerk"], T(2026, 3, 4, 0, 0)) == 3


@pytest.mark.skipif(not PG_URL, reason="needs KEYUAN_TEST_PG")
def test_a_second_pc_does_not_sweep_while_the_first_does(app, office, db_target):
    import psycopg

    from services.timeline.service import SWEEP_LOCK_KEY

    if db_target != PG_URL:
        pytest.skip("PostgreSQL only")
    ids = registered(app, office)
    with psycopg.connect(PG_URL, autocommit=True) as other_pc:
        other_pc.execute("SELECT pg_advisory_lock(%s)", (SWEEP_LOCK_KEY,))
        assert app.timeline.sweep(office.users["clerk"], T(2026, 3, 4, 0, 0)) == 0
        assert states(ids) == ["pending"] * 3
        # Unlock before closing: the server frees a closed session's locks a moment after the client
        # has gone, and under load the next sweep could still find the lock held.
        other_pc.execute("SELECT pg_advisory_unlock(%s)", (SWEEP_LOCK_KEY,))
    assert app.timeline.sweep(office.users["clerk"], T(2026, 3, 4, 0, 0)) == 3
