"""The main window: the tabs the user's role may use, menus, status bar, the deadline sweep.

Tabs come from ui/tabs.TABS; a tab whose module has not landed is not shown at all. Only the tab
the role lands on is built at start; the others are imported and built when first opened. The window only arranges things: every tab gets the UiContext and talks to services.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import i18n
from ui.context import Change, UiContext
from ui.labels import role_label, tab_title
from ui.lock import PasswordDialog, install_session_lock
from ui.resources import app_version
from ui.tabs import LANDING, TABS, TabSpec
from ui.worker import Job, run_in_pool

log = logging.getLogger(__name__)

SWEEP_INTERVAL_MS = 10 * 60 * 1000
GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # its package is missing
        return False


def tabs_for(role: str, specs: list[TabSpec] | None = None) -> list[TabSpec]:
    """The registered tabs this role may use, in registry order."""
    return [t for t in (TABS if specs is None else specs) if role in t.roles]


class MainWindow(QMainWindow):
    sweepFinished = Signal(int)  # customers whose snapshot a sweep updated

    def __init__(
        self, ctx: UiContext, *, start_sweep: bool = True, lock_session: bool = True, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("MainWindow")
        office = ctx.services.settings.office_name()
        self.setWindowTitle(self.tr("客源管家 — %1").replace("%1", office))
        ctx.bus.changed.connect(self.on_changed)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tab_keys: list[str] = []
        self._build_tabs()
        self.saved_bar = SavedBar(self)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.saved_bar)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        self.resize(1200, 780)
        self._restore_geometry()

        # Inactivity lock (ui/lock.py): nobody passing the desk reads the cards of an absent user.
        self.session_lock = install_session_lock(self, ctx) if lock_session else None

        self._sweep_job: Job | None = None
        self.sweep_timer = QTimer(self)
        self.sweep_timer.setInterval(SWEEP_INTERVAL_MS)
        self.sweep_timer.timeout.connect(self.on_sweep_due)
        if start_sweep:
            self.sweep_timer.start()
            QTimer.singleShot(0, self.on_sweep_due)

    # --- tabs -------------------------------------------------------------------------------
    def _build_tabs(self) -> None:
        """The landing tab is built now; the others when first opened (start-up time: each tab's
        module, its data and, for some, reportlab cost a user who may never open them)."""
        self._pending: dict[str, TabSpec] = {}
        landing = LANDING.get(self.ctx.actor.role)
        for spec in tabs_for(self.ctx.actor.role):
            if not _module_exists(spec.module):
                continue  # that tab's work (its module or its package) has not landed yet: not shown
            if spec.key == landing:
                widget = self._make_tab(spec)
            else:
                widget = QWidget()
                widget.setObjectName(f"pendingTab_{spec.key}")
                self._pending[spec.key] = spec
            self.tabs.addTab(widget, tab_title(spec.title))
            self.tab_keys.append(spec.key)
        if landing in self.tab_keys:
            self.tabs.setCurrentIndex(self.tab_keys.index(landing))
        self.tabs.currentChanged.connect(self._on_tab_opened)
        if self.tab_keys:  # the landing tab missing: whichever tab shows first is built now
            self._realize(self.tab_keys[self.tabs.currentIndex()])

    def _make_tab(self, spec: TabSpec) -> QWidget:
        module = importlib.import_module(spec.module)
        return getattr(module, spec.cls)(self.ctx, self)

    @Slot(int)
    def _on_tab_opened(self, index: int) -> None:
        if 0 <= index < len(self.tab_keys):
            widget = self._realize(self.tab_keys[index])
            # A tab that names where typing starts (前台查询: its search box) gets the keyboard when it is
            # opened, so the desk types a phone number straight after clicking the tab or pressing Ctrl+Tab.
            if widget.focusProxy() is not None:
                widget.setFocus(Qt.FocusReason.TabFocusReason)

    def _realize(self, key: str) -> QWidget:
        """The tab for ``key``, built now if it was still waiting to be opened."""
        index = self.tab_keys.index(key)
        spec = self._pending.pop(key, None)
        if spec is None:
            return self.tabs.widget(index)
        placeholder = self.tabs.widget(index)
        widget = self._make_tab(spec)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, tab_title(spec.title))
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(False)
        placeholder.deleteLater()
        return widget

    def show_saved(self, path: str, text: str) -> None:
        """One line under the tabs: where an exported file went, with a button to open its folder."""
        self.saved_bar.show_file(path, text)

    def tab_widget(self, key: str) -> QWidget | None:
        """The tab's widget (built if it had not been opened yet), or None when the role has no such tab."""
        return self._realize(key) if key in self.tab_keys else None

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.answer:
            self.statusBar().showMessage(change.answer)  # stays until the next message
        if "settings" in change.kinds:
            office = self.ctx.services.settings.office_name()
            self.setWindowTitle(self.tr("客源管家 — %1").replace("%1", office))

    # --- menus ------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        password_action = QAction(self.tr("修改密码(&P)…"), self)
        password_action.triggered.connect(self.on_change_password)
        file_menu.addAction(password_action)
        self.lock_action = QAction(self.tr("锁定(&L)"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.on_lock_now)
        file_menu.addAction(self.lock_action)
        from ui.office_move import can_move

        self.move_action: QAction | None = None
        if can_move(self.ctx):
            self.move_action = QAction(self.tr("搬到本店服务器(&M)…"), self)
            self.move_action.triggered.connect(self.on_move_to_server)
            file_menu.addAction(self.move_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("视图(&V)"))
        lang_menu = view_menu.addMenu(self.tr("语言(&L)"))
        group = QActionGroup(self)
        current = i18n.chosen_language()
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == current)
            action.setData(code)
            group.addAction(action)
            lang_menu.addAction(action)
            self.language_actions[code] = action
        group.triggered.connect(self.on_language_chosen)

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        # No key for 关于: F1 is the help of the tab in use (the intake screen lists its keys with it).
        about = QAction(self.tr("关于(&A)"), self)
        about.triggered.connect(self.on_about)
        help_menu.addAction(about)

    @Slot()
    def on_change_password(self) -> None:
        PasswordDialog(self.ctx, self).exec()

    @Slot()
    def on_move_to_server(self) -> None:
        from ui.application import data_dir
        from ui.office_move import OfficeMove

        self.office_move = OfficeMove(self.ctx, self, data_dir())
        self.office_move.start()

    def attach_server_banner(self, banner: QWidget) -> None:
        """The banner of an unreachable office server (ui.live) above the tabs."""
        tabs = self.takeCentralWidget()
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(banner)
        layout.addWidget(tabs, 1)
        self.setCentralWidget(box)

    @Slot()
    def on_lock_now(self) -> None:
        if self.session_lock is not None:
            self.session_lock.lock()

    @Slot(QAction)
    def on_language_chosen(self, action: QAction) -> None:
        code = action.data()
        if code == i18n.chosen_language():
            return
        i18n.store_language(code)
        QMessageBox.information(
            self,
            self.tr("界面语言"),
            self.tr("界面语言已改为 %1,下次启动程序时生效。").replace("%1", i18n.LANGUAGES[code]),
        )

    @Slot()
    def on_about(self) -> None:
        QMessageBox.about(self, self.tr("关于客源管家"), self.about_text())

    def about_text(self) -> str:
        return (
            self.tr("客源管家 — 会销客户资源管理")
            + "\n"
            + self.tr("版本 %1").replace("%1", app_version() or "?")
            + "\n"
            + self.tr("数据库:%1").replace("%1", self.ctx.db_label)
        )

    # --- status bar -------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        actor = self.ctx.actor
        self.user_label = QLabel(
            self.tr("用户:%1(%2)")
            .replace("%1", actor.display_name or actor.username)
            .replace("%2", role_label(actor.role))
        )
        self.user_label.setObjectName("statusUser")
        self.db_label = QLabel(self.tr("数据库:%1").replace("%1", self.ctx.db_label))
        self.db_label.setObjectName("statusDatabase")
        self.db_label.setToolTip(self.ctx.db_label)
        for label in (self.user_label, self.db_label):
            label.setContentsMargins(10, 0, 10, 0)
        # Permanent widgets: temporary messages (the sweep's) must not hide who is signed in.
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)

    # --- deadline sweep ---------------------------------------------------------------------
    @Slot()
    def on_sweep_due(self) -> None:
        """Apply passed deadlines in the background; a sweep still running is not doubled."""
        if self._sweep_job is not None and self._sweep_job.running:
            return
        self._sweep_job = run_in_pool(
            self.ctx.services.timeline.sweep,
            self.ctx.actor,
            writes=True,
            cancellable=True,
            on_done=self.on_sweep_done,
            on_error=self.on_sweep_failed,
        )

    @Slot(object)
    def on_sweep_done(self, updated: int) -> None:
        if updated:
            self.ctx.announce(Change(frozenset({"ownership"}), source=self))
            self.statusBar().showMessage(self.tr("已按期限更新 %1 位顾客的归属。").replace("%1", str(updated)), 8000)
        self.sweepFinished.emit(int(updated or 0))

    @Slot(object)
    def on_sweep_failed(self, exc: BaseException) -> None:
        # A background check should not interrupt the user with a box every 10 minutes.
        log.error("deadline sweep failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.statusBar().showMessage(self.tr("期限检查未完成,将在稍后重试。"), 8000)

    # --- geometry ---------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value(STATE_KEY)
        if state is not None:
            self.restoreState(state)

    def save_geometry(self) -> None:
        settings = QSettings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.sweep_timer.stop()
        if self._sweep_job is not None and self._sweep_job.running:
            self._sweep_job.cancel()
        self.save_geometry()
        super().closeEvent(event)


class SavedBar(QFrame):
    """The line under the tabs after an export: "已导出到 …" · 打开文件夹 · ×."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("savedBar")
        self.setStyleSheet("#savedBar { background: #eef6ee; border-top: 1px solid #b9d8b9; }")
        self.path = ""
        self.label = QLabel(self)
        self.label.setObjectName("savedText")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("打开文件夹"), self)
        self.open_button.setObjectName("openSavedFolder")
        close = QToolButton(self)
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("关闭这条提示"))
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.open_button)
        row.addWidget(close)
        self.open_button.clicked.connect(self.on_open)
        close.clicked.connect(self.hide)
        self.hide()

    def show_file(self, path: str, text: str) -> None:
        self.path = path
        self.label.setText(text)
        self.label.setToolTip(path)
        self.show()

    @Slot()
    def on_open(self) -> None:
        from ui.files import open_folder_of

        open_folder_of(self.path)
