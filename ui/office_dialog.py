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
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from services.platform import discovery
from services.platform.errors import ServiceError
from services.platform.office_setup import OfficeChoice
from ui.worker import Job, run_in_pool


class OfficeChoiceDialog(QDialog):
    """Accepted with ``self.choice``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.choice: OfficeChoice | None = None
        self.setWindowTitle(self.tr("首次使用 — 这台电脑怎么用"))
        self.setMinimumWidth(560)
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
        self.find_button = QPushButton(self.tr("在局域网中查找本店服务器(&F)"))
        self.find_button.setEnabled(False)
        self.find_button.clicked.connect(self.on_find)
        layout.addWidget(self.find_button)
        self.found = QLabel()
        self.found.setWordWrap(True)
        layout.addWidget(self.found)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.client.toggled.connect(self.code.setEnabled)
        self.client.toggled.connect(self.find_button.setEnabled)
        self.find_job: Job | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @Slot()
    def on_find(self) -> None:
        """Which office servers answer on the LAN (zeroconf, a few seconds, off the GUI thread)."""
        self.find_button.setEnabled(False)
        self.found.setText(self.tr("正在查找……"))
        self.find_job = run_in_pool(discovery.find_servers, 3.0, on_done=self.on_found, on_error=self.on_find_failed)

    def on_found(self, servers: list) -> None:
        self.find_button.setEnabled(self.client.isChecked())
        if not servers:
            self.found.setText(self.tr("没有找到。请在服务器电脑上打开本程序,或直接输入那里显示的连接码。"))
            return
        listed = ";".join(f"{s.name}({s.host}:{s.port})" for s in servers)
        self.found.setText(self.tr("找到:%1。请输入该电脑上显示的连接码。").replace("%1", listed))

    def on_find_failed(self, exc: BaseException) -> None:
        self.find_button.setEnabled(self.client.isChecked())
        self.found.setText(self.tr("这台电脑不能在局域网中查找,请直接输入连接码。"))

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
