"""The administrator's 设置 tab: 部门, 员工, 用户与角色, 办公室, 备份与恢复 — one page each, picked on the left."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from services.platform.errors import ServiceError
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.settings.backup import BackupPage
from ui.settings.org import DepartmentsPage, StaffPage
from ui.settings.users import UsersPage


class OfficePage(QWidget):
    """办公室: the office name (window title) and the inactivity lock, saved together."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("officeName")
        self.lock_spin = QSpinBox()
        self.lock_spin.setObjectName("lockMinutes")
        self.lock_spin.setRange(1, 24 * 60)
        self.lock_spin.setSuffix(self.tr(" 分钟"))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("saveOffice")
        form = QFormLayout()
        form.addRow(self.tr("办公室名称(&O):"), self.name_edit)
        form.addRow(self.tr("无操作自动锁定(&L):"), self.lock_spin)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.on_save)
        self.name_edit.returnPressed.connect(self.on_save)
        self.refresh()

    def refresh(self) -> None:
        settings = self.ctx.services.settings
        self.name_edit.setText(settings.get("office.name"))
        self.lock_spin.setValue(int(settings.get("session.lock_minutes")))

    @Slot()
    def on_save(self) -> None:
        try:
            self.ctx.services.settings.set_many(
                self.ctx.actor,
                {"session.lock_minutes": self.lock_spin.value(), "office.name": self.name_edit.text()},
            )
        except ServiceError as exc:
            show_error(self, exc)
            self.refresh()
            return
        self.ctx.announce(Change(frozenset({"settings"}), source=self))


def backup_page(ctx: UiContext) -> QWidget:
    """The SQLite file's backups, or — on the PC that is the office server — the server's."""
    if (ctx.db_label or "").startswith("postgresql"):
        from ui.settings.server_backup import ServerBackupPage, this_pc_server

        server = this_pc_server()
        if server is not None:
            return ServerBackupPage(ctx, server)
    return BackupPage(ctx)


class SettingsTab(QWidget):
    """Registered in ui/tabs.py for the administrator."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.pages: dict[str, QWidget] = {
            "departments": DepartmentsPage(ctx),
            "staff": StaffPage(ctx),
            "users": UsersPage(ctx),
            "office": OfficePage(ctx),
            "backup": backup_page(ctx),
        }
        titles = {
            "departments": self.tr("部门"),
            "staff": self.tr("员工"),
            "users": self.tr("用户与角色"),
            "office": self.tr("办公室"),
            "backup": self.tr("备份与恢复"),
        }
        self.nav = QListWidget()
        self.nav.setObjectName("settingsNav")
        self.nav.setStyleSheet("QListWidget#settingsNav::item { padding: 6px 10px; }")
        self.stack = QStackedWidget()
        for key, page in self.pages.items():
            self.nav.addItem(titles[key])
            self.stack.addWidget(page)
        self.nav.setFixedWidth(max(140, self.nav.sizeHintForColumn(0) + 32))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)

    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow(list(self.pages).index(key))
        return self.pages[key]
