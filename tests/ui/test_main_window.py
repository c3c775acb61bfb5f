"""The main window: tabs by role, landing tab, status bar, About, language choice, geometry, sweep."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from tests.conftest import T0
from ui import main_window
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.tabs import TabSpec

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class DummyTab(QWidget):
    """A tab that has landed, for the registry used in these tests."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        QLabel("dummy", self)


TEST_TABS = [
    TabSpec("customers", "顾客档案", __name__, "DummyTab", frozenset({"staff", "clerk", "admin"})),
    TabSpec("callbacks", "回访跟踪", "ui.tab_that_has_not_landed", "Nothing", frozenset({"staff", "admin"})),
    TabSpec("frontdesk", "前台查询", "ui.package_not_landed.tab", "Nothing", frozenset({"staff", "admin"})),
    TabSpec("settings", "设置", "ui.settings.tab", "SettingsTab", frozenset({"admin"})),
]


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(main_window, "TABS", TEST_TABS)


def make_window(qtbot, app, actor, **kw) -> MainWindow:
    win = MainWindow(UiContext(app, actor, "/data/keyuan.db"), start_sweep=kw.pop("start_sweep", False), **kw)
    qtbot.addWidget(win)
    return win


def titles(win: MainWindow) -> list[str]:
    return [win.tabs.tabText(i) for i in range(win.tabs.count())]


def test_admin_sees_the_tabs_of_the_role_and_lands_on_settings(qtbot, app, admin, registry):
    win = make_window(qtbot, app, admin)
    # The tab whose module is missing is not shown at all.
    assert titles(win) == ["顾客档案", "设置"]
    assert win.tabs.currentWidget() is win.tab_widget("settings")
    assert win.windowTitle() == "客源管家 — 客源管家"


def test_other_tabs_are_built_when_first_opened(qtbot, app, admin, registry, monkeypatch):
    """Start-up builds only the landing tab; opening another shows the real tab, built then, once."""
    built = []
    original = DummyTab.__init__

    def counting(self, ctx, parent=None):
        built.append(self)
        original(self, ctx, parent)

    monkeypatch.setattr(DummyTab, "__init__", counting)
    win = make_window(qtbot, app, admin)
    assert built == [] and titles(win) == ["顾客档案", "设置"]
    win.tabs.setCurrentIndex(0)  # the user clicks 顾客档案
    assert len(built) == 1 and win.tabs.currentWidget() is built[0]
    assert titles(win) == ["顾客档案", "设置"]
    win.tabs.setCurrentIndex(1)
    win.tabs.setCurrentIndex(0)
    assert len(built) == 1 and win.tab_widget("customers") is built[0]


def test_the_first_tab_shown_is_built_when_the_landing_tab_is_missing(qtbot, app, admin, registry, monkeypatch):
    monkeypatch.setitem(main_window.LANDING, "admin", "callbacks")  # a tab whose module has not landed
    win = make_window(qtbot, app, admin)
    assert titles(win) == ["顾客档案", "设置"]
    assert isinstance(win.tabs.currentWidget(), DummyTab)


def test_staff_sees_no_settings(qtbot, app, office, registry):
    win = make_window(qtbot, app, office.users["s1"])
    assert titles(win) == ["顾客档案"]
    assert win.tab_widget("settings") is None


def test_front_desk_sees_none_of_these_tabs(qtbot, app, office, registry):
    win = make_window(qtbot, app, office.users["front"])
    assert titles(win) == []


@pytest.mark.postgres  # the status bar names the backend
def test_status_bar_shows_user_role_and_database(qtbot, app, admin, registry):
    win = make_window(qtbot, app, admin)
    assert win.user_label.text() == "用户:管理员(管理员)"
    assert win.db_label.text() == "数据库:/data/keyuan.db"


@pytest.mark.postgres  # the About dialog names the backend
def test_about_names_version_and_database(qtbot, app, admin, registry):
    text = make_window(qtbot, app, admin).about_text()
    assert "版本 0.1.0" in text and "/data/keyuan.db" in text


def test_language_choice_is_stored_for_the_next_start(qtbot, app, admin, registry, monkeypatch):
    notes = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: notes.append(text))
    win = make_window(qtbot, app, admin)
    win.language_actions["en"].trigger()
    assert QSettings().value("ui/language") == "en"
    assert notes == ["界面语言已改为 English,下次启动程序时生效。"]


def test_window_size_is_remembered(qtbot, app, admin, registry):
    win = make_window(qtbot, app, admin)
    win.resize(700, 500)  # within the offscreen screen (800x600)
    win.close()
    again = make_window(qtbot, app, admin)
    assert (again.width(), again.height()) == (700, 500)


def test_office_name_change_retitles_the_window(qtbot, app, admin, registry):
    win = make_window(qtbot, app, admin)
    page = win.tab_widget("settings").show_page("office")
    page.name_edit.setText("幸福路门店")
    page.on_save()
    assert win.windowTitle() == "客源管家 — 幸福路门店"


@pytest.mark.postgres  # on a server the start sweep takes an advisory lock
def test_sweep_runs_at_start_off_the_gui_thread_and_announces_ownership(qtbot, app, office, registry):
    customer = app.customers.create(office.admin, "顾客甲", ["13900000001"]).id
    app.timeline.register(office.admin, customer, office.s1, "kepu", at=T0)
    assert app.timeline.verdict(customer).claim_state == "pending"
    app.clock.set(T0 + dt.timedelta(days=5))  # the 2-day pre-heat deadline has passed
    changes = []
    win = MainWindow(UiContext(app, office.admin, "x"), start_sweep=True)
    qtbot.addWidget(win)
    win.ctx.bus.changed.connect(changes.append)
    with qtbot.waitSignal(win.sweepFinished, timeout=10000) as sig:
        pass
    assert sig.args == [1]
    assert [c.kinds for c in changes] == [frozenset({"ownership"})]
    assert "1 位顾客" in win.statusBar().currentMessage()


def test_lock_from_the_menu_covers_the_window_until_the_password(qtbot, app, admin, registry):
    win = make_window(qtbot, app, admin)
    win.show()
    assert not win.session_lock.is_locked
    win.lock_action.trigger()
    assert win.session_lock.is_locked
    dialog = win.session_lock.dialog
    dialog.password.setText("admin123")
    with qtbot.waitSignal(win.session_lock.unlocked, timeout=3000):
        dialog.on_unlock()
    assert not win.session_lock.is_locked
