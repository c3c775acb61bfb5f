"""The kiosk window of the front desk: large type, keyboard only, the lookup and nothing else.

Opened instead of the main window for the front-desk role or with ``main.py --front-desk``; it has
no menus and no tabs, so nothing but lookup, store visit, check-in, changing the desk's own
password (F2) and logging out (F10, for the next person at the desk) is reachable from it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import UiContext
from ui.frontdesk.panel import FrontDeskPanel
from ui.lock import PasswordDialog

KIOSK_POINT_SIZE = 18


def kiosk_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSize(KIOSK_POINT_SIZE)
    return font


_normal_font: QFont | None = None


def use_kiosk_type(on: bool = True) -> None:
    """The whole program in the kiosk's large type (``on``), or back to the normal type: a dialog or
    a message box is a window of its own and does not inherit the font of the window it belongs to,
    so the kiosk's own font alone would leave every message in small print. Called when the program
    opens the kiosk, and with False when a login at the kiosk PC opens the main window instead."""
    global _normal_font
    if _normal_font is None:
        _normal_font = QFont(QApplication.font())
    QApplication.setFont(kiosk_font(_normal_font) if on else _normal_font)


class FrontDeskWindow(QWidget):
    logout_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        office = ctx.services.settings.office_name()
        self.setWindowTitle(self.tr("%1 · 前台查询").replace("%1", office))
        font = kiosk_font(self.font())
        self.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        header = QLabel(
            self.tr("%1 前台 — 操作员:%2")
            .replace("%1", office)
            .replace("%2", ctx.actor.display_name or ctx.actor.username)
        )
        bold = QFont(font)
        bold.setPointSize(KIOSK_POINT_SIZE + 4)
        bold.setBold(True)
        header.setFont(bold)
        layout.addWidget(header)
        self.panel = FrontDeskPanel(ctx, self)
        self.panel.table.verticalHeader().setDefaultSectionSize(int(KIOSK_POINT_SIZE * 2.4))
        layout.addWidget(self.panel, 1)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.password_button = QPushButton(self.tr("F2 修改密码"))
        self.password_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays between search and hits
        self.password_button.clicked.connect(self.on_change_password)
        self.logout_button = QPushButton(self.tr("F10 退出登录"))
        self.logout_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.logout_button.clicked.connect(self.on_logout)
        bottom.addWidget(self.password_button)
        bottom.addWidget(self.logout_button)
        layout.addLayout(bottom)
        self.password_dialog: PasswordDialog | None = None
        self.setFocusProxy(self.panel)
        self.resize(1280, 800)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.panel.search.setFocus()

    def attach_server_banner(self, banner: QWidget) -> None:
        """The banner of an unreachable office server (ui.live) at the top of the kiosk."""
        self.layout().insertWidget(0, banner)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # F2 and F10 reach the window from the search box and the hits (neither uses them).
        if event.key() == Qt.Key.Key_F2:
            self.on_change_password()
        elif event.key() == Qt.Key.Key_F10:
            self.on_logout()
        else:
            super().keyPressEvent(event)

    @Slot()
    def on_change_password(self) -> None:
        dialog = PasswordDialog(self.ctx, self)
        dialog.setFont(self.font())
        dialog.finished.connect(lambda _r: self.panel.search.setFocus())
        self.password_dialog = dialog
        dialog.open()

    @Slot()
    def on_logout(self) -> None:
        """Clear what the desk was looking at and hand the PC to the next login."""
        self.panel.on_escape()
        self.logout_requested.emit()
