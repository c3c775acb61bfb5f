"""导出 Excel… for the card list: what is shown (query, sort, visible columns in their order) to .xlsx.

The export walks every matching card through the service (not the rows the view has loaded),
off the GUI thread, with a progress dialog whose 取消 stops it and leaves no file behind.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QProgressDialog, QWidget

from services.customers import export as customer_export
from services.customers.search import CustomerQuery
from services.output.export import ExportCancelled
from ui import files
from ui.context import UiContext
from ui.errors import show_error
from ui.worker import Job, run_in_pool

#: The service's column key of each list column, by the model's COL_* index.
COLUMN_KEYS = tuple(c.key for c in customer_export.COLUMNS)


def shown_columns(header: QHeaderView) -> list[int]:
    """The logical columns the user sees, left to right (moved and hidden ones as on screen)."""
    out = []
    for visual in range(header.count()):
        logical = header.logicalIndex(visual)
        if not header.isSectionHidden(logical):
            out.append(logical)
    return out


class ListExport(QObject):
    """One export of the card list at a time, owned by the tab."""

    finished = Signal(str, int)  # path, rows (after success only)

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(parent)
        self.ctx = ctx
        self.widget = parent
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self.total: int | None = None

    def ask_path(self) -> str:
        return files.ask_save(
            self.widget, "exports", self.tr("导出顾客档案"), self.tr("顾客档案") + ".xlsx",
            self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx",
        )  # fmt: skip

    def start(
        self, query: CustomerQuery, columns: list[int], titles: list[str], path: str, total: int | None = None
    ) -> Job | None:
        """Export ``query`` with the list columns ``columns`` (COL_* in shown order) to ``path``."""
        if self.job is not None and self.job.running:
            return None
        self.total = total
        self.progress = QProgressDialog(self._label(0), self.tr("取消"), 0, max(total or 0, 0), self.widget)
        self.progress.setWindowTitle(self.tr("导出"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        # On the read pool, not the single write pool: a 100,000-card export takes ~15 s and must
        # not hold up the clerks' saves. Its one write (the audit row at the end) waits out any
        # other write through SQLite's busy timeout.
        self.job = run_in_pool(
            customer_export.export_list,
            self.ctx.services,
            self.ctx.actor,
            query,
            [COLUMN_KEYS[c] for c in columns],
            path,
            titles=titles,
            cancellable=True,
            on_done=lambda n: self.on_done(path, n),
            on_error=self.on_failed,
            on_progress=self.on_progress,
        )
        self.progress.canceled.connect(self.job.cancel)
        return self.job

    def _label(self, done: int) -> str:
        if self.total:
            return self.tr("正在导出顾客档案… %1 / %2 条").replace("%1", f"{done:,}").replace("%2", f"{self.total:,}")
        return self.tr("正在导出顾客档案… 已写 %1 条").replace("%1", f"{done:,}")

    def on_progress(self, done: object) -> None:
        if self.progress is not None and isinstance(done, int):
            self.progress.setLabelText(self._label(done))
            if self.total:
                self.progress.setValue(min(done, self.total))

    def _close(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def on_done(self, path: str, count: int) -> None:
        self._close()
        self.finished.emit(path, count)

    def on_failed(self, exc: BaseException) -> None:
        self._close()
        if isinstance(exc, ExportCancelled):
            return  # the user asked for it; nothing was written
        show_error(self.widget, exc)

    def tell_done(self, path: str, count: int) -> None:
        files.announce_saved(
            self.widget, path, self.tr("已导出 %1 张档案到 %2").replace("%1", f"{count:,}").replace("%2", path)
        )
