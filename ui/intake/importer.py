"""Excel import from the intake screen: the import off the GUI thread, and the report.

The preview (ui.intake.preview) chooses the options; the import then runs through
`ui.worker.run_in_pool` on the write pool with a progress dialog whose Cancel asks the service to stop
(nothing is then imported). The report lists every row not imported (row, column, reason); its export
holds those rows' original cells in the file's columns plus the reason, to fix and import again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.intake.importer import ImportReport, write_problem_rows
from services.platform.errors import ServiceError
from ui import files
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.worker import Job, run_in_pool


class ImportReportDialog(QDialog):
    """What happened: counts, and the rejected rows with their reasons; export to .xlsx."""

    def __init__(self, report: ImportReport, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("导入报告"))
        self.resize(760, 460)
        if report.committed:
            summary = self.tr("读取 %1 行,新建 %2 张档案,%5 张表并入已有档案;%3 行有问题,%4 行重复未导入。")
        else:
            summary = self.tr("读取 %1 行,没有导入任何档案(导入 %2);%3 行有问题,%4 行重复未导入。")
        counts = (report.rows_read, report.imported, report.rejected, len(report.skipped), report.attached)
        for i, n in enumerate(counts, start=1):
            summary = summary.replace(f"%{i}", str(n))
        if report.ignored_columns:
            summary += "\n" + self.tr("忽略的列:") + "、".join(report.ignored_columns)
        self.summary = QLabel(summary, objectName="importSummary")
        self.summary.setWordWrap(True)
        rows = sorted(
            [(p.row, p.field, p.reason) for p in report.problems] + [(d.row, "", d.reason) for d in report.skipped]
        )
        self.table = QTableWidget(len(rows), 3, objectName="problems")
        self.table.setHorizontalHeaderLabels([self.tr("行号"), self.tr("列"), self.tr("原因")])
        for r, row in enumerate(rows):
            for c, value in enumerate((str(row[0]), row[1], row[2])):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()  # the sheet's own row number is the first column
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.export = QPushButton(self.tr("导出问题行…"), objectName="exportProblems")
        self.export.setEnabled(bool(rows))
        self.export.clicked.connect(self.on_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.addButton(self.export, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def export_to(self, path: str) -> int:
        """The rows not imported, with their original cells and the reason (services.intake.importer)."""
        return write_problem_rows(self.report, path)

    @Slot()
    def on_export(self) -> None:
        path = files.ask_save(
            self, "exports", self.tr("导出问题行"), self.tr("导入问题行.xlsx"), "Excel (*.xlsx)", ".xlsx"
        )
        if path:
            try:
                self.export_to(path)
            except ServiceError as exc:
                show_error(self, exc)
                return
            # The line under the main window's tabs (this dialog is a window of its own).
            text = self.tr("问题行已导出到 %1").replace("%1", path)
            files.announce_saved(self.parentWidget() or self, path, text, box=False)


class ImportRunner(QObject):
    """Starts one import in the background and shows its progress and then its report."""

    reportReady = Signal(object)  # ImportReport

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.job: Job | None = None
        self.progress: QProgressDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.file_name = ""

    def start(self, path: str, **options) -> Job:
        """Import ``path`` with the preview's options (`ImportPreviewDialog.options`)."""
        self.file_name = Path(path).name
        self.progress = QProgressDialog(self.tr("正在检查表格…"), self.tr("取消"), 0, 0, self.parent_widget)
        self.progress.setWindowTitle(self.tr("导入 Excel"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.job = run_in_pool(
            self.ctx.services.importer.import_cards,
            self.ctx.actor,
            path,
            **options,
            writes=True,
            cancellable=True,
            on_done=self.on_done,
            on_error=self.on_error,
            on_progress=self.on_progress,
        )
        self.progress.canceled.connect(self.job.cancel)
        return self.job

    @Slot(object)
    def on_progress(self, value: object) -> None:
        phase, done, total = value  # type: ignore[misc]
        if self.progress is None:
            return
        label = self.tr("正在检查第 %1 行…") if phase == "read" else self.tr("正在保存第 %1 张档案…")
        self.progress.setLabelText(label.replace("%1", str(done)))
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, total))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    @Slot(object)
    def on_done(self, report: ImportReport) -> None:
        self._close_progress()
        if report.committed and (report.imported or report.attached):
            self.ctx.announce(Change(frozenset({"customer", "ownership"}), source=self))
        self.report_dialog = ImportReportDialog(report, self.file_name, self.parent_widget)
        self.report_dialog.open()
        self.reportReady.emit(report)

    @Slot(object)
    def on_error(self, exc: object) -> None:
        self._close_progress()
        show_error(self.parent_widget, exc)  # type: ignore[arg-type]
