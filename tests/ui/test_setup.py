"""First start: the setup dialog creates the administrator, the office name and the departments."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.ime import type_text
from ui.setup_dialog import SetupDialog

# Showing a window on the offscreen platform logs this harmless warning.
# The first-run setup writes the first rows of an empty database: on a server too.
pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"), pytest.mark.postgres]


def _fill(qtbot, dlg: SetupDialog, password2: str = "geheim99", departments: str = "一部\n二部\n\n一部\n") -> None:
    type_text(qtbot, dlg.office_edit, "幸福路门店")
    dlg.user_edit.clear()
    qtbot.keyClicks(dlg.user_edit, "boss")
    type_text(qtbot, dlg.display_edit, "王经理")
    qtbot.keyClicks(dlg.password_edit, "geheim99")
    qtbot.keyClicks(dlg.password2_edit, password2)
    dlg.departments_edit.setPlainText(departments)


def test_setup_creates_admin_office_and_departments(qtbot, app):
    assert not app.auth.has_users()
    dlg = SetupDialog(app)
    qtbot.addWidget(dlg)
    dlg.show()
    _fill(qtbot, dlg)
    with qtbot.waitSignal(dlg.accepted, timeout=3000):
        qtbot.mouseClick(dlg.finish_button, Qt.MouseButton.LeftButton)
    assert dlg.actor is not None and dlg.actor.role == "admin"
    assert app.settings.office_name() == "幸福路门店"
    assert [d.name for d in app.org.departments()] == ["一部", "二部"]  # blank line and repeat dropped
    assert app.auth.login("boss", "geheim99").display_name == "王经理"


def test_passwords_that_differ_create_nothing(qtbot, app):
    dlg = SetupDialog(app)
    qtbot.addWidget(dlg)
    dlg.show()
    _fill(qtbot, dlg, password2="geheim98")
    qtbot.mouseClick(dlg.finish_button, Qt.MouseButton.LeftButton)
    assert dlg.error_label.text() == "两次输入的密码不一致。"
    assert not app.auth.has_users()
    assert app.org.departments() == []


def test_refused_step_is_shown_and_retry_finishes_without_repeating(qtbot, app):
    dlg = SetupDialog(app)
    qtbot.addWidget(dlg)
    dlg.show()
    _fill(qtbot, dlg, departments="一部\n" + "长" * 70)
    qtbot.mouseClick(dlg.finish_button, Qt.MouseButton.LeftButton)
    assert "部门名称太长" in dlg.error_label.text()
    assert app.auth.has_users()  # the administrator exists; the dialog remembers it
    dlg.departments_edit.setPlainText("一部\n二部")
    with qtbot.waitSignal(dlg.accepted, timeout=3000):
        qtbot.mouseClick(dlg.finish_button, Qt.MouseButton.LeftButton)
    assert [d.name for d in app.org.departments()] == ["一部", "二部"]


def test_demo_button_asks_for_the_demo_office(qtbot, app):
    dlg = SetupDialog(app)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.accepted, timeout=3000):
        qtbot.mouseClick(dlg.demo_button, Qt.MouseButton.LeftButton)
    assert dlg.wants_demo and dlg.actor is None
    assert not app.auth.has_users()
