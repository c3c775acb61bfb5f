"""Session lock after inactivity and the password change dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from services.office.auth import actor_for
from ui.context import Change, UiContext
from ui.lock import PasswordDialog, install_session_lock

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def world(qtbot, app, office):
    from models import User

    info = app.auth.create_user(office.admin, "desk", "desk123", "front_desk")
    ctx = UiContext(app, actor_for(User.get_by_id(info.id)))
    window = QMainWindow()
    window.setCentralWidget(QLabel("王大爷 13800000001"))
    qtbot.addWidget(window)
    window.resize(600, 400)
    window.show()
    qtbot.waitExposed(window)
    return ctx, window


def test_inactivity_covers_the_window_and_only_the_password_unlocks(qtbot, world):
    ctx, window = world
    lock = install_session_lock(window, ctx, interval_ms=200)
    with qtbot.waitSignal(lock.locked, timeout=3000):
        pass
    assert lock.overlay.isVisible() and lock.overlay.geometry() == window.rect()
    dialog = lock.dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and lock.is_locked  # Esc does not unlock
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.message.text() == "用户名或密码不正确。" and lock.is_locked
    qtbot.keyClicks(dialog.password, "desk123")
    with qtbot.waitSignal(lock.unlocked, timeout=3000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not lock.overlay.isVisible() and lock.timer.isActive()


def test_input_restarts_the_countdown(qtbot, world):
    ctx, window = world
    lock = install_session_lock(window, ctx, interval_ms=60_000)
    lock.timer.stop()
    qtbot.keyClick(window.centralWidget(), Qt.Key.Key_A)
    assert lock.timer.isActive() and lock.timer.remainingTime() > 59_000  # the full interval again
    lock.timer.stop()
    qtbot.mouseClick(window.centralWidget(), Qt.MouseButton.LeftButton)
    assert lock.timer.isActive()


def test_the_setting_gives_the_minutes(qtbot, world, app, office):
    ctx, window = world
    lock = install_session_lock(window, ctx)
    assert lock.timer.interval() == 15 * 60_000
    app.settings.set(office.admin, "session.lock_minutes", 3)
    ctx.announce(Change(frozenset({"settings"})))
    assert lock.timer.interval() == 3 * 60_000


def test_password_change_dialog(qtbot, world, app):
    ctx, window = world
    d = PasswordDialog(ctx, window)
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClicks(d.old, "desk123")
    qtbot.keyClicks(d.new, "newpass1")
    qtbot.keyClicks(d.again, "newpass2")
    d.on_save()
    assert d.message.text() == "两次输入的新密码不一致。" and d.isVisible()
    d.again.clear()
    qtbot.keyClicks(d.again, "newpass1")
    d.old.setText("nope")
    d.on_save()
    assert d.message.text() == "原密码不正确。"
    d.old.setText("desk123")
    with qtbot.waitSignal(d.accepted, timeout=2000):
        d.on_save()
    assert app.auth.login("desk", "newpass1").username == "desk"
