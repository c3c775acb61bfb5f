"""Sessions: lock the window after inactivity, unlock with the password, change the password.

`install_session_lock(window, ctx)` watches every key press, click, wheel turn and mouse move of
the application; after ``session.lock_minutes`` (an office setting) without any, the window is
covered (nobody passing the desk can read a customer card) and a dialog asks the same user for
the password. The check goes through services.office.auth.login, so wrong passwords count towards the
5-failure lockout like any login.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.platform.errors import ServiceError
from ui.context import Change, UiContext

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def _error_palette(label: QLabel) -> None:
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor("#b00020"))
    label.setPalette(pal)


class LockOverlay(QWidget):
    """An opaque cover over the whole window while it is locked."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor("#2b3440"))
        pal.setColor(QPalette.ColorRole.WindowText, QColor("#ffffff"))
        self.setPalette(pal)
        layout = QVBoxLayout(self)
        text = QLabel(self.tr("已锁定,请输入密码继续"))
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = text.font()
        font.setPointSize(font.pointSize() + 8)
        text.setFont(font)
        layout.addWidget(text)
        self.hide()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()


class LockDialog(QDialog):
    """Asks the locked-out user for the password; Esc does not close it."""

    unlocked = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._quitting = False
        self.setWindowTitle(self.tr("会话已锁定"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        name = ctx.actor.display_name or ctx.actor.username
        intro = QLabel(self.tr("长时间无操作,已锁定。请 %1 输入密码继续。").replace("%1", name))
        intro.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        _error_palette(self.message)
        self.unlock_button = QPushButton(self.tr("解锁"))
        self.unlock_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("退出程序"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.unlock_button.clicked.connect(self.on_unlock)
        self.password.returnPressed.connect(self.on_unlock)
        self.quit_button.clicked.connect(self.on_quit)
        self.setMinimumWidth(380)

    @Slot()
    def on_unlock(self) -> None:
        try:
            self.ctx.services.auth.login(self.ctx.actor.username, self.password.text())
        except ServiceError as exc:
            self.message.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.message.clear()
        self.accept()
        self.unlocked.emit()

    @Slot()
    def on_quit(self) -> None:
        # Qt cancels quit() when a window refuses to close, so this dialog must let itself go first.
        self._quitting = True
        QApplication.closeAllWindows()
        QApplication.quit()

    def reject(self) -> None:
        # Esc and the close button must not unlock; only the password (or quitting) ends the lock.
        if self._quitting:
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)


class SessionLock(QObject):
    """Locks ``window`` after the configured minutes without any input in the application."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget, ctx: UiContext, interval_ms: int | None = None):
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self._fixed_ms = interval_ms
        self.overlay = LockOverlay(window)
        self.dialog: LockDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.apply_setting()
        ctx.bus.changed.connect(self.on_changed)
        QApplication.instance().installEventFilter(self)
        window.destroyed.connect(self._uninstall)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.overlay.isVisible()

    def apply_setting(self) -> None:
        if self._fixed_ms is not None:
            self.timer.setInterval(self._fixed_ms)
            return
        minutes = int(self.ctx.services.settings.get("session.lock_minutes"))
        self.timer.setInterval(max(1, minutes) * 60_000)

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if "settings" in change.kinds:
            self.apply_setting()
            if not self.is_locked:
                self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and not self.is_locked:
            self.timer.start()  # restarts the countdown
        return False

    @Slot()
    def lock(self) -> None:
        if self.is_locked:
            return
        self.timer.stop()
        self.overlay.cover()
        self.dialog = LockDialog(self.ctx, self.window)
        self.dialog.unlocked.connect(self.on_unlocked)
        self.dialog.open()
        self.dialog.password.setFocus()
        self.locked.emit()

    @Slot()
    def on_unlocked(self) -> None:
        self.overlay.hide()
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.timer.start()
        self.unlocked.emit()

    @Slot()
    def _uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def install_session_lock(window: QWidget, ctx: UiContext, interval_ms: int | None = None) -> SessionLock:
    """Lock ``window`` after ``session.lock_minutes`` without input; keep the returned object alive
    (it is parented to ``window``). ``interval_ms`` overrides the setting (tests)."""
    return SessionLock(window, ctx, interval_ms)


class PasswordDialog(QDialog):
    """修改密码: the old password, the new one twice; Enter saves, Esc cancels."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("修改密码"))
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.again = QLineEdit()
        form = QFormLayout()
        for label, edit in (
            (self.tr("原密码(&O):"), self.old),
            (self.tr("新密码(&N):"), self.new),
            (self.tr("再输一次(&A):"), self.again),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, edit)
        self.message = QLabel()
        self.message.setWordWrap(True)
        _error_palette(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    @Slot()
    def on_save(self) -> None:
        if self.new.text() != self.again.text():
            self.message.setText(self.tr("两次输入的新密码不一致。"))
            self.again.setFocus()
            return
        try:
            self.ctx.services.auth.change_password(self.ctx.actor, self.old.text(), self.new.text())
        except ServiceError as exc:
            self.message.setText(exc.message)
            return
        self.accept()
