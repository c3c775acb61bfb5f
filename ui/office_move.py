"""文件 → 搬到本店服务器…: the administrator moves this PC's SQLite office onto the office server made on
this PC (issue 22), from the window. The move runs in its own process off the GUI thread
(services.cli.server.move_in_another_process); the SQLite file stays as it is, as a backup. Afterwards
this PC is remembered as the office server and the program asks to be started again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from services.cli.server import move_in_another_process, server_code
from services.platform import office_setup
from ui.context import UiContext
from ui.errors import show_error
from ui.worker import Job, run_in_pool


def can_move(ctx: UiContext) -> bool:
    """Only the administrator, and only while the office is still a file on this PC."""
    label = ctx.db_label or ""
    return ctx.actor.role == "admin" and "://" not in label and label not in ("", ":memory:")


class OfficeMove(QObject):
    def __init__(self, ctx: UiContext, window: QWidget, data_dir):
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.data_dir = data_dir
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self.report = ""

    @Slot()
    def start(self) -> None:
        answer = QMessageBox.question(
            self.window,
            self.tr("搬到本店服务器"),
            self.tr(
                "把本机的办公室数据库搬到本机的本店服务器上,店里其他电脑就能同时使用。\n"
                "原来的数据库文件不会改动,留作备份。搬迁需要几分钟,期间请不要录入。继续吗?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        folder = office_setup.server_of(self.data_dir).folder
        self.progress = QProgressDialog(self.tr("正在搬到本店服务器……"), "", 0, 0, self.window)
        self.progress.setCancelButton(None)
        self.progress.setMinimumDuration(0)
        self.progress.show()
        self.job = run_in_pool(
            move_in_another_process, self.ctx.db_label, str(folder), on_done=self.on_done, on_error=self.on_error
        )

    def on_done(self, report: str) -> None:
        if self.progress is not None:
            self.progress.close()
        self.report = report
        office_setup.save(self.data_dir, office_setup.OfficeChoice("server"))
        code = server_code(office_setup.server_of(self.data_dir))
        QMessageBox.information(
            self.window,
            self.tr("搬到本店服务器"),
            self.tr(
                "%1\n\n请关闭程序再打开:本机以后作为本店服务器使用。其他电脑首次启动时选择“连接本店服务器”,输入连接码:\n%2"
            )
            .replace("%1", report.strip().splitlines()[0] if report.strip() else "")
            .replace("%2", code),
        )

    def on_error(self, exc: BaseException) -> None:
        if self.progress is not None:
            self.progress.close()
        show_error(self.window, exc)
