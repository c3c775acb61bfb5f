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
