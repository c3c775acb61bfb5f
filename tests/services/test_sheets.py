"""Sheets read back as a user would: the visit sheet PDF, the assessment and ledger in Excel."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import openpyxl
import pytest

from services.output import sheets
from services.platform.errors import PermissionDenied, ValidationError
from tests.services.test_callbacks import bought  # noqa: F401 - fixture

T = dt.datetime


def pdf_text(path) -> str:
    return "".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )


def test_visit_sheet_lists_the_due_visits_in_route_order(app, office, bought):  # noqa: F811
    clerk = office.users["clerk"]
    other = app.customers.create(clerk, "陈奶奶", ["13800000009"], address="安康路2号").id
    app.clock.set(T(2026, 3, 10, 16, 30))
    app.timeline.register(office.users["s1"], other, office.s1, "kepu")
    app.timeline.purchase(clerk, other, 1000, staff_id=office.s1)
    sheet = sheets.visit_sheet(app, office.users["manager1"], office.s1, dt.date(2026, 3, 12))
    # One line per customer (not per duty), 安康路 before 幸福路.
    assert [r.customer for r in sheet.rows] == ["陈奶奶", "王大爷"]
    wang = sheet.rows[1]
    assert "出货后2日内交回访表" in wang.purpose and "出货后第3天家访" in wang.purpose
    assert "讲清服用方法" in wang.purpose  # what to ask
    assert "03-10 3,000元" in wang.notes  # what they bought and when
    assert all(r.phone.startswith("138") and "*" not in r.phone for r in sheet.rows)
    # The last visit comes from the one ledger: a plain timeline visit shows on the next day's sheet.
    app.clock.set(T(2026, 3, 11, 10, 0))
    app.timeline.visit(office.users["s1"], bought, office.s1, "phone")
    again = sheets.visit_sheet(app, office.users["manager1"], office.s1, dt.date(2026, 3, 12))
    assert "上次 03-11 电话回访 张三" in again.rows[1].notes


def test_route_order_reads_district_street_number_building_and_flat():
    addresses = [
        "东城区幸福路10号3栋2单元501",
        "东城区幸福路2号12栋1单元101",
        "东城区幸福路2号3栋1单元1201",
        "东城区幸福路2号3栋1单元301",
        "西城区安康路1号",
        "",
    ]
    shuffled = [addresses[i] for i in (4, 0, 5, 2, 1, 3)]
    assert sorted(shuffled, key=sheets.route_key) == [addresses[i] for i in (3, 2, 1, 0, 4, 5)]


def test_staff_cannot_print_someone_elses_sheet(app, office, bought):  # noqa: F811
    with pytest.raises(PermissionDenied):
        sheets.visit_sheet(app, office.users["s2"], office.s1, dt.date(2026, 3, 12))
    with pytest.raises(PermissionDenied):
        sheets.visit_sheet(app, office.users["front"], office.s1, dt.date(2026, 3, 12))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_batch_printing_puts_every_chosen_sheet_in_one_pdf(app, office, bought, tmp_path):  # noqa: F811
    out = sheets.print_visit_sheets(
        app, office.users["manager1"], [office.s1, office.s2], dt.date(2026, 3, 12), tmp_path / "sheets.pdf"
    )
    text = pdf_text(out)
    # 李四 has nothing due that day: his empty sheet is not printed.
    assert "张三" in text and "王大爷" in text and "李四" not in text
    with pytest.raises(ValidationError, match="没有可打印的回访单"):
        sheets.print_visit_sheets(app, office.users["manager1"], [office.s2], dt.date(2026, 3, 12), tmp_path / "x.pdf")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_days_callback_forms_print_in_one_go_with_the_last_visit_from_the_ledger(app, office, bought, tmp_path):  # noqa: F811
    app.clock.set(T(2026, 3, 11, 10, 0))
    app.timeline.visit(office.users["s1"], bought, office.s1, "home", signed=True, notes="送货上门")
    out = sheets.print_day_callback_forms(
        app, office.users["manager1"], [office.s1, office.s2], dt.date(2026, 3, 23), tmp_path / "forms.pdf"
    )
    text = pdf_text(out)
    assert "顾客回访表" in text and "王大爷" in text and "送货上门" in text and "应回访日期" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_callback_form_pdf_shows_the_purchase(app, office, bought, tmp_path):  # noqa: F811
    from services.output import pdf

    form = sheets.callback_form(app, office.users["s1"], bought)
    out = pdf.callback_forms_pdf(tmp_path / "form.pdf", [form], office="店", printed_at=T(2026, 3, 11, 9, 0))
    text = pdf_text(out)
    assert "王大爷" in text and "3,000" in text and "顾客签字" in text


def test_assessment_fines_a_late_form_and_reads_back(app, office, bought, tmp_path):  # noqa: F811
    app.clock.set(T(2026, 4, 1, 9, 0))  # the d+2 form never came back; no signed form in March
    rows = sheets.monthly_assessment(app, office.users["director"], 2026, 3)
    items = {(r.person, r.item): r for r in rows}
    assert items[("张三", "出货后2日内未交回访表")].amount == sheets.FINE_FORM_D2
    assert items[("张三", "当月无顾客签字回访表")].amount == sheets.FINE_MONTHLY_FORM
    path = tmp_path / "assess.xlsx"
    sheets.export_assessment(app, office.users["director"], 2026, 3, path)
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "2026年3月 考核表"
    last = [c.value for c in ws[ws.max_row]]
    assert last[1] == "全公司合计" and last[4] == sheets.FINE_FORM_D2 + sheets.FINE_MONTHLY_FORM
    # Each fine names the customer behind it, and the person's and department's totals are there.
    details = {(r[1].value, r[2].value): r[5].value for r in ws.iter_rows(min_row=3)}
    assert details[("张三", "出货后2日内未交回访表")] == "王大爷"
    totals = {(r[0].value, r[1].value): r[4].value for r in ws.iter_rows(min_row=3) if r[2].value == "合计"}
    assert totals[("一部", "张三")] == totals[("一部", "部门合计")] == sheets.FINE_FORM_D2 + sheets.FINE_MONTHLY_FORM


def test_callback_due_list_exports_every_row(app, office, bought, tmp_path):  # noqa: F811
    path = tmp_path / "due.xlsx"
    n = sheets.export_callback_due_list(app, office.users["s1"], path)
    ws = openpyxl.load_workbook(path).active
    assert n == ws.max_row - 2 and n >= 5
    assert {ws.cell(row=r, column=2).value for r in range(3, ws.max_row + 1)} == {"王大爷"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_assessment_prints_on_a4_naming_the_customers(app, office, bought, tmp_path):  # noqa: F811
    app.clock.set(T(2026, 4, 1, 9, 0))
    out = sheets.print_assessment(app, office.users["director"], 2026, 3, tmp_path / "assess.pdf")
    text = pdf_text(out)
    assert "2026年3月考核表" in text and "出货后2日内未交回访表" in text and "王大爷" in text
    assert "全公司合计" in text and str(sheets.FINE_FORM_D2 + sheets.FINE_MONTHLY_FORM) in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_due_list_prints_what_the_list_shows(app, office, bought, tmp_path):  # noqa: F811
    app.clock.set(T(2026, 3, 11, 9, 0))
    out = sheets.print_callback_due_list(app, office.users["s1"], tmp_path / "due.pdf", when="open")
    text = pdf_text(out)
    assert "回访到期清单(全部可办)" in text and "王大爷" in text and "出货后2日内交回访表" in text
    assert "逾期罚款50元" in text  # the consequence column states the fine
