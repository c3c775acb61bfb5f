"""From a stack of event forms to allocated cards (SPEC §3, §4): intake by batch, 处理, 返还, distribution."""

from __future__ import annotations

import pytest

from models import AuditLog, Batch, BatchCard, Customer, Event, Ownership, Phone, Scan
from services.intake.service import Decision, IntakeForm, NeedsDecision
from services.platform.errors import ServiceError, ValidationError
from tests.conftest import T0
from tests.services.scan_samples import png_bytes, write


@pytest.fixture(autouse=True)
def own_data_folder(app, tmp_path):
    app.data_dir = tmp_path / "data"


def form(**kw) -> IntakeForm:
    values = {"name": "张丽", "phones": ("13800138000",), "birth_year": "1956"}
    values.update(kw)
    return IntakeForm(**values)


def kepu_draft(app, office, participants=()):
    return app.allocation.create_batch(
        office.users["clerk"],
        "幸福社区科普",
        "kepu",
        event_date=T0.date(),
        organiser_id=office.d1,
        handed_in_by_id=office.s1,
        participant_ids=list(participants),
    )


def test_cards_typed_into_a_batch_are_saved_unregistered_and_join_it(app, office, tmp_path):
    clerk = office.users["clerk"]
    b = kepu_draft(app, office)
    scan = write(tmp_path, "form1.png", png_bytes())
    # No 登记员工 and no channel: the batch says where the forms come from.
    r = app.intake.save_card(clerk, form(batch_id=b.id), scan_file=(scan, 0))
    assert r.created and r.recorded is None and r.batch_id == b.id
    assert Event.select().where(Event.customer == r.customer_id).count() == 0
    assert Ownership.get_by_id(r.customer_id).owner_kind == "none"  # unregistered
    cards = app.allocation.cards(clerk, b.id).rows
    assert [(c.customer_id, c.status_name) for c in cards] == [(r.customer_id, "待分配")]
    assert Customer.get_by_id(r.customer_id).source_channel == "kepu"
    # A walk-in still names the staff member and registers at once (R1).
    with pytest.raises(ValidationError, match="登记的员工"):
        app.intake.save_card(clerk, form(name="王强", phones=("13900000001",), channel="feedback_store"))
    walk_in = app.intake.save_card(
        clerk, form(name="王强", phones=("13900000001",), channel="feedback_store", staff_id=office.s3)
    )
    assert walk_in.recorded.verdict.owner == office.s3


def test_duplicate_of_an_owned_customer_is_listed_owned_with_the_new_form_attached(app, office, tmp_path):
    clerk = office.users["clerk"]
    owned = app.customers.create(clerk, "李大爷", ["13700000007"]).id
    app.timeline.register(office.admin, owned, office.s3, "scatter")
    b = kepu_draft(app, office, [office.s1, office.s2])
    scan = write(tmp_path, "form2.png", png_bytes(shade=90))
    with pytest.raises(NeedsDecision) as err:
        app.intake.save_card(clerk, form(name="李大爷", phones=("137-0000-0007",), batch_id=b.id), scan_file=(scan, 0))
    assert err.value.candidates[0].owner_name == "王五"
    merged = app.intake.save_card(
        clerk,
        form(name="李大爷", phones=("13700000007",), batch_id=b.id),
        scan_file=(scan, 0),
        decision=Decision("merge", owned),
    )
    assert merged.customer_id == owned and not merged.created
    # the clerk hears at once what processing will say of it
    assert (merged.batch_standing, merged.batch_owner) == ("owned", "王五")
    assert Scan.get_by_id(merged.scan_id).customer_id == owned  # the new form sits on the existing card
    for i in range(2):
        app.intake.save_card(
            clerk, form(name="新顾客" + "甲乙"[i], phones=(f"1360000000{i}",), birth_year="", batch_id=b.id)
        )
    res = app.allocation.process(clerk, b.id)
    assert res.to_allocate == 2
    assert [(c.customer_id, c.note) for c in res.not_allocated] == [(owned, "已归 王五 所有")]
    info = app.allocation.return_batch(clerk, b.id, res.batch.version)
    assert info.shares == (("一部", 2, 2),)
    # The manager of 一部 sees it arrive, with the count.
    waiting = app.allocation.waiting(office.users["manager1"])
    assert [(w.batch_id, w.cards) for w in waiting] == [(b.id, 2)]
    pv = app.allocation.preview(office.users["manager1"], b.id)
    app.allocation.confirm(office.users["manager1"], b.id, pv.version)
    allocated = {e.customer_id: e.staff_id for e in Event.select().where(Event.type == "allocate")}
    assert sorted(allocated.values()) == sorted([office.s1, office.s2]) and owned not in allocated
    assert Ownership.get_by_id(owned).owner_id == office.s3
    assert app.allocation.waiting(office.users["manager1"]) == []
    done = app.allocation.get(office.users["manager1"], b.id)
    assert done.state == "distributed" and "确认" in done.progress_text


def test_a_batch_that_is_not_ready_cannot_be_returned(app, office):
    clerk = office.users["clerk"]
    a = kepu_draft(app, office)
    app.intake.save_card(clerk, form(batch_id=a.id))
    version = app.allocation.process(clerk, a.id).batch.version
    with pytest.raises(ValidationError, match="还没有选择参加科普的员工"):
        app.allocation.return_batch(clerk, a.id, version)
    fixed = app.allocation.update_batch(clerk, a.id, version, participant_ids=[office.s1, office.s2])
    assert fixed.state == "open"  # who shares the cards changed: process again
    version = app.allocation.process(clerk, a.id).batch.version
    assert app.allocation.return_batch(clerk, a.id, version).state == "returned"
    # B: every card needs its collecting department, at intake and at return.
    big = app.allocation.create_batch(clerk, "公司大型科普", "kepu_large")
    with pytest.raises(ValidationError, match="收集部门"):
        app.intake.save_card(clerk, form(name="赵敏", phones=("13500000005",), batch_id=big.id))
    r = app.intake.save_card(clerk, form(name="赵敏", phones=("13500000005",), batch_id=big.id, collected_by=office.d2))
    assert app.allocation.get(clerk, big.id).department_ids == (office.d2,)
    BatchCard.update(collected_by=None).where(BatchCard.customer == r.customer_id).execute()  # an old record
    version = app.allocation.process(clerk, big.id).batch.version
    with pytest.raises(ValidationError, match=f"没有注明收集部门.档案 {r.customer_id}."):
        app.allocation.return_batch(clerk, big.id, version)


def test_remove_rename_and_delete_a_draft_leave_everything_on_record(app, office):
    clerk = office.users["clerk"]
    b = kepu_draft(app, office, [office.s1])
    wrong = app.intake.save_card(clerk, form(batch_id=b.id)).customer_id
    with pytest.raises(ValidationError, match="原因"):
        app.allocation.remove_card(clerk, b.id, wrong, "")
    info = app.allocation.remove_card(clerk, b.id, wrong, "不是本次科普的表")
    assert info.card_count == 0 and app.allocation.cards(clerk, b.id).rows == ()
    assert BatchCard.get(BatchCard.customer == wrong).status == "removed"  # kept, marked
    assert app.customers.get(clerk, wrong).name == "张丽"  # the card itself stays in the archive
    renamed = app.allocation.update_batch(clerk, b.id, info.version, name="幸福社区科普(3月1日)")
    assert renamed.name == "幸福社区科普(3月1日)"
    app.allocation.delete_batch(clerk, b.id, "建错了批次")
    assert Batch.get_by_id(b.id).state == "deleted"
    assert b.id not in [x.id for x in app.allocation.batches(clerk).rows]
    actions = [a for (a,) in AuditLog.select(AuditLog.action).where(AuditLog.entity == "batch").tuples()]
    assert {"batch.remove_card", "batch.update", "batch.delete"} <= set(actions)
    # A batch with cards is not deleted, and a processed batch keeps its cards.
    c = kepu_draft(app, office, [office.s1])
    kept = app.intake.save_card(clerk, form(name="钱多", phones=("13300000003",), batch_id=c.id)).customer_id
    with pytest.raises(ValidationError, match="还有 1 张档案"):
        app.allocation.delete_batch(clerk, c.id, "不要了")
    app.allocation.process(clerk, c.id)
    with pytest.raises(ValidationError, match="已处理,不能再移出档案"):
        app.allocation.remove_card(clerk, c.id, kept, "填错了")


def test_managers_see_other_departments_customers_masked_on_this_path(app, office):
    clerk, mgr = office.users["clerk"], office.users["manager1"]
    theirs = app.customers.create(clerk, "欧阳修", ["13700000009"]).id
    app.timeline.register(office.admin, theirs, office.s3, "scatter")  # 二部's customer
    b = kepu_draft(app, office, [office.s1, office.s2])
    app.allocation.add_cards(clerk, b.id, [theirs])
    ours = app.intake.save_card(clerk, form(name="孙悟空", phones=("13600000001",), batch_id=b.id)).customer_id
    app.allocation.process(clerk, b.id)
    pv = app.allocation.preview(mgr, b.id)
    assert [(c.name, c.phone) for c in pv.not_allocated] == [("欧Y", "137****0009")]
    assert [c.name for r in pv.recipients for c in r.cards] == ["孙悟空"]  # his own department's new card
    assert app.allocation.cards(clerk, b.id).rows[0].name == "欧阳修"  # the CRM center sees every card
    # The pool preview masks like the pool list does.
    app.timeline.reassign(office.admin, theirs, "pool", "离职交接")
    plan = app.allocation.pool_preview(mgr, [theirs], [office.s1])
    assert [c.name for c in plan.recipients[0].cards] == [app.allocation.pool_list(mgr).rows[0].name]
    assert plan.recipients[0].cards[0].name != "欧阳修"
    assert ours


def test_a_swap_that_breaks_even_is_named_with_the_counts(app, office):
    clerk, mgr = office.users["clerk"], office.users["manager1"]
    b = kepu_draft(app, office, [office.s1, office.s2])
    for i in range(4):
        app.intake.save_card(
            clerk, form(name="顾客" + "甲乙丙丁"[i], phones=(f"1360000001{i}",), birth_year="", batch_id=b.id)
        )
    app.allocation.process(clerk, b.id)
    pv = app.allocation.preview(mgr, b.id)
    assert pv.uneven_text() == ""
    card = pv.recipients[0].cards[0].customer_id
    counts = pv.counts_after_swap(card, office.s2)
    assert counts == {office.s1: 1, office.s2: 3}
    assert pv.uneven_text(counts) == "张三 1 张、李四 3 张(相差 2 张,平均分配最多相差 1 张)"


def test_one_by_one_hand_out_from_the_pool_is_a_small_batch_counted_later(app, office):
    clerk, mgr = office.users["clerk"], office.users["manager1"]
    c = app.customers.create(clerk, "周伯通", ["13800009999"]).id
    app.timeline.register(office.admin, c, office.s1, "scatter")
    app.timeline.reassign(office.admin, c, "pool", "离职交接")
    batch_id = app.allocation.assign_one(mgr, c, office.s2, "李四住在附近")
    assert Ownership.get_by_id(c).owner_id == office.s2
    b = app.allocation.get(mgr, batch_id)
    assert (b.procedure, b.state, b.card_count) == ("pool", "distributed", 1)
    sheet = app.allocation.sheet_rows(mgr, batch_id)
    facts = dict(sheet.facts)
    assert facts["原因"] == "李四住在附近" and facts["分配确认"] == "mgr1 2026-03-01 08:00"
    assert [r[1] for r in sheet.rows] == ["李四"]
    # Counted in 此前分得: the next even split starts with 张三.
    d = kepu_draft(app, office, [office.s1, office.s2])
    app.intake.save_card(clerk, form(name="黄蓉", phones=("13600000077",), batch_id=d.id))
    app.allocation.process(clerk, d.id)
    pv = app.allocation.preview(mgr, d.id)
    assert [(r.staff_name, r.history, r.count) for r in pv.recipients] == [("张三", 0, 1), ("李四", 1, 0)]


def test_possible_duplicates_wait_for_the_clerk_merge_household_or_new(app, office, tmp_path):
    clerk = office.users["clerk"]
    old = app.customers.create(clerk, "陈淑珍", ["13100000001"], birth_year=1950).id
    app.timeline.register(office.admin, old, office.s3, "scatter")
    parent = app.customers.create(clerk, "林大伯", ["13100000002"], birth_year=1940).id
    stranger = app.customers.create(clerk, "赵一", ["13100000003"], birth_year=1960).id
    b = kepu_draft(app, office, [office.s1, office.s2])
    # Cards added by number (not typed in 录入, so 查重 never asked): same names and birth years, new phones.
    same = app.customers.create(clerk, "陈淑珍", ["13200000001"], birth_year=1950, allow_duplicate=True).id
    scan = Scan.create(sha256="s" * 64, stored_name="f.png", customer=same)
    son = app.customers.create(clerk, "林大伯", ["13200000002"], birth_year=1940, allow_duplicate=True).id
    other = app.customers.create(clerk, "赵一", ["13200000003"], birth_year=1960, allow_duplicate=True).id
    app.allocation.add_cards(clerk, b.id, [same, son, other])
    res = app.allocation.process(clerk, b.id)
    assert res.to_allocate == 0
    notes = {c.customer_id: c.note for c in res.not_allocated}
    assert notes[same].startswith(f"可能与档案 {old}(陈淑珍") and "王五" in notes[same]
    with pytest.raises(ValidationError, match="3 张可能重复"):
        app.allocation.return_batch(clerk, b.id, res.batch.version)
    # Merge: the batch's card folds into the existing one, which is already 王五's.
    res = app.allocation.decide(clerk, b.id, same, "merge", other_id=old)
    assert Customer.get_by_id(same).archived and Scan.get_by_id(scan.id).customer_id == old
    assert "13200000001" in [p.number for p in Customer.get_by_id(old).phones]
    notes = {c.customer_id: c.note for c in res.not_allocated}
    assert notes[old] == "已归 王五 所有" and "已并入原档案" in notes[same]
    # Household and new: both are allocated after all.
    app.allocation.decide(clerk, b.id, son, "household", other_id=parent, relation="child")
    res = app.allocation.decide(clerk, b.id, other, "new")
    assert res.to_allocate == 2 and {c.status for c in res.not_allocated} == {"owned", "duplicate"}
    assert app.allocation.return_batch(clerk, b.id, res.batch.version).state == "returned"
    assert stranger


def test_a_form_merged_into_a_lapsed_claim_is_announced_as_processing_will_list_it(app, office, tmp_path):
    """A lapsed claim keeps its owner until someone takes over (SPEC §5), so the batch leaves the card out
    as already owned (§4): the save must not promise that the allocation decides."""
    import datetime as dt

    clerk = office.users["clerk"]
    owned = app.customers.create(clerk, "赵大娘", ["13700000008"]).id
    app.timeline.register(office.admin, owned, office.s3, "kepu")
    app.clock.set(app.clock.now() + dt.timedelta(days=5))  # no pre-heat within 2 days: R2 lapsed
    verdict = app.timeline.verdict(owned, app.clock.now())
    assert (verdict.owner, verdict.claim_state) == (office.s3, "lapsed")
    b = kepu_draft(app, office, [office.s1, office.s2])
    merged = app.intake.save_card(
        clerk, form(name="赵大娘", phones=("13700000008",), batch_id=b.id), decision=Decision("merge", owned)
    )
    fresh = app.intake.save_card(clerk, form(name="新顾客丙", phones=("13600000009",), birth_year="", batch_id=b.id))
    assert (merged.batch_standing, merged.batch_owner) == ("owned", "王五")
    assert (fresh.batch_standing, fresh.batch_owner) == ("", "")
    res = app.allocation.process(clerk, b.id)
    assert [(c.customer_id, c.note) for c in res.not_allocated] == [(owned, "已归 王五 所有")]
    assert res.to_allocate == 1


def wrong_merge_into_a_batch(app, office, tmp_path, b):
    """张丽 of 11栋2单元1603 is 王五's; another 张丽 at that address fills a form at the kepu and the
    clerk merges it into the old card by mistake (a possible duplicate: same name, same address)."""
    clerk = office.users["clerk"]
    old = app.customers.create(clerk, "张丽", ["13800138000"], address="幸福里小区11栋2单元1603").id
    app.timeline.register(office.admin, old, office.s3, "scatter")
    scan = write(tmp_path, "kepu-form.png", png_bytes(shade=70))
    typed = form(phones=("13900000009",), birth_year="1956", address="幸福里小区11栋2单1603室", batch_id=b.id)
    with pytest.raises(NeedsDecision):
        app.intake.save_card(clerk, typed, scan_file=(scan, 0))
    merged = app.intake.save_card(clerk, typed, scan_file=(scan, 0), decision=Decision("merge", old))
    assert merged.customer_id == old and Customer.get_by_id(old).birth_year == 1956
    return old


def test_unmerge_of_a_batch_merge_puts_the_forms_own_card_on_the_batch_in_its_place(app, office, tmp_path):
    clerk = office.users["clerk"]
    b = kepu_draft(app, office, [office.s1, office.s2])
    old = wrong_merge_into_a_batch(app, office, tmp_path, b)
    assert [(c.customer_id, c.status_name) for c in app.allocation.cards(clerk, b.id).rows] == [(old, "待分配")]
    assert app.intake.can_unmerge(clerk, old)

    done = app.intake.unmerge(clerk, old)
    new = done.customer_id
    assert (done.batch_id, done.left_batch) == (b.id, True)
    # The batch now holds the form's own card, unregistered, with the form's values and scan.
    assert [(c.customer_id, c.status_name) for c in app.allocation.cards(clerk, b.id).rows] == [(new, "待分配")]
    card = Customer.get_by_id(new)
    assert (card.name, card.birth_year, card.address, card.source_channel) == (
        "张丽",
        1956,
        "幸福里小区11栋2单1603室",
        "kepu",
    )
    assert [p.number for p in Phone.select().where(Phone.customer == new)] == ["13900000009"]
    assert Scan.get(Scan.original_name == "kepu-form.png").customer_id == new
    assert Ownership.get_by_id(new).owner_kind == "none" and Event.select().where(Event.customer == new).count() == 0
    # The old card is as it was before the merge: its phone, no birth year, 王五's, one registration.
    back = Customer.get_by_id(old)
    assert back.birth_year is None and back.address == "幸福里小区11栋2单元1603"
    assert [p.number for p in Phone.select().where(Phone.customer == old)] == ["13800138000"]
    assert Ownership.get_by_id(old).owner_id == office.s3
    assert Event.select().where(Event.customer == old).count() == 1
    # Nothing deleted: the old card's place on the batch is kept, marked removed; all of it audited.
    assert BatchCard.get((BatchCard.batch == b.id) & (BatchCard.customer == old)).status == "removed"
    rows = {(a.action, a.customer_id) for a in AuditLog.select().where(AuditLog.at.is_null(False))}
    assert {
        ("customer.unmerge_intake", old),
        ("customer.unmerge_intake", new),
        ("batch.remove_card", old),
        ("batch.unmerge", new),
    } <= rows
    # Processing no longer lists 王五's 张丽; it asks about the namesake as for any form typed as 新建.
    res = app.allocation.process(clerk, b.id)
    assert [(c.customer_id, c.status_name, c.possible_of) for c in res.not_allocated] == [(new, "可能重复", old)]
    assert app.allocation.decide(clerk, b.id, new, "new").to_allocate == 1
    with pytest.raises(ServiceError):  # once only
        app.intake.unmerge(clerk, old)


def test_unmerge_leaves_a_card_that_was_on_the_batch_before_the_merge(app, office, tmp_path):
    clerk = office.users["clerk"]
    b = kepu_draft(app, office)
    first = app.intake.save_card(clerk, form(name="刘梅", phones=("13600000001",), batch_id=b.id)).customer_id
    # The next form (someone else) merged into 刘梅's card, typed a minute ago into the same batch.
    app.intake.save_card(
        clerk,
        form(name="刘梅", phones=("13600000002",), birth_year="1956", batch_id=b.id),
        decision=Decision("merge", first),
    )
    done = app.intake.unmerge(clerk, first)
    assert (done.batch_id, done.left_batch) == (b.id, False)
    held = {c.customer_id for c in app.allocation.cards(clerk, b.id).rows}
    assert held == {first, done.customer_id}
    assert [p.number for p in Phone.select().where(Phone.customer == first)] == ["13600000001"]


def test_unmerge_is_refused_once_the_batch_is_processed_or_returned_and_says_what_to_do(app, office, tmp_path):
    clerk = office.users["clerk"]
    b = kepu_draft(app, office, [office.s1, office.s2])
    old = wrong_merge_into_a_batch(app, office, tmp_path, b)
    app.intake.save_card(clerk, form(name="赵敏", phones=("13500000005",), birth_year="", batch_id=b.id))
    version = app.allocation.process(clerk, b.id).batch.version
    customers, audits = Customer.select().count(), AuditLog.select().count()
    with pytest.raises(ValidationError, match=f"已处理,这次合并不能再拆分.*顾客档案.*档案 {old}"):
        app.intake.unmerge(clerk, old)
    assert (Customer.select().count(), AuditLog.select().count()) == (customers, audits)
    version = app.allocation.return_batch(clerk, b.id, version).version
    audits = AuditLog.select().count()
    with pytest.raises(ValidationError, match="已返还各部门,这次合并不能再拆分.*部门经理"):
        app.intake.unmerge(clerk, old)
    assert (Customer.select().count(), AuditLog.select().count()) == (customers, audits)
    assert [p.number for p in Phone.select().where(Phone.customer == old)] == ["13800138000", "13900000009"]
    assert Batch.get_by_id(b.id).version == version
