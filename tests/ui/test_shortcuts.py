"""No key does two things: every QAction, QShortcut and mnemonic (Alt+letter) of every tab of the main
window, for every role, against the window's own menus and against each other (issue 21: Alt+H opened
帮助 instead of 关联为家人, F1 was both the help overlay and 关于, Alt+F in 顾客档案 opened 筛选 not 文件)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from ui.context import UiContext
from ui.main_window import MainWindow
from ui.shortcuts import claims, clashes

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ROLES = ("clerk", "manager1", "director", "coordinator", "gm", "s1")


def window_for(qtbot, app, actor) -> MainWindow:
    w = MainWindow(UiContext(app, actor), start_sweep=False, lock_session=False)
    qtbot.addWidget(w)
    for key in list(w.tab_keys):
        tab = w.tab_widget(key)  # build every tab, not only the landing one
        job = getattr(tab, "count_job", None)  # the card list counts in the background: let it finish
        if job is not None:
            qtbot.waitUntil(lambda job=job: not job.running, timeout=10000)
    return w


@pytest.mark.parametrize("role", ROLES + ("admin",))
def test_no_key_is_claimed_twice_anywhere_in_the_window(qtbot, app, office, role):
    actor = actor_for_role(office, role)
    w = window_for(qtbot, app, actor)
    assert len(w.tab_keys) >= 2
    assert clashes(w) == []


def actor_for_role(office, role):
    if role == "admin":
        return office.admin
    return office.users[role]


def test_the_walker_finds_a_clash_when_there_is_one(qtbot, app, office):
    w = window_for(qtbot, app, office.users["clerk"])
    keys = {c.key for c in claims(w)}
    assert {"Alt+F", "F1", "Ctrl+O"} <= keys  # the 文件 menu, the intake help, open scans
    intake = w.tab_widget("intake")
    intruder = QPushButton("再来(&F)", intake)  # Alt+F on a tab clashes with the 文件 menu
    assert any(k == "Alt+F" and "再来" in a + b for k, a, b in clashes(w))
    intruder.setParent(QWidget())  # gone again
    assert clashes(w) == []


def test_the_clerk_lands_on_the_intake_queue_with_the_cursor_in_the_name(qtbot, app, office):
    w = MainWindow(UiContext(app, office.users["clerk"]), start_sweep=False, lock_session=False)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    intake = w.tab_widget("intake")
    assert w.tabs.currentWidget() is intake  # SPEC §10: the clerk's day starts at the queue
    qtbot.waitUntil(lambda: intake.form.name.hasFocus())
    w.tabs.setCurrentIndex(w.tab_keys.index("customers"))
    customers = w.tab_widget("customers")
    qtbot.waitUntil(lambda: not customers.count_job.running, timeout=10000)
    customers.search.setFocus()
    assert w.focusWidget() is customers.search
    w.tabs.setCurrentIndex(w.tab_keys.index("intake"))
    # Every time the tab opens (the window's focus widget: offscreen, opening a tab may deactivate it).
    qtbot.waitUntil(lambda: w.focusWidget() is intake.form.name)
