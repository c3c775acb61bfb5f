"""The 回访跟踪 tab: a staff member sees today's duties, presses Enter and records the callback."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.services.test_callbacks import bought  # noqa: F401 - fixture
from ui.callbacks.dialogs import CallbackDialog, ShipmentDialog
from ui.callbacks.tab import CallbacksTab
from ui.context import UiContext

T = dt.datetime


def test_staff_records_the_d2_form_from_the_list(qtbot, app, office, bought, monkeypatch):  # noqa: F811
    app.clock.set(T(2026, 3, 12, 9, 0))
    ctx = UiContext(app, office.users["s1"])
    tab = CallbacksTab(ctx)
    qtbot.addWidget(tab)
    page = tab.tasks
    page.scope.setCurrentIndex(page.scope.findData("today"))
    assert page.model.rowCount() == 1
    assert page.model.row_at(0).kind == "form_d2"
    assert "王大爷" in page.model.data(page.model.index(0, 2))

    def fill_and_save(dialog: CallbackDialog):
        # The d+2 form duty opens the dialog as a home visit with the form handed in.
        assert dialog.kind.currentData() == "home" and dialog.form_box.isChecked()
        assert dialog.confirmed.isHidden()  # staff never verify their own signature
        dialog.signed.setChecked(True)
        dialog.satisfaction.setCurrentIndex(dialog.satisfaction.findData(5))
        dialog.on_ok()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CallbackDialog, "exec", fill_and_save)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.model.rowCount() == 0  # the change announcement reloaded the list
    page.scope.setCurrentIndex(page.scope.findData("open"))
    kinds = {r.kind for r in page.model.rows()}
    assert "form_d2" not in kinds and "monthly_form" not in kinds


def test_missed_duties_leave_the_to_do_list_and_are_listed_red(qtbot, app, office, bought):  # noqa: F811
    app.clock.set(T(2026, 3, 14, 9, 0))
    tab = CallbacksTab(UiContext(app, office.users["s1"]))
    qtbot.addWidget(tab)
    page = tab.tasks
    page.scope.setCurrentIndex(page.scope.findData("open"))
    assert {"form_d2", "home_d3"}.isdisjoint({r.kind for r in page.model.rows()})
    page.scope.setCurrentIndex(page.scope.findData("missed"))
    assert page.model.rowCount() == 2  # the form (d+2) and the d+3 visit
    brush = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == "#c0392b"
    assert "逾期" in page.model.data(page.model.index(0, 0))


def test_shipment_dialog_finds_the_customer_by_phone_and_records_the_purchase(qtbot, app, office, bought):  # noqa: F811
    app.clock.set(T(2026, 3, 20, 9, 0))
    dialog = ShipmentDialog(UiContext(app, office.users["clerk"]))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.customer.edit, "138 0000 0001")
    assert dialog.customer.found.text() == "王大爷"
    dialog.amount.setValue(2000)
    dialog.products.setText("灵芝孢子粉")
    dialog.on_ok()
    assert dialog.result() == QDialog.DialogCode.Accepted
    v = app.timeline.verdict(bought)
    assert [a for _, a, _ in v.purchase_credits] == [3000.0, 2000.0]


def test_model_passes_qt_model_tester(qtbot, qtmodeltester, app, office, bought):  # noqa: F811
    tab = CallbacksTab(UiContext(app, office.users["director"]))
    qtbot.addWidget(tab)
    qtmodeltester.check(tab.tasks.model)


def _png(path, color="white"):
    from PIL import Image

    Image.new("RGB", (200, 120), color).save(path)
    return str(path)


def test_the_dialog_attaches_the_scan_and_the_manager_reviews_it_beside_the_list(
    qtbot,
    app,
    office,
    bought,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    app.clock.set(T(2026, 3, 11, 10, 0))
    dialog = CallbackDialog(UiContext(app, office.users["s1"]), bought, "王大爷", office.s1, "form_d2")
    qtbot.addWidget(dialog)
    dialog.signed.setChecked(True)
    dialog.set_scan(_png(tmp_path / "回访表.png"))
    dialog.on_ok()
    assert dialog.result() == QDialog.DialogCode.Accepted
    tab = CallbacksTab(UiContext(app, office.users["manager1"]))
    qtbot.addWidget(tab)
    from ui.callbacks.tab import ReviewPage

    review = tab.findChild(ReviewPage)
    assert review is not None and review.table.rowCount() == 1
    assert [review.table.item(0, c).text() for c in (0, 1)] == ["王大爷", "张三"]
    assert review.viewer._item is not None  # the scan is drawn beside the list
    monkeypatch.setattr("ui.callbacks.tab.QInputDialog.getText", lambda *a, **k: ("笔迹与顾客不符", True))
    review.reject_button.click()
    assert review.table.rowCount() == 0  # reviewed: off the list


def test_a_scan_that_is_not_an_image_or_pdf_is_refused_and_nothing_recorded(qtbot, app, office, bought, tmp_path):  # noqa: F811
    app.clock.set(T(2026, 3, 11, 10, 0))
    dialog = CallbackDialog(UiContext(app, office.users["s1"]), bought, "王大爷", office.s1, "form_d2")
    qtbot.addWidget(dialog)
    bad = tmp_path / "回访表.docx"
    bad.write_bytes(b"PK not a scan")
    dialog.set_scan(str(bad))
    shown = []
    import ui.callbacks.dialogs as dialogs

    dialogs.show_error, old = (lambda parent, exc: shown.append(exc.message)), dialogs.show_error
    try:
        dialog.on_ok()
    finally:
        dialogs.show_error = old
    assert shown and "不是图片或 PDF" in shown[0]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert app.callbacks.history(office.users["s1"], bought) == []


def test_the_review_list_exports_to_excel_and_prints(qtbot, app, office, bought, tmp_path, monkeypatch):  # noqa: F811
    import shutil
    import subprocess

    from openpyxl import load_workbook

    from ui.callbacks.tab import ReviewPage
    from ui.print_preview import PrintPreviewDialog

    app.clock.set(T(2026, 3, 11, 10, 0))
    app.callbacks.record(office.users["s1"], bought, "home", signed=True)
    tab = CallbacksTab(UiContext(app, office.users["manager1"]))
    qtbot.addWidget(tab)
    review = tab.findChild(ReviewPage)
    tab.tabs.setCurrentWidget(review)
    tab.resize(1200, 500)
    tab.show()
    qtbot.waitExposed(tab)
    path = tmp_path / "代签复核.xlsx"
    monkeypatch.setattr("ui.callbacks.tab.ask_xlsx_path", lambda parent, title, name: str(path))
    review.export_button.click()
    qtbot.waitUntil(lambda: not review.export_job.running, timeout=10000)
    assert review.export_job.result == 1
    wb = load_workbook(path, read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    wb.close()
    shown = [review.table.item(0, c).text() for c in range(3)]
    assert rows[2][:4] == (*shown, T(2026, 3, 11, 10, 0)) == ("王大爷", "张三", "一部", T(2026, 3, 11, 10, 0))
    if shutil.which("pdftotext") is None:
        return
    seen = []

    def shown_pdf(dialog: PrintPreviewDialog) -> int:
        seen.append(subprocess.run(["pdftotext", str(dialog.pdf_path), "-"], capture_output=True, text=True).stdout)
        return 0

    monkeypatch.setattr(PrintPreviewDialog, "exec", shown_pdf)
    review.print_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert "代签复核清单" in seen[0] and "王大爷" in seen[0] and "张三" in seen[0]


def test_the_scan_picker_opens_in_the_scans_folder_last_used(qtbot, app, office, bought, tmp_path, monkeypatch):  # noqa: F811
    """The signed form's scan is picked like the clerk's scans: in the remembered scans folder (at first
    Pictures, never the program's or the database's folder), and the next pick starts where this one was."""
    from PySide6.QtWidgets import QFileDialog

    from ui import files

    scans = tmp_path / "扫描"
    scans.mkdir()
    chosen = _png(scans / "回访表.png")
    started = []

    def pick(parent, title, start, file_filter):
        started.append(start)
        return chosen, file_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    app.clock.set(T(2026, 3, 11, 10, 0))
    dialog = CallbackDialog(UiContext(app, office.users["s1"]), bought, "王大爷", office.s1, "form_d2")
    qtbot.addWidget(dialog)
    first = str(files.folder_for("scans"))
    dialog.scan_button.click()
    assert started == [first] and first != ""
    assert dialog.scan_label.text() == "回访表.png"
    dialog.scan_button.click()
    assert started[1] == str(scans)
