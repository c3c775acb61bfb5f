"""前台查询 as a tab of the main window (for every role that may look customers up)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.context import UiContext
from ui.frontdesk.panel import FrontDeskPanel


class FrontDeskTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.panel = FrontDeskPanel(ctx, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self.setFocusProxy(self.panel)
