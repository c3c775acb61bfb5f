"""First start on a PC: 单机使用 / 本机作为本店服务器 / 连接本店服务器 (issue 22).

Shown once, when the PC has neither a remembered choice nor an office database; the choice is
kept per PC (services.platform.office_setup). A wrong connection code is said in the dialog and
nothing is saved.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from services.platform.errors import ServiceError
from services.platform.office_setup import OfficeChoice


class OfficeChoiceDialog(QDialog):
    """Accepted with ``self.choice``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.choice: OfficeChoice | None = None
        self.setWindowTitle(self.tr("首次使用 — 这台电脑怎么用"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("请选择这台电脑的用法(以后可以在设置里更改)。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.single = QRadioButton(self.tr("单机使用(&S):只有这一台电脑用本程序"))
        self.server = QRadioButton(self.tr("本机作为本店服务器(&V):店里其他电脑连接这台电脑"))
        self.client = QRadioButton(self.tr("连接本店服务器(&C):输入服务器电脑上显示的连接码"))
        self.group = QButtonGroup(self)
        for b in (self.single, self.server, self.client):
            self.group.addButton(b)
            layout.addWidget(b)
        self.single.setChecked(True)
        self.code = QLineEdit()
        self.code.setObjectName("connectionCode")
        self.code.setPlaceholderText(self.tr("连接码,例如 KY-AF7Q-AAAB-…"))
        self.code.setEnabled(False)
        layout.addWidget(self.code)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.client.toggled.connect(self.code.setEnabled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @Slot()
    def on_ok(self) -> None:
        try:
            if self.server.isChecked():
                self.choice = OfficeChoice("server")
            elif self.client.isChecked():
                self.choice = OfficeChoice("client", self.code.text().strip())
            else:
                self.choice = OfficeChoice("single")
        except ServiceError as exc:
            self.message.setText(exc.message)
            self.code.setFocus()
            self.code.selectAll()
            return
        self.accept()
