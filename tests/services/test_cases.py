"""Conflict cases (SPEC §6): the queue, the case view and the coordinator's and GM's rulings."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from models import AuditLog, ConflictCase, Event
from services.platform.errors import PermissionDenied, ValidationError
from services.timeline.ownership_view import countdown, countdown_text


def read_rows(path) -> list[tuple]:
    """Every row of the first sheet, values only (the workbook closed again)."""
    wb = load_workbook(path, read_only=True)
    try:
        return list(wb.active.iter_rows(values_only=True))
    finally:
        wb.close()


DAY = dt.datetime(2026, 2, 28)


def at(hour: int, minute: int = 0, day: dt.datetime = DAY) -> dt.datetime:
    return day.replace(hour=hour, minute=minute)


def competing(app, office, name: str, phone: str, first: int, second: int, start: int = 9) -> tuple[int, list[int]]:
    """A customer registered by ``first`` then ``second``, who pre-heats first (R3): two cases."""
    admin = office.admin
    cid = app.customers.create(admin, name, [phone]).id
    app.timeline.register(admin, cid, first, "kepu", at=at(start))
    r1 = app.timeline.register(admin, cid, second, "scatter", at=at(start, 20))
    r2 = app.timeline.preheat(admin, cid, second, at=at(start, 40))
    return cid, [*r1.cases_opened, *r2.cases_opened]


@pytest.fixture
def cases(app, office):
    """Three customers in conflict: two between 一部 and 二部, one between two staff of 二部."""
    c1, k1 = competing(app, office, "王大爷", "13800000001", office.s1, office.s3, 8)
    c2, k2 = competing(app, office, "李奶奶", "13800000002", office.s2, office.s4, 9)
    c3, k3 = competing(app, office, "赵爷爷", "13800000003", office.s3, office.s4, 10)
    return {"customers": (c1, c2, c3), "cases": (k1, k2, k3)}


def test_engine_opens_one_case_per_notice(app, office, cases):
    for opened in cases["cases"]:
        assert len(opened) == 2
    kinds = [r.kind_label for r in app.cases.queue(office.users["coordinator"])]
    assert kinds.count("竞争报名") == 3 and kinds.count("先预热者得") == 3


def test_queue_newest_first_and_keyset_pages_cover_everything_once(app, office, cases):
    coord = office.users["coordinator"]
    seen = []
    after = None
    while True:
        page = app.cases.queue(coord, after=after, limit=4)
        seen.extend(page)
        if len(page) < 4:
            break
        after = page[-1].cursor
    assert len(seen) == 6
    assert len({r.id for r in seen}) == 6
    keys = [r.cursor for r in seen]
    assert keys == sorted(keys, reverse=True)
    assert seen[0].customer_name == "赵爷爷"  # a coordinator sees the full name


def test_queue_filters_by_state_and_department(app, office, cases):
    coord = office.users["coordinator"]
    first = app.cases.queue(coord)[0]
    app.cases.escalate(coord, first.id, "双方各执一词")
    escalated = app.cases.queue(coord, state="escalated")
    assert [r.id for r in escalated] == [first.id]
    assert escalated[0].state_label == "已上报总经理"
    assert len(app.cases.queue(coord, state="open")) == 5
    d2 = app.cases.queue(coord, department_id=office.d2)
    assert d2 and all(r.department_name == "二部" for r in d2)
    assert len(d2) + len(app.cases.queue(coord, department_id=office.d1)) == 6
    with pytest.raises(ValidationError):
        app.cases.queue(coord, state="closed")


def test_manager_sees_own_department_only_with_masked_names(app, office, cases):
    mgr = office.users["manager1"]
    rows = app.cases.queue(mgr)
    assert rows and all(r.department_id == office.d1 for r in rows)
    # 王大爷 and 李奶奶 now belong to 二部 staff (they pre-heated first): masked for 一部's manager.
    assert {r.customer_name for r in rows} == {"王D", "李N"}
    with pytest.raises(PermissionDenied):
        app.cases.queue(mgr, department_id=office.d2)
    other = app.cases.queue(office.users["coordinator"], department_id=office.d2)[0]
    with pytest.raises(PermissionDenied):
        app.cases.detail(mgr, other.id)


@pytest.mark.parametrize("role", ["s1", "clerk", "front"])
def test_others_may_not_see_cases(app, office, cases, role):
    with pytest.raises(PermissionDenied):
        app.cases.queue(office.users[role])


def test_detail_shows_both_sides_the_verdict_and_the_evidence(app, office, cases):
    coord = office.users["coordinator"]
    case_id = cases["cases"][0][1]  # 王五 pre-heated before 张三
    d = app.cases.detail(coord, case_id)
    assert [s.staff_name for s in d.sides] == ["张三", "王五"]
    assert [s.department_name for s in d.sides] == ["一部", "二部"]
    assert [e.text for e in d.sides[0].events] == ["报名(科普)"]
    assert [e.text for e in d.sides[1].events] == ["报名(散收)", "预热"]
    assert [e.text for e in d.evidence] == ["预热"]
    assert d.ownership.owner_name == "王五" and d.ownership.rule == "R3"
    assert d.ownership.state_label == "有效"
    assert d.ownership.next_rule == "R6" and d.ownership.next_deadline is not None
    assert d.case.proposed_text == "建议归王五(R3 先预热者得)"
    assert "王五" in d.case.proposal


def test_shared_events_appear_on_both_sides(app, office, cases):
    coord = office.users["coordinator"]
    cid = cases["customers"][0]
    app.cases.override(coord, cases["cases"][0][1], office.s1, "张三先上门,王五电话预热不实")
    d = app.cases.detail(coord, cases["cases"][0][0])
    for side in d.sides:
        assert side.events[-1].text == "裁决归张三(协调助理):张三先上门,王五电话预热不实"
        assert side.events[-1].shared
    assert app.ownership.view(coord, cid).owner_name == "张三"


def test_accept_rules_the_case_without_changing_hands(app, office, cases):
    coord = office.users["coordinator"]
    case_id = cases["cases"][0][1]
    cid = cases["customers"][0]
    events_before = Event.select().where(Event.customer == cid).count()
    row = app.cases.accept(coord, case_id, "核实无误")
    assert row.state == "ruled" and row.state_label == "已裁决"
    assert row.resolution.startswith("接受系统建议:王五(二部)") and row.resolution.endswith("备注:核实无误")
    assert row.resolved_by == "coord"
    assert Event.select().where(Event.customer == cid).count() == events_before
    assert app.ownership.view(coord, cid).owner_name == "王五"
    assert AuditLog.select().where((AuditLog.action == "case.accept") & (AuditLog.entity_id == case_id)).count() == 1


def test_override_records_a_ruling_event_and_sets_the_owner(app, office, cases):
    coord = office.users["coordinator"]
    case_id = cases["cases"][0][1]
    cid = cases["customers"][0]
    with pytest.raises(ValidationError) as err:
        app.cases.override(coord, case_id, office.s1, "  ")
    assert "理由" in err.value.message
    assert ConflictCase.get_by_id(case_id).state == "open"
    row = app.cases.override(coord, case_id, office.s1, "张三已家访两次")
    case = ConflictCase.get_by_id(case_id)
    ruling = Event.get_by_id(case.ruling_event_id)
    assert ruling.type == "ruling" and ruling.details["by"] == "coordinator"
    assert row.state == "ruled" and "改判归张三" in row.resolution
    view = app.ownership.view(coord, cid)
    assert (view.owner_name, view.rule, view.state_label) == ("张三", "R13", "有效")
    assert AuditLog.select().where(AuditLog.action == "case.override").count() == 1


def test_override_to_pool(app, office, cases):
    coord = office.users["coordinator"]
    app.cases.override(coord, cases["cases"][1][1], "pool", "两人都未如实预热")
    assert app.ownership.view(coord, cases["customers"][1]).owner_kind == "pool"


def test_ruled_case_cannot_be_ruled_again(app, office, cases):
    coord = office.users["coordinator"]
    case_id = cases["cases"][0][1]
    app.cases.accept(coord, case_id)
    for action in (
        lambda: app.cases.accept(coord, case_id),
        lambda: app.cases.override(coord, case_id, office.s1, "再判一次"),
        lambda: app.cases.escalate(coord, case_id, "再报一次"),
    ):
        with pytest.raises(ValidationError) as err:
            action()
        assert "不能再次裁决" in err.value.message
    assert Event.select().where(Event.type == "ruling").count() == 0


def test_escalate_then_gm_final_ruling(app, office, cases):
    coord, gm = office.users["coordinator"], office.users["gm"]
    case_id = cases["cases"][2][1]
    cid = cases["customers"][2]
    with pytest.raises(ValidationError):
        app.cases.escalate(coord, case_id, "")
    with pytest.raises(ValidationError):
        app.cases.gm_rule(gm, case_id, office.s3, "还没上报")
    app.cases.escalate(coord, case_id, "同部门两人争执,请总经理定")
    assert [r.id for r in app.cases.queue(gm, state="escalated")] == [case_id]
    with pytest.raises(ValidationError) as err:
        app.cases.accept(coord, case_id)
    assert "等待总经理终裁" in err.value.message
    with pytest.raises(PermissionDenied):
        app.cases.gm_rule(coord, case_id, office.s3, "协调助理不能终裁")
    row = app.cases.gm_rule(gm, case_id, office.s3, "王五先报名且已家访")
    assert row.state == "ruled" and row.resolution.startswith("总经理终裁:归王五")
    ruling = Event.get_by_id(ConflictCase.get_by_id(case_id).ruling_event_id)
    assert ruling.details["by"] == "gm"
    assert app.ownership.view(gm, cid).owner_name == "王五"
    with pytest.raises(ValidationError):
        app.cases.gm_rule(gm, case_id, "accept", "再裁一次")


def test_gm_may_keep_the_engine_verdict(app, office, cases):
    coord, gm = office.users["coordinator"], office.users["gm"]
    case_id = cases["cases"][1][1]
    app.cases.escalate(coord, case_id, "请总经理定")
    row = app.cases.gm_rule(gm, case_id, "accept", "维持")
    assert row.state == "ruled" and "维持系统建议,归赵六" in row.resolution
    assert ConflictCase.get_by_id(case_id).ruling_event_id is None


def test_only_coordinator_and_gm_rule(app, office, cases):
    case_id = cases["cases"][0][1]
    for who in ("director", "manager1"):
        with pytest.raises(PermissionDenied):
            app.cases.accept(office.users[who], case_id)
    assert ConflictCase.get_by_id(case_id).state == "open"


def test_register_export_reads_back(app, office, cases, tmp_path):
    coord = office.users["coordinator"]
    app.cases.accept(coord, cases["cases"][0][1], "核实")
    path = tmp_path / "register.xlsx"
    assert app.cases.export_register(coord, str(path)) == 6
    rows = read_rows(path)
    assert rows[0][0] == "冲突案件登记簿"
    assert rows[1][:4] == ("案件号", "立案时间", "状态", "类型")
    data = rows[2:]
    assert len(data) == 6
    # The accepted case and 王大爷's other open case, settled with it (issue 18).
    ruled = {r[0]: r for r in data if r[2] == "已裁决"}
    accepted = cases["cases"][0][1]
    assert len(ruled) == 2 and {r[7] for r in ruled.values()} == {"王大爷"}
    assert ruled[accepted][13].endswith("备注:核实")
    (linked,) = [r for cid, r in ruled.items() if cid != accepted]
    assert linked[13].startswith(f"随冲突案件 {accepted} 一并结案")
    assert isinstance(data[0][1], dt.datetime)
    only_open = tmp_path / "open.xlsx"
    assert app.cases.export_register(coord, str(only_open), state="open") == 4
    mgr_file = tmp_path / "mgr.xlsx"
    n = app.cases.export_register(office.users["manager1"], str(mgr_file))
    names = [r[7] for r in read_rows(mgr_file)[2:]]
    assert n == len(names) == 4 and set(names) == {"王D", "李N"}


@pytest.mark.parametrize(
    ("left", "text", "urgent"),
    [
        (dt.timedelta(days=1, hours=3, minutes=59), "还剩 1 天 3 小时", False),
        (dt.timedelta(days=1), "还剩 1 天 0 小时", False),
        (dt.timedelta(hours=23, minutes=59, seconds=59), "还剩 23 小时 59 分钟", True),
        (dt.timedelta(minutes=5), "还剩 5 分钟", True),
        (dt.timedelta(seconds=30), "还剩不到 1 分钟", True),
        (dt.timedelta(0), "已到期", True),
    ],
)
def test_countdown_text(left, text, urgent):
    now = dt.datetime(2026, 3, 1, 8, 0)
    assert countdown_text(now + left, now) == (text, urgent)
    assert countdown_text(None, now) == ("", False)


@given(seconds=st.integers(min_value=-(10**6), max_value=400 * 86400))
def test_countdown_never_promises_more_than_is_left(seconds):
    now = dt.datetime(2026, 3, 1, 8, 0)
    left = dt.timedelta(seconds=seconds)
    c = countdown(now + left, now)
    shown = dt.timedelta(days=c.days, hours=c.hours, minutes=c.minutes)
    assert c.passed == (seconds <= 0)
    assert c.urgent == (left < dt.timedelta(days=1))
    if not c.passed:
        assert shown <= left < shown + dt.timedelta(minutes=1)
        assert 0 <= c.hours < 24 and 0 <= c.minutes < 60


def test_a_ruling_must_name_a_staff_member_or_the_pool(app, office, cases):
    coord = office.users["coordinator"]
    case_id = cases["cases"][0][1]
    for target in ("somebody", None, 99999):
        with pytest.raises(ValidationError):
            app.cases.override(coord, case_id, target, "理由")
    assert ConflictCase.get_by_id(case_id).state == "open"
    assert Event.select().where(Event.type == "ruling").count() == 0
