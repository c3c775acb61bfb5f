"""Callback duties follow the timeline and close when the matching record is entered (SPEC §7)."""

from __future__ import annotations

import datetime as dt

import pytest

from services.platform.errors import PermissionDenied

T = dt.datetime


@pytest.fixture
def bought(app, office):
    """王大爷, owned by 张三 (s1), attended a meeting on 3-10 and bought 3,000 yuan there; 王五 (s3) is the expert."""
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
    app.timeline.purchase(clerk, c, 3000, meeting_id=m, staff_id=office.s1, expert_id=office.s3)
    return c


def kinds(rows):
    return sorted(r.kind for r in rows)


def test_a_purchase_starts_the_whole_schedule(app, office, bought):
    rows = app.callbacks.tasks(office.users["director"], when="open", now=T(2026, 3, 10, 17, 0))
    assert kinds(rows) == ["form_d2", "home_d15", "home_d3", "home_d30", "monthly_expert", "monthly_form"]
    due = {r.kind: r.due_day for r in rows}
    assert due["form_d2"] == dt.date(2026, 3, 12)
    assert due["home_d3"] == dt.date(2026, 3, 13)
    assert due["home_d30"] == dt.date(2026, 4, 9)
    assert due["monthly_form"] == dt.date(2026, 3, 31)
    # The joint visit with the expert opens on d+5 and is due by d+9.
    week = app.callbacks.tasks(office.users["director"], when="open", now=T(2026, 3, 15, 9, 0))
    joint = next(r for r in week if r.kind == "expert_joint")
    assert joint.staff_id == office.s3 and joint.due_day == dt.date(2026, 3, 19)


def test_signed_form_closes_the_d2_form_and_the_month(app, office, bought):
    app.clock.set(T(2026, 3, 11, 10, 0))
    app.callbacks.record(office.users["s1"], bought, "form", signed=True, satisfaction=5)
    rows = app.callbacks.tasks(office.users["s1"], when="open")
    assert "form_d2" not in kinds(rows) and "monthly_form" not in kinds(rows)


def test_an_unsigned_form_does_not_count_for_the_month(app, office, bought):
    app.clock.set(T(2026, 3, 11, 10, 0))
    app.callbacks.record(office.users["s1"], bought, "form", signed=False)
    rows = app.callbacks.tasks(office.users["s1"], when="open")
    assert "form_d2" not in kinds(rows) and "monthly_form" in kinds(rows)


def test_each_home_visit_answers_one_scheduled_visit(app, office, bought):
    app.clock.set(T(2026, 3, 13, 10, 0))
    app.callbacks.record(office.users["s1"], bought, "home", notes="送货上门")
    left = kinds(app.callbacks.tasks(office.users["s1"], when="open"))
    assert "home_d3" not in left and "home_d15" in left and "home_d30" in left


def test_overdue_list_after_the_deadline(app, office, bought):
    rows = app.callbacks.tasks(office.users["s1"], when="overdue", now=T(2026, 3, 13, 0, 0))
    assert kinds(rows) == ["form_d2"]
    assert rows[0].overdue and rows[0].customer_name == "王大爷"
    assert app.callbacks.tasks(office.users["s1"], when="overdue", now=T(2026, 3, 12, 23, 59)) == []


def test_staff_see_only_their_own_duties(app, office, bought):
    assert app.callbacks.tasks(office.users["s2"], when="open") == []
    with pytest.raises(PermissionDenied):
        app.callbacks.tasks(office.users["s2"], when="open", staff_id=office.s1)
    with pytest.raises(PermissionDenied):
        app.callbacks.tasks(office.users["front"], when="open")


def test_attendance_without_purchase_needs_a_home_visit_within_a_month(app, office):
    clerk = office.users["clerk"]
    c = app.customers.create(clerk, "李阿姨", ["13800000002"]).id
    app.clock.set(T(2026, 3, 1, 9, 0))
    app.timeline.register(office.users["s1"], c, office.s1, "kepu")
    m = app.meetings.create(office.users["director"], dt.date(2026, 3, 10), "afternoon", False, [office.d1]).id
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    app.clock.set(T(2026, 3, 10, 14, 0))
    app.timeline.attend(clerk, c, m)
    rows = app.callbacks.tasks(office.users["s1"], when="open")
    assert kinds(rows) == ["r7_home"] and rows[0].due_day == dt.date(2026, 4, 10)
    # The ownership effect is named with its date; a month away, without a countdown yet.
    assert rows[0].consequence == "04-10 后其他员工可接手(R7 会后一个月未登门)"
    soon = app.callbacks.tasks(office.users["s1"], when="open", now=T(2026, 4, 7, 9, 0))
    assert soon[0].consequence == "04-10 后其他员工可接手(R7 会后一个月未登门),3 天后到期"
    app.clock.set(T(2026, 3, 20, 10, 0))
    app.callbacks.record(office.users["s1"], c, "home")
    assert app.callbacks.tasks(office.users["s1"], when="open") == []


def test_complaint_duty_closes_when_resolved(app, office, bought):
    app.clock.set(T(2026, 3, 11, 9, 0))
    app.timeline.complaint(office.users["clerk"], bought, "K-1", cause="attitude", staff_id=office.s1)
    assert "complaint" in kinds(app.callbacks.tasks(office.users["s1"], when="open"))
    app.clock.set(T(2026, 3, 12, 9, 0))
    app.timeline.resolve_complaint(office.users["clerk"], "K-1", notes="已道歉")
    assert "complaint" not in kinds(app.callbacks.tasks(office.users["s1"], when="open"))


def test_signed_without_scan_or_confirmation_goes_to_review(app, office, bought):
    app.clock.set(T(2026, 3, 11, 10, 0))
    flagged = app.callbacks.record(office.users["s1"], bought, "form", signed=True).callback_id
    # The manager enters a second form and vouches for it at once: it needs no review.
    app.callbacks.record(office.users["manager1"], bought, "form", signed=True, staff_id=office.s1, confirmed=True)
    review = app.callbacks.review_list(office.users["director"])
    assert [r.callback_id for r in review] == [flagged]
    assert review[0].customer_name == "王大爷" and review[0].staff_name == "张三"


def test_next_month_brings_new_monthly_duties_for_old_customers(app, office, bought):
    app.clock.set(T(2026, 4, 1, 8, 0))
    assert app.callbacks.ensure_month() == 1
    april = [r for r in app.callbacks.tasks(office.users["director"], when="open") if r.kind.startswith("monthly")]
    assert {(r.kind, r.due_day) for r in april} >= {
        ("monthly_form", dt.date(2026, 4, 30)),
        ("monthly_expert", dt.date(2026, 4, 30)),
    }


def test_the_month_is_prepared_once_and_later_buyers_get_their_duties_with_the_purchase(app, office, bought):
    from services.app import Services

    app.clock.set(T(2026, 4, 1, 8, 0))
    assert app.callbacks.ensure_month() == 1
    # Another PC (a new service container) sees in the database that April is done: nothing is redone.
    other = Services(app.clock)
    assert other.callbacks.ensure_month() == 0
    # A customer who first buys in April gets April's monthly duty from the purchase itself.
    clerk = office.users["clerk"]
    c = app.customers.create(clerk, "李大妈", ["13800000002"], address="幸福路2号").id
    app.clock.set(T(2026, 4, 2, 9, 0))
    app.timeline.register(office.users["s1"], c, office.s1, "kepu")
    app.timeline.preheat(office.users["s1"], c, office.s1)
    app.clock.set(T(2026, 4, 3, 10, 0))
    app.timeline.purchase(clerk, c, 1680, staff_id=office.s1)
    monthly = [r for r in other.callbacks.tasks(office.users["director"], when="open") if r.kind == "monthly_form"]
    assert {r.customer_id for r in monthly} == {bought, c}
    # May is a new month: both old customers get May's duties once.
    app.clock.set(T(2026, 5, 1, 8, 0))
    assert other.callbacks.ensure_month() == 2
    assert app.callbacks.ensure_month() == 0


def test_figures_count_on_time_and_late(app, office, bought):
    app.clock.set(T(2026, 3, 11, 10, 0))
    app.callbacks.record(office.users["s1"], bought, "form", signed=True, satisfaction=4)
    figs = {f.staff_name: f for f in app.callbacks.figures(office.users["director"], 2026, 3)}
    zs = figs["张三"]
    assert zs.done_on_time >= 2 and zs.signed == 1 and zs.satisfaction == 4
    assert 0 < zs.completion_rate <= 1


def test_follow_up_lists(app, office, bought):
    from services.callbacks import lists as callbacks

    clerk = office.users["clerk"]
    app.clock.set(T(2026, 3, 12, 9, 0))
    # Six months later, no new purchase: 王大爷 appears on the 6-month list but not the 12-month one.
    app.clock.set(T(2026, 9, 11, 9, 0))
    assert [c.name for c in callbacks.no_purchase_since(app, office.users["director"], 6)] == ["王大爷"]
    assert callbacks.no_purchase_since(app, office.users["director"], 12) == []
    # Nobody called him this year... until now.
    app.clock.set(T(2027, 1, 5, 9, 0))
    assert [c.name for c in callbacks.no_callback_this_year(app, office.users["s1"])] == ["王大爷"]
    app.callbacks.record(office.users["s1"], bought, "phone")
    assert callbacks.no_callback_this_year(app, office.users["s1"]) == []
    # Another staff member's lists do not show him.
    assert callbacks.no_purchase_since(app, office.users["s2"], 6) == []
    assert clerk  # the clerk made the card


def test_the_periodic_sweep_creates_the_new_months_duties(app, office, bought):
    app.clock.set(T(2026, 4, 1, 0, 5))
    app.timeline.sweep(office.users["clerk"])
    april = {(r.kind, r.due_day) for r in app.callbacks.tasks(office.users["director"], when="open")}
    assert ("monthly_form", dt.date(2026, 4, 30)) in april


def test_birthdays_this_week(app, office, bought):
    from services.callbacks import lists as callback_lists

    card = app.customers.card(office.users["director"], bought)
    app.customers.update(office.users["director"], bought, {"birthday": dt.date(1950, 3, 15)}, card.version)
    app.clock.set(T(2026, 3, 8, 9, 0))  # the next seven days end on 3-14
    assert callback_lists.birthdays_this_week(app, office.users["s1"]) == []
    app.clock.set(T(2026, 3, 12, 9, 0))
    lines = callback_lists.birthdays_this_week(app, office.users["s1"])
    assert [(c.name, c.detail) for c in lines] == [("王大爷", "3月15日生日")]
