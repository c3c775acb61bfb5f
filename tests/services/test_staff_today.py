"""A staff member's tasks (services.callbacks.overview.staff_today, SPEC §10): their own deadlines only, most
urgent first, lapsed claims last, keyset pages that add up to the whole list, read through indexes."""

from __future__ import annotations

import datetime as dt

import pytest

from models import db
from services.callbacks.overview import DEADLINE, LAPSED, staff_today
from services.platform.errors import PermissionDenied

T = dt.datetime


@pytest.fixture
def spread(app, office):
    """张三 (s1) registered 8 customers, one every 7 hours from 3-01 08:00 (pre-heats due 3-03 … 3-05 by the
    end of the day); 李四 (s2) one. At 3-04 09:00 the first ones have lapsed (R2)."""
    clerk = office.users["clerk"]
    ids = []
    for i in range(8):
        app.clock.set(T(2026, 3, 1, 8, 0) + dt.timedelta(hours=7 * i))
        cid = app.customers.create(clerk, "顾客" + "甲乙丙丁戊己庚辛"[i], [f"1390000{i:04d}"]).id
        app.timeline.register(office.users["s1"], cid, office.s1, "kepu")
        ids.append(cid)
    other = app.customers.create(clerk, "别人的", ["13911110000"]).id
    app.timeline.register(office.users["s2"], other, office.s2, "kepu")
    app.clock.set(T(2026, 3, 4, 9, 0))
    app.timeline.sweep(office.admin)
    return ids, other


def test_pages_add_up_to_the_whole_list_in_order(app, office, spread):
    ids, other = spread
    s1 = office.users["s1"]
    whole = staff_today(app, s1, limit=100)
    assert whole.after is None
    assert {line.customer_id for line in whole.lines} == set(ids)  # nothing of 李四's
    keys = [line.key for line in whole.lines]
    assert keys == sorted(keys)
    # Registered 3-01: lapsed at 3-04 00:00; 3-02 and 3-03: due by the end of 3-04 and 3-05, met or not yet.
    lapsed = [line for line in whole.lines if line.source == LAPSED]
    timed = [line for line in whole.lines if line.source == DEADLINE]
    assert lapsed and timed and whole.lines[-len(lapsed) :] == lapsed
    assert all(line.overdue and line.due_at is None and line.rule == "R2" for line in lapsed)
    assert all(not line.overdue and line.due_at > app.clock.now() for line in timed)
    pages, after = [], None
    while True:
        page = staff_today(app, s1, after=after, limit=3)
        assert len(page.lines) <= 3
        pages += page.lines
        after = page.after
        if after is None:
            break
    assert pages == whole.lines


def test_only_a_staff_member_has_tasks_and_other_staff_see_none_of_theirs(app, office, spread):
    with pytest.raises(PermissionDenied):
        staff_today(app, office.users["clerk"])
    assert [line.customer_name for line in staff_today(app, office.users["s2"]).lines] == ["别人的"]
    assert staff_today(app, office.users["s3"]).lines == []


@pytest.mark.sqlite_only
def test_the_deadlines_are_read_through_the_owner_deadline_index(app, office, spread, caplog):
    """The query staff_today runs for the deadlines (logged by peewee) is planned on (owner, next deadline)."""
    import logging

    with caplog.at_level(logging.DEBUG, logger="peewee"):
        staff_today(app, office.users["s1"])
    queries = [r.msg for r in caplog.records if r.name == "peewee" and isinstance(r.msg, tuple)]
    sql, params = next(q for q in queries if '"next_deadline" <=' in q[0])
    plan = " ".join(str(r[-1]) for r in db.obj.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
    assert "ownership_owner_deadline" in plan, plan
