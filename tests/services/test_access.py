"""Roles and rights of SPEC §2 enforced in the services, card visibility, lookup approvals, lockout."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from models import AuditLog, Event, LookupApproval, User, later
from services.office.auth import actor_for
from services.office.permissions import ROLES, SYSTEM
from services.platform.errors import LoginFailed, PermissionDenied, ValidationError
from tests.conftest import T0
from tests.helpers import user

_seq = itertools.count(1)


def new_card(app, office, owner=None, abc=""):
    n = next(_seq)
    # Set-up is written by the system actor (no user), so a role's own audit rows show only its own calls.
    cid = app.customers.create(SYSTEM, f"顾客{n}", [f"139{n:08d}"], address="和平路 1 号").id
    if owner is not None:
        app.timeline.register(SYSTEM, cid, owner, "kepu")
    if abc:
        from models import Customer

        Customer.update(abc_class=abc).where(Customer.id == cid).execute()
    return cid


@pytest.fixture
def roles(app, office):
    """One acting user per role: staff = 张三 (一部), manager = 一部经理, expert = 钱七 (一部)."""
    expert_staff = app.org.create_staff(office.admin, "钱七", office.d1, position="expert").id
    u = office.users
    return {
        "clerk": u["clerk"],
        "staff": u["s1"],
        "expert": user(app, office.admin, "expert", "expert", staff_id=expert_staff, password=None),
        "manager": u["manager1"],
        "coordinator": u["coordinator"],
        "director": u["director"],
        "gm": u["gm"],
        "front_desk": u["front"],
        "admin": office.admin,
    }


def own_staff(actor, office):
    return actor.staff_id or office.s1


ACTIONS = {
    "create department": lambda app, o, a: app.org.create_department(a, f"部门{next(_seq)}"),
    "create staff": lambda app, o, a: app.org.create_staff(a, f"员工{next(_seq)}", o.d1),
    "create user": lambda app, o, a: app.auth.create_user(a, f"user{next(_seq)}", None, "staff"),
    "create card": lambda app, o, a: app.customers.create(a, "新顾客", [f"137{next(_seq):08d}"]),
    "register": lambda app, o, a: app.timeline.register(a, new_card(app, o), own_staff(a, o), "kepu"),
    "preheat for another staff member": lambda app, o, a: app.timeline.preheat(a, new_card(app, o, o.s2), o.s2),
    "allocate": lambda app, o, a: app.timeline.allocate(a, new_card(app, o), o.s1),
    "reassign": lambda app, o, a: app.timeline.reassign(a, new_card(app, o, o.s2), o.s1, "调整"),
    "ruling": lambda app, o, a: app.timeline.ruling(a, new_card(app, o, o.s2), o.s1, "coordinator", "裁决"),
    "staff_left": lambda app, o, a: app.timeline.staff_left(a, o.s4),
    "submit_list": lambda app, o, a: app.timeline.submit_list(a, o.d1, o.joint, [new_card(app, o, o.s1)]),
    "settings change": lambda app, o, a: app.settings.set(a, "office.name", f"办公室{next(_seq)}"),
    "rule parameters": lambda app, o, a: app.settings.set(
        a, "rules.params", {**app.settings.get("rules.params"), "preheat_days": 2 + next(_seq) % 2}
    ),
    "front-desk lookup": lambda app, o, a: app.frontdesk.lookup(a, "0001"),
    "store visit": lambda app, o, a: app.frontdesk.log_store_visit(a, new_card(app, o), o.s1),
    "check-in": lambda app, o, a: app.frontdesk.check_in(a, o.today, customer_id=new_card(app, o)),
    "request lookup": lambda app, o, a: app.access.request_lookup(a, new_card(app, o, o.s3), "客户到店询问"),
    "approve lookup": lambda app, o, a: app.access.decide_lookup(a, o.request(), True),
    "view audit": lambda app, o, a: app.audit_view.page(a),
}

EVERYONE = frozenset(ROLES)
# What each role may do (SPEC §2). Anything not listed must raise PermissionDenied and change nothing.
ALLOWED = {
    "create department": {"admin"},
    "create staff": {"admin"},
    "create user": {"admin"},
    "create card": {"clerk", "staff", "manager", "director", "gm", "admin"},
    "register": {"clerk", "staff", "expert", "manager", "director", "gm", "admin"},
    "preheat for another staff member": {"clerk", "manager", "director", "gm", "admin"},
    "allocate": {"clerk", "manager", "director", "admin"},
    "reassign": {"manager", "director", "gm", "admin"},
    "ruling": {"coordinator", "gm"},
    "staff_left": {"director", "gm", "admin"},
    "submit_list": {"manager", "director", "gm", "admin"},
    "settings change": {"admin"},
    "rule parameters": {"admin", "director", "gm"},
    "front-desk lookup": EVERYONE - {"expert"},
    "store visit": {"front_desk", "clerk", "manager", "director", "gm", "admin"},
    "check-in": {"front_desk", "clerk", "manager", "director", "gm", "admin"},
    "request lookup": {"staff", "expert", "manager"},
    "approve lookup": {"director"},
    "view audit": {"admin", "director", "gm"},
}


def test_the_table_covers_every_action():
    assert set(ALLOWED) == set(ACTIONS)
    assert all(roles <= EVERYONE for roles in ALLOWED.values())


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_can_do_exactly_what_spec_2_allows(app, office, roles, role):
    office.joint = app.meetings.create(
        office.admin, T0.date() + dt.timedelta(days=5), "afternoon", True, [office.d1, office.d2]
    ).id
    office.today = app.meetings.create(office.admin, T0.date(), "afternoon", False, [office.d1]).id

    def request():
        return app.access.request_lookup(office.users["s3"], new_card(app, office, office.s1), "到店询问").id

    office.request = request
    actor = roles[role]
    wrong = []
    for action, run in ACTIONS.items():
        allowed = role in ALLOWED[action]
        mine = AuditLog.select().where((AuditLog.user == actor.user_id) & (AuditLog.action != "permission.denied"))
        refusals = AuditLog.select().where((AuditLog.user == actor.user_id) & (AuditLog.action == "permission.denied"))
        later.flush()  # the desk's lookup rows go to an office server off the search's path
        before, refused_before = mine.count(), refusals.count()
        try:
            run(app, office, actor)
        except PermissionDenied as exc:
            if allowed:
                wrong.append(f"{action}: refused ({exc.message})")
            assert exc.message.endswith("。")
            # Set-up rows (a fresh card, a request) are written by others; the refused call changes nothing
            # and leaves exactly one trace: the refusal itself, audited (issue 18).
            later.flush()
            assert mine.count() == before, action
            assert refusals.count() == refused_before + 1, action
        else:
            if not allowed:
                wrong.append(f"{action}: allowed")
    assert wrong == [], f"{role}: {wrong}"


def test_refused_calls_change_nothing(app, office):
    front = office.users["front"]
    cid = new_card(app, office, office.s1)
    changes = AuditLog.select().where(AuditLog.action != "permission.denied")
    before = (changes.count(), Event.select().count())
    for call in (
        lambda: app.timeline.reassign(front, cid, office.s3, "试试"),
        lambda: app.timeline.register(front, cid, office.s3, "kepu"),
        lambda: app.customers.create(front, "某人", ["13700000000"]),
        lambda: app.settings.set(front, "session.lock_minutes", 1),
        lambda: app.audit_view.page(front),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert (changes.count(), Event.select().count()) == before
    refused = AuditLog.select().where(AuditLog.action == "permission.denied")
    assert [r.user_id for r in refused] == [front.user_id] * 5  # each refusal audited once


# -- scope within a role ------------------------------------------------------------------------


def test_staff_act_only_for_themselves_and_managers_only_in_their_department(app, office):
    s1, mgr = office.users["s1"], office.users["manager1"]
    with pytest.raises(PermissionDenied, match="不能替李四登记"):
        app.timeline.preheat(s1, new_card(app, office, office.s2), office.s2)
    with pytest.raises(PermissionDenied, match="本部门"):
        app.timeline.preheat(mgr, new_card(app, office, office.s3), office.s3)
    with pytest.raises(PermissionDenied, match="本部门员工"):
        app.timeline.reassign(mgr, new_card(app, office, office.s1), office.s3, "调整")
    m = app.meetings.create(
        office.admin, T0.date() + dt.timedelta(days=5), "afternoon", True, [office.d1, office.d2]
    ).id
    with pytest.raises(PermissionDenied, match="本部门的名单"):
        app.timeline.submit_list(mgr, office.d2, m, [])
    with pytest.raises(PermissionDenied):
        app.timeline.ruling(office.users["coordinator"], new_card(app, office, office.s1), office.s2, "gm", "越权")


# -- who sees a card in full -----------------------------------------------------------------------


def test_visibility_by_role_department_and_abc_class(app, office):
    u = office.users
    mine = new_card(app, office, office.s1)
    colleague = new_card(app, office, office.s2)
    other_dept = new_card(app, office, office.s3)
    a_class = new_card(app, office, office.s1, abc="A")
    see = app.access.can_see_full
    assert see(u["s1"], mine) and not see(u["s1"], colleague) and not see(u["s1"], other_dept)
    assert not see(u["s1"], a_class)  # A-class: managers and above only
    assert see(u["manager1"], mine) and see(u["manager1"], colleague) and see(u["manager1"], a_class)
    assert not see(u["manager1"], other_dept)
    for role in ("director", "gm", "coordinator", "clerk"):
        assert see(u[role], other_dept), role
    assert see(office.admin, a_class) and see(u["director"], a_class) and not see(u["clerk"], a_class)
    assert not any(see(u["front"], c) for c in (mine, colleague, other_dept, a_class))
    card = app.access.card(u["s3"], mine)
    assert card.phones[0].count("*") == 4 and card.address == "" and len(card.name) == 2
    assert app.access.card(u["s1"], mine).address == "和平路 1 号"


# -- lookup approval -------------------------------------------------------------------------------


def test_lookup_approval_opens_the_card_for_a_limited_time_and_is_audited(app, office):
    s3, director = office.users["s3"], office.users["director"]
    cid = new_card(app, office, office.s1)
    req = app.access.request_lookup(s3, cid, "顾客来电咨询")
    assert req.state == "pending" and "*" not in req.customer_name and len(req.customer_name) == 2
    with pytest.raises(ValidationError, match="已在等待审批"):
        app.access.request_lookup(s3, cid, "再申请")
    assert [r.id for r in app.access.lookup_requests(director)] == [req.id]
    assert not app.access.can_see_full(s3, cid)
    decided = app.access.decide_lookup(director, req.id, True, hours=24)
    assert decided.state == "approved" and decided.valid_until == T0 + dt.timedelta(hours=24)
    assert app.access.can_see_full(s3, cid)
    assert app.access.card(s3, cid).address == "和平路 1 号"
    actions = [a for (a,) in AuditLog.select(AuditLog.action).where(AuditLog.customer_id == cid).tuples()]
    assert actions[-3:] == ["lookup.request", "lookup.approve", "lookup.view"]
    with pytest.raises(ValidationError, match="已批准"):
        app.access.decide_lookup(director, req.id, False)
    app.clock.set(T0 + dt.timedelta(hours=24, minutes=1))
    assert not app.access.can_see_full(s3, cid)
    assert app.access.card(s3, cid).address == ""
    assert app.access.lookup_requests(s3, pending_only=False)[0].state_label == "已过期"


def test_rejected_and_bad_decisions(app, office):
    s3, director = office.users["s3"], office.users["director"]
    cid = new_card(app, office, office.s1)
    req = app.access.request_lookup(s3, cid, "核对")
    with pytest.raises(PermissionDenied):
        app.access.decide_lookup(office.users["gm"], req.id, True)
    with pytest.raises(ValidationError, match="1 到 168"):
        app.access.decide_lookup(director, req.id, True, hours=0)
    assert app.access.decide_lookup(director, req.id, False).state == "rejected"
    assert not app.access.can_see_full(s3, cid)
    with pytest.raises(ValidationError, match="无须申请"):
        app.access.request_lookup(office.users["s1"], cid, "自己的")
    with pytest.raises(ValidationError, match="原因"):
        app.access.request_lookup(s3, cid, "  ")
    assert LookupApproval.select().count() == 1


def test_an_approval_never_opens_an_a_class_card_to_staff(app, office):
    s3 = office.users["s3"]
    cid = new_card(app, office, office.s1, abc="A")
    req = app.access.request_lookup(s3, cid, "核对")
    app.access.decide_lookup(office.users["director"], req.id, True)
    assert not app.access.can_see_full(s3, cid)


# -- sessions: lockout after five failures ----------------------------------------------------------


def test_five_failures_lock_the_account_for_fifteen_minutes(app, office):
    app.auth.create_user(office.admin, "xiaowang", "right123", "staff")
    for _ in range(4):
        with pytest.raises(LoginFailed, match="不正确"):
            app.auth.login("xiaowang", "wrong")
    assert app.auth.login("xiaowang", "right123").username == "xiaowang"  # success resets the count
    for _ in range(4):
        with pytest.raises(LoginFailed):
            app.auth.login("xiaowang", "wrong")
    with pytest.raises(LoginFailed, match="锁定 15 分钟"):
        app.auth.login("xiaowang", "wrong")
    with pytest.raises(LoginFailed, match="锁定到 08:15"):
        app.auth.login("xiaowang", "right123")  # even the right password, while locked
    app.clock.set(T0 + dt.timedelta(minutes=14, seconds=59))
    with pytest.raises(LoginFailed):
        app.auth.login("xiaowang", "right123")
    app.clock.set(T0 + dt.timedelta(minutes=15))
    assert app.auth.login("xiaowang", "right123").username == "xiaowang"
    assert AuditLog.select().where(AuditLog.action == "user.locked").count() == 1


def test_admin_reset_unlocks_and_password_change(app, office):
    info = app.auth.create_user(office.admin, "xiaoli", "right123", "staff")
    for _ in range(5):
        with pytest.raises(LoginFailed):
            app.auth.login("xiaoli", "bad")
    with pytest.raises(PermissionDenied):
        app.auth.reset_password(office.users["director"], info.id, "newpass1")
    app.auth.reset_password(office.admin, info.id, "newpass1")
    actor = app.auth.login("xiaoli", "newpass1")
    assert User.get_by_id(info.id).must_change_password
    with pytest.raises(ValidationError, match="原密码不正确"):
        app.auth.change_password(actor, "nope", "another1")
    app.auth.change_password(actor, "newpass1", "another1")
    assert app.auth.login("xiaoli", "another1").user_id == info.id
    assert actor_for(User.get_by_id(info.id)).role == "staff"
