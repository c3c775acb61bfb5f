"""First start on an empty database: office name, first administrator, departments — or the demo.

Each step is its own service call. If a later step is refused (say a department name is too long),
the steps already done are remembered and not repeated when the user corrects and retries.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from services.app import Services
from services.office.permissions import Actor
from services.platform.errors import ServiceError
from ui.errors import show_error


class SetupDialog(QDialog):
    """Accepted with ``self.actor`` (the new administrator), or with ``self.wants_demo`` True."""

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.actor: Actor | None = None
        self.wants_demo = False
        self._office_done = False
        self._departments_done: set[str] = set()
        self.setWindowTitle(self.tr("首次使用 — 设置办公室"))

        intro = QLabel(
            self.tr("数据库中还没有任何账户。请填写办公室名称和第一个管理员账户;也可以先打开演示办公室看看。")
        )
        intro.setWordWrap(True)

        self.office_edit = QLineEdit()
        self.office_edit.setObjectName("officeName")
        self.user_edit = QLineEdit("admin")
        self.user_edit.setObjectName("adminUser")
        self.display_edit = QLineEdit()
        self.display_edit.setObjectName("adminDisplay")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("adminPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2_edit = QLineEdit()
        self.password2_edit.setObjectName("adminPassword2")
        self.password2_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.departments_edit = QPlainTextEdit()
        self.departments_edit.setObjectName("departments")
        self.departments_edit.setPlaceholderText(self.tr("每行一个部门,例如:\n一部\n二部"))
        self.departments_edit.setTabChangesFocus(True)
        self.departments_edit.setFixedHeight(110)

        form = QFormLayout()
        form.addRow(self.tr("办公室名称(&O):"), self.office_edit)
        form.addRow(self.tr("管理员用户名(&U):"), self.user_edit)
        form.addRow(self.tr("管理员姓名(&N):"), self.display_edit)
        form.addRow(self.tr("密码(&P):"), self.password_edit)
        form.addRow(self.tr("再次输入密码(&A):"), self.password2_edit)
        form.addRow(self.tr("部门(&D):"), self.departments_edit)

        self.error_label = QLabel()
        self.error_label.setObjectName("setupError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()

        buttons = QDialogButtonBox()
        self.finish_button = buttons.addButton(self.tr("完成设置"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.finish_button.setDefault(True)
        self.demo_button = buttons.addButton(self.tr("打开演示办公室"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.on_finish)
        buttons.rejected.connect(self.reject)
        self.demo_button.clicked.connect(self.on_demo)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.office_edit.setFocus()

    def department_names(self) -> list[str]:
        """The departments typed, one per line, blank lines and repeats dropped, order kept."""
        seen: dict[str, None] = {}
        for line in self.departments_edit.toPlainText().splitlines():
            if line.strip():
                seen.setdefault(line.strip(), None)
        return list(seen)

    @Slot()
    def on_demo(self) -> None:
        self.wants_demo = True
        self.accept()

    @Slot()
    def on_finish(self) -> None:
        if self.actor is None:
            if self.password_edit.text() != self.password2_edit.text():
                self._fail(self.tr("两次输入的密码不一致。"), self.password2_edit)
                return
            if not self.office_edit.text().strip():
                # Checked before the account exists, so a retry never meets "already initialised".
                self._fail(self.tr("请填写办公室名称。"), self.office_edit)
                return
        try:
            if self.actor is None:
                self.actor = self.services.auth.create_first_admin(
                    self.user_edit.text(), self.password_edit.text(), self.display_edit.text()
                )
                self._lock_account_fields()
            if not self._office_done:
                self.services.settings.set(self.actor, "office.name", self.office_edit.text())
                self._office_done = True
            for name in self.department_names():
                if name not in self._departments_done:
                    self.services.org.create_department(self.actor, name)
                    self._departments_done.add(name)
        except ServiceError as exc:
            self._fail(exc.message, None)
            return
        except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
            show_error(self, exc)
            return
        self.accept()

    def _lock_account_fields(self) -> None:
        for w in (self.user_edit, self.display_edit, self.password_edit, self.password2_edit):
            w.setEnabled(False)
        self.demo_button.setEnabled(False)

    def _fail(self, message: str, focus: QWidget | None) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        if focus is not None:
            focus.setFocus()
