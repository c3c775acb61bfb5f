"""The kiosk window of the front desk: large type, keyboard only, the lookup and nothing else.

Opened instead of the main window for the front-desk role or with ``main.py --front-desk``; it has
no menus and no tabs, so nothing but lookup, store visit and check-in is reachable from it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import UiContext
from ui.frontdesk.panel import FrontDeskPanel

KIOSK_POINT_SIZE = 18


class FrontDeskWindow(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        office = ctx.services.settings.office_name()
        self.setWindowTitle(self.tr("%1 · 前台查询").replace("%1", office))
        font = QFont(self.font())
        font.setPointSize(KIOSK_POINT_SIZE)
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
        self.setFocusProxy(self.panel)
        self.resize(1280, 800)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.panel.search.setFocus()
