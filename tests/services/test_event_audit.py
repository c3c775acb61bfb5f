"""Every timeline event is audited (issue 18): each service action that appends events writes exactly one
audit row per event, naming who recorded it, for which customer, when it happened (``event_at``) and when
it was recorded (``at``); failed logins, refused permissions and front-desk lookups are audited too."""

from __future__ import annotations

import datetime as dt

import pytest

from models import AuditLog, Event, later
from services.platform.errors import LoginFailed, PermissionDenied
from services.rules.model import POOL

T = dt.datetime
HAPPENED = T(2026, 3, 10, 9, 0)
RECORDED = T(2026, 3, 10, 11, 30)  # two and a half hours later: within the back-entry limit


@pytest.fixture
def world(app, office):
    app.clock.set(T(2026, 3, 1, 8, 0))
    clerk = office.users["clerk"]
    cards = [app.customers.create(clerk, f"顾客{n}", [f"1370000{i:04d}"]).id for i, n in enumerate("甲乙丙丁戊己庚辛")]
    joint = app.meetings.create(
        office.users["director"], dt.date(2026, 3, 20), "afternoon", True, [office.d1, office.d2], name="联合会"
    ).id
    owned = cards[0]
    app.clock.set(T(2026, 3, 2, 9, 0))
    app.timeline.register(office.users["s1"], owned, office.s1, "kepu")
    app.timeline.preheat(office.users["s1"], owned, office.s1)
    app.timeline.complaint(clerk, cards[6], "TS-1")
    app.clock.set(RECORDED)
    return {"cards": cards, "owned": owned, "meeting": joint}


def actions(app, office, w):
    tl, u, c = app.timeline, office.users, w["cards"]
    owned, m = w["owned"], w["meeting"]
    return {
        "register": (u["s2"], lambda: tl.register(u["s2"], c[1], office.s2, "scatter", at=HAPPENED)),
        "allocate": (u["manager1"], lambda: tl.allocate(u["manager1"], c[2], office.s1, at=HAPPENED)),
        "preheat": (u["s1"], lambda: tl.preheat(u["s1"], owned, office.s1, at=HAPPENED)),
        "visit": (u["s1"], lambda: tl.visit(u["s1"], owned, office.s1, "home", at=HAPPENED)),
        "invite": (u["s1"], lambda: tl.invite(u["s1"], owned, office.s1, m, at=HAPPENED)),
        "attend": (u["clerk"], lambda: tl.attend(u["clerk"], owned, m, at=HAPPENED)),
        "purchase": (u["clerk"], lambda: tl.purchase(u["clerk"], owned, 3000, at=HAPPENED)),
        "complaint": (u["clerk"], lambda: tl.complaint(u["clerk"], owned, "TS-9", at=HAPPENED)),
        "resolve_complaint": (u["clerk"], lambda: tl.resolve_complaint(u["clerk"], "TS-1", at=HAPPENED)),
        "reassign": (u["director"], lambda: tl.reassign(u["director"], owned, POOL, "顾客要求", at=HAPPENED)),
        "ruling": (u["coordinator"], lambda: tl.ruling(u["coordinator"], owned, office.s2, "coordinator", "核实", at=HAPPENED)),
        "staff_left": (office.admin, lambda: tl.staff_left(office.admin, office.s1, at=HAPPENED)),
        "submit_list": (u["manager1"], lambda: tl.submit_list(u["manager1"], office.d1, m, [owned], at=HAPPENED)),
        "allocate_many": (u["manager1"], lambda: tl.allocate_many(u["manager1"], [(c[3], office.s1), (c[4], office.s2)], at=HAPPENED)),
        "register_new_many": (u["s2"], lambda: tl.register_new_many(u["s2"], [(c[5], office.s2, "kepu", None)], at=HAPPENED)),
    }  # fmt: skip


NAMES = [
    "register",
    "allocate",
    "preheat",
    "visit",
    "invite",
    "attend",
    "purchase",
    "complaint",
    "resolve_complaint",
    "reassign",
    "ruling",
    "staff_left",
    "submit_list",
    "allocate_many",
    "register_new_many",
]


@pytest.mark.parametrize("name", NAMES)
def test_every_action_writes_one_audit_row_per_event_with_both_times(app, office, world, name):
    actor, run = actions(app, office, world)[name]
    last_event = Event.select().order_by(Event.id.desc()).first().id
    last_audit = AuditLog.select().order_by(AuditLog.id.desc()).first().id
    run()
    events = list(Event.select().where(Event.id > last_event).order_by(Event.id))
    rows = list(
        AuditLog.select().where((AuditLog.id > last_audit) & (AuditLog.entity == "event")).order_by(AuditLog.id)
    )
    assert events, "the action appended no event"
    assert [r.entity_id for r in rows] == [e.id for e in events]  # exactly one row per event
    for e, r in zip(events, rows, strict=True):
        assert (r.event_at, r.at, r.user_id, r.customer_id) == (HAPPENED, RECORDED, actor.user_id, e.customer_id)
        assert (e.at, e.recorded_at, e.recorded_by_id) == (HAPPENED, RECORDED, actor.user_id)
        assert r.new["type"] == e.type


def test_the_action_table_covers_every_timeline_action(app, office, world):
    from services.timeline import actions as action_module
    from services.timeline import bulk
    from services.timeline.service import TimelineService

    recording = {
        name
        for name, method in vars(TimelineService).items()
        if getattr(method, "__wrapped__", None) is not None
        and method.__wrapped__.__module__ in (action_module.__name__, bulk.__name__)
    }
    assert recording == set(NAMES) == set(actions(app, office, world))


def test_a_failed_login_is_audited(app, office):
    with pytest.raises(LoginFailed):
        app.auth.login("admin", "wrong-password")
    with pytest.raises(LoginFailed):
        app.auth.login("nobody", "whatever")
    rows = list(AuditLog.select().where(AuditLog.action == "login.failed").order_by(AuditLog.id))
    assert [(r.user_id, r.new["username"]) for r in rows] == [(office.admin.user_id, "admin"), (None, "nobody")]
    assert "密码错误" in rows[0].reason and rows[1].reason == "无此用户或未设密码"


def test_a_refused_permission_is_audited_even_when_the_action_rolls_back(app, office, world):
    staff = office.users["s2"]
    with pytest.raises(PermissionDenied):  # 李四 may not record 张三's pre-heat (inside the transaction)
        app.timeline.preheat(staff, world["owned"], office.s1)
    with pytest.raises(PermissionDenied):  # a clerk may not reassign (the role check before it)
        app.timeline.reassign(office.users["clerk"], world["owned"], POOL, "想换")
    rows = list(AuditLog.select().where(AuditLog.action == "permission.denied").order_by(AuditLog.id))
    assert [r.user_id for r in rows] == [staff.user_id, office.users["clerk"].user_id]
    assert "不能替张三登记" in rows[0].reason and "无权重新分配顾客" in rows[1].reason


def test_a_front_desk_lookup_is_audited(app, office, world):
    front = office.users["front"]
    hits = app.frontdesk.lookup(front, "13700000000")
    assert [h.customer_id for h in hits] == [world["owned"]]
    later.flush()  # on an office server the row is sent off the search's path (models.later)
    (row,) = AuditLog.select().where(AuditLog.action == "frontdesk.lookup")
    assert (row.user_id, row.customer_id, row.new) == (
        front.user_id,
        world["owned"],
        {"text": "13700000000", "customers": [world["owned"]]},
    )


def test_another_departments_invitation_of_an_r8_customer_is_reported_to_the_director(app, office):
    """R8: after three months without service staff of other departments may invite the customer, and the
    lookup is reported to the resource director (an audit row the director reads; none for a colleague)."""
    clerk, tl = office.users["clerk"], app.timeline
    c = app.customers.create(clerk, "王大爷", ["13700000099"]).id
    meeting = app.meetings.create(
        office.users["director"], dt.date(2026, 6, 10), "afternoon", False, [office.d1, office.d2]
    ).id
    app.clock.set(T(2026, 3, 1, 9, 0))
    tl.register(office.users["s1"], c, office.s1, "kepu")
    app.clock.set(T(2026, 3, 2, 9, 0))
    tl.preheat(office.users["s1"], c, office.s1)
    app.clock.set(T(2026, 6, 5, 10, 0))
    assert "R8" in tl.verdict(c).lapsed_rules
    tl.invite(office.users["s2"], c, office.s2, meeting)  # 李四, same department: no report
    assert AuditLog.select().where(AuditLog.action == "lookup.r8_report").count() == 0
    tl.invite(office.users["s3"], c, office.s3, meeting)  # 王五, 二部
    (row,) = AuditLog.select().where(AuditLog.action == "lookup.r8_report")
    assert (row.user_id, row.customer_id, row.rule) == (office.users["s3"].user_id, c, "R8")
    assert "二部的王五邀约了一部张三的顾客" in row.reason
    shown = [r for r in app.audit_view.page(office.users["director"]).rows if r.action == "lookup.r8_report"]
    assert shown[0].action_label == "跨部门邀约报告(R8)"
