"""Back-entry (SPEC §5) on the batch paths (issue 18): an allocation batch and an import carrying event
times older than the limit obey the same rule as a single late entry — refused below department
manager, a manager's reason required and kept on every late event and its audit row, and a 补录改变归属
case for each existing customer whose owner the late entry changed."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from models import AuditLog, ConflictCase, Customer, Event, Ownership
from services.intake.service import IntakeForm
from services.platform.errors import RuleRefused, ValidationError
from services.timeline import back_entry

T = dt.datetime


def back_entry_cases():
    return list(ConflictCase.select().where(ConflictCase.kind == back_entry.CASE_KIND))


def counts():
    return Event.select().count(), AuditLog.select().count(), ConflictCase.select().count()


def card(app, office, name: str, phone: str) -> int:
    return app.customers.create(office.users["clerk"], name, [phone]).id


# -- an allocation batch --------------------------------------------------------------------------------


def test_a_late_allocation_batch_is_refused_below_manager_and_needs_a_managers_reason(app, office):
    app.clock.set(T(2026, 3, 1, 9, 0))
    a, b = card(app, office, "甲", "13900000001"), card(app, office, "乙", "13900000002")
    app.clock.set(T(2026, 3, 5, 10, 0))
    before = counts()
    with pytest.raises(RuleRefused) as refused:  # the clerk: 2 days late
        app.timeline.allocate_many(office.users["clerk"], [(a, office.s1), (b, office.s2)], at=T(2026, 3, 3, 9, 0))
    assert refused.value.rule == back_entry.RULE and "24 小时" in refused.value.message
    with pytest.raises(ValidationError) as err:  # the manager without a reason
        app.timeline.allocate_many(office.users["manager1"], [(a, office.s1), (b, office.s2)], at=T(2026, 3, 3, 9, 0))
    assert err.value.field == "late_reason"
    assert counts() == before


def test_a_managers_late_batch_opens_a_case_for_each_customer_whose_owner_it_changed(app, office):
    app.clock.set(T(2026, 3, 1, 9, 0))
    taken, kept = card(app, office, "甲", "13900000001"), card(app, office, "乙", "13900000002")
    # 甲: 王五 registered on 3-04 (pending); the batch was handed out on 3-03, before him.
    app.clock.set(T(2026, 3, 4, 9, 0))
    app.timeline.register(office.users["s3"], taken, office.s3, "kepu")
    # 乙: 赵六 registered and pre-heated on 3-02 (active): the late allocation only competes (R3 duplicate).
    app.clock.set(T(2026, 3, 2, 9, 0))
    app.timeline.register(office.users["s4"], kept, office.s4, "kepu")
    app.timeline.preheat(office.users["s4"], kept, office.s4)
    app.clock.set(T(2026, 3, 5, 10, 0))
    mgr = office.users["manager1"]
    ids = app.timeline.allocate_many(
        mgr,
        [(taken, office.s1), (kept, office.s2)],
        at=T(2026, 3, 3, 9, 0),
        batch="3-03 科普",
        late_reason="分配单补录",
    )
    assert Ownership.get_by_id(taken).owner_id == office.s1  # by event time 张三 came first (R3 race pending)
    assert Ownership.get_by_id(kept).owner_id == office.s4
    (case,) = back_entry_cases()
    assert case.customer_id == taken and case.evidence == [ids[taken]]
    assert case.parties == [office.s3, office.s1] and case.proposed_owner == str(office.s1)
    assert "分配单补录" in case.summary and "王五" in case.summary and "张三" in case.summary
    for cid in (taken, kept):
        e = Event.get_by_id(ids[cid])
        assert e.details["late_reason"] == "分配单补录" and e.details["late_hours"] == 49
        assert e.details["batch"] == "3-03 科普"
        row = AuditLog.get((AuditLog.entity == "event") & (AuditLog.entity_id == ids[cid]))
        assert (row.reason, row.event_at, row.at) == ("分配单补录", T(2026, 3, 3, 9, 0), T(2026, 3, 5, 10, 0))


def test_an_allocation_batch_within_the_limit_opens_no_back_entry_case(app, office):
    app.clock.set(T(2026, 3, 1, 9, 0))
    a = card(app, office, "甲", "13900000001")
    app.clock.set(T(2026, 3, 2, 9, 0))  # exactly 24 hours late: still the clerk's to record
    app.timeline.allocate_many(office.users["clerk"], [(a, office.s1)], at=T(2026, 3, 1, 9, 0))
    assert Ownership.get_by_id(a).owner_id == office.s1 and back_entry_cases() == []


# -- an import ----------------------------------------------------------------------------------------


def book(tmp_path, rows) -> str:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "手机", "来源", "登记日期", "登记员工"])
    for row in rows:
        ws.append(row)
    path = tmp_path / "late.xlsx"
    wb.save(path)
    return str(path)


def test_an_imported_row_that_back_dates_an_existing_cards_registration_opens_a_case(app, office, tmp_path):
    """周梅's card exists, registered by 张三 on 3-05 09:00; a file says 李四 registered her on 3-04."""
    app.clock.set(T(2026, 3, 5, 9, 0))
    old = app.intake.save_card(
        office.users["s1"], IntakeForm(name="周梅", phones=("13900000001",), channel="kepu", staff_id=office.s1)
    )
    app.clock.set(T(2026, 3, 5, 10, 0))
    path = book(tmp_path, [["周梅", "13900000001", "科普", "2026-03-04", "李四"]])
    before = counts()
    clerk = app.importer.import_cards(office.users["clerk"], path)  # below manager: the row is refused
    assert clerk.attached == 0 and [p.row for p in clerk.problems] == [2] and "补录" in clerk.problems[0].reason
    with pytest.raises(ValidationError) as err:
        app.importer.import_cards(office.users["director"], path)
    assert err.value.field == "late_reason" and "第 2 行" in err.value.message
    assert counts() == before
    report = app.importer.import_cards(office.users["director"], path, late_reason="一部交回的旧登记表")
    assert report.committed and report.attached == 1
    cid = old.customer_id
    assert Ownership.get_by_id(cid).owner_id == office.s2  # by event time 李四 registered first
    (case,) = back_entry_cases()
    assert case.customer_id == cid and case.parties == [office.s1, office.s2]
    assert "一部交回的旧登记表" in case.summary
    (reg,) = [e for e in Event.select().where(Event.customer == cid) if e.staff_id == office.s2]
    assert reg.at == T(2026, 3, 4) and reg.details["late_reason"] == "一部交回的旧登记表"


def test_new_cards_imported_with_old_dates_keep_the_reason_and_open_no_case(app, office, tmp_path):
    """Cards the import creates had no owner for a late entry to displace: the reason is kept, no case."""
    app.clock.set(T(2026, 3, 5, 10, 0))
    path = book(
        tmp_path,
        [
            ["吴刚", "13900000002", "社区", "2026-02-21", "李四"],  # 12 days late
            ["郑洁", "13900000003", "科普", "2026-03-05", "张三"],  # today: not a back-entry
        ],
    )
    report = app.importer.import_cards(office.users["manager1"], path, late_reason="迁入旧档案")
    assert report.committed and report.imported == 2 and report.back_entries == 1
    regs = {e.customer.name: e for e in Event.select().where(Event.type == "register")}
    assert regs["吴刚"].details["late_reason"] == "迁入旧档案" and regs["吴刚"].details["late_hours"] == 298
    assert "late_reason" not in regs["郑洁"].details
    reasons = {row.entity_id: row.reason for row in AuditLog.select().where(AuditLog.action == "event.register")}
    assert reasons == {regs["吴刚"].id: "迁入旧档案", regs["郑洁"].id: ""}
    assert back_entry_cases() == []
    assert Customer.get(Customer.name == "吴刚").created_at == T(2026, 2, 21)


def test_the_batch_registration_checks_its_oldest_item(app, office):
    """register_new_many is the import's write: an old item is refused below manager even if the
    import's own check were skipped, and needs a manager's reason."""
    app.clock.set(T(2026, 3, 5, 10, 0))
    a, b = card(app, office, "甲", "13900000001"), card(app, office, "乙", "13900000002")
    items = [(a, office.s1, "kepu", None, T(2026, 3, 5, 9, 0)), (b, office.s1, "kepu", None, T(2026, 3, 1, 9, 0))]
    before = counts()
    with pytest.raises(RuleRefused) as refused:
        app.timeline.register_new_many(office.users["clerk"], items)
    assert "3月1日09:00" in refused.value.message and "24 小时" in refused.value.message
    with pytest.raises(ValidationError):
        app.timeline.register_new_many(office.users["manager1"], items)
    with pytest.raises(ValidationError) as future:
        app.timeline.register_new_many(
            office.users["manager1"], [(a, office.s1, "kepu", None, T(2026, 3, 6))], late_reason="补"
        )
    assert "未来" in future.value.message
    assert counts() == before
