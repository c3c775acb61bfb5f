"""The audit trail: every change is logged; the viewer filters, pages and exports (SPEC §2)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from models import AuditLog
from services.office.audit_view import AuditFilter
from services.platform.errors import PermissionDenied, ValidationError
from tests.conftest import T0


def actions(app, actor, **kw):
    return [r.action for r in app.audit_view.page(actor, AuditFilter(**kw), limit=1000).rows]


def test_every_kind_of_change_is_audited(app, office):
    u = office.users
    cid = app.customers.create(u["clerk"], "王大爷", ["13800000001"]).id
    app.timeline.register(u["s1"], cid, office.s1, "kepu")  # card owner changes
    app.timeline.ruling(u["coordinator"], cid, office.s2, "coordinator", "李四先预热")
    app.settings.set(office.admin, "session.lock_minutes", 5, reason="前台电脑")
    info = app.auth.create_user(office.admin, "newbie", "secret12", "staff")
    app.auth.reset_password(office.admin, info.id, "secret34")
    app.customers.archive(u["clerk"], cid, "重复")
    seen = set(actions(app, u["director"]))
    for a in (
        "customer.create",
        "event.register",
        "ownership.change",
        "ownership.ruling",
        "setting.change",
        "user.create",
        "user.reset_password",
        "customer.archive",
        "department.create",
        "staff.create",
    ):
        assert a in seen, a
    # Per customer: the card's own history, newest first, with who did it and why.
    rows = app.audit_view.page(u["gm"], AuditFilter(customer_id=cid)).rows
    assert [r.action_label for r in rows][:3] == ["归档档案", "裁决", "归属变更"]
    ruling = next(r for r in rows if r.action == "ownership.ruling")
    assert ruling.user == "coord" and "李四先预热" in ruling.new
    change = next(r for r in rows if r.action == "ownership.change" and "李四" in r.new)
    assert "张三" in change.old and change.rule == "R13"


def test_filter_by_user_and_dates(app, office):
    u = office.users
    app.customers.create(u["clerk"], "甲", ["13800000001"])
    app.clock.set(T0 + dt.timedelta(days=2))
    app.customers.create(u["clerk"], "乙", ["13800000002"])
    app.customers.create(u["s1"], "丙", ["13800000003"])
    clerk_id = u["clerk"].user_id
    assert actions(app, u["director"], user_id=clerk_id) == ["customer.create", "customer.create"]
    day2 = T0.date() + dt.timedelta(days=2)
    rows = app.audit_view.page(u["director"], AuditFilter(user_id=clerk_id, since=day2, until=day2)).rows
    assert [r.new for r in rows] == ["名称:乙;电话:13800000002"]
    assert actions(app, u["director"], until=T0.date() - dt.timedelta(days=1)) == []
    with pytest.raises(ValidationError, match="开始日期晚于结束日期"):
        app.audit_view.page(u["director"], AuditFilter(since=day2, until=T0.date()))
    names = dict(app.audit_view.users(u["director"]))
    assert names[office.admin.user_id] == "管理员(admin)"


def test_keyset_pages_cover_everything_once(app, office):
    for i in range(25):
        app.customers.create(office.users["clerk"], f"顾客{i}", [f"138{i:08d}"])
    total = AuditLog.select().count()
    seen, after, pages = [], None, 0
    while True:
        page = app.audit_view.page(office.admin, after=after, limit=7)
        seen += [r.id for r in page.rows]
        pages += 1
        if page.next_after is None:
            break
        after = page.next_after
    assert len(seen) == total == len(set(seen)) and seen == sorted(seen, reverse=True)
    assert pages == -(-total // 7)


def test_only_admin_director_gm_read_the_log(app, office):
    for role in ("clerk", "s1", "manager1", "coordinator", "front"):
        with pytest.raises(PermissionDenied):
            app.audit_view.page(office.users[role])
        with pytest.raises(PermissionDenied):
            app.audit_view.export(office.users[role], "/tmp/never.xlsx")


def test_export_to_excel(app, office, tmp_path):
    app.customers.create(office.users["clerk"], "=HYPERLINK(1)", ["13800000001"])
    path = tmp_path / "audit.xlsx"
    n = app.audit_view.export(office.users["gm"], str(path), AuditFilter(user_id=office.users["clerk"].user_id))
    assert n == 1
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "审计日志"
    assert rows[1][:5] == ("编号", "记录时间", "发生时间", "用户", "操作")
    assert rows[2][3] == "clerk" and rows[2][4] == "新建档案"
    assert isinstance(rows[2][1], dt.datetime) and rows[2][2] is None  # not a timeline event: no event time
    assert "=HYPERLINK" in rows[2][9] and not str(rows[2][9]).startswith("=")


def test_values_read_as_words_not_codes_and_json(app, office):
    """Chinese action names and readable old → new values (issue 18); event time beside recorded time."""
    u = office.users
    cid = app.customers.create(u["clerk"], "王大爷", ["13800000001"]).id
    app.clock.set(T0 + dt.timedelta(hours=5))
    app.timeline.register(u["s1"], cid, office.s1, "kepu", at=T0 + dt.timedelta(hours=2))
    app.timeline.visit(u["s1"], cid, office.s1, "home", at=T0 + dt.timedelta(hours=3), signed=True)
    app.timeline.reassign(u["director"], cid, "pool", "顾客要求换人")
    rows = {r.action: r for r in app.audit_view.page(u["gm"], AuditFilter(customer_id=cid)).rows}
    visit = rows["event.visit"]
    assert visit.action_label == "登记回访"
    assert visit.new == "事件:回访;发生时间:2026-03-01 11:00:00;方式:家访;客户签字:是"
    assert (visit.event_at, visit.at) == (T0 + dt.timedelta(hours=3), T0 + dt.timedelta(hours=5))
    change = next(
        r
        for r in app.audit_view.page(u["gm"], AuditFilter(customer_id=cid)).rows
        if r.action == "ownership.change" and r.old
    )
    assert (change.old, change.new) == ("归属:张三", "归属:公司资源池")
    for r in app.audit_view.page(u["gm"], AuditFilter(customer_id=cid)).rows:
        assert "{" not in r.old + r.new and '"' not in r.old + r.new, r
        assert not r.action_label.isascii(), r.action
