"""The front-desk window as the desk uses it: type, read the masked owner, Enter, act."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from models import Event
from ui.context import UiContext
from ui.frontdesk import FrontDeskTab, FrontDeskWindow
from ui.frontdesk.model import COL_CLAIM, COL_COUNTDOWN, COL_DEPT, COL_NAME, COL_OWNER, COL_PHONE, HitsModel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def shown_errors(monkeypatch):
    seen = []
    monkeypatch.setattr("ui.errors.show_error", lambda parent, exc: seen.append(exc))
    return seen


@pytest.fixture
def world(app, office):
    clerk = office.users["clerk"]
    c1 = app.customers.create(clerk, "王大爷", ["13800000001"], address="幸福路 8 号").id
    app.timeline.register(office.users["s1"], c1, office.s1, "kepu")
    c2 = app.customers.create(clerk, "李奶奶", ["13900000002"]).id
    meeting = app.meetings.create(office.admin, dt.date(2026, 3, 1), "afternoon", False, [office.d1]).id
    app.timeline.invite(office.users["s1"], c1, office.s1, meeting)
    return {"c1": c1, "c2": c2, "meeting": meeting}


def kiosk(qtbot, app, actor):
    w = FrontDeskWindow(UiContext(app, actor))
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    return w


def ime_commit(widget, text):
    """Chinese arrives from the input method as a commit string, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def cells(model, row):
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_last_four_digits_show_the_masked_owner_and_enter_checks_in(qtbot, app, office, world, shown_errors):
    w = kiosk(qtbot, app, office.users["front"])
    panel = w.panel
    qtbot.waitUntil(panel.search.hasFocus)  # the search box has the focus when the window opens
    qtbot.keyClicks(panel.search, "0001")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    row = cells(panel.model, 0)
    assert row[COL_PHONE] == "138****0001" and row[COL_NAME] == "王D"
    assert (row[COL_OWNER], row[COL_DEPT], row[COL_CLAIM]) == ("张三", "一部", "有效")
    assert not any("13800000001" in str(v) or "幸福路" in str(v) for v in row)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.table.hasFocus() and panel.table.currentIndex().row() == 0
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = panel.action_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.checkin_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: "已签到" in panel.status.text())
    assert "受邀" in panel.status.text()
    assert Event.select().where((Event.customer == world["c1"]) & (Event.type == "attend")).count() == 1
    assert shown_errors == []
    # A second check-in is refused with the service's sentence in a message box.
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(panel.action_dialog.isVisible)
    qtbot.keyClick(panel.action_dialog, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: len(shown_errors) == 1)
    assert shown_errors[0].message == "该顾客已登记过到会。"


def test_store_visit_with_no_duty_staff_sends_a_new_customer_to_the_pool(qtbot, app, office, world, shown_errors):
    w = kiosk(qtbot, app, office.users["front"])
    panel = w.panel
    assert panel.duty.currentData() is None
    ime_commit(panel.search, "李")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert cells(panel.model, 0)[COL_CLAIM] == "未登记"
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(panel.action_dialog.isVisible)
    qtbot.keyClick(panel.action_dialog, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: "公司资源池" in panel.status.text())
    assert cells(panel.model, 0)[COL_OWNER] == "公司资源池"


def test_store_visit_for_the_duty_staff(qtbot, app, office, world, shown_errors):
    w = kiosk(qtbot, app, office.users["front"])
    panel = w.panel
    panel.duty.setCurrentIndex(panel.duty.findData(office.s3))
    qtbot.keyClicks(panel.search, "ln")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(panel.action_dialog.isVisible)
    qtbot.keyClick(panel.action_dialog, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: cells(panel.model, 0)[COL_OWNER] == "王五")
    assert cells(panel.model, 0)[COL_CLAIM] == "待预热"


def test_bad_text_gets_a_clear_sentence_and_esc_starts_again(qtbot, app, office, world, shown_errors):
    w = kiosk(qtbot, app, office.users["front"])
    panel = w.panel
    qtbot.keyClicks(panel.search, "' OR 1=1 --")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 0
    assert panel.status.text() == "只能按电话号码、后四位、姓名或拼音首字母查询。"
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and panel.status.text() == ""
    qtbot.keyClicks(panel.search, "5555")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.status.text().startswith("没有找到这位顾客。")


def test_staff_tab_looks_up_but_cannot_act(qtbot, app, office, world, shown_errors):
    tab = FrontDeskTab(UiContext(app, office.users["s3"]))
    qtbot.addWidget(tab)
    tab.show()
    panel = tab.panel
    assert not panel.duty.isVisible()
    qtbot.keyClicks(panel.search, "13800000001")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert cells(panel.model, 0)[COL_PHONE] == "138****0001"
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(panel.action_dialog.isVisible)
    assert not panel.action_dialog.visit_button.isEnabled()
    assert not panel.action_dialog.checkin_button.isEnabled()
    qtbot.keyClick(panel.action_dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel.action_dialog.isVisible())


def test_hits_model(qtmodeltester, app, office, world):
    model = HitsModel()
    model.set_hits(app.frontdesk.lookup(office.users["front"], "l"))
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    model.set_hits(
        app.frontdesk.lookup(office.users["front"], "0001") + app.frontdesk.lookup(office.users["front"], "0002")
    )
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_front_desk_role_gets_only_the_kiosk(qtbot, app, office, dialog_font):
    from ui.application import open_window
    from ui.context import UiContext
    from ui.frontdesk.window import FrontDeskWindow
    from ui.main_window import MainWindow

    kiosk_window = open_window(UiContext(app, office.users["front"]))
    qtbot.addWidget(kiosk_window)
    assert isinstance(kiosk_window, FrontDeskWindow)
    forced = open_window(UiContext(app, office.users["manager1"]), front_desk=True)
    qtbot.addWidget(forced)
    assert isinstance(forced, FrontDeskWindow)
    main = open_window(UiContext(app, office.users["manager1"]))
    qtbot.addWidget(main)
    assert isinstance(main, MainWindow)
    main.sweep_timer.stop()


@pytest.fixture
def dialog_font():
    """open_window() for the kiosk puts the program in large type: undo that after the test."""
    yield
    from ui.frontdesk.window import use_kiosk_type

    use_kiosk_type(False)


def test_deadline_column_shows_the_date_the_countdown_and_after_a_lapse_who_may_take_over(
    qtbot, app, office, world, shown_errors
):
    c3 = app.customers.create(office.users["clerk"], "赵大妈", ["13700000003"]).id
    app.timeline.register(office.users["s1"], c3, office.s1, "kepu")
    w = kiosk(qtbot, app, office.users["front"])
    panel = w.panel
    qtbot.keyClicks(panel.search, "0003")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert cells(panel.model, 0)[COL_COUNTDOWN] == "3月3日24:00前 · 剩 2 天 16 小时"
    # No sweep runs in the kiosk: the lapse is applied when the customer is looked up.
    app.clock.set(dt.datetime(2026, 3, 4, 9, 0))
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    row = cells(panel.model, 0)
    assert (row[COL_OWNER], row[COL_CLAIM]) == ("张三", "已失效")
    assert row[COL_COUNTDOWN] == "其他专员报名或预热即可接手"


def test_truncated_results_ask_for_a_few_more_characters(qtbot, app, office, world, shown_errors):
    for i in range(21):
        app.customers.create(office.users["clerk"], f"王{i:02d}", [f"136{i:08d}"], allow_duplicate=True)
    w = kiosk(qtbot, app, office.users["front"])
    panel = w.panel
    ime_commit(panel.search, "王")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 20
    assert "还有更多,请多输入几个字" in panel.status.text()


def test_archived_card_is_marked(qtbot, app, office, world, shown_errors):
    from models import Customer

    Customer.update(archived=True).where(Customer.id == world["c2"]).execute()
    w = kiosk(qtbot, app, office.users["front"])
    qtbot.keyClicks(w.panel.search, "13900000002")
    qtbot.keyClick(w.panel.search, Qt.Key.Key_Return)
    assert cells(w.panel.model, 0)[COL_NAME] == "李N(已归档)"


def test_kiosk_changes_its_password_and_logs_out_to_the_next_person(
    qtbot, app, office, world, shown_errors, monkeypatch, dialog_font
):
    from tests.helpers import user
    from ui.application import open_window
    from ui.frontdesk.window import KIOSK_POINT_SIZE
    from ui.login_dialog import LoginDialog

    desk = user(app, office.admin, "desk", "front_desk", password="desk-pass1")
    w = open_window(UiContext(app, desk))
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    # message boxes and dialogs of the kiosk are in its large type
    assert QMessageBox().font().pointSize() == KIOSK_POINT_SIZE
    qtbot.keyClick(w.panel.search, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: w.password_dialog is not None and w.password_dialog.isVisible())
    dialog = w.password_dialog
    assert dialog.font().pointSize() == KIOSK_POINT_SIZE
    dialog.old.setText("desk-pass1")
    dialog.new.setText("desk-pass2")
    dialog.again.setText("desk-pass2")
    dialog.on_save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert app.auth.login("desk", "desk-pass2").username == "desk"

    qtbot.keyClicks(w.panel.search, "0001")
    qtbot.keyClick(w.panel.search, Qt.Key.Key_Return)
    assert w.panel.model.rowCount() == 1
    logins = []

    def next_person(dialog):
        logins.append(dialog)
        # what the previous person looked at is gone before the next one logs in
        assert w.panel.model.rowCount() == 0 and w.panel.search.text() == ""
        dialog.user_edit.setText("desk")
        dialog.password_edit.setText("desk-pass2")
        dialog.on_login()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", next_person)
    qtbot.keyClick(w.panel.search, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: len(logins) == 1)
    from ui import application

    new = application._later_windows[-1]
    qtbot.addWidget(new)
    assert new is not w and new.ctx.actor.username == "desk"
    qtbot.waitUntil(lambda: not w.isVisible())


def test_a_new_customer_is_entered_at_the_desk_with_f3(qtbot, app, office, world, shown_errors):
    w = kiosk(qtbot, app, office.users["front"])
    panel = w.panel
    panel.duty.setCurrentIndex(panel.duty.findData(office.s3))
    qtbot.keyClicks(panel.search, "13600001234")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 0 and "F3" in panel.status.text()
    qtbot.keyClick(panel.search, Qt.Key.Key_F3)
    dialog = panel.walk_in_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.phone.text() == "13600001234" and dialog.font().pointSize() == panel.font().pointSize()
    dialog.phone.setText("13800000001")  # already on 王大爷's card: refused, what was typed stays
    ime_commit(dialog.name, "钱大伯")
    dialog.on_save()
    assert dialog.isVisible() and "已经有顾客档案" in dialog.message.text() and dialog.name.text() == "钱大伯"
    dialog.phone.setText("13600001234")
    dialog.on_save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    row = cells(panel.model, 0)
    assert (row[COL_NAME], row[COL_OWNER], row[COL_CLAIM]) == ("钱D", "王五", "待预热")
    assert "王五" in panel.status.text() and shown_errors == []


def test_opening_the_tab_puts_the_cursor_in_the_search_box(qtbot, app, office, world, shown_errors):
    """A staff member clicks 前台查询 and types the phone at once: no click into the box first."""
    from ui.main_window import MainWindow

    win = MainWindow(UiContext(app, office.users["s1"], "test.db"), start_sweep=False, lock_session=False)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    index = win.tab_keys.index("frontdesk")
    assert win.tabs.currentIndex() != index
    win.tabs.setCurrentIndex(index)
    panel = win.tab_widget("frontdesk").panel
    qtbot.waitUntil(panel.search.hasFocus)
    qtbot.keyClicks(QApplication.focusWidget(), "13800000001")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert cells(panel.model, 0)[COL_PHONE] == "138****0001"
