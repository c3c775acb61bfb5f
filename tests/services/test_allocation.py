"""档案分配 end to end through the services: procedures A/B/C, duplicates, confirmation, the pool."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from openpyxl import load_workbook

from models import AuditLog, BatchCard, Event, HouseholdLink, Ownership, Scan
from services.platform.errors import PermissionDenied, RuleRefused, StaleRecord, ValidationError
from tests.conftest import T0


def cards(app, clerk, n, start=0):
    return [app.customers.create(clerk, f"顾客{start + i}", [f"1380000{start + i:04d}"]).id for i in range(n)]


def kepu(app, o, ids, participants=None):
    clerk = o.users["clerk"]
    b = app.allocation.create_batch(
        clerk,
        "三月社区科普",
        "kepu",
        event_date=T0.date(),
        organiser_id=o.d1,
        participant_ids=participants or [o.s1, o.s2],
    )
    app.allocation.add_cards(clerk, b.id, ids)
    return b


def owners(ids):
    """Who owns each of ``ids`` that has an owner (every card has its snapshot row; an unowned one has none)."""
    rows = Ownership.select(Ownership.customer, Ownership.owner).where(Ownership.customer.in_(ids))
    return {c: o for c, o in rows.tuples() if o is not None}


def test_procedure_a_preview_then_confirm_starts_preheat_deadlines(app, office):
    o, clerk, mgr = office, office.users["clerk"], office.users["manager1"]
    ids = cards(app, clerk, 5)
    b = kepu(app, o, ids)
    result = app.allocation.process(clerk, b.id)
    assert result.to_allocate == 5 and result.not_allocated == ()
    assert Event.select().where(Event.type == "allocate").count() == 0
    pv = app.allocation.preview(mgr, b.id)
    assert [(r.staff_name, r.count, r.tie_rank) for r in pv.recipients] == [("张三", 3, 1), ("李四", 2, 2)]
    assert Event.select().where(Event.type == "allocate").count() == 0  # the preview wrote nothing
    app.allocation.confirm(mgr, b.id, pv.version)
    got = owners(ids)
    assert sorted(got.values()) == sorted([o.s1] * 3 + [o.s2] * 2)
    snap = Ownership.get_by_id(ids[0])
    assert snap.claim_state == "pending" and snap.next_deadline == dt.datetime(2026, 3, 4)  # R2: 2 days
    assert app.allocation.get(mgr, b.id).state == "distributed"
    # The next batch's single card goes to the one who has received fewer so far (李四).
    b2 = kepu(app, o, cards(app, clerk, 1, start=100))
    app.allocation.process(clerk, b2.id)
    pv2 = app.allocation.preview(mgr, b2.id)
    assert [(r.staff_name, r.history, r.count) for r in pv2.recipients] == [("李四", 2, 1), ("张三", 3, 0)]


def test_owned_and_duplicate_cards_are_listed_not_allocated(app, office):
    o, clerk, director = office, office.users["clerk"], office.users["director"]
    ids = cards(app, clerk, 3)
    app.timeline.register(o.admin, ids[0], o.s3, "scatter")
    # A second card of the same person (same phone), entered again from the new form with its scan.
    again = app.customers.create(clerk, "顾客0", ["13800000000"], allow_duplicate=True).id
    Scan.create(sha256="x" * 64, stored_name="form.png", customer=again)
    b = kepu(app, o, ids + [again])
    res = app.allocation.process(clerk, b.id)
    notes = {c.customer_id: c.note for c in res.not_allocated}
    assert notes[ids[0]] == "已归 王五 所有"
    assert "已并入原档案" in notes[again]
    assert Scan.get().customer_id == ids[0]  # the new form is attached to the existing card
    pv = app.allocation.preview(director, b.id)
    app.allocation.confirm(director, b.id, pv.version)
    got = owners(ids)
    assert got[ids[0]] == o.s3  # still 王五's
    assert {got[ids[1]], got[ids[2]]} == {o.s1, o.s2}
    assert Event.select().where((Event.type == "allocate") & (Event.customer.in_([ids[0], again]))).count() == 0


def test_household_stays_with_one_recipient(app, office):
    o, clerk = office, office.users["clerk"]
    ids = cards(app, clerk, 4)
    HouseholdLink.create(customer=ids[1], other=ids[3], relation="spouse")
    b = kepu(app, o, ids)
    app.allocation.process(clerk, b.id)
    pv = app.allocation.preview(o.users["manager1"], b.id)
    together = [r for r in pv.recipients if {ids[1], ids[3]} <= {c.customer_id for c in r.cards}]
    assert len(together) == 1
    assert sorted(r.count for r in pv.recipients) == [2, 2]


def test_procedure_b_each_department_its_own_cards(app, office):
    o, clerk, director = office, office.users["clerk"], office.users["director"]
    b = app.allocation.create_batch(clerk, "公司大型科普", "kepu_large", department_ids=[o.d1, o.d2])
    one, two = cards(app, clerk, 3), cards(app, clerk, 1, start=50)
    app.allocation.add_cards(clerk, b.id, one, collected_by=o.d1)
    app.allocation.add_cards(clerk, b.id, two, collected_by=o.d2)
    with pytest.raises(ValidationError, match="收集"):
        app.allocation.add_cards(clerk, b.id, cards(app, clerk, 1, start=60))
    app.allocation.process(clerk, b.id)
    with pytest.raises(PermissionDenied, match="跨部门"):
        app.allocation.preview(office.users["manager1"], b.id)
    pv = app.allocation.preview(director, b.id)
    assert {(d.department_name, d.count) for d in pv.departments} == {("一部", 3), ("二部", 1)}
    app.allocation.confirm(director, b.id, pv.version)
    got = owners(one + two)
    assert sorted(got[c] for c in one) == sorted([o.s1, o.s1, o.s2])
    assert got[two[0]] == o.s3


def test_procedure_c_departments_then_staff(app, office):
    o, clerk, director = office, office.users["clerk"], office.users["director"]
    b = app.allocation.create_batch(clerk, "赠书活动", "activity", department_ids=[o.d1, o.d2])
    ids = cards(app, clerk, 4)
    app.allocation.add_cards(clerk, b.id, ids)
    app.allocation.process(clerk, b.id)
    pv = app.allocation.preview(director, b.id)
    assert [d.count for d in pv.departments] == [2, 2]
    assert sorted(r.count for r in pv.recipients) == [1, 1, 1, 1]


def test_confirm_twice_second_refused_and_swap_needs_a_new_preview(app, office):
    o, clerk, mgr = office, office.users["clerk"], office.users["manager1"]
    ids = cards(app, clerk, 3)
    b = kepu(app, o, ids)
    app.allocation.process(clerk, b.id)
    pv = app.allocation.preview(mgr, b.id)
    first = next(r for r in pv.recipients if r.staff_id == o.s1).cards[0].customer_id
    with pytest.raises(ValidationError, match="原因"):
        app.allocation.swap(mgr, b.id, first, o.s2, " ")
    after = app.allocation.swap(mgr, b.id, first, o.s2, "张三与该顾客有旧怨")
    assert next(r for r in after.recipients if r.staff_id == o.s2).count == 2
    assert (
        AuditLog.select().where((AuditLog.action == "batch.swap") & (AuditLog.reason == "张三与该顾客有旧怨")).exists()
    )
    with pytest.raises(StaleRecord, match="重新预览"):
        app.allocation.confirm(mgr, b.id, pv.version)
    assert Event.select().where(Event.type == "allocate").count() == 0
    app.allocation.confirm(mgr, b.id, after.version)
    assert owners([first])[first] == o.s2
    with pytest.raises(StaleRecord, match="已经分配过"):
        app.allocation.confirm(mgr, b.id, after.version)
    assert Event.select().where(Event.type == "allocate").count() == 3


def test_two_confirmations_at_once_only_one_commits(app, office):
    o, clerk, director = office, office.users["clerk"], office.users["director"]
    b = kepu(app, o, cards(app, clerk, 20))
    app.allocation.process(clerk, b.id)
    version = app.allocation.preview(director, b.id).version
    outcomes: list = []
    gate = threading.Barrier(2)

    def go():
        gate.wait()
        try:
            app.allocation.confirm(director, b.id, version)
            outcomes.append("ok")
        except StaleRecord as e:
            outcomes.append(e.message)
        finally:
            from models import db

            db.close()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    assert Event.select().where(Event.type == "allocate").count() == 20


def test_bad_input_refused_before_anything_is_written(app, office):
    o, clerk, director = office, office.users["clerk"], office.users["director"]
    # A draft may wait for its participants, but it cannot go back to the department without them.
    draft = app.allocation.create_batch(clerk, "科普", "kepu", organiser_id=o.d1, participant_ids=[])
    app.allocation.add_cards(clerk, draft.id, cards(app, clerk, 1, start=90))
    version = app.allocation.process(clerk, draft.id).batch.version
    with pytest.raises(ValidationError, match="还没有选择参加科普的员工"):
        app.allocation.return_batch(clerk, draft.id, version)
    with pytest.raises(ValidationError, match="不是组织部门"):
        app.allocation.create_batch(clerk, "科普", "kepu", organiser_id=o.d1, participant_ids=[o.s3])
    b = kepu(app, o, cards(app, clerk, 2))
    with pytest.raises(ValidationError, match="处理"):
        app.allocation.preview(director, b.id)
    app.allocation.process(clerk, b.id)
    app.timeline.staff_left(o.admin, o.s2)
    with pytest.raises(ValidationError, match="李四 已离职"):
        app.allocation.preview(director, b.id)
    empty = app.org.create_department(o.admin, "三部").id
    c = app.allocation.create_batch(clerk, "活动", "activity", department_ids=[o.d2, empty])
    app.allocation.add_cards(clerk, c.id, cards(app, clerk, 2, start=30))
    app.allocation.process(clerk, c.id)
    with pytest.raises(ValidationError, match="三部没有在职员工"):
        app.allocation.preview(director, c.id)
    assert Event.select().where(Event.type == "allocate").count() == 0
    with pytest.raises(PermissionDenied):
        app.allocation.process(o.users["s1"], b.id)
    with pytest.raises(PermissionDenied):
        app.allocation.preview(o.users["s1"], b.id)


def test_resignation_handover_through_the_pool(app, office):
    o, clerk, director = office, office.users["clerk"], office.users["director"]
    ids = cards(app, clerk, 5)
    for c in ids:
        app.timeline.register(o.admin, c, o.s1, "scatter")
    app.timeline.staff_left(o.admin, o.s1)
    page = app.allocation.pool_list(director, left_staff_id=o.s1)
    assert [r.customer_id for r in page.rows] == ids
    assert {r.reason for r in page.rows} == {"R10"} and all(r.since for r in page.rows)
    with pytest.raises(PermissionDenied):
        app.allocation.pool_list(o.users["front"])
    plan = app.allocation.pool_preview(director, ids, [o.s2, o.s3])
    assert [r.count for r in plan.recipients] == [3, 2]
    with pytest.raises(ValidationError, match="原因"):
        app.allocation.distribute_pool(director, ids, [o.s2, o.s3], "")
    done = app.allocation.distribute_pool(director, ids, [o.s2, o.s3], "张三离职,资源重新分配")
    assert sorted(owners(ids).values()) == sorted([o.s2] * 3 + [o.s3] * 2)
    assert app.allocation.pool_list(director).rows == ()
    assert BatchCard.select().where(BatchCard.batch == done.batch_id).count() == 5
    sheet = app.allocation.sheet_rows(director, done.batch_id)
    assert sheet.tie_order_text.startswith("1. 李四")


def test_r9_other_department_constraint_surfaces_as_rule_refused(app, office):
    o, clerk, director = office, office.users["clerk"], office.users["director"]
    (cid,) = cards(app, clerk, 1)
    app.timeline.register(o.admin, cid, o.s1, "scatter")
    app.timeline.preheat(o.admin, cid, o.s1)
    app.timeline.complaint(clerk, cid, "TS-1", cause="service")
    app.clock.set(T0 + dt.timedelta(days=5))
    app.timeline.sweep(o.admin)
    (row,) = app.allocation.pool_list(director).rows
    assert row.reason == "R9" and row.must_other_department
    with pytest.raises(RuleRefused) as err:
        app.allocation.distribute_pool(director, [cid], [o.s2], "投诉后重新分配")
    assert err.value.rule == "R9" and "顾客0" in err.value.message
    with pytest.raises(RuleRefused):
        app.allocation.assign_one(director, cid, o.s2, "投诉后重新分配")
    app.allocation.assign_one(director, cid, o.s3, "投诉后交二部跟进")
    assert owners([cid])[cid] == o.s3


def test_export_sheet_masks_phones_and_lists_owned(app, office, tmp_path):
    o, clerk, director = office, office.users["clerk"], office.users["director"]
    ids = cards(app, clerk, 3)
    app.timeline.register(o.admin, ids[2], o.s3, "scatter")
    b = kepu(app, o, ids)
    app.allocation.process(clerk, b.id)
    app.allocation.confirm(director, b.id, app.allocation.preview(director, b.id).version)
    path = tmp_path / "sheet.xlsx"
    app.allocation.export_sheet(director, b.id, path)
    text = " ".join(
        str(v) for row in load_workbook(path).active.iter_rows(values_only=True) for v in row if v is not None
    )
    assert "138****0000" in text and "13800000000" not in text
    assert "已归 王五 所有" in text
    assert "1. 张三(此前 0 张)" in text
    pdf = app.allocation.print_sheet(director, b.id, tmp_path / "sheet.pdf")
    assert pdf.stat().st_size > 1000


def test_returned_activity_is_distributed_by_each_manager_for_his_department(app, office):
    from tests.helpers import user

    o, clerk = office, office.users["clerk"]
    mgr1, mgr2 = o.users["manager1"], user(app, o.admin, "mgr2", "manager", department_id=o.d2, password=None)
    b = app.allocation.create_batch(clerk, "赠书活动", "activity", department_ids=[o.d1, o.d2])
    ids = cards(app, clerk, 5)
    app.allocation.add_cards(clerk, b.id, ids)
    app.allocation.process(clerk, b.id)
    with pytest.raises(PermissionDenied, match="返还"):
        app.allocation.preview(mgr1, b.id)
    returned = app.allocation.return_batch(clerk, b.id, app.allocation.get(clerk, b.id).version)
    assert returned.state == "returned"
    with pytest.raises(ValidationError, match="不能再添加"):
        app.allocation.add_cards(clerk, b.id, cards(app, clerk, 1, start=40))
    mine = app.allocation.preview(mgr1, b.id)
    theirs = app.allocation.preview(mgr2, b.id)
    assert {r.department_name for r in mine.recipients} == {"一部"}
    assert {r.department_name for r in theirs.recipients} == {"二部"}
    assert sorted([mine.total, theirs.total]) == [2, 3]  # 5 cards, evenly over two departments
    with pytest.raises(PermissionDenied):
        app.allocation.preview(mgr1, b.id, department_id=o.d2)
    app.allocation.confirm(mgr1, b.id, mine.version)
    assert app.allocation.get(mgr1, b.id).state == "returned"
    sheet = app.allocation.sheet_rows(clerk, b.id)
    assert any(r[1] == "(待部门经理分配)" and r[0] == "二部" for r in sheet.rows)
    with pytest.raises(StaleRecord):  # the batch moved on since 二部's preview
        app.allocation.confirm(mgr2, b.id, theirs.version)
    app.allocation.confirm(mgr2, b.id, app.allocation.preview(mgr2, b.id).version)
    assert app.allocation.get(mgr2, b.id).state == "distributed"
    got = owners(ids)
    assert sorted(got.values()).count(o.s1) + sorted(got.values()).count(o.s2) == mine.total
    assert {r[1] for r in app.allocation.sheet_rows(clerk, b.id).rows if r[1]} == {"张三", "李四", "王五", "赵六"}


def test_cancelled_confirmation_writes_nothing_and_reports_progress(app, office):
    from services.allocation.plan import AllocationCancelled

    o, clerk, director = office, office.users["clerk"], office.users["director"]
    b = kepu(app, o, cards(app, clerk, 120))
    app.allocation.process(clerk, b.id)
    version = app.allocation.preview(director, b.id).version
    seen: list = []
    with pytest.raises(AllocationCancelled):
        app.allocation.confirm(
            director, b.id, version, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) > 1
        )
    assert seen == [(0, 120), (100, 120)]
    assert Event.select().where(Event.type == "allocate").count() == 0
    assert app.allocation.get(director, b.id).state == "processed"
    app.allocation.confirm(director, b.id, version)  # the version did not move: the same preview still confirms
    assert Event.select().where(Event.type == "allocate").count() == 120


def test_duplicate_of_an_unowned_card_outside_the_batch_allocates_the_original(app, office):
    o, clerk, director = office, office.users["clerk"], office.users["director"]
    (original,) = cards(app, clerk, 1)
    again = app.customers.create(clerk, "顾客0", ["13800000000"], allow_duplicate=True).id
    b = kepu(app, o, [again] + cards(app, clerk, 1, start=10))
    res = app.allocation.process(clerk, b.id)
    assert res.to_allocate == 2 and [c.customer_id for c in res.not_allocated] == [again]
    app.allocation.confirm(director, b.id, app.allocation.preview(director, b.id).version)
    assert original in owners([original]) and again not in owners([again])
