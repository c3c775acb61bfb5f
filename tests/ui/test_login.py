"""The login dialog: right password logs in, a wrong one is refused inline, five in a row lock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui.login_dialog import LoginDialog

# Showing a window on the offscreen platform logs this harmless warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _dialog(qtbot, app) -> LoginDialog:
    dlg = LoginDialog(app, "测试办公室")
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _type(qtbot, dlg: LoginDialog, user: str, password: str) -> None:
    dlg.user_edit.clear()
    qtbot.keyClicks(dlg.user_edit, user)
    qtbot.keyClicks(dlg.password_edit, password)


def test_right_password_and_enter_logs_in(qtbot, app, admin):
    dlg = _dialog(qtbot, app)
    _type(qtbot, dlg, "admin", "admin123")
    with qtbot.waitSignal(dlg.accepted, timeout=3000):
        qtbot.keyClick(dlg.password_edit, Qt.Key.Key_Return)
    assert dlg.actor is not None
    assert dlg.actor.username == "admin" and dlg.actor.role == "admin"


def test_wrong_password_is_refused_with_the_reason_shown(qtbot, app, admin):
    dlg = _dialog(qtbot, app)
    _type(qtbot, dlg, "admin", "wrong-one")
    qtbot.mouseClick(dlg.login_button, Qt.MouseButton.LeftButton)
    assert dlg.actor is None
    assert dlg.isVisible() and dlg.result() == 0
    assert dlg.error_label.isVisible()
    assert dlg.error_label.text() == "用户名或密码不正确。"
    assert dlg.password_edit.text() == ""  # ready for the next try


def test_unknown_user_gets_the_same_message(qtbot, app, admin):
    dlg = _dialog(qtbot, app)
    _type(qtbot, dlg, "nobody", "admin123")
    qtbot.mouseClick(dlg.login_button, Qt.MouseButton.LeftButton)
    assert dlg.error_label.text() == "用户名或密码不正确。"


@pytest.mark.postgres  # on a server failed logins are counted atomically in SQL
def test_five_wrong_passwords_lock_the_account(qtbot, app, admin):
    dlg = _dialog(qtbot, app)
    for _ in range(5):
        _type(qtbot, dlg, "admin", "bad-pass")
        qtbot.mouseClick(dlg.login_button, Qt.MouseButton.LeftButton)
    assert "锁定" in dlg.error_label.text()
    # Now even the right password is refused until the lock ends.
    _type(qtbot, dlg, "admin", "admin123")
    qtbot.mouseClick(dlg.login_button, Qt.MouseButton.LeftButton)
    assert dlg.actor is None
    assert "锁定" in dlg.error_label.text()


def test_last_user_name_is_offered_next_time(qtbot, app, admin):
    dlg = _dialog(qtbot, app)
    _type(qtbot, dlg, "admin", "admin123")
    qtbot.mouseClick(dlg.login_button, Qt.MouseButton.LeftButton)
    again = _dialog(qtbot, app)
    assert again.user_edit.text() == "admin"
    assert again.password_edit.hasFocus() or not again.isActiveWindow()
