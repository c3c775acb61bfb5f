"""导出 Excel… in the 顾客档案 tab: the file holds what the list shows, and 取消 leaves nothing."""

from __future__ import annotations

import threading

import openpyxl
import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from services.customers import export as customer_export
from ui.context import UiContext
from ui.customers.model import COL_ADDRESS, COL_CREATED, COL_NAME, COL_PHONE
from ui.customers.tab import CustomersTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NAMES = ["王大爷", "李奶奶", "张丽", "赵强", "陈芳", "刘伟", "杨敏", "黄静"]


@pytest.fixture
def cards(app, office):
    """24 cards; every other one registered by 张三 (一部)."""
    clerk = office.users["clerk"]
    ids = []
    for i in range(24):
        c = app.customers.create(clerk, NAMES[i % 8] + str(i), [f"137{i:08d}"], address=f"人民路{i}号")
        if i % 2 == 0:
            app.timeline.register(office.users["s1"], c.id, office.s1, "scatter")
        ids.append(c.id)
    yield ids
    QThreadPool.globalInstance().waitForDone(10000)  # no job may outlive the database


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes the tab would show, recorded instead of blocking the test."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append((title, text)))
    return shown


def make_tab(qtbot, app, actor) -> CustomersTab:
    tab = CustomersTab(UiContext(app, actor))
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    qtbot.waitExposed(tab)
    qtbot.waitUntil(lambda: tab.count_label.text().startswith("共"), timeout=5000)
    return tab


def test_export_button_writes_the_search_with_the_columns_as_arranged(
    qtbot, app, office, cards, tmp_path, boxes, monkeypatch
):
    tab = make_tab(qtbot, app, office.users["s1"])
    header = tab.table.horizontalHeader()
    header.moveSection(header.visualIndex(COL_PHONE), 0)  # the user dragged 电话 to the front
    tab.table.setColumnHidden(COL_CREATED, True)
    tab.search.setText("王")  # as an input method commits it
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=3000)
    qtbot.waitUntil(lambda: tab.count_label.text() == "共 3 张档案", timeout=3000)
    path = tmp_path / "out.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "out"), ""))
    tab.export_button.click()
    qtbot.waitUntil(lambda: bool(boxes), timeout=10000)
    assert "已导出 3 张档案" in boxes[0][1]
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    shown = [
        header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))
    ]
    assert list(rows[1]) == [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in shown]
    assert rows[1][0] == "电话" and "建档时间" not in rows[1]
    data = rows[2:]
    name_at, phone_at, address_at = (shown.index(c) for c in (COL_NAME, COL_PHONE, COL_ADDRESS))
    assert [r[name_at] for r in data] == [tab.model.index(i, COL_NAME).data() for i in range(3)]
    for r in data:  # 王大爷0, 8, 16: all registered by 张三, so 张三's user sees them in full
        assert r[phone_at].startswith("137") and "*" not in r[phone_at]
    assert all(isinstance(r[shown.index(0)], int) for r in data)  # 档案号 as a number


def test_a_masked_row_exports_masked(qtbot, app, office, cards, tmp_path, boxes):
    tab = make_tab(qtbot, app, office.users["s1"])
    tab.filters.on_clear()  # a staff member's list starts with their own customers; these are nobody's
    tab.search.setText("李")  # 李奶奶1, 9, 17: odd cards, nobody's — masked for 张三
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=3000)
    job = tab.export_to(str(tmp_path / "li.xlsx"))
    qtbot.waitUntil(lambda: not job.running, timeout=10000)
    rows = list(openpyxl.load_workbook(tmp_path / "li.xlsx").active.iter_rows(values_only=True))
    header = list(rows[1])
    for r in rows[2:]:
        assert "****" in r[header.index("电话")] and r[header.index("住址")] == "(已隐藏)"
        assert "奶奶" not in r[header.index("姓名")]


def test_cancel_in_the_progress_dialog_leaves_no_file_and_no_message(
    qtbot, app, office, cards, tmp_path, boxes, monkeypatch
):
    tab = make_tab(qtbot, app, office.users["director"])
    gate = threading.Event()
    real = customer_export.customer_search.search

    def held(*a, **k):
        gate.wait(5)  # the first page waits until the user has pressed 取消
        return real(*a, **k)

    monkeypatch.setattr(customer_export, "PAGE", 5)
    monkeypatch.setattr(customer_export.customer_search, "search", held)
    job = tab.export_to(str(tmp_path / "all.xlsx"))
    tab.exporter.progress.findChild(QPushButton).click()  # 取消
    gate.set()
    qtbot.waitUntil(lambda: not job.running, timeout=10000)
    assert list(tmp_path.glob("*.xlsx")) == []
    assert boxes == []
    assert tab.exporter.progress is None
