"""The department overview (SPEC §10): a manager's day on one screen, each line naming its list."""

from __future__ import annotations

import datetime as dt

import pytest

from services.callbacks.overview import department_overview
from services.platform.errors import PermissionDenied
from tests.services.test_callbacks import bought  # noqa: F401 - fixture

T = dt.datetime


def test_the_overview_counts_duties_complaints_and_lapses_by_staff(app, office, bought):  # noqa: F811
    mgr = office.users["manager1"]
    app.clock.set(T(2026, 3, 12, 9, 0))
    lines = department_overview(app, mgr)
    zs = next(line for line in lines if line.section == "回访" and line.staff_id == office.s1 and line.when == "today")
    assert zs.text == "张三:今天到期 1 项,本周 2 项" and zs.target == "callbacks" and zs.urgent
    ls = next(line for line in lines if line.staff_id == office.s2 and line.when == "today")
    assert ls.text == "李四:今天到期 0 项,本周 0 项" and not ls.urgent
    # A complaint with its deadline; the same list opens behind it.
    app.timeline.complaint(office.users["clerk"], bought, "K-9", cause="service", staff_id=office.s1)
    lines = department_overview(app, mgr)
    comp = next(line for line in lines if line.section == "投诉")
    assert comp.text == "王大爷 投诉 K-9(张三):03-15 23:59 前必须处理(R9)" and comp.target == "callbacks"
    # Two days later the d+2 form was missed: counted for the month.
    app.clock.set(T(2026, 3, 14, 9, 0))
    missed = [line for line in department_overview(app, mgr) if line.when == "missed"]
    assert [line.text for line in missed] == ["张三:本月已错过 2 项(记入考核)"]


def test_customers_about_to_lapse_are_counted_by_rule(app, office):
    clerk = office.users["clerk"]
    c = app.customers.create(clerk, "李阿姨", ["13800000002"]).id
    app.clock.set(T(2026, 3, 1, 9, 0))
    app.timeline.register(office.users["s1"], c, office.s1, "kepu")  # must pre-heat by 3-03 23:59 (R2)
    app.clock.set(T(2026, 3, 2, 9, 0))
    lapse = [line for line in department_overview(app, office.users["manager1"]) if line.section == "归属"]
    assert [(line.text, line.target) for line in lapse] == [("未预热将失效(R2):1 位顾客(3 天内)", "customers")]


def test_only_managers_and_above_see_it_and_a_manager_only_their_department(app, office):
    with pytest.raises(PermissionDenied):
        department_overview(app, office.users["s1"])
    with pytest.raises(PermissionDenied):
        department_overview(app, office.users["manager1"], office.d2)
    assert department_overview(app, office.users["director"], office.d2)


def test_the_overview_prints_on_a4(app, office, bought, tmp_path):  # noqa: F811
    import shutil
    import subprocess

    from services.callbacks.overview import print_overview

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils missing")
    app.clock.set(T(2026, 3, 12, 9, 0))
    out = print_overview(app, office.users["manager1"], tmp_path / "overview.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "一部 部门概况" in text and "张三:今天到期 1 项" in text


def test_the_overview_exports_to_excel_with_the_lines_it_prints(app, office, bought, tmp_path):  # noqa: F811
    from openpyxl import load_workbook

    from services.callbacks.overview import export_overview

    app.clock.set(T(2026, 3, 12, 9, 0))
    path = tmp_path / "部门概况.xlsx"
    shown = department_overview(app, office.users["manager1"])
    assert export_overview(app, office.users["manager1"], path) == len(shown)
    wb = load_workbook(path, read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    wb.close()
    assert rows[0][0] == "一部 部门概况" and rows[1] == ("类别", "事项", "急办")
    assert ("回访", "张三:今天到期 1 项,本周 2 项", "急") in rows[2:]
    assert ("回访", "李四:今天到期 0 项,本周 0 项", None) in rows[2:]
    assert [r[1] for r in rows[2:]] == [line.text for line in shown]  # the same lines, in the same order


def test_the_customer_list_filtered_as_a_lapse_line_lists_the_customers_it_counts(app, office):
    """An 归属 line opens the card list with lapsing_filter: the same customers as the line's count —
    the department's current cards whose next deadline under that rule falls within 3 days."""
    from services.customers.search import CustomerQuery, lapsing_filter

    clerk, mgr = office.users["clerk"], office.users["manager1"]
    soon = app.customers.create(clerk, "李阿姨", ["13800000002"]).id
    moved = app.customers.create(clerk, "周阿姨", ["13800000003"]).id
    later = app.customers.create(clerk, "吴阿姨", ["13800000004"]).id
    other = app.customers.create(clerk, "郑阿姨", ["13800000005"]).id
    app.clock.set(T(2026, 3, 1, 9, 0))
    for c in (soon, moved):
        app.timeline.register(office.users["s1"], c, office.s1, "kepu")  # pre-heat by 3-03 23:59 (R2)
    app.timeline.register(office.users["s3"], other, office.s3, "kepu")  # 二部's: not this overview's
    app.customers.archive(office.users["director"], moved, "已搬走")  # an archived card is nobody's work
    app.clock.set(T(2026, 3, 2, 9, 0))
    app.timeline.register(office.users["s2"], later, office.s2, "kepu")  # pre-heat by 3-04 23:59: in 3 days
    app.clock.set(T(2026, 3, 2, 9, 0))
    now = app.clock.now()
    (line,) = [line for line in department_overview(app, mgr) if line.section == "归属"]
    assert line.text == "未预热将失效(R2):2 位顾客(3 天内)" and line.when == "R2"
    query = CustomerQuery(department_id=office.d1, sort="deadline", descending=False, **lapsing_filter(now, "R2"))
    page = app.customers.search(mgr, query)
    assert [r.name for r in page.rows] == ["李阿姨", "吴阿姨"]  # soonest deadline first
    assert app.customers.count(mgr, query) == line.count
    # Another rule lists none of them; any lapse rule lists both.
    assert app.customers.search(mgr, CustomerQuery(department_id=office.d1, **lapsing_filter(now, "R6"))).rows == ()
    both = CustomerQuery(department_id=office.d1, **lapsing_filter(now))
    assert sorted(r.name for r in app.customers.search(mgr, both).rows) == ["吴阿姨", "李阿姨"]
    # Once 李阿姨 is pre-heated her next deadline is no longer R2's: she leaves the line and the list.
    app.timeline.preheat(office.users["s1"], soon, office.s1)
    assert [r.name for r in app.customers.search(mgr, query).rows] == ["吴阿姨"]
    (line,) = [line for line in department_overview(app, mgr) if line.section == "归属"]
    assert line.count == 1


def test_a_lapse_filter_with_an_unknown_rule_is_refused(app, office):
    from services.customers.search import CustomerQuery, lapsing_filter
    from services.platform.errors import ValidationError

    with pytest.raises(ValidationError, match="未知的失效规则"):
        lapsing_filter(T(2026, 3, 2, 9, 0), "R99")
    with pytest.raises(ValidationError, match="deadline_rules|未知的规则"):
        app.customers.search(office.users["manager1"], CustomerQuery(deadline_rules=("1 OR 1",)))
