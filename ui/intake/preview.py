"""The import preview (导入预览): what the import will do, before anything is written.

Shows which column feeds which field (each can be mapped to another field or ignored), the first rows
as the import reads them, the counts (new / attached / duplicates / rejected), every possible duplicate
with its existing card and a choice (merge / household / new / skip; or one choice for all), and the
rejected rows with their reasons. Every change runs the same check again (`ImportService.import_cards`
with ``dry_run``) off the GUI thread; 开始导入 then runs the real import with exactly these choices.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.intake.importer import ACTION_LABELS, ACTIONS, ImportReport, write_problem_rows
from services.intake.template import COLUMNS, FIELD_LABELS
from services.office.org import StaffInfo
from services.platform.errors import ServiceError
from services.rules.model import CHANNEL_NAMES, CHANNELS
from ui import files
from ui.context import UiContext
from ui.errors import show_error
from ui.intake.form import staff_entries
from ui.search_combo import SearchCombo
from ui.worker import Job, run_in_pool

IGNORE = ""


def _action_label(action: str) -> str:
    return QCoreApplication.translate("ImportActions", ACTION_LABELS[action])


class ImportPreviewDialog(QDialog):
    """Accept = import with `options()`; the caller runs it (ui.intake.importer.ImportRunner)."""

    previewReady = Signal(object)  # ImportReport of the latest check

    def __init__(self, ctx: UiContext, path: str, staff: list[StaffInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.report: ImportReport | None = None
        self.job: Job | None = None
        self._pending = False
        self.setWindowTitle(self.tr("导入预览 — %1").replace("%1", Path(path).name))
        self.resize(1100, 760)

        self.staff = SearchCombo(objectName="importStaff")
        self.staff.addItem(self.tr("不登记(只建档案)"), None)
        for label, staff_id in staff_entries(staff):
            self.staff.addItem(label, staff_id)
        self.channel = QComboBox(objectName="importChannel")
        for code in CHANNELS:
            self.channel.addItem(QCoreApplication.translate("Channels", CHANNEL_NAMES[code]), code)
        self.channel.setCurrentIndex(CHANNELS.index("scatter"))
        self.batch = QLineEdit(objectName="importBatch", placeholderText=self.tr("表中未填活动/批次时使用,可空"))
        self.on_possible = QComboBox(objectName="importOnPossible")
        for action in ACTIONS:
            self.on_possible.addItem(_action_label(action), action)
        self.on_possible.setCurrentIndex(ACTIONS.index("skip"))
        self.all_or_nothing = QCheckBox(self.tr("有任何问题行就全部不导入"), objectName="allOrNothing")
        defaults = QFormLayout()
        defaults.addRow(self.tr("表中未填员工时登记为"), self.staff)
        defaults.addRow(self.tr("表中未填渠道时记为"), self.channel)
        defaults.addRow(self.tr("表中未填批次时记为"), self.batch)
        defaults.addRow(self.tr("可能重复的行(全部)"), self.on_possible)
        defaults.addRow(self.all_or_nothing)
        # SPEC §5: registrations dated older than the back-entry limit need a manager's reason (asked only then).
        self.late_reason = QLineEdit(
            objectName="importLateReason", placeholderText=self.tr("表中有早于补录期限的登记日期时必填,记入审计日志")
        )
        self.late_reason_label = QLabel(self.tr("补录原因"))
        defaults.addRow(self.late_reason_label, self.late_reason)
        self.late_reason.hide()
        self.late_reason_label.hide()

        self.columns = QTableWidget(0, 2, objectName="columnMapping")
        self.columns.setHorizontalHeaderLabels([self.tr("表中的列"), self.tr("导入为")])
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.samples = QTableWidget(0, 0, objectName="sampleRows")
        self.samples.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.samples.verticalHeader().hide()
        self.counts = QLabel(objectName="previewCounts")
        self.counts.setWordWrap(True)
        self.duplicates = QTableWidget(0, 4, objectName="duplicateRows")
        self.duplicates.setHorizontalHeaderLabels(
            [self.tr("行号"), self.tr("已有档案"), self.tr("原因"), self.tr("处理")]
        )
        self.duplicates.verticalHeader().hide()
        self.duplicates.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.duplicates.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems = QTableWidget(0, 3, objectName="problemRows")
        self.problems.setHorizontalHeaderLabels([self.tr("行号"), self.tr("列"), self.tr("原因")])
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.export = QPushButton(self.tr("导出问题行…"), objectName="exportProblems")
        self.export.clicked.connect(self.on_export)

        top = QHBoxLayout()
        left = QGroupBox(self.tr("导入选项"))
        left.setLayout(defaults)
        mapping_box = QGroupBox(self.tr("列的对应(可改为其他字段或忽略)"))
        QVBoxLayout(mapping_box).addWidget(self.columns)
        top.addWidget(left, 1)
        top.addWidget(mapping_box, 1)
        samples_box = QGroupBox(self.tr("前几行将这样读取"))
        QVBoxLayout(samples_box).addWidget(self.samples)
        dup_box = QGroupBox(self.tr("可能重复的行"))
        QVBoxLayout(dup_box).addWidget(self.duplicates)
        prob_box = QGroupBox(self.tr("有问题、不会导入的行"))
        pl = QVBoxLayout(prob_box)
        pl.addWidget(self.problems)
        pl.addWidget(self.export, 0, Qt.AlignmentFlag.AlignRight)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.start = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start.setText(self.tr("开始导入"))
        self.start.setObjectName("startImport")
        self.start.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 2)
        layout.addWidget(self.counts)
        layout.addWidget(samples_box, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(dup_box, 1)
        bottom.addWidget(prob_box, 1)
        layout.addLayout(bottom, 2)
        layout.addWidget(self.buttons)

        self.mapping: dict[int, str] | None = None  # None: as recognised from the header
        self.decisions: dict[int, str] = {}
        for combo in (self.staff, self.channel, self.on_possible):
            combo.currentIndexChanged.connect(self.refresh)
        self.batch.editingFinished.connect(self.refresh)
        self.refresh()

    # -- the options -------------------------------------------------------------------------

    def options(self) -> dict[str, Any]:
        """The keyword arguments of `ImportService.import_cards` that this preview shows."""
        return dict(
            mapping=self.mapping,
            staff_id=self.staff.currentData(),
            channel=self.channel.currentData(),
            batch=self.batch.text().strip(),
            decisions=dict(self.decisions),
            on_possible=self.on_possible.currentData(),
            all_or_nothing=self.all_or_nothing.isChecked(),
            late_reason=self.late_reason.text().strip(),
        )

    # -- running the check -------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Check the file again with the current choices (off the GUI thread; one at a time)."""
        if self.job is not None and self.job.running:
            self._pending = True
            return
        self._pending = False
        self.start.setEnabled(False)
        self.counts.setText(self.tr("正在检查表格…"))
        opts = self.options()
        opts.pop("all_or_nothing")
        opts.pop("late_reason")
        self.job = run_in_pool(
            self.ctx.services.importer.import_cards,
            self.ctx.actor,
            self.path,
            dry_run=True,
            on_done=self.on_checked,
            on_error=self.on_failed,
            **opts,
        )

    @Slot(object)
    def on_checked(self, report: ImportReport) -> None:
        if self._pending:
            self.refresh()
            return
        self.report = report
        self._show_mapping(report)
        self._show_samples(report)
        self._show_duplicates(report)
        self._show_problems(report)
        text = self.tr("读取 %1 行:将新建 %2 张档案,%3 张表并入已有档案;可能重复 %4 行;有问题 %5 行(不会导入)。")
        attached = sum(1 for d in report.duplicate_rows if d.action == "merge")
        for i, n in enumerate(
            (report.rows_read, report.accepted - attached, attached, report.duplicates, report.rejected), start=1
        ):
            text = text.replace(f"%{i}", str(n))
        hours = self.ctx.services.settings.params().back_entry_hours
        if report.back_entries:
            text += "\n" + self.tr(
                "其中 %1 行按登记日期补录报名(早于补录期限 %2 小时):须写明补录原因,记入审计日志。"
            ).replace("%1", str(report.back_entries)).replace("%2", str(hours))
        self.late_reason.setVisible(bool(report.back_entries))
        self.late_reason_label.setVisible(bool(report.back_entries))
        if report.ignored_columns:
            text += "\n" + self.tr("忽略的列:") + "、".join(report.ignored_columns)
        self.counts.setText(text)
        self.start.setEnabled(report.accepted > 0)
        self.previewReady.emit(report)

    @Slot(object)
    def on_failed(self, exc: object) -> None:
        self.counts.setText(getattr(exc, "message", str(exc)))
        if self._pending:
            self.refresh()
            return
        if not isinstance(exc, ServiceError):
            show_error(self, exc)  # type: ignore[arg-type]
        self.previewReady.emit(None)

    # -- showing it --------------------------------------------------------------------------

    def _show_mapping(self, report: ImportReport) -> None:
        layout = report.layout
        if layout is None:
            return
        self.columns.blockSignals(True)
        self.columns.setRowCount(len(layout.headers))
        for i, header in enumerate(layout.headers):
            self.columns.setItem(
                i, 0, QTableWidgetItem(header or self.tr("(第 %1 列,无表头)").replace("%1", str(i + 1)))
            )
            combo = self.columns.cellWidget(i, 1)
            if not isinstance(combo, QComboBox):
                combo = QComboBox(objectName=f"mapColumn{i}")
                combo.addItem(self.tr("— 忽略 —"), IGNORE)
                for key, label, _req, _e in COLUMNS:
                    combo.addItem(QCoreApplication.translate("ImportFields", label), key)
                combo.currentIndexChanged.connect(lambda _i, col=i: self.on_mapped(col))
                self.columns.setCellWidget(i, 1, combo)
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(layout.mapping.get(i, IGNORE)), 0))
            combo.blockSignals(False)
        self.columns.blockSignals(False)

    def map_column(self, column: int, key: str) -> None:
        """Feed ``column`` into the field ``key`` ("" ignores it); the check runs again."""
        combo = self.columns.cellWidget(column, 1)
        combo.setCurrentIndex(max(combo.findData(key), 0))  # on_mapped follows

    def on_mapped(self, column: int) -> None:
        mapping = {}
        for i in range(self.columns.rowCount()):
            combo = self.columns.cellWidget(i, 1)
            if isinstance(combo, QComboBox) and combo.currentData():
                key = combo.currentData()
                if i != column and key == self.columns.cellWidget(column, 1).currentData():
                    continue  # the field moved to the column just chosen
                mapping[i] = key
        self.mapping = mapping
        self.refresh()

    def _show_samples(self, report: ImportReport) -> None:
        keys = [k for k, *_r in COLUMNS if report.layout and k in report.layout.mapping.values()]
        self.samples.clear()
        self.samples.setColumnCount(len(keys) + 2)
        self.samples.setHorizontalHeaderLabels(
            [self.tr("行号")]
            + [QCoreApplication.translate("ImportFields", FIELD_LABELS[k]) for k in keys]
            + [self.tr("将如何处理")]
        )
        self.samples.setRowCount(len(report.samples))
        for r, sample in enumerate(report.samples):
            cells = [str(sample.row), *(sample.values.get(k, "") for k in keys), sample.status]
            for c, value in enumerate(cells):
                self.samples.setItem(r, c, QTableWidgetItem(value))
        self.samples.resizeColumnsToContents()

    def _show_duplicates(self, report: ImportReport) -> None:
        self.duplicates.setRowCount(len(report.duplicate_rows))
        for r, d in enumerate(report.duplicate_rows):
            card = (
                str(d.customer_id) + " " + d.name
                if d.customer_id
                else self.tr("本文件第 %1 行").replace("%1", str(d.same_as_row))
            )
            for c, value in enumerate((str(d.row), card, d.reason)):
                self.duplicates.setItem(r, c, QTableWidgetItem(value))
            if d.level == "in_file":
                self.duplicates.setItem(r, 3, QTableWidgetItem(_action_label("skip")))
                continue
            combo = QComboBox(objectName=f"decision{d.row}")
            for action in ACTIONS:
                if action == "new" and d.level == "duplicate":
                    continue  # the same phone is never a different person
                combo.addItem(_action_label(action), action)
            combo.setCurrentIndex(max(combo.findData(d.action), 0))
            combo.currentIndexChanged.connect(lambda _i, row=d.row, box=combo: self.decide(row, box.currentData()))
            self.duplicates.setCellWidget(r, 3, combo)
        self.duplicates.resizeColumnToContents(0)

    def decide(self, row: int, action: str) -> None:
        """The user's choice for one duplicate row; the counts follow."""
        self.decisions[row] = action
        self.refresh()

    def _show_problems(self, report: ImportReport) -> None:
        self.problems.setRowCount(len(report.problems))
        for r, p in enumerate(report.problems):
            for c, value in enumerate((str(p.row), p.field, p.reason)):
                self.problems.setItem(r, c, QTableWidgetItem(value))
        self.export.setEnabled(bool(report.problems or report.skipped))

    # -- the problem report ------------------------------------------------------------------

    def export_to(self, path: str) -> int:
        assert self.report is not None
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
