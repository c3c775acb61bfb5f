"""One ledger (SPEC §7, issue 20): a visit recorded anywhere is the callback record, closes every duty
it satisfies in the same transaction, and a duty whose period ended unmet is missed."""

from __future__ import annotations

import datetime as dt

import pytest

from services.platform.errors import PermissionDenied, ValidationError

T = dt.datetime


@pytest.fixture
def expert(app, office):
    """孙专家, the 咨询专家 of 一部, with an account of role expert."""
    from tests.helpers import user

    sid = app.org.create_staff(office.admin, "孙专家", office.d1, position="expert").id
    office.users["expert"] = user(app, office.admin, "u_expert", "expert", staff_id=sid, password=None)
    return sid


@pytest.fixture
def bought(app, office, expert):
    """王大爷, owned by 张三 (s1), bought 3,000 yuan on 3-10 16:00 at a meeting; no expert on the shipment,
    so the department's expert 孙专家 serves him."""
    clerk = office.users["clerk"]
    c = app.customers.create(clerk, "王大爷", ["13800000001"], address="幸福路1号").id
    app.clock.set(T(2026, 3, 1, 9, 0))
    app.timeline.register(office.users["s1"], c, office.s1, "kepu")
    app.timeline.preheat(office.users["s1"], c, office.s1)
    m = app.meetings.create(office.users["director"], dt.date(2026, 3, 10), "afternoon", False, [office.d1]).id
    app.clock.set(T(2026, 3, 5, 10, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    app.clock.set(T(2026, 3, 10, 14, 0))
    app.timeline.attend(clerk, c, m)
    app.clock.set(T(2026, 3, 10, 16, 0))
    app.timeline.purchase(clerk, c, 3000, meeting_id=m, staff_id=office.s1)
    return c


def open_kinds(app, actor, now=None):
    return sorted(r.kind for r in app.callbacks.tasks(actor, when="open", now=now))


def test_a_signed_home_visit_on_the_timeline_closes_the_form_the_visit_and_the_month(app, office, bought):
    # Recorded as a plain timeline visit (the way the 2,000-customer demo office did): still one ledger.
    app.clock.set(T(2026, 3, 11, 10, 0))
    app.timeline.visit(office.users["s1"], bought, office.s1, "home", signed=True)
    left = open_kinds(app, office.users["s1"])
    assert "form_d2" not in left and "home_d3" not in left and "monthly_form" not in left
    assert "home_d15" in left and "home_d30" in left
    # The callback record exists, linked to the timeline event.
    rows = app.callbacks.history(office.users["s1"], bought)
    assert [(r.kind, r.signed, r.form) for r in rows] == [("home", True, True)]


def test_record_writes_the_timeline_event_and_the_record_in_one_go(app, office, bought):
    app.clock.set(T(2026, 3, 11, 10, 0))
    cb = app.callbacks.record(
        office.users["s1"], bought, "home", signed=True, satisfaction=5, notes="送货上门"
    ).callback_id
    events = [e for e in app.timeline.events(bought) if e.type == "visit"]
    assert len(events) == 1
    rows = app.callbacks.history(office.users["s1"], bought)
    assert rows[0].id == cb and rows[0].event_id is not None and rows[0].satisfaction == 5


def test_the_expert_phone_call_closes_the_expert_monthly_call(app, office, bought):
    expert = office.users["expert"]
    assert "monthly_expert" in open_kinds(app, expert)
    app.clock.set(T(2026, 3, 17, 10, 0))
    app.callbacks.record(expert, bought, "expert_phone", notes="服用正常")
    assert "monthly_expert" not in open_kinds(app, expert)


def test_a_duty_whose_period_ended_unmet_is_missed_not_overdue(app, office, bought):
    # 3-13 00:00: the d+2 form was not handed in; it leaves the to-do list and is listed as missed.
    now = T(2026, 3, 13, 9, 0)
    assert "form_d2" not in open_kinds(app, office.users["s1"], now)
    missed = app.callbacks.tasks(office.users["s1"], when="missed", now=now)
    assert [r.kind for r in missed] == ["form_d2"] and missed[0].customer_name == "王大爷"
    # A form handed in late does not answer the missed duty (it stays missed, counted once).
    app.clock.set(T(2026, 3, 13, 10, 0))
    app.callbacks.record(office.users["s1"], bought, "home", signed=True)
    assert [r.kind for r in app.callbacks.tasks(office.users["s1"], when="missed")] == ["form_d2"]


@pytest.mark.parametrize(
    "at, field",
    [(T(2026, 3, 9, 10, 0), "at"), (T(2026, 3, 12, 10, 0), "at")],
    ids=["before-the-purchase", "in-the-future"],
)
def test_a_callback_dated_before_the_purchase_or_in_the_future_is_refused(app, office, bought, at, field):
    app.clock.set(T(2026, 3, 11, 10, 0))
    before = len(app.callbacks.history(office.users["s1"], bought))
    with pytest.raises(ValidationError) as err:
        app.callbacks.record(office.users["s1"], bought, "home", signed=True, at=at)
    assert err.value.field == field and ("出货" in err.value.message or "晚于现在" in err.value.message)
    assert len(app.callbacks.history(office.users["s1"], bought)) == before


def test_verifying_ones_own_form_is_refused_and_nothing_recorded(app, office, bought):
    app.clock.set(T(2026, 3, 11, 10, 0))
    with pytest.raises(PermissionDenied, match="不能核实自己"):
        app.callbacks.record(office.users["s1"], bought, "home", signed=True, confirmed=True)
    assert app.callbacks.history(office.users["s1"], bought) == []
    cb = app.callbacks.record(office.users["s1"], bought, "home", signed=True).callback_id
    with pytest.raises(PermissionDenied):
        app.callbacks.review(office.users["s1"], cb, True)
    with pytest.raises(PermissionDenied):  # another department's manager
        app.callbacks.review(office.users["s2"], cb, True)


def test_rejecting_a_forged_signature_reopens_the_month_and_is_fined(app, office, bought):
    from services.output import sheets

    app.clock.set(T(2026, 3, 11, 10, 0))
    cb = app.callbacks.record(office.users["s1"], bought, "home", signed=True).callback_id
    assert "monthly_form" not in open_kinds(app, office.users["s1"])
    # The expert who serves the customer reviews it (they phoned him: he never signed).
    assert [r.callback_id for r in app.callbacks.review_list(office.users["expert"])] == [cb]
    with pytest.raises(ValidationError):
        app.callbacks.review(office.users["expert"], cb, False, "")  # a rejection needs its reason
    app.callbacks.review(office.users["expert"], cb, False, "顾客说没有签过字")
    assert app.callbacks.review_list(office.users["manager1"]) == []
    assert "monthly_form" in open_kinds(app, office.users["s1"])
    # In April the March assessment fines 张三 50 yuan for the forged form and 10 for the missing month,
    # each naming 王大爷.
    app.clock.set(T(2026, 4, 2, 9, 0))
    rows = sheets.monthly_assessment(app, office.users["director"], 2026, 3)
    forged = next(r for r in rows if r.item.startswith("代签"))
    assert (forged.person, forged.count, forged.amount) == ("张三", 1, 50) and "王大爷" in forged.detail
    month = next(r for r in rows if r.item == "当月无顾客签字回访表")
    assert (month.person, month.amount) == ("张三", 10) and "王大爷" in month.detail


def test_the_serving_expert_sees_the_customer_in_full_and_the_manager_can_change_it(app, office, bought, expert):
    ex = office.users["expert"]
    assert app.callbacks.serving_expert(ex, bought).expert_id == expert
    rows = app.callbacks.tasks(ex, when="open")
    call = next(r for r in rows if r.kind == "monthly_expert")
    assert (call.customer_name, call.phone, call.address) == ("王大爷", "13800000001", "幸福路1号")
    assert app.access.card(ex, bought).name == "王大爷"
    # The manager names another expert: the open expert duties follow, and the first expert sees a masked card.
    other = app.org.create_staff(office.admin, "周专家", office.d1, position="expert").id
    with pytest.raises(ValidationError):
        app.callbacks.set_expert(office.users["manager1"], bought, other, "")
    with pytest.raises(PermissionDenied):
        app.callbacks.set_expert(office.users["s1"], bought, other, "专家调整")
    app.callbacks.set_expert(office.users["manager1"], bought, other, "专家调整")
    assert "monthly_expert" not in open_kinds(app, ex)
    assert app.access.card(ex, bought).name != "王大爷"


def test_a_scan_over_20_mb_is_refused(app, office, bought, tmp_path):
    app.clock.set(T(2026, 3, 11, 10, 0))
    big = tmp_path / "回访表.pdf"
    with open(big, "wb") as f:
        f.truncate(21 * 1024 * 1024)
    with pytest.raises(ValidationError, match="20 MB") as err:
        app.callbacks.record(office.users["s1"], bought, "home", signed=True, scan_path=str(big))
    assert err.value.field == "scan"
    assert app.callbacks.history(office.users["s1"], bought) == []


def test_complaint_fines_per_complaint_and_to_the_gm_name_the_customer(app, office, bought):
    from services.output import sheets

    mgr = app.org.create_staff(office.admin, "钱经理", office.d1, position="manager").id
    assert mgr
    app.clock.set(T(2026, 3, 11, 9, 0))
    app.timeline.complaint(office.users["clerk"], bought, "K-1", cause="attitude", staff_id=office.s1)
    app.clock.set(T(2026, 3, 12, 9, 0))
    app.timeline.resolve_complaint(office.users["clerk"], "K-1", notes="已道歉")
    app.clock.set(T(2026, 3, 20, 9, 0))
    app.timeline.complaint(office.users["clerk"], bought, "K-2", cause="service", staff_id=office.s1)
    with pytest.raises(PermissionDenied):
        app.callbacks.mark_complaint_to_gm(office.users["s1"], "K-2")
    app.callbacks.mark_complaint_to_gm(office.users["manager1"], "K-2", "顾客打电话给总经理")
    app.clock.set(T(2026, 4, 2, 9, 0))  # K-2 was never resolved
    rows = [
        r
        for r in sheets.monthly_assessment(app, office.users["director"], 2026, 3)
        if "投诉" in r.item or "抱怨" in r.item
    ]
    got = sorted((r.item, r.person, r.amount, r.detail) for r in rows)
    assert got == [
        ("投诉三日未处理", "钱经理、张三", 2 * sheets.FINE_COMPLAINT, "王大爷(投诉 K-2)"),
        ("顾客向总经理投诉", "钱经理、张三", 2 * sheets.FINE_COMPLAINT_GM, "王大爷(投诉 K-2)"),
        ("顾客抱怨(未投诉)", "张三", sheets.FINE_COMPLAINT_FOUND, "王大爷(投诉 K-1)"),
    ]
    totals = {(d, p): a for d, p, a in sheets.assessment_totals(rows)}
    assert totals[("一部", "钱经理")] == sheets.FINE_COMPLAINT + sheets.FINE_COMPLAINT_GM


def test_the_expert_sees_the_customers_they_serve_in_full_in_the_card_list(app, office, bought, expert):
    from services.customers.search import CustomerQuery

    page = app.customers.search(office.users["expert"], CustomerQuery(), limit=50)
    row = next(r for r in page.rows if r.id == bought)
    assert row.full and row.name == "王大爷" and row.phone == "13800000001"
    # Another staff member of the department, who does not own him, still sees him masked.
    other = next(r for r in app.customers.search(office.users["s2"], CustomerQuery(), limit=50).rows if r.id == bought)
    assert not other.full and other.name != "王大爷"


def test_the_joint_visit_is_one_duty_on_the_expert_and_the_staff_members_lists(app, office, bought, expert):
    from services.callbacks.overview import department_overview, staff_today
    from services.output import sheets

    s1, ex = office.users["s1"], office.users["expert"]
    now = T(2026, 3, 16, 9, 0)  # d+6: inside the d+5…d+9 window
    mine = [r for r in app.callbacks.tasks(s1, when="open", now=now) if r.kind == "expert_joint"]
    theirs = [r for r in app.callbacks.tasks(ex, when="open", now=now) if r.kind == "expert_joint"]
    assert len(mine) == 1 and [r.id for r in theirs] == [mine[0].id]
    assert (mine[0].staff_id, mine[0].partner_id) == (expert, office.s1)
    assert mine[0].people == "孙专家、张三"
    # On the staff member's visit sheet of that day, and in the manager's counts for 张三.
    sheet = sheets.visit_sheet(app, s1, office.s1, dt.date(2026, 3, 17))  # due within two more days
    assert "专家陪同家访" in sheet.rows[list(sheet.customer_ids).index(bought)].purpose
    today = staff_today(app, s1, now=T(2026, 3, 17, 9, 0)).lines  # the staff member's landing
    assert [line.what for line in today if line.rule == "expert_joint"] == ["专家陪同家访(第5–9天)"]
    lines = [line.text for line in department_overview(app, office.users["manager1"], now=now)]
    assert "张三:今天到期 0 项,本周 1 项" in lines and "孙专家:今天到期 0 项,本周 1 项" in lines
    # One record (the staff member's home visit with the expert) closes it for both.
    app.clock.set(T(2026, 3, 16, 15, 0))
    app.callbacks.record(s1, bought, "joint")
    later = T(2026, 3, 16, 16, 0)
    assert not [r for r in app.callbacks.tasks(s1, when="open", now=later) if r.kind == "expert_joint"]
    assert not [r for r in app.callbacks.tasks(ex, when="open", now=later) if r.kind == "expert_joint"]


def test_the_joint_visit_follows_a_new_expert_and_keeps_its_staff_member(app, office, bought, expert):
    other = app.org.create_staff(office.admin, "周专家", office.d1, position="expert").id
    app.clock.set(T(2026, 3, 12, 9, 0))
    app.callbacks.set_expert(office.users["manager1"], bought, other, "专家调整")
    joint = next(
        r
        for r in app.callbacks.tasks(office.users["s1"], when="week", now=T(2026, 3, 14, 9, 0))
        if r.kind == "expert_joint"
    )
    assert (joint.staff_id, joint.partner_id) == (other, office.s1)


def test_an_a_class_customer_is_full_to_their_serving_expert_and_masked_to_other_experts(app, office, bought, expert):
    """docs/DECISIONS.md "A-class and the serving expert": seed 003 hands the shipment's customers to the
    expert (item 1) and makes the expert phone each of them every month (item 5), so the customers an expert
    serves are full to them, A-class included; SPEC §2's A-class rule masks every other customer."""
    from models import Customer
    from services.customers.search import CustomerQuery

    Customer.update(abc_class="A").where(Customer.id == bought).execute()
    ex = office.users["expert"]
    call = next(r for r in app.callbacks.tasks(ex, when="open") if r.kind == "monthly_expert")
    assert (call.customer_name, call.phone, call.address) == ("王大爷", "13800000001", "幸福路1号")
    assert app.access.card(ex, bought).phones == ("13800000001",)
    card = app.customers.card(ex, bought)  # the card the customers tab opens
    assert (card.name, card.address) == ("王大爷", "幸福路1号")
    row = next(r for r in app.customers.search(ex, CustomerQuery(), limit=50).rows if r.id == bought)
    assert row.full and row.phone == "13800000001"
    assert [e for e in app.customers.timeline_view(ex, bought) if e.type == "purchase"]
    # Seeing is not editing: the expert still cannot change the card.
    with pytest.raises(PermissionDenied):
        app.customers.update(ex, bought, {"address": "别处"}, card.version)
    # Another expert of the office, who does not serve him, sees the A-class card masked.
    from tests.helpers import user

    other_id = app.org.create_staff(office.admin, "周专家", office.d1, position="expert").id
    other = user(app, office.admin, "u_expert2", "expert", staff_id=other_id, password=None)
    assert app.access.card(other, bought).name != "王大爷"
    assert app.customers.card(other, bought).address == ""
    # The manager moves him to 周专家: now the first expert sees him masked, A-class as he is.
    app.callbacks.set_expert(office.users["manager1"], bought, other_id, "专家调整")
    assert app.access.card(ex, bought).name != "王大爷" and app.customers.card(ex, bought).address == ""
    assert app.access.card(other, bought).name == "王大爷"


def test_the_review_list_exports_and_prints_the_forms_waiting(app, office, bought, tmp_path):
    import shutil
    import subprocess

    from openpyxl import load_workbook

    from services.output import sheets

    app.clock.set(T(2026, 3, 11, 10, 0))
    app.callbacks.record(office.users["s1"], bought, "home", signed=True)
    mgr = office.users["manager1"]
    (waiting,) = app.callbacks.review_list(mgr)
    path = tmp_path / "代签复核.xlsx"
    assert sheets.export_review_list(app, mgr, path) == 1
    wb = load_workbook(path, read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    wb.close()
    assert rows[0][0] == "代签复核清单" and rows[1] == ("顾客", "员工", "部门", "日期", "方式", "扫描件")
    assert rows[2] == ("王大爷", "张三", "一部", T(2026, 3, 11, 10, 0), waiting.kind_label, "无")
    # The director reviews every department's forms; a staff member reviews none (nothing written).
    assert sheets.export_review_list(app, office.users["director"], tmp_path / "all.xlsx") == 1
    with pytest.raises(PermissionDenied):
        sheets.export_review_list(app, office.users["s1"], tmp_path / "s1.xlsx")
    assert not (tmp_path / "s1.xlsx").exists()
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils missing")
    out = sheets.print_review_list(app, mgr, tmp_path / "代签复核.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "代签复核清单" in text and "共 1 份" in text
    assert "王大爷" in text and "张三" in text and "2026-03-11 10:00" in text
