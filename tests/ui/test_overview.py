"""The manager lands on the department overview; a line opens the list behind it (SPEC §10)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from tests.services.test_callbacks import bought  # noqa: F401 - fixture
from ui.callbacks.tab import CallbacksTab
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.overview import OverviewTab

T = dt.datetime


def test_the_manager_lands_on_the_overview_and_enter_opens_the_staff_members_list(qtbot, app, office, bought):  # noqa: F811
    app.clock.set(T(2026, 3, 12, 9, 0))
    win = MainWindow(UiContext(app, office.users["manager1"], "/data/keyuan.db"), start_sweep=False)
    qtbot.addWidget(win)
    overview = win.tabs.currentWidget()
    assert isinstance(overview, OverviewTab)
    texts = [overview.table.item(r, 1).text() for r in range(overview.table.rowCount())]
    row = texts.index("张三:今天到期 1 项,本周 2 项")
    assert overview.table.item(row, 1).foreground().color().name() == "#c0392b"  # something due today: red
    overview.table.selectRow(row)
    qtbot.keyClick(overview.table, Qt.Key.Key_Return)
    callbacks = win.tabs.currentWidget()
    assert isinstance(callbacks, CallbacksTab)
    page = callbacks.tasks
    assert page.scope.currentData() == "today" and page.staff.currentData() == office.s1
    assert [r.kind for r in page.model.rows()] == ["form_d2"]


def read_rows(path) -> list[tuple]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return list(wb.active.iter_rows(values_only=True))
    finally:
        wb.close()


def test_the_overview_exports_to_excel_beside_print(qtbot, app, office, bought, tmp_path, monkeypatch):  # noqa: F811
    app.clock.set(T(2026, 3, 12, 9, 0))
    tab = OverviewTab(UiContext(app, office.users["manager1"]))
    qtbot.addWidget(tab)
    path = tmp_path / "部门概况.xlsx"
    asked = []
    monkeypatch.setattr("ui.overview.ask_xlsx_path", lambda parent, title, name: asked.append(name) or str(path))
    tab.export_button.click()
    assert asked == ["部门概况_20260312.xlsx"]
    assert not tab.export_button.isEnabled()  # off the GUI thread, the button waits for it
    qtbot.waitUntil(lambda: not tab.export_job.running, timeout=10000)
    assert tab.export_button.isEnabled() and tab.export_job.result == tab.table.rowCount()
    rows = read_rows(path)
    assert rows[0][0] == "一部 部门概况"
    shown = [(tab.table.item(r, 0).text(), tab.table.item(r, 1).text()) for r in range(tab.table.rowCount())]
    assert [r[:2] for r in rows[2:]] == shown
    assert ("回访", "张三:今天到期 1 项,本周 2 项", "急") in rows[2:]


def test_a_lapse_line_opens_the_customer_list_filtered_to_those_customers(qtbot, app, office):
    from ui.customers.tab import CustomersTab

    clerk = office.users["clerk"]
    soon = app.customers.create(clerk, "李阿姨", ["13800000002"]).id
    app.customers.create(clerk, "吴阿姨", ["13800000004"])  # never registered: nothing to lapse
    app.clock.set(T(2026, 3, 1, 9, 0))
    app.timeline.register(office.users["s1"], soon, office.s1, "kepu")  # pre-heat by 3-03 23:59 (R2)
    app.clock.set(T(2026, 3, 2, 9, 0))
    win = MainWindow(UiContext(app, office.users["manager1"], "/data/keyuan.db"), start_sweep=False)
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    qtbot.waitExposed(win)
    overview = win.tabs.currentWidget()
    texts = [overview.table.item(r, 1).text() for r in range(overview.table.rowCount())]
    overview.table.selectRow(texts.index("未预热将失效(R2):1 位顾客(3 天内)"))
    qtbot.keyClick(overview.table, Qt.Key.Key_Return)
    customers = win.tabs.currentWidget()
    assert isinstance(customers, CustomersTab)
    assert customers.filters.isVisible()  # the user sees what is filtered, and can clear it
    assert customers.filters.lapse.currentText() == "3 天内:未预热(R2)"
    assert customers.filters.department.currentText() == "一部"
    assert [customers.model.row_at(r).name for r in range(customers.model.rowCount())] == ["李阿姨"]
    customers.filters.clear_button.click()
    assert customers.model.rowCount() == 2
