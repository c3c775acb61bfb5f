"""设置 → 备份与恢复 on the PC that is the office server (issue 22): the server's pg_dump backups, 立即备份,
and 恢复 from a chosen backup — off the GUI thread with its steps shown, the current data dumped first,
the restored data counted against the backup before it takes the office's place. Other PCs keep the
plain page (services.platform.backup_admin says there where backups are made)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QProgressDialog, QPushButton, QVBoxLayout, QWidget

from services.platform import office_setup
from services.platform.errors import ServiceError, ValidationError
from services.platform.server_backup import RESTORE_STEPS
from ui import files
from ui.context import UiContext
from ui.errors import show_error
from ui.worker import Job, run_in_pool


def this_pc_server():
    """This PC's office server when the PC was set up as the server (office.json), else None."""
    from ui.application import data_dir  # the start-up module; imported late, as the main window does

    try:
        choice = office_setup.load(data_dir())
    except ServiceError:
        return None
    return office_setup.server_of(data_dir()) if choice is not None and choice.mode == "server" else None


class ServerBackupPage(QWidget):
    def __init__(self, ctx: UiContext, server, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.server = server
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        from ui.widgets import make_table

        self.table = make_table([self.tr("备份时间"), self.tr("文件"), self.tr("大小"), self.tr("行数")], self)
        self.backup_button = QPushButton(self.tr("立即备份"), self)
        self.restore_button = QPushButton(self.tr("恢复所选备份…"), self)
        self.other_button = QPushButton(self.tr("从其他文件恢复…"), self)
        note = QLabel(
            self.tr(
                "本机是本店服务器。服务器每天自动备份一次,每份备份都先试着恢复一遍、核对过才保留;"
                "保留最近 30 天每天一份、最近 12 个月每月一份。恢复前会先把当前的数据另存一份;"
                "恢复期间其他电脑会显示“连不上本店服务器”,恢复后请所有电脑重新启动程序。"
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
        self.step_labels = (  # services.platform.server_backup.RESTORE_STEPS, as the window says them
            self.tr("保存当前数据"),
            self.tr("从备份恢复"),
            self.tr("核对恢复的数据"),
            self.tr("换上恢复的数据"),
        )
        self.files: list = []
        self.refresh()

    def refresh(self) -> None:
        from ui.widgets import fill_table

        admin = self.ctx.services.server_backup
        try:
            folder = admin.folder(self.ctx.actor, self.server)
            self.where.setText(self.tr("本店服务器的备份文件夹:%1").replace("%1", str(folder)))
            self.files = admin.list(self.ctx.actor, self.server)
        except ServiceError as exc:
            self.where.setText(exc.message)
            self.files = []
            for b in (self.backup_button, self.restore_button, self.other_button):
                b.setEnabled(False)
        fill_table(
            self.table,
            (
                (i, (f"{b.taken_at:%Y-%m-%d %H:%M:%S}", b.path.name, f"{b.size // 1024} KB", str(b.rows)))
                for i, b in enumerate(self.files)
            ),
        )

    def _busy(self, text: str, steps: int = 0) -> QProgressDialog:
        dialog = QProgressDialog(text, "", 0, steps, self)
        dialog.setWindowTitle(self.tr("本店服务器"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.show()
        return dialog

    def _finished(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self.job = None

    @Slot()
    def on_backup(self) -> None:
        self.progress = self._busy(self.tr("正在备份本店服务器并核对备份……"))
        self.progress.setCancelButton(None)
        self.job = run_in_pool(
            self.ctx.services.server_backup.backup_now,
            self.ctx.actor,
            self.server,
            on_done=self.on_backed_up,
            on_error=self.on_failed,
            writes=True,
        )

    def on_backed_up(self, made) -> None:
        self._finished()
        self.refresh()
        QMessageBox.information(
            self,
            self.tr("已备份"),
            self.tr("已备份并核对:%1(%2 行)").replace("%1", str(made.path)).replace("%2", str(made.rows)),
        )

    def on_failed(self, exc: BaseException) -> None:
        self._finished()
        self.refresh()
        show_error(self, exc)

    @Slot()
    def on_restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, self.tr("恢复"), self.tr("请先选中一份备份。"))
            return
        self.restore(str(self.files[rows[0].row()].path))

    @Slot()
    def on_restore_other(self) -> None:
        path = files.ask_open(self, "imports", self.tr("选择本店服务器的备份文件"), self.tr("服务器备份 (*.dump)"))
        if path:
            self.restore(path)

    def restore(self, path: str) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("恢复本店服务器"),
            self.tr(
                "用备份 %1 替换本店服务器上现在的全部数据?\n\n"
                "现在的数据会先另存一份;恢复期间店里其他电脑暂时连不上服务器。"
                "恢复完成后程序将关闭,请所有电脑重新启动程序。"
            ).replace("%1", path),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.progress = self._busy(self.tr("正在恢复本店服务器……"), len(RESTORE_STEPS))
        self.progress.setCancelButtonText(self.tr("取消"))
        admin, actor, server = self.ctx.services.server_backup, self.ctx.actor, self.server

        def work(progress, cancelled):
            def step(number: int, text: str) -> None:
                # Cancel is taken between steps, before the restored data takes the office's place.
                if cancelled():
                    raise ValidationError("restore", "已取消恢复,本店服务器上的数据没有改动。")
                progress((number, text))

            return admin.restore(actor, server, path, progress=step)

        self.job = run_in_pool(
            work,
            on_done=self.on_restored,
            on_error=self.on_failed,
            on_progress=self.on_step,
            writes=True,
            cancellable=True,
        )
        self.progress.canceled.connect(self.job.cancel)

    def on_step(self, value) -> None:
        number, _text = value
        if self.progress is None:
            return
        if number == len(RESTORE_STEPS) - 1:
            self.progress.setCancelButton(None)  # the swap itself is not stopped half-way
        self.progress.setValue(number)
        self.progress.setLabelText(
            self.tr("正在恢复本店服务器:第 %1/%2 步,%3……")
            .replace("%1", str(number + 1))
            .replace("%2", str(len(RESTORE_STEPS)))
            .replace("%3", self.step_labels[number])
        )

    def on_restored(self, kept) -> None:
        self._finished()
        QMessageBox.information(
            self,
            self.tr("已恢复"),
            self.tr(
                "本店服务器已恢复,数据和备份核对一致。恢复前的数据保存在 %1。\n程序现在关闭,请所有电脑重新启动程序。"
            ).replace("%1", str(kept)),
        )
        window = self.window()
        if window is not None:
            window.close()
