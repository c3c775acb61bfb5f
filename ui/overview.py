"""部门概况: the department manager's landing page (SPEC §10).

One line per thing to do — duties by staff member, complaints with their deadline, customers about to
lapse, batches waiting, today's joint-meeting list. Enter or a double click opens the list behind the
line; the overview can be printed and exported to Excel.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.callbacks.overview import department_overview, export_overview, print_overview
from services.platform.errors import ServiceError
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.export_job import ExportRunner, ask_xlsx_path
from ui.print_preview import preview_pdf
from ui.worker import Job


class OverviewTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.lines: list = []
        self.department = QComboBox(self)
        if ctx.actor.role == "manager":
            self.department.setVisible(False)
        else:
            for d in ctx.services.org.departments():
                self.department.addItem(d.name, d.id)
        self.summary = QLabel(self)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        self.print_button = QPushButton(self.tr("打印概况…"), self)
        self.export_button = QPushButton(self.tr("导出 Excel…"), self)
        self.exporter = ExportRunner(self, self.export_button)
        self.export_job: Job | None = None
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("类别"), self.tr("事项")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.installEventFilter(self)
        top = QHBoxLayout()
        top.addWidget(self.department)
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.print_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("双击或按回车打开该项对应的清单。"), self))
        self.department.currentIndexChanged.connect(self.reload)
        self.refresh_button.clicked.connect(self.reload)
        self.print_button.clicked.connect(self.on_print)
        self.export_button.clicked.connect(self.on_export)
        ctx.bus.changed.connect(self.on_changed)
        self.reload()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_current()
            return True
        return super().eventFilter(watched, event)

    def _department(self):
        return None if self.ctx.actor.role == "manager" else self.department.currentData()

    @Slot()
    def reload(self) -> None:
        try:
            self.lines = department_overview(self.ctx.services, self.ctx.actor, self._department())
        except ServiceError as exc:
            show_error(self, exc)
            self.lines = []
        self.table.setRowCount(len(self.lines))
        red = QBrush(QColor("#c0392b"))
        for row, line in enumerate(self.lines):
            for col, text in enumerate((QCoreApplication.translate("Overview", line.section), line.text)):
                item = QTableWidgetItem(text)
                if line.urgent:
                    item.setForeground(red)
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        urgent = sum(1 for line in self.lines if line.urgent)
        self.summary.setText(self.tr("需要处理 %1 项").replace("%1", str(urgent)))
        if self.lines:
            self.table.selectRow(0)

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.kinds & {"callback", "ownership", "batch", "meeting"}:
            self.reload()

    def open_current(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.lines):
            return
        line = self.lines[rows[0].row()]
        window = self.window()
        opener = getattr(window, "tab_widget", None)
        if opener is None:
            return
        widget = opener(line.target)
        if widget is None:
            return
        window.tabs.setCurrentWidget(widget)
        if line.target == "callbacks" and hasattr(widget, "show_list"):
            widget.show_list(line.when, line.staff_id)
        elif line.target == "customers" and hasattr(widget, "show_lapsing"):
            # the customers this line counts: the department's, about to lapse under its rule
            widget.show_lapsing(self._department() or self.ctx.actor.department_id, line.when)

    @Slot()
    def on_print(self) -> None:
        app, actor, dept = self.ctx.services, self.ctx.actor, self._department()
        preview_pdf(
            self,
            lambda path, progress=None, cancelled=None: print_overview(app, actor, path, dept),
            self.tr("部门概况"),
        )

    @Slot()
    def on_export(self) -> None:
        path = ask_xlsx_path(self, self.tr("导出部门概况"), f"部门概况_{self.ctx.services.clock.now():%Y%m%d}.xlsx")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> Job:
        """Write the overview to ``path`` off the GUI thread (the button disabled meanwhile)."""
        self.export_job = self.exporter.start(
            export_overview,
            self.ctx.services,
            self.ctx.actor,
            path,
            self._department(),
            path=path,
            label=self.tr("正在导出部门概况…"),
            on_done=lambda _path, n: None,
        )
        return self.export_job
