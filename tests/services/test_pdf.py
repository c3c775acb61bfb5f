"""Printed forms: A4 pages whose extracted text holds the Chinese names, with the footer on every page."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from services.output import pdf

PRINTED = dt.datetime(2026, 3, 2, 8, 30)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def text_of(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def sheet(n: int) -> pdf.VisitSheet:
    rows = [pdf.VisitRow(f"顾客{i}号", "138****0001", f"幸福路{i}号", "出货后第3天家访", "3月2日") for i in range(n)]
    return pdf.VisitSheet("张三", "一部", dt.date(2026, 3, 2), rows)


@needs_poppler
def test_visit_sheet_prints_chinese_with_footer_and_page_numbers(tmp_path):
    out = pdf.visit_sheets_pdf(tmp_path / "v.pdf", [sheet(30), sheet(2)], office="康健体验店", printed_at=PRINTED)
    text = text_of(out)
    assert "员工回访单" in text and "顾客29号" in text and "幸福路1号" in text
    pages = page_count(out)
    assert pages >= 3
    flat = "".join(text.split())
    assert f"第1页/共{pages}页" in flat and f"第{pages}页/共{pages}页" in flat
    assert "康健体验店" in text and "打印于2026-03-0208:30" in flat


@needs_poppler
def test_callback_form_has_signature_line_and_satisfaction_boxes(tmp_path):
    form = pdf.CallbackFormPrint(
        "王大爷(男,1950年生)",
        [("电话", "138****0001"), ("地址", "幸福路1号")],
        purchases=[("2026-03-01", "3000", "灵芝孢子粉", "3月1日联谊会")],
        staff_name="张三",
    )
    out = pdf.callback_forms_pdf(tmp_path / "f.pdf", [form], office="康健体验店", printed_at=PRINTED)
    text = text_of(out)
    for expected in ("顾客回访表", "王大爷", "灵芝孢子粉", "顾客签字", "非常满意"):
        assert expected in text


def test_cancel_leaves_no_file(tmp_path):
    with pytest.raises(pdf.PrintCancelled):
        pdf.visit_sheets_pdf(tmp_path / "v.pdf", [sheet(1)], office="x", printed_at=PRINTED, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_wrong_suffix_is_a_field_error(tmp_path):
    from services.platform.errors import ValidationError

    with pytest.raises(ValidationError):
        pdf.visit_sheets_pdf(tmp_path / "v.txt", [sheet(1)], office="x", printed_at=PRINTED)
