"""The direct-drawn table of the printed forms: it breaks across pages like reportlab's Table would."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from reportlab.platypus import Table

from services.output import pdf
from services.output.pdf_grid import GridTable

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def pages_text(path) -> list[str]:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(p.split()) for p in out.split("\f") if p.strip()]


def test_short_cells_are_drawn_directly_and_a_wrapping_cell_keeps_reportlabs_table():
    short = pdf.make_table(("日期", "事项"), [("2026-03-01", "报名")], [30 * 2.83, 40 * 2.83])
    assert isinstance(short, GridTable)
    long_text = "江川市北苑区工农街175号阳光小区24栋2单元1004室(门口有一棵大槐树)"
    wrapped = pdf.make_table(("日期", "地址"), [("2026-03-01", long_text)], [30 * 2.83, 40 * 2.83])
    assert isinstance(wrapped, Table)


@needs_poppler
def test_a_long_visit_sheet_breaks_across_pages_with_the_header_on_each_and_no_row_lost(tmp_path):
    rows = [
        pdf.VisitRow(f"顾客{i:02d}号", "138****0001", f"幸福路{i}号", "出货后第3天家访", "3月2日") for i in range(40)
    ]
    sheet = pdf.VisitSheet("张三", "一部", dt.date(2026, 3, 2), rows)
    out = pdf.visit_sheets_pdf(tmp_path / "v.pdf", [sheet], office="店", printed_at=dt.datetime(2026, 3, 2, 8, 0))
    pages = pages_text(out)
    assert len(pages) >= 3  # 40 rows of 12 mm do not fit on two landscape pages
    with_rows = [p for p in pages if "顾客" in p and "号138" in p]
    assert len(with_rows) == 3 and all("顾客签字" in p and "地址" in p for p in with_rows)  # the header repeats
    assert "员工签字" in pages[-1]
    found = [i for i in range(40) for p in pages if f"顾客{i:02d}号" in p]
    assert found == list(range(40))  # every row exactly once, in order
