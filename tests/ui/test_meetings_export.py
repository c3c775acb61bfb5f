"""导出各部门名单… in the 会议 tab: the joint meeting's submitted lists, read back from the .xlsx."""

from __future__ import annotations

import datetime as dt

import openpyxl
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.services.test_meeting_desk import joint  # noqa: F401 - fixture
from ui.context import UiContext
from ui.meetings.tab import MeetingsTab


def test_export_button_writes_the_submitted_lists(qtbot, app, office, joint, tmp_path, monkeypatch):  # noqa: F811
    c, m = joint
    app.clock.set(dt.datetime(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    tab = MeetingsTab(UiContext(app, office.users["manager1"]))
    qtbot.addWidget(tab)
    panel = tab.panel
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    panel.on_submit()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "lists"), ""))
    panel.export_button.click()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10000)
    QThreadPool.globalInstance().waitForDone(5000)
    assert "已导出 1 份名单" in shown[1]
    rows = list(openpyxl.load_workbook(tmp_path / "lists.xlsx").active.iter_rows(values_only=True))
    assert list(rows[1]) == ["部门", "名单日期", "报送时间", "是否按时", "人数", "顾客"]
    assert rows[2][0] == "一部" and rows[2][3] == "按时" and rows[2][4] == 1
    assert isinstance(rows[2][1], dt.datetime)  # a date cell, not text
