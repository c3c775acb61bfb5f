"""今天的任务 on a staff member's landing (SPEC §10, issue 18 item 4): their pre-heat and follow-up deadlines
and their callback duties with the time left, most urgent first; a line opens the customer or records a
contact, and goes away once the task is done."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QDialog

from ui.context import UiContext
from ui.customers.contact import ContactDialog
from ui.customers.today import COL_LEFT, COL_NAME, COL_WHAT, RED, countdown
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

T = dt.datetime


@pytest.fixture
def day(app, office):
    """张三 (s1): 王大爷 bought on 3-10 (his callback form is due by the end of 3-12); 李奶奶 was registered on
    3-11 10:00 (pre-heat due by the end of 3-13). It is 3-12 09:00."""
    clerk = office.users["clerk"]
    bought = app.customers.create(clerk, "王大爷", ["13800000001"], address="幸福路1号").id
    app.clock.set(T(2026, 3, 1, 9, 0))
    app.timeline.register(office.users["s1"], bought, office.s1, "kepu")
    app.timeline.preheat(office.users["s1"], bought, office.s1)
    m = app.meetings.create(office.users["director"], dt.date(2026, 3, 10), "afternoon", False, [office.d1]).id
    app.clock.set(T(2026, 3, 5, 10, 0))
    app.timeline.invite(office.users["s1"], bought, office.s1, m)
    app.clock.set(T(2026, 3, 10, 14, 0))
    app.timeline.attend(clerk, bought, m)
    app.clock.set(T(2026, 3, 10, 16, 0))
    app.timeline.purchase(clerk, bought, 3000, meeting_id=m, staff_id=office.s1)
    app.clock.set(T(2026, 3, 11, 10, 0))
    new = app.customers.create(clerk, "李奶奶", ["13800000002"]).id
    app.timeline.register(office.users["s1"], new, office.s1, "kepu")
    app.clock.set(T(2026, 3, 12, 9, 0))
    yield bought, new
    QThreadPool.globalInstance().waitForDone(10000)


def rows(tasks) -> list[tuple[str, str, str]]:
    t = tasks.table
    return [tuple(t.item(r, c).text() for c in (COL_LEFT, COL_NAME, COL_WHAT)) for r in range(t.rowCount())]


def test_the_staff_member_lands_on_todays_tasks_and_a_done_preheat_leaves_them(qtbot, app, office, day, monkeypatch):
    bought, new = day
    actor = office.users["s1"]  # as the login returns it
    win = MainWindow(UiContext(app, actor, "test.db"), start_sweep=False, lock_session=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    tab = win.tabs.currentWidget()
    assert tab is win.tab_widget("customers")  # my customers + today's tasks (SPEC §10)
    tasks = tab.today
    assert tasks is not None and tasks.isVisible()
    shown = rows(tasks)
    # Most urgent first: the callback form due today, the home visit due tomorrow, then the pre-heat.
    assert shown[0] == ("今天 24:00 前", "王大爷", "出货后2日内交回访表")
    preheat = ("还剩 1 天 15 小时(3月13日 24:00 截止)", "李奶奶", "预热(R2 预热期限)")
    assert preheat in shown
    assert shown.index(preheat) > 0
    assert "三天内到期" in tasks.title.text()
    # A today's line stands out; nothing is overdue here.
    assert tasks.table.item(0, COL_LEFT).font().bold()
    assert all(tasks.table.item(r, COL_LEFT).foreground().color().name() != RED for r in range(len(shown)))

    # Enter on a line opens that customer's card.
    opened = []
    monkeypatch.setattr(tab, "open_customer", opened.append)
    tasks.open_requested.disconnect()
    tasks.open_requested.connect(tab.open_customer)
    row = shown.index(preheat)
    tasks.table.setCurrentCell(row, COL_NAME)
    qtbot.keyClick(tasks.table, Qt.Key.Key_Return)
    assert opened == [new]

    # The pre-heat recorded from the line's menu: the deadline is met, the line goes away, the duty stays.
    def submit(dialog: ContactDialog):
        assert dialog.customer_id == new and dialog.kind == "preheat"
        dialog.on_ok()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ContactDialog, "exec", submit)
    tasks.contact_requested.emit(new, "李奶奶", "preheat")
    qtbot.waitUntil(lambda: preheat not in rows(tasks), timeout=5000)
    assert all(name != "李奶奶" for _, name, _ in rows(tasks))
    assert rows(tasks)[0] == ("今天 24:00 前", "王大爷", "出货后2日内交回访表")
    assert "李奶奶:该顾客仍归张三(一部),依据 R1 首次报名(有效),保有至 4月12日24:00" in tab.answer_label.text()

    # The callback form due today, recorded from its line with the callback dialog: that duty goes too.
    from ui.callbacks.dialogs import CallbackDialog

    def hand_in(dialog: CallbackDialog):
        assert dialog.task_id is not None and dialog.form_box.isChecked()
        dialog.on_ok()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CallbackDialog, "exec", hand_in)
    tasks.record_duty(tasks.lines[0])
    qtbot.waitUntil(lambda: "出货后2日内交回访表" not in [what for _, _, what in rows(tasks)], timeout=5000)
    # It answers like the contact did: the owner, and the duties the form closed.
    assert tab.answer_label.text().startswith("王大爷:该顾客仍归张三(一部)")
    assert "已完成回访任务:出货后2日内交回访表" in tab.answer_label.text()
    qtbot.waitUntil(lambda: tab.count_label.text().startswith("共"), timeout=5000)  # no count left running


def test_an_overdue_or_lapsed_line_is_red_and_a_class_names_stay_masked(qtbot, app, office, day):
    from models import Customer
    from ui.customers.today import TodayTasks

    bought, new = day
    Customer.update(abc_class="A").where(Customer.id == new).execute()  # A-class: full only to managers
    app.clock.set(T(2026, 3, 14, 9, 0))  # the pre-heat deadline passed at 3-14 00:00
    app.timeline.sweep(office.admin)
    tasks = TodayTasks(UiContext(app, office.users["s1"]))
    qtbot.addWidget(tasks)
    shown = rows(tasks)
    lapsed = [r for r in shown if r[0] == "已失效"]
    assert lapsed == [("已失效", "李N", "预热即可恢复(R2 已视为放弃)")]
    r = shown.index(lapsed[0])
    assert r == len(shown) - 1  # after every deadline that can still be met
    assert tasks.table.item(r, COL_LEFT).foreground().color().name() == RED
    assert "1 位顾客已失效" in tasks.title.text()


def test_more_reads_the_next_page(qtbot, app, office, day, monkeypatch):
    from ui.customers import today
    from ui.customers.today import TodayTasks

    monkeypatch.setattr(today, "PAGE", 1)
    tasks = TodayTasks(UiContext(app, office.users["s1"]))
    qtbot.addWidget(tasks)
    tasks.show()
    assert len(rows(tasks)) == 1 and tasks.more_button.isVisible() and "还有更多" in tasks.title.text()
    qtbot.mouseClick(tasks.more_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tasks.more_button, Qt.MouseButton.LeftButton)
    shown = rows(tasks)
    # Same deadline (3-13 24:00): the pre-heat before the visit duty.
    assert [what for _, _, what in shown] == ["出货后2日内交回访表", "预热(R2 预热期限)", "出货后第3天家访"]
    assert not tasks.more_button.isVisible()
    # Read again (a change, the timer): as many lines as were shown, the selected one still selected.
    tasks.table.selectRow(2)
    tasks.reload()
    assert rows(tasks) == shown and tasks.table.currentRow() == 2


def test_countdowns_as_people_say_them():
    now = T(2026, 3, 12, 9, 0)
    assert countdown(T(2026, 3, 14, 12, 0), now) == ("还剩 2 天 3 小时(3月14日 12:00 截止)", "later")
    assert countdown(T(2026, 3, 15), now) == ("还剩 2 天 15 小时(3月14日 24:00 截止)", "later")
    assert countdown(T(2026, 3, 12, 18, 0), now) == ("今天 18:00 前", "today")
    assert countdown(T(2026, 3, 13), now) == ("今天 24:00 前", "today")
    assert countdown(T(2026, 3, 12, 7, 0), now) == ("已超期 2 小时", "overdue")
    assert countdown(T(2026, 3, 10), now) == ("已超期 2 天", "overdue")
    assert countdown(None, now) == ("已失效", "overdue")
