"""Event time and recorded time (SPEC §5, services/timeline/back_entry.py): a staff member records a
contact at most 24 hours late, never dated before the card, never in the future; a manager's older
entry needs a reason, is audited, and opens a 补录改变归属 case when it changes the owner."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from models import AuditLog, ConflictCase, Event, Ownership, SettingHistory
from services.cli.replay import ScenarioError, validate
from services.platform.errors import RuleRefused, ValidationError
from services.timeline import back_entry
from services.timeline.rule_params import apply as apply_params

T = dt.datetime


def customer(app, office, i: int = 1) -> int:
    return app.customers.create(office.users["clerk"], "顾客" + "甲乙丙丁戊己庚辛"[i], [f"1390000{i:04d}"]).id


def raced(app, office) -> int:
    """张三 (s1) registered first, 李四 (s2, same department) second, 李四 pre-heated on 3-02 08:00."""
    c = customer(app, office)
    app.clock.set(T(2026, 3, 1, 9, 0))
    app.timeline.register(office.users["s1"], c, office.s1, "scatter")
    app.clock.set(T(2026, 3, 1, 10, 0))
    app.timeline.register(office.users["s2"], c, office.s2, "community")
    app.clock.set(T(2026, 3, 2, 8, 0))
    app.timeline.preheat(office.users["s2"], c, office.s2)
    return c


def counts(c: int) -> tuple[int, int, int]:
    return (
        Event.select().where(Event.customer == c).count(),
        AuditLog.select().count(),
        ConflictCase.select().count(),
    )


def owner(c: int):
    return Ownership.get_by_id(c).owner_id


def test_a_staff_contact_recorded_exactly_24_hours_late_counts_at_its_own_time(app, office):
    c = raced(app, office)
    app.clock.set(T(2026, 3, 3, 7, 0))
    rec = app.timeline.preheat(office.users["s1"], c, office.s1, at=T(2026, 3, 2, 7, 0))
    assert rec.owner_changed and owner(c) == office.s1  # by event time 张三 pre-heated first (R3)
    assert rec.verdict.rule == "R3"
    e = Event.get_by_id(rec.event_id)
    assert (e.at, e.recorded_at, e.recorded_by_id) == (
        T(2026, 3, 2, 7, 0),
        T(2026, 3, 3, 7, 0),
        office.users["s1"].user_id,
    )
    assert ConflictCase.select().where(ConflictCase.kind == back_entry.CASE_KIND).count() == 0


def test_one_minute_past_the_limit_a_staff_contact_is_refused_and_nothing_is_recorded(app, office):
    c = raced(app, office)
    app.clock.set(T(2026, 3, 3, 7, 1))
    before, snap = counts(c), Ownership.get_by_id(c).__data__.copy()
    with pytest.raises(RuleRefused) as err:
        app.timeline.preheat(office.users["s1"], c, office.s1, at=T(2026, 3, 2, 7, 0))
    msg = err.value.message
    assert err.value.rule == back_entry.RULE
    assert "补录期限" in msg and "24 小时" in msg and "部门经理" in msg
    assert msg.count("。") == 1 and msg.endswith("。")  # one sentence
    assert counts(c) == before and Ownership.get_by_id(c).__data__ == snap


def test_a_staff_contact_dated_before_the_card_was_created_is_refused(app, office):
    app.clock.set(T(2026, 3, 5, 12, 0))
    c = customer(app, office)  # the card is created 3-05 12:00
    app.clock.set(T(2026, 3, 5, 14, 0))
    before = counts(c)
    with pytest.raises(RuleRefused) as err:
        app.timeline.register(office.users["s1"], c, office.s1, "scatter", at=T(2026, 3, 5, 11, 0))
    assert "早于顾客档案建立的时间" in err.value.message and "24 小时" in err.value.message
    assert counts(c) == before
    # The same hour after the card was created is fine.
    app.timeline.register(office.users["s1"], c, office.s1, "scatter", at=T(2026, 3, 5, 12, 30))
    assert owner(c) == office.s1


def test_a_contact_in_the_future_is_refused_for_everyone(app, office):
    c = raced(app, office)
    for who, sid in (("s1", office.s1), ("manager1", office.s1)):
        with pytest.raises(ValidationError) as err:
            app.timeline.preheat(office.users[who], c, sid, at=T(2026, 3, 2, 9, 0), late_reason="补")
        assert "未来" in err.value.message


def test_a_manager_entry_older_than_the_limit_needs_a_reason(app, office):
    c = raced(app, office)
    app.clock.set(T(2026, 3, 5, 10, 0))
    before = counts(c)
    with pytest.raises(ValidationError) as err:
        app.timeline.preheat(office.users["manager1"], c, office.s1, at=T(2026, 3, 2, 7, 0))
    assert err.value.field == "late_reason" and "补录期限" in err.value.message and "24 小时" in err.value.message
    assert counts(c) == before


def test_a_manager_late_entry_that_changes_the_owner_is_audited_and_opens_a_case(app, office):
    c = raced(app, office)
    assert owner(c) == office.s2
    app.clock.set(T(2026, 3, 5, 10, 0))
    mgr = office.users["manager1"]
    rec = app.timeline.preheat(mgr, c, office.s1, at=T(2026, 3, 2, 7, 0), late_reason="张三出差,纸质记录今天交回")
    # Applied like any fact (by event time 张三 pre-heated first), and the snapshot reads the whole timeline.
    assert owner(c) == office.s1 and Ownership.get_by_id(c).rule == "R3"
    assert app.timeline.verdict(c).owner == office.s1
    e = Event.get_by_id(rec.event_id)
    assert e.details["late_reason"] == "张三出差,纸质记录今天交回" and e.details["late_hours"] == 75
    row = AuditLog.get((AuditLog.entity == "event") & (AuditLog.entity_id == rec.event_id))
    assert (row.action, row.event_at, row.at, row.user_id) == (
        "event.preheat",
        T(2026, 3, 2, 7),
        T(2026, 3, 5, 10),
        mgr.user_id,
    )
    assert row.reason == "张三出差,纸质记录今天交回"
    (case,) = ConflictCase.select().where(ConflictCase.kind == back_entry.CASE_KIND)
    assert case.id in rec.cases_opened
    assert case.parties == [office.s2, office.s1] and case.proposed_owner == str(office.s1)
    assert case.opened_at == T(2026, 3, 5, 10) and case.evidence == [rec.event_id]
    assert "李四" in case.summary and "张三" in case.summary and "75 小时" in case.summary
    assert "张三出差" in case.summary
    # It is in the coordinator's queue under its own kind.
    rows = app.cases.queue(office.users["coordinator"], state="open")
    mine = [r for r in rows if r.id == case.id]
    assert mine and mine[0].kind_label == "补录改变归属"
    # R13 can undo it.
    app.cases.override(office.users["coordinator"], case.id, office.s2, "补录理由不成立")
    assert owner(c) == office.s2


def test_a_manager_late_entry_that_keeps_the_owner_opens_no_back_entry_case(app, office):
    c = raced(app, office)
    app.clock.set(T(2026, 3, 6, 10, 0))
    rec = app.timeline.visit(
        office.users["manager1"], c, office.s2, "home", at=T(2026, 3, 3, 15, 0), late_reason="补录家访"
    )
    assert not rec.owner_changed and owner(c) == office.s2
    assert ConflictCase.select().where(ConflictCase.kind == back_entry.CASE_KIND).count() == 0
    row = AuditLog.get((AuditLog.entity == "event") & (AuditLog.entity_id == rec.event_id))
    assert row.reason == "补录家访" and row.event_at == T(2026, 3, 3, 15, 0)


def test_the_limit_is_a_rule_parameter_with_history(app, office):
    c = raced(app, office)
    app.clock.set(T(2026, 3, 3, 14, 0))  # 30 hours after 3-02 08:00
    with pytest.raises(RuleRefused):
        app.timeline.visit(office.users["s2"], c, office.s2, "phone", at=T(2026, 3, 2, 8, 0))
    apply_params(app, office.admin, {"back_entry_hours": 48}, "外勤多,放宽补录期限")
    app.timeline.visit(office.users["s2"], c, office.s2, "phone", at=T(2026, 3, 2, 8, 0))
    (h,) = SettingHistory.select().where(SettingHistory.key == "rules.params")
    assert (h.old_value["back_entry_hours"], h.new_value["back_entry_hours"]) == (24, 48)
    with pytest.raises(ValidationError):
        apply_params(app, office.admin, {"back_entry_hours": 0}, "错")


def test_the_office_sees_what_was_recorded_by_then(app, office):
    """verdict(known_at=...) answers with the events recorded by that instant (SPEC §9)."""
    c = raced(app, office)
    app.clock.set(T(2026, 3, 3, 6, 0))
    app.timeline.preheat(office.users["s1"], c, office.s1, at=T(2026, 3, 2, 7, 0))
    before = app.timeline.verdict(c, T(2026, 3, 3, 5, 0), known_at=T(2026, 3, 3, 5, 0))
    after = app.timeline.verdict(c, T(2026, 3, 3, 6, 0), known_at=T(2026, 3, 3, 6, 0))
    assert (before.owner, after.owner) == (office.s2, office.s1)


def scenario(**event) -> dict:
    base = {"at": "2026-03-02 09:00", "type": "preheat", "customer": "c1", "staff": "s1"}
    return {
        "departments": [{"id": "D1", "name": "一部"}],
        "staff": [{"id": "s1", "name": "张三", "dept": "D1"}],
        "customers": [{"id": "c1", "name": "王大爷"}],
        "events": [{**base, **event}],
    }


@pytest.mark.parametrize(
    "event, position",
    [
        ({"recorded_at": "2026-03-02 08:59"}, "events[0].recorded_at"),
        ({"recorded_at": "3-02 10:00"}, "events[0].recorded_at"),
        ({"by": "director"}, "events[0].by"),
    ],
)
def test_a_scenario_with_a_bad_recorded_time_or_recorder_is_rejected(event, position):
    with pytest.raises(ScenarioError) as err:
        validate(json.loads(json.dumps(scenario(**event))))
    assert err.value.position == position


def test_timelines_and_cases_show_both_times_where_they_differ(app, office):
    c = raced(app, office)
    app.clock.set(T(2026, 3, 5, 10, 0))
    mgr = office.users["manager1"]
    rec = app.timeline.preheat(mgr, c, office.s1, at=T(2026, 3, 2, 7, 0), late_reason="纸质记录今天交回")
    rows = {r.event_id: r for r in app.customers.timeline_view(office.users["director"], c)}
    late = rows[rec.event_id]
    assert late.recorded == "记录于 3月5日10:00(mgr1)" and "补录原因:纸质记录今天交回" in late.details
    assert all(r.recorded == "" for r in rows.values() if r.event_id != rec.event_id)  # recorded when they happened
    (case,) = ConflictCase.select().where(ConflictCase.kind == back_entry.CASE_KIND)
    detail = app.cases.detail(office.users["coordinator"], case.id)
    (evidence,) = detail.evidence
    assert evidence.id == rec.event_id and evidence.recorded == "记录于 3月5日10:00(mgr1)"
