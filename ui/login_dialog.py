"""The login dialog: user name, password, Enter logs in; the service's reason is shown inline."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from services.app import Services
from services.office.permissions import Actor
from services.platform.errors import LoginFailed, ServiceError
from ui.errors import show_error

LAST_USER_KEY = "login/last_user"


class LoginDialog(QDialog):
    """Accepted once `services.office.auth.login` returns an actor (kept in ``self.actor``)."""

    def __init__(self, services: Services, office_name: str = "", hint: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("登录 — 客源管家"))

        title = QLabel(office_name or self.tr("客源管家"))
        title.setObjectName("officeTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("username")
        self.user_edit.setText(str(QSettings().value(LAST_USER_KEY, "") or ""))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        form = QFormLayout()
        form.addRow(self.tr("用户名(&U):"), self.user_edit)
        form.addRow(self.tr("密码(&P):"), self.password_edit)

        self.error_label = QLabel()
        self.error_label.setObjectName("loginError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()

        self.hint_label = QLabel(hint)
        self.hint_label.setObjectName("loginHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        self.hint_label.setVisible(bool(hint))

        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setDefault(True)
        buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.on_login)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        (self.password_edit if self.user_edit.text() else self.user_edit).setFocus()

    @Slot()
    def on_login(self) -> None:
        username = self.user_edit.text().strip()
        if not username:
            self._fail(self.tr("请填写用户名。"), self.user_edit)
            return
        try:
            self.actor = self.services.auth.login(username, self.password_edit.text())
        except LoginFailed as exc:
            self._fail(exc.message, self.password_edit)
            return
        except ServiceError as exc:
            show_error(self, exc)
            return
        QSettings().setValue(LAST_USER_KEY, username)
        self.accept()

    def _fail(self, message: str, focus: QLineEdit) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.password_edit.clear()
        focus.setFocus()
