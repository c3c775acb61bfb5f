"""Excel import from the intake screen: options, the import off the GUI thread, and the report.

The import runs through `ui.worker.run_in_pool` on the write pool with a progress dialog whose
Cancel asks the service to stop (nothing is then imported). The report lists every rejected row
(row, column, reason) and can be saved as .xlsx through services.output.export.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.intake.importer import ImportReport
from services.office.org import StaffInfo
from services.output.export import Column, write_xlsx
from services.platform.errors import ServiceError
from services.rules.model import CHANNEL_NAMES, CHANNELS
from ui import files
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.worker import Job, run_in_pool


class ImportOptionsDialog(QDialog):
    """Defaults for rows whose staff / channel cells are empty, and all-or-nothing."""

    def __init__(self, file_name: str, staff: list[StaffInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入 Excel"))
        self.staff = QComboBox(objectName="importStaff")
        self.staff.addItem(self.tr("不登记(只建档案)"), None)
        for s in staff:
            if s.active and s.left_at is None:
                self.staff.addItem(f"{s.name}({s.department_name})", s.id)
        self.channel = QComboBox(objectName="importChannel")
        for code in CHANNELS:
            self.channel.addItem(QCoreApplication.translate("Channels", CHANNEL_NAMES[code]), code)
        self.channel.setCurrentIndex(CHANNELS.index("scatter"))
        self.all_or_nothing = QCheckBox(self.tr("有任何问题行就全部不导入"), objectName="allOrNothing")
        form = QFormLayout()
        form.addRow(self.tr("文件"), QLabel(file_name))
        form.addRow(self.tr("表中未填员工时登记为"), self.staff)
        form.addRow(self.tr("表中未填渠道时记为"), self.channel)
        form.addRow(self.all_or_nothing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始导入"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class ImportReportDialog(QDialog):
    """What happened: counts, and the rejected rows with their reasons; export to .xlsx."""

    def __init__(self, report: ImportReport, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("导入报告"))
        self.resize(760, 460)
        if report.committed:
            summary = self.tr("读取 %1 行,导入 %2 张档案,%3 行有问题(其中重复 %4 行)。")
        else:
            summary = self.tr("读取 %1 行,没有导入任何档案(导入 %2);%3 行有问题(其中重复 %4 行)。")
        for i, n in enumerate((report.rows_read, report.imported, report.rejected, report.duplicates), start=1):
            summary = summary.replace(f"%{i}", str(n))
        if report.ignored_columns:
            summary += "\n" + self.tr("忽略的列:") + "、".join(report.ignored_columns)
        self.summary = QLabel(summary, objectName="importSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(report.problems), 3, objectName="problems")
        self.table.setHorizontalHeaderLabels([self.tr("行号"), self.tr("列"), self.tr("原因")])
        for r, p in enumerate(report.problems):
            for c, value in enumerate((str(p.row), p.field, p.reason)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()  # the sheet's own row number is the first column
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.export = QPushButton(self.tr("导出问题行…"), objectName="exportProblems")
        self.export.setEnabled(bool(report.problems))
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
        columns = [Column(self.tr("行号"), 8), Column(self.tr("列"), 12), Column(self.tr("原因"), 60)]
        rows = ((p.row, p.field, p.reason) for p in self.report.problems)
        return write_xlsx(path, self.tr("导入问题行"), columns, rows, sheet_name=self.tr("问题行"))

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
            files.announce_saved(self, path, self.tr("问题行已导出到 %1").replace("%1", path), box=False)


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

    def start(self, path: str, *, staff_id: int | None, channel: str, all_or_nothing: bool) -> Job:
        self.file_name = Path(path).name
        self.progress = QProgressDialog(self.tr("正在检查表格…"), self.tr("取消"), 0, 0, self.parent_widget)
        self.progress.setWindowTitle(self.tr("导入 Excel"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.job = run_in_pool(
            self.ctx.services.importer.import_cards,
            self.ctx.actor,
            path,
            staff_id=staff_id,
            channel=channel,
            all_or_nothing=all_or_nothing,
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
        if report.committed and report.imported:
            self.ctx.announce(Change(frozenset({"customer", "ownership"}), source=self))
        self.report_dialog = ImportReportDialog(report, self.file_name, self.parent_widget)
        self.report_dialog.open()
        self.reportReady.emit(report)

    @Slot(object)
    def on_error(self, exc: object) -> None:
        self._close_progress()
        show_error(self.parent_widget, exc)  # type: ignore[arg-type]
