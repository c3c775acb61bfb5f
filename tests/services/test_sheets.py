"""Sheets read back as a user would: the visit sheet PDF, the assessment and ledger in Excel."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import openpyxl
import pytest

from services.output import sheets
from services.platform.errors import PermissionDenied
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
    assert [r.customer for r in sheet.rows][:2] == ["陈奶奶", "陈奶奶"]  # 安康路 sorts before 幸福路
    purposes = {r.purpose for r in sheet.rows}
    assert "出货后2日内交回访表" in purposes and "出货后第3天家访" in purposes
    assert all(r.phone.startswith("138") and "*" not in r.phone for r in sheet.rows)


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
    assert "张三" in text and "李四" in text and "王大爷" in text and "今日没有到期的回访" in text


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
