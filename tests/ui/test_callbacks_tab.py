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
        assert dialog.kind.currentData() == "form"
        dialog.signed.setChecked(True)
        dialog.confirmed.setChecked(True)
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


def test_overdue_rows_are_red_and_say_so(qtbot, app, office, bought):  # noqa: F811
    app.clock.set(T(2026, 3, 14, 9, 0))
    tab = CallbacksTab(UiContext(app, office.users["s1"]))
    qtbot.addWidget(tab)
    page = tab.tasks
    page.scope.setCurrentIndex(page.scope.findData("overdue"))
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
