"""设置 → 用户与角色: the accounts, a form to add one (role, linked staff member, department), reset a password."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.office.permissions import ROLES
from services.platform.errors import ServiceError
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.labels import role_label
from ui.widgets import fill_combo, fill_table, form_box, make_table, selected_id


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class ResetPasswordDialog(QDialog):
    """Asks for the new password twice; ``password()`` after it was accepted."""

    def __init__(self, username: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("重置密码"))
        self.first = _password_edit("resetPassword")
        self.second = _password_edit("resetPassword2")
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("用户:"), QLabel(username))
        form.addRow(self.tr("新密码(&P):"), self.first)
        form.addRow(self.tr("再次输入(&A):"), self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("重置后账户解除锁定,用户下次登录时应修改密码。")))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def password(self) -> str:
        return self.first.text()

    @Slot()
    def on_ok(self) -> None:
        if self.first.text() != self.second.text():
            self.error_label.setText(self.tr("两次输入的密码不一致。"))
            self.error_label.show()
            self.second.setFocus()
            return
        self.accept()


class UsersPage(QWidget):
    """用户与角色."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = make_table(
            [self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("关联员工"), self.tr("部门"), self.tr("状态")]
        )
        self.table.setObjectName("usersTable")
        self.reset_button = QPushButton(self.tr("重置所选用户的密码…"))
        self.reset_button.setObjectName("resetPassword")

        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("newUsername")
        self.display_edit = QLineEdit()
        self.display_edit.setObjectName("newDisplayName")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("newRole")
        for key in ROLES:
            self.role_combo.addItem(role_label(key), key)
        self.staff_combo = QComboBox()
        self.staff_combo.setObjectName("newUserStaff")
        self.dept_combo = QComboBox()
        self.dept_combo.setObjectName("newUserDepartment")
        self.password_edit = _password_edit("newPassword")
        self.password2_edit = _password_edit("newPassword2")
        self.add_button = QPushButton(self.tr("添加用户"))
        self.add_button.setObjectName("addUser")

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.reset_button)
        box, form = form_box(self.tr("添加用户"))
        form.addRow(self.tr("用户名(&U):"), self.username_edit)
        form.addRow(self.tr("姓名:"), self.display_edit)
        form.addRow(self.tr("角色(&R):"), self.role_combo)
        form.addRow(self.tr("关联员工:"), self.staff_combo)
        form.addRow(self.tr("部门:"), self.dept_combo)
        form.addRow(self.tr("密码:"), self.password_edit)
        form.addRow(self.tr("再次输入密码:"), self.password2_edit)
        form.addRow("", self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(top)
        layout.addWidget(box)

        self.add_button.clicked.connect(self.on_add)
        self.password2_edit.returnPressed.connect(self.on_add)
        self.reset_button.clicked.connect(self.on_reset)
        self.staff_combo.currentIndexChanged.connect(self.on_staff_chosen)
        ctx.bus.changed.connect(self.on_changed)
        self.refresh()

    def refresh(self, keep_id: int | None = None) -> None:
        org = self.ctx.services.org
        dept_names = {d.id: d.name for d in org.departments(include_inactive=True)}
        staff = org.staff()
        staff_dept = {s.id: s.department_id for s in staff}
        fill_combo(
            self.staff_combo, ((f"{s.name}({s.department_name})", s.id) for s in staff), none_text=self.tr("(无)")
        )
        fill_combo(self.dept_combo, ((d.name, d.id) for d in org.departments()), none_text=self.tr("(无)"))
        users = self.ctx.services.auth.list_users(self.ctx.actor)
        fill_table(
            self.table,
            (
                (
                    u.id,
                    (
                        u.username,
                        u.display_name,
                        role_label(u.role),
                        u.staff_name,
                        dept_names.get(u.department_id or staff_dept.get(u.staff_id), ""),
                        self._status(u),
                    ),
                )
                for u in users
            ),
            keep_id,
        )

    def _status(self, user) -> str:
        if not user.active:
            return self.tr("已停用")
        if user.locked_until is not None and user.locked_until > self.ctx.services.clock.now():
            return self.tr("已锁定至 %1").replace("%1", f"{user.locked_until:%H:%M}")
        return self.tr("正常")

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.source is not self and change.kinds & {"org", "users"}:
            self.refresh(selected_id(self.table))

    @Slot()
    def on_staff_chosen(self) -> None:
        # A linked staff member brings their department; the user may still change it.
        staff_id = self.staff_combo.currentData()
        if staff_id is None:
            return
        dept_id = self.ctx.services.org.get_staff(staff_id).department_id
        index = self.dept_combo.findData(dept_id)
        if index >= 0:
            self.dept_combo.setCurrentIndex(index)

    @Slot()
    def on_add(self) -> None:
        if self.password_edit.text() != self.password2_edit.text():
            show_error(self, ServiceError(self.tr("两次输入的密码不一致。")))
            self.password2_edit.setFocus()
            return
        try:
            info = self.ctx.services.auth.create_user(
                self.ctx.actor,
                self.username_edit.text(),
                self.password_edit.text(),
                self.role_combo.currentData(),
                display_name=self.display_edit.text(),
                staff_id=self.staff_combo.currentData(),
                department_id=self.dept_combo.currentData(),
            )
        except ServiceError as exc:
            show_error(self, exc)
            return
        for edit in (self.username_edit, self.display_edit, self.password_edit, self.password2_edit):
            edit.clear()
        self.username_edit.setFocus()
        self.ctx.announce(Change(frozenset({"users"}), source=self))
        self.refresh(info.id)

    @Slot()
    def on_reset(self) -> None:
        user_id = selected_id(self.table)
        if user_id is None:
            show_error(self, ServiceError(self.tr("请先在列表中选择一个用户。")))
            return
        dialog = ResetPasswordDialog(self.table.item(self.table.currentRow(), 0).text(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.ctx.services.auth.reset_password(self.ctx.actor, user_id, dialog.password())
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"users"}), source=self))
        self.refresh(user_id)
