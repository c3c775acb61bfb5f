"""One Excel export off the GUI thread: a cancellable progress dialog, the button disabled meanwhile,
the outcome handed back to the tab. Used by the tabs whose export is one service call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from ui import files
from ui.errors import show_error
from ui.worker import Job, run_in_pool


def ask_xlsx_path(parent: QWidget, title: str, default_name: str) -> str | None:
    """The save dialog for an .xlsx (the suffix added when typed without it); None when cancelled."""
    filter_ = QCoreApplication.translate("ExportJob", "Excel 工作簿 (*.xlsx)")
    return files.ask_save(parent, "exports", title, default_name, filter_, ".xlsx") or None


class ExportRunner:
    """Runs ``fn(*args)`` with ``cancelled``/``progress`` on a pool thread for ``owner``'s ``button``."""

    def __init__(self, owner: QWidget, button: QPushButton):
        self.owner, self.button = owner, button
        self.progress: QProgressDialog | None = None
        self.job: Job | None = None
        self._label, self._total = "", 0

    def start(
        self,
        fn: Callable[..., Any],
        *args: Any,
        path: str,
        label: str,
        on_done: Callable[[str, int], None],
        total: int = 0,
        writes: bool = False,
    ) -> Job:
        """``total`` > 0 shows a bar (progress reports rows written); 0 shows the running count."""
        self._label, self._total = label, total
        self.progress = QProgressDialog(label, QCoreApplication.translate("ExportJob", "取消"), 0, total, self.owner)
        self.progress.setWindowTitle(QCoreApplication.translate("ExportJob", "导出"))
        self.progress.setMinimumDuration(500)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.button.setEnabled(False)
        job = run_in_pool(
            fn,
            *args,
            writes=writes,
            cancellable=True,
            on_done=lambda n: self._finish(on_done, path, n),
            on_error=self._fail,
            on_progress=self._on_progress,
        )
        self.progress.canceled.connect(job.cancel)
        self.job = job
        return job

    def _on_progress(self, done: object) -> None:
        if self.progress is None or not isinstance(done, int):
            return
        if self._total:
            self.progress.setValue(min(done, self.progress.maximum()))
        else:
            self.progress.setLabelText(
                QCoreApplication.translate("ExportJob", "%1 已写 %2 行")
                .replace("%1", self._label)
                .replace("%2", str(done))
            )

    def _end(self) -> None:
        self.button.setEnabled(True)
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _finish(self, on_done: Callable[[str, int], None], path: str, count: int) -> None:
        self._end()
        on_done(path, count)
        # The tab says what was exported; the main window's line under the tabs says where, with the folder.
        show = getattr(self.owner.window(), "show_saved", None)
        if callable(show):
            show(path, QCoreApplication.translate("ExportJob", "已导出到 %1").replace("%1", path))

    def _fail(self, exc: BaseException) -> None:
        self._end()
        show_error(self.owner, exc)
