"""The administrator's 设置 tab driven like a user: departments, staff, users, office settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.ime import type_text
from ui.context import UiContext
from ui.settings.tab import SettingsTab
from ui.widgets import column_texts

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def shown(monkeypatch):
    """Message boxes the code under test showed, as (title, text), instead of blocking."""
    boxes: list[tuple[str, str]] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, **k: boxes.append((title, text)))
    return boxes


@pytest.fixture
def tab(qtbot, app, admin):
    ctx = UiContext(app, admin, "test.db")
    widget = SettingsTab(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_admin_adds_a_department_then_a_staff_member_who_appears_in_the_list(qtbot, app, tab, shown):
    depts = tab.show_page("departments")
    type_text(qtbot, depts.name_edit, "健康三部")
    click(qtbot, depts.add_button)
    assert column_texts(depts.table, 0) == ["健康三部"]
    assert depts.name_edit.text() == ""

    staff = tab.show_page("staff")
    # The new department reached the staff page through the change bus.
    assert staff.dept_combo.currentText() == "健康三部"
    type_text(qtbot, staff.name_edit, "孙丽")
    staff.position_combo.setCurrentIndex(staff.position_combo.findData("manager"))
    qtbot.keyClicks(staff.phone_edit, "13800001111")
    click(qtbot, staff.add_button)
    assert shown == []
    assert column_texts(staff.table, 0) == ["孙丽"]
    assert column_texts(staff.table, 2) == ["部门经理"]
    assert [(s.name, s.department_name, s.position) for s in app.org.staff()] == [("孙丽", "健康三部", "manager")]
    # And the department list now counts one active staff member.
    assert column_texts(depts.table, 1) == ["1"]


def test_enter_in_the_name_field_adds_the_department(qtbot, app, tab, shown):
    depts = tab.show_page("departments")
    type_text(qtbot, depts.name_edit, "一部")
    qtbot.keyClick(depts.name_edit, Qt.Key.Key_Return)
    assert [d.name for d in app.org.departments()] == ["一部"]


def test_a_duplicate_department_shows_the_service_message(qtbot, app, admin, tab, shown):
    app.org.create_department(admin, "一部")
    depts = tab.show_page("departments")
    depts.refresh()
    type_text(qtbot, depts.name_edit, "一部")
    click(qtbot, depts.add_button)
    assert shown == [("输入有误", "部门“一部”已存在。")]
    assert column_texts(depts.table, 0) == ["一部"]


def test_staff_list_filters_by_department(qtbot, app, office, tab):
    staff = tab.show_page("staff")
    staff.refresh()
    staff.filter_combo.setCurrentIndex(staff.filter_combo.findData(office.d2))
    assert column_texts(staff.table, 0) == ["王五", "赵六"]
    staff.filter_combo.setCurrentIndex(0)  # 全部部门
    assert column_texts(staff.table, 0) == ["张三", "李四", "王五", "赵六"]


def test_admin_adds_a_user_linked_to_a_staff_member_who_can_then_log_in(qtbot, app, office, tab, shown):
    users = tab.show_page("users")
    users.refresh()
    qtbot.keyClicks(users.username_edit, "zhang")
    users.role_combo.setCurrentIndex(users.role_combo.findData("staff"))
    users.staff_combo.setCurrentIndex(users.staff_combo.findData(office.s1))
    # Choosing the staff member brought their department along.
    assert users.dept_combo.currentData() == office.d1
    qtbot.keyClicks(users.password_edit, "zhang123")
    qtbot.keyClicks(users.password2_edit, "zhang123")
    click(qtbot, users.add_button)
    assert shown == []
    assert "zhang" in column_texts(users.table, 0)
    actor = app.auth.login("zhang", "zhang123")
    assert (actor.role, actor.staff_id, actor.department_id) == ("staff", office.s1, office.d1)


def test_reset_password_unlocks_and_sets_the_new_password(qtbot, app, office, tab, shown, monkeypatch):
    from ui.settings import users as settings_users

    app.auth.create_user(office.admin, "li", "oldpass1", "staff", staff_id=office.s2)
    users = tab.show_page("users")
    users.refresh()
    row = column_texts(users.table, 0).index("li")
    users.table.selectRow(row)

    def fake_exec(dialog):
        dialog.first.setText("newpass1")
        dialog.second.setText("newpass1")
        dialog.on_ok()
        return dialog.result()

    monkeypatch.setattr(settings_users.ResetPasswordDialog, "exec", fake_exec)
    click(qtbot, users.reset_button)
    assert shown == []
    assert app.auth.login("li", "newpass1").username == "li"


def test_office_page_saves_name_and_lock_minutes(qtbot, app, tab, shown):
    office_page = tab.show_page("office")
    office_page.name_edit.clear()
    type_text(qtbot, office_page.name_edit, "幸福路门店")
    office_page.lock_spin.setValue(30)
    with qtbot.waitSignal(tab.ctx.bus.changed, timeout=1000) as sig:
        click(qtbot, office_page.save_button)
    assert "settings" in sig.args[0].kinds
    assert app.settings.office_name() == "幸福路门店"
    assert app.settings.get("session.lock_minutes") == 30


def test_an_empty_office_name_is_refused_and_nothing_is_saved(qtbot, app, tab, shown):
    office_page = tab.show_page("office")
    office_page.lock_spin.setValue(45)
    office_page.name_edit.clear()
    click(qtbot, office_page.save_button)
    assert shown == [("输入有误", "请填写办公室名称。")]
    assert app.settings.get("session.lock_minutes") == 15  # both settings or neither


def test_staff_leaving_sends_their_customers_to_the_pool(qtbot, app, office, tab, shown, monkeypatch):
    from services.rules.model import POOL

    customer = app.customers.create(office.admin, "顾客乙", ["13900000002"]).id
    app.timeline.register(office.admin, customer, office.s1, "kepu")
    staff = tab.show_page("staff")
    staff.refresh()
    staff.table.selectRow(column_texts(staff.table, 0).index("张三"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, staff.leave_button)
    with qtbot.waitSignal(staff.leave_job.finished, timeout=10000):
        pass
    assert shown == [("办理离职", "张三 已离职,1 位顾客转入公司资源池。")]
    assert "张三" not in column_texts(staff.table, 0)
    assert app.timeline.verdict(customer).owner == POOL
    staff.show_left.setChecked(True)
    assert column_texts(staff.table, 4)[column_texts(staff.table, 0).index("张三")] == "2026-03-01"


def test_leaving_asks_first_and_no_means_nothing_changes(qtbot, app, office, tab, shown, monkeypatch):
    staff = tab.show_page("staff")
    staff.refresh()
    staff.table.selectRow(column_texts(staff.table, 0).index("李四"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    click(qtbot, staff.leave_button)
    assert staff.leave_job is None
    assert app.org.get_staff(office.s2).active
