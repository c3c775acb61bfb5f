"""The 审计日志 tab: filter, page and export the audit trail as the director would."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from ui.audit_tab import COL_ACTION, COL_USER, AuditModel, AuditTab
from ui.context import UiContext

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def shown_errors(monkeypatch):
    seen = []
    monkeypatch.setattr("ui.errors.show_error", lambda parent, exc: seen.append(exc))
    return seen


def make(qtbot, app, actor):
    tab = AuditTab(UiContext(app, actor))
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab


def test_filter_by_customer_and_user_then_export(qtbot, app, office, tmp_path, shown_errors):
    clerk = office.users["clerk"]
    cid = app.customers.create(clerk, "王大爷", ["13800000001"]).id
    app.timeline.register(office.users["s1"], cid, office.s1, "kepu")
    tab = make(qtbot, app, office.users["director"])
    assert tab.model.rowCount() > 5  # departments, staff, users, the card...
    qtbot.keyClicks(tab.customer, str(cid))
    qtbot.keyClick(tab.customer, Qt.Key.Key_Return)
    actions = [tab.model.index(r, COL_ACTION).data() for r in range(tab.model.rowCount())]
    assert actions == ["报名", "归属变更", "新建档案"]  # newest first
    tab.user.setCurrentIndex(tab.user.findData(clerk.user_id))
    tab.on_search()
    assert [tab.model.index(r, COL_USER).data() for r in range(tab.model.rowCount())] == ["clerk"]
    path = tmp_path / "audit.xlsx"
    job = tab.export_to(str(path))
    qtbot.waitUntil(lambda: not job.running, timeout=10000)
    qtbot.waitUntil(lambda: tab.export_button.isEnabled())
    assert shown_errors == []
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[2][4] == "新建档案"
    assert "已导出 1 条" in tab.status.text()


def test_bad_date_range_is_one_message(qtbot, app, office, shown_errors):
    tab = make(qtbot, app, office.admin)
    tab.by_date.setChecked(True)
    tab.since.setDate(tab.until.date().addDays(1))
    tab.on_search()
    assert [e.message for e in shown_errors] == ["开始日期晚于结束日期。"]


def test_model_pages_as_the_view_scrolls(qtmodeltester, app, office):
    for i in range(12):
        app.customers.create(office.users["clerk"], f"顾客{i}", [f"138{i:08d}"])
    model = AuditModel(UiContext(app, office.admin), page=5)
    model.reload()
    assert model.rowCount() == 5 and model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    from models import AuditLog

    assert model.rowCount() == AuditLog.select().count()
    qtmodeltester.check(model)
