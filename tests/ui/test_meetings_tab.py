"""The 会议 tab: a manager submits the day's list; the coordinator sees the duplicate invitation."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMessageBox

from tests.services.test_meeting_desk import joint  # noqa: F401 - fixture
from ui.context import UiContext
from ui.meetings.tab import InviteDialog, MeetingsTab

T = dt.datetime


def texts(table, column):
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_manager_submits_the_days_list_on_time(qtbot, app, office, joint, monkeypatch):  # noqa: F811
    c, m = joint
    app.clock.set(T(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    tab = MeetingsTab(UiContext(app, office.users["manager1"]))
    qtbot.addWidget(tab)
    panel = tab.panel
    assert panel.meeting_id == m
    assert "1 位" in panel.pending.text() and panel.submit_button.isEnabled()
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    panel.on_submit()
    assert shown == ["已按时报送 1 位顾客。"]
    assert "按时" in texts(panel.duties, 3)
    assert texts(panel.invitations, 6) == ["有效"]


def test_refused_invitation_says_why_and_records_nothing(qtbot, app, office, joint, monkeypatch):  # noqa: F811
    c, m = joint
    app.clock.set(T(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    app.meetings.submit_unlisted(office.users["manager1"], m, office.d1)
    app.clock.set(T(2026, 3, 9, 9, 0))
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: messages.append((title, text)))
    dialog = InviteDialog(UiContext(app, office.users["s3"]), m)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.phone, "13800000001")
    assert dialog.found.text() == "王D"  # another department's customer: masked (SPEC §2)
    dialog.on_ok()
    assert messages and messages[0][0] == "规则不允许" and "R11" in messages[0][1]
    assert len(app.meetings.invitations(office.users["director"], m)) == 1


def test_coordinator_sees_the_duplicate_with_the_standing_side(qtbot, app, office, joint):  # noqa: F811
    c, m = joint
    app.clock.set(T(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    app.clock.set(T(2026, 3, 8, 19, 0))
    app.meetings.submit_unlisted(office.users["manager1"], m, office.d1)  # late
    app.clock.set(T(2026, 3, 9, 9, 0))
    app.timeline.invite(office.users["s3"], c, office.s3, m)
    app.timeline.submit_list(office.users["director"], office.d2, m, [c])
    tab = MeetingsTab(UiContext(app, office.users["coordinator"]))
    qtbot.addWidget(tab)
    assert texts(tab.panel.duplicates, 0) == ["王大爷"]
    assert texts(tab.panel.duplicates, 2)[0].startswith("二部 王五")


def test_a_confirmation_before_its_list_deadline_reads_pending(qtbot, app, office, joint):  # noqa: F811
    c, m = joint
    app.clock.set(T(2026, 3, 8, 9, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    tab = MeetingsTab(UiContext(app, office.users["manager1"]))
    qtbot.addWidget(tab)
    assert texts(tab.panel.invitations, 6) == ["待报送"]
    app.clock.set(T(2026, 3, 8, 18, 1))
    tab.panel.reload()
    assert texts(tab.panel.invitations, 6) == ["迟交/未报"]


def painted(table):
    """The table's viewport as the user sees it (an image, for comparing what is drawn)."""
    table.resize(600, 300)
    return table.viewport().grab().toImage()


def test_a_joint_meeting_without_duplicates_says_so(qtbot, app, office, joint):  # noqa: F811
    c, m = joint
    app.clock.set(T(2026, 3, 8, 17, 0))
    app.timeline.invite(office.users["s1"], c, office.s1, m)
    tab = MeetingsTab(UiContext(app, office.users["coordinator"]))
    qtbot.addWidget(tab)
    table = tab.panel.duplicates
    assert table.rowCount() == 0 and tab.panel.tabs.isTabEnabled(tab.panel.check_index)
    assert table.empty_text.startswith("没有重复邀约")
    with_sentence = painted(table)
    table.set_empty_text("")
    assert painted(table) != with_sentence  # the sentence is drawn, not only stored
