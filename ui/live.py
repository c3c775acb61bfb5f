"""Live across PCs in the window: what other PCs record arrives on ``ctx.bus``, and a banner says when
the office server cannot be reached (issue 22).

`LiveBridge` owns a `services.platform.live.ChangeListener` (its own thread and connection); each
notification crosses to the GUI thread through a queued signal and is announced as a `Change`, so
every view redraws as if this PC had made the change. While the server is unreachable, every window
of the program shows one banner; the listener retries by itself, and the banner goes when it is
back. Nothing typed is lost: dialogs stay open, and a save that fails says so (ui.errors).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from services.platform.database import is_postgres_target
from services.platform.live import ChangeListener, LiveChange
from ui.context import Change, UiContext


class LiveBridge(QObject):
    arrived = Signal(object)  # LiveChange, emitted on the listener's thread
    reachable = Signal(bool)  # emitted on the listener's thread; connected queued to the GUI thread

    def __init__(self, ctx: UiContext, url: str, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.down = False
        self.listener = ChangeListener(url, self.arrived.emit, self.reachable.emit)
        self.arrived.connect(self._forward, Qt.ConnectionType.QueuedConnection)
        self.reachable.connect(self._on_reachable, Qt.ConnectionType.QueuedConnection)
        self.banners: list[ServerBanner] = []

    def start(self) -> bool:
        return self.listener.start(wait_s=3.0)

    def stop(self) -> None:
        global _bridge
        self.listener.stop()
        if _bridge is self:
            _bridge = None

    def banner_for(self, parent: QWidget) -> ServerBanner:
        banner = ServerBanner(parent)
        banner.setVisible(self.down)
        self.banners.append(banner)
        banner.destroyed.connect(lambda _o=None, b=banner: self.banners.remove(b) if b in self.banners else None)
        return banner

    @Slot(object)
    def _forward(self, change: LiveChange) -> None:
        self.ctx.announce(Change(change.kinds, change.customer_ids, source=self))

    @Slot(bool)
    def _on_reachable(self, up: bool) -> None:
        self.down = not up
        for b in list(self.banners):
            b.setVisible(self.down)
        if up:
            # What happened while this PC was cut off: every view reads again.
            self.ctx.announce(Change(frozenset({"customer", "ownership", "case", "meeting", "callback", "batch"})))


class ServerBanner(QLabel):
    """连不上本店服务器: one line across the top of a window, in red, until the server is back."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("serverBanner")
        self.setWordWrap(True)
        self.setText(
            self.tr(
                "连不上本店服务器,正在自动重试……已输入的内容会保留;连上之后请再保存一次。请检查服务器电脑是否开机、网线是否连好。"
            )
        )
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor("#b00020"))
        pal.setColor(QPalette.ColorRole.WindowText, QColor("#ffffff"))
        self.setPalette(pal)
        self.setMargin(8)
        self.hide()


_bridge: LiveBridge | None = None


def current_bridge() -> LiveBridge | None:
    return _bridge


def start_live(ctx: UiContext, target: str) -> LiveBridge | None:
    """Listen to the office server when the program runs on one (None for SQLite); windows opened
    afterwards get their banner (ui.application.open_window)."""
    global _bridge
    if not is_postgres_target(target):
        return None
    _bridge = LiveBridge(ctx, target)
    _bridge.start()
    return _bridge
