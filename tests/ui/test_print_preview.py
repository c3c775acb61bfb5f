"""The print preview shows the PDF's pages and prints them (to a PDF printer offscreen)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtPrintSupport import QPrinter

from services.output import pdf
from ui.print_preview import PrintPreviewDialog, print_document


def make_pdf(tmp_path, n_rows=40):
    rows = [pdf.VisitRow(f"顾客{i}", "13800000000", f"幸福路{i}号", "出货后第3天家访", "3月2日") for i in range(n_rows)]
    sheet = pdf.VisitSheet("张三", "一部", dt.date(2026, 3, 2), rows)
    return pdf.visit_sheets_pdf(tmp_path / "v.pdf", [sheet], office="店", printed_at=dt.datetime(2026, 3, 2, 8, 0))


def test_preview_counts_pages_and_prints_every_page(qtbot, tmp_path):
    path = make_pdf(tmp_path)
    dialog = PrintPreviewDialog(path, "回访单")
    qtbot.addWidget(dialog)
    pages = dialog.document.pageCount()
    assert pages >= 2
    assert str(pages) in dialog.pages.text()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_document(dialog.document, printer) == pages
    assert out.stat().st_size > 10_000


def test_zoom_buttons_change_the_zoom(qtbot, tmp_path):
    dialog = PrintPreviewDialog(make_pdf(tmp_path, 3), "回访单")
    qtbot.addWidget(dialog)
    dialog.on_zoom_in()
    first = dialog.view.zoomFactor()
    dialog.on_zoom_in()
    assert dialog.view.zoomFactor() > first
