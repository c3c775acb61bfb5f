"""设置 → 备份与恢复: the backups of this database, 立即备份, and 恢复 from a chosen backup after a check."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from services.platform.errors import ServiceError
from ui import files
from ui.context import UiContext
from ui.errors import show_error
from ui.widgets import fill_table, make_table


class BackupPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self.table = make_table(
            [self.tr("备份时间"), self.tr("文件"), self.tr("大小")], self, self.tr("这个文件夹里还没有备份。")
        )
        self.backup_button = QPushButton(self.tr("立即备份"), self)
        self.restore_button = QPushButton(self.tr("恢复所选备份…"), self)
        self.other_button = QPushButton(self.tr("从其他文件恢复…"), self)
        note = QLabel(
            self.tr(
                "每天第一次启动时自动备份;保留最近 30 天每天一份、最近 12 个月每月一份。"
                "恢复前会先检查备份文件,并保留当前数据库的副本。恢复后请所有电脑重新启动程序。"
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.other_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.backup_button.clicked.connect(self.on_backup)
        self.restore_button.clicked.connect(self.on_restore_selected)
        self.other_button.clicked.connect(self.on_restore_other)
        self.files: list = []
        self.refresh()

    def refresh(self) -> None:
        admin = self.ctx.services.backup_admin
        try:
            self.where.setText(self.tr("备份文件夹:%1").replace("%1", str(admin.folder(self.ctx.actor))))
            self.files = admin.list(self.ctx.actor)
        except ServiceError as exc:
            self.where.setText(exc.message)
            self.files = []
            for b in (self.backup_button, self.restore_button, self.other_button):
                b.setEnabled(False)
        fill_table(
            self.table,
            (
                (i, (f"{b.taken_at:%Y-%m-%d %H:%M:%S}", b.path.name, f"{b.size // 1024} KB"))
                for i, b in enumerate(self.files)
            ),
        )

    @Slot()
    def on_backup(self) -> None:
        try:
            made = self.ctx.services.backup_admin.backup_now(self.ctx.actor)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.refresh()
        QMessageBox.information(self, self.tr("已备份"), self.tr("已备份到 %1").replace("%1", str(made.path)))

    @Slot()
    def on_restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, self.tr("恢复"), self.tr("请先选中一份备份。"))
            return
        self.restore(str(self.files[rows[0].row()].path))

    @Slot()
    def on_restore_other(self) -> None:
        path = files.ask_open(self, "imports", self.tr("选择备份文件"), self.tr("数据库备份 (*.db *.bak)"))
        if path:
            self.restore(path)

    def restore(self, path: str) -> None:
        admin = self.ctx.services.backup_admin
        try:
            admin.verify(self.ctx.actor, path)
        except ServiceError as exc:
            show_error(self, exc)
            return
        answer = QMessageBox.question(
            self,
            self.tr("恢复数据库"),
            self.tr("用 %1 替换当前数据库?当前数据库会先保留一份副本。恢复后程序将关闭,请重新启动。").replace(
                "%1", path
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            kept = admin.restore(self.ctx.actor, path)
        except ServiceError as exc:
            show_error(self, exc)
            return
        QMessageBox.information(
            self,
            self.tr("已恢复"),
            self.tr("数据库已恢复。原来的数据库保留在 %1。程序现在关闭,请重新启动。").replace("%1", str(kept)),
        )
        window = self.window()
        if window is not None:
            window.close()
