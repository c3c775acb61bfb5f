"""冲突仲裁 tab: the queue of conflict cases by state and department, the case view beside it,
the GM's queue of escalated cases, and the case register exported to Excel off the GUI thread.

Lands here: the coordinator (open cases) and the GM (escalated cases); the resource director lands on the pool,
whose line above it names the escalated cases and links here.
A department manager sees the cases of their own department only (the service enforces it).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.platform.errors import ServiceError
from ui.cases.labels import CASE_STATES, case_state_label
from ui.cases.model import COL_OPENED, COL_PARTIES, COL_PROPOSAL, COL_STATE, CaseQueueModel
from ui.cases.view import CaseView
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.export_job import ExportRunner, ask_xlsx_path
from ui.widgets import KeepRoom, tidy_table
from ui.worker import Job

ALL = "__all__"


class CasesTab(QWidget):
    """The queue on the left, the selected case on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.export_job: Job | None = None
        is_gm = ctx.actor.role == "gm"

        self.state_combo = QComboBox()
        self.state_combo.setObjectName("caseStateFilter")
        self.state_combo.addItem(self.tr("全部状态"), ALL)
        for state in CASE_STATES:
            self.state_combo.addItem(case_state_label(state), state)
        self.state_combo.setCurrentIndex(self.state_combo.findData("escalated" if is_gm else "open"))
        self.dept_combo = QComboBox()
        self.dept_combo.setObjectName("caseDepartmentFilter")
        self._fill_departments()
        self.gm_button = QPushButton(self.tr("总经理待办(&G)"))
        self.gm_button.setObjectName("gmQueue")
        self.gm_button.setToolTip(self.tr("已上报总经理、等待终裁的案件"))
        self.gm_button.setVisible(is_gm)
        self.refresh_button = QPushButton(self.tr("刷新(&R)"))
        self.refresh_button.setObjectName("refreshCases")
        self.export_button = QPushButton(self.tr("导出登记簿(&X)…"))
        self.exporter = ExportRunner(self, self.export_button)
        self.export_button.setObjectName("exportCases")
        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("状态(&S):"), buddy=self.state_combo))
        bar.addWidget(self.state_combo)
        bar.addWidget(QLabel(self.tr("部门(&D):"), buddy=self.dept_combo))
        bar.addWidget(self.dept_combo)
        bar.addWidget(self.gm_button)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.export_button)

        self.model = CaseQueueModel(ctx, self)
        self.table = QTableView()
        self.table.setObjectName("caseQueue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        tidy_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.case_view = CaseView(ctx, self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.case_view)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self.model.failed.connect(self.on_error)
        self.state_combo.currentIndexChanged.connect(self.on_filter_changed)
        self.dept_combo.currentIndexChanged.connect(self.on_filter_changed)
        self.gm_button.clicked.connect(self.on_gm_queue)
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self.on_export)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_changed)
        self.table.activated.connect(self.on_activated)
        self.case_view.acted.connect(self.on_acted)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        ctx.bus.changed.connect(self.on_changed)
        self.room: KeepRoom | None = None
        self.on_filter_changed()
        self._size_columns()

    # -- filters and loading ------------------------------------------------------------------------

    def _fill_departments(self) -> None:
        actor = self.ctx.actor
        self.dept_combo.clear()
        depts = self.ctx.services.org.departments()
        if actor.role == "manager":
            mine = [d for d in depts if d.id == actor.department_id]
            for d in mine:
                self.dept_combo.addItem(d.name, d.id)
            self.dept_combo.setEnabled(False)
            return
        self.dept_combo.addItem(self.tr("全部部门"), ALL)
        for d in depts:
            self.dept_combo.addItem(d.name, d.id)

    def filters(self) -> tuple[str | None, int | None]:
        state = self.state_combo.currentData()
        dept = self.dept_combo.currentData()
        return (None if state in (ALL, None) else state, None if dept in (ALL, None) else dept)

    def _size_columns(self) -> None:
        """Fit the data, but the state column always fits its longest label (rows change state later)."""
        self.table.resizeColumnsToContents()
        metrics = self.table.fontMetrics()

        def fit(texts) -> int:
            return max(metrics.horizontalAdvance(t) for t in texts) + 20

        for col in range(self.model.columnCount()):
            if col != COL_PROPOSAL:
                self.table.setColumnWidth(col, min(self.table.columnWidth(col) + 8, 180))
        self.table.setColumnWidth(COL_STATE, fit(case_state_label(s) for s in CASE_STATES))
        self.table.setColumnWidth(COL_OPENED, max(self.table.columnWidth(COL_OPENED), fit(["2026-12-31"])))
        if self.room is None:
            self.room = KeepRoom(self.table, COL_PARTIES)  # the proposal stays in sight; parties elide first
        self.room.fit()

    def show_state(self, state: str) -> None:
        """Show the cases in ``state`` (another page's link: the director's escalated cases)."""
        index = self.state_combo.findData(state)
        if index >= 0:
            self.state_combo.setCurrentIndex(index)

    @Slot()
    def on_filter_changed(self) -> None:
        self.model.set_filter(*self.filters())
        self._update_count()
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.case_view.clear()

    def _update_count(self) -> None:
        try:
            n = self.ctx.services.cases.count(self.ctx.actor, *self.filters())
        except ServiceError:
            n = 0  # the model has shown the refusal already
        self.count_label.setText(self.tr("共 %1 件").replace("%1", str(n)))

    @Slot()
    def reload(self) -> None:
        """Read the queue again, keeping the selected case selected when it still matches."""
        current = self.current_case_id()
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.model.reload()
        row = self.model.row_of(current) if current is not None else -1
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        selection.blockSignals(False)
        self._update_count()
        if current is not None:
            self.case_view.show_case(current)  # even when it left the filtered queue (e.g. now ruled)

    def current_case_id(self) -> int | None:
        if self.case_view.detail is not None:
            return self.case_view.detail.case.id
        return None

    def select_case(self, case_id: int) -> bool:
        """Select a case in the queue (fetching pages until it appears); False if it is not there."""
        while True:
            row = self.model.row_of(case_id)
            if row >= 0:
                self.table.selectRow(row)
                return True
            if not self.model.canFetchMore():
                return False
            self.model.fetchMore()

    # -- events ---------------------------------------------------------------------------------------

    @Slot(QModelIndex, QModelIndex)
    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        case = self.model.case_at(current.row()) if current.isValid() else None
        if case is not None:
            self.case_view.show_case(case.id)

    @Slot(QModelIndex)
    def on_activated(self, index: QModelIndex) -> None:
        self.on_current_changed(index, QModelIndex())
        self.case_view.setFocus()

    @Slot()
    def on_gm_queue(self) -> None:
        self.state_combo.setCurrentIndex(self.state_combo.findData("escalated"))

    @Slot(int)
    def on_acted(self, _case_id: int) -> None:
        self.reload()

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.source is self.case_view:
            return  # on_acted reloads after our own actions
        if change.kinds & {"case", "ownership", "org"}:
            if "org" in change.kinds:
                self._fill_departments()
            self.reload()

    @Slot(object)
    def on_error(self, exc: object) -> None:
        if isinstance(exc, BaseException):
            show_error(self, exc)

    # -- export ----------------------------------------------------------------------------------------

    @Slot()
    def on_export(self) -> None:
        everything = False
        if self.filters() != (None, None):
            # A filtered queue: the user chooses what the register holds (the filtered view or every case).
            box = QMessageBox(
                QMessageBox.Icon.Question, self.tr("导出冲突案件登记簿"), self.tr("导出哪些案件?"), parent=self
            )
            filtered = box.addButton(self.tr("当前筛选的案件"), QMessageBox.ButtonRole.AcceptRole)
            every = box.addButton(self.tr("全部案件"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(filtered)
            box.exec()
            if box.clickedButton() not in (filtered, every):
                return
            everything = box.clickedButton() is every
        path = ask_xlsx_path(self, self.tr("导出冲突案件登记簿"), f"冲突案件登记簿_{dt.date.today():%Y%m%d}.xlsx")
        if path:
            self.export_to(path, everything=everything)

    def export_to(self, path: str, *, everything: bool = False) -> Job:
        """Write the register to ``path`` on a worker thread, with progress and cancel: the current filters,
        or with ``everything`` every case the user may see (a manager: their department's)."""
        state, dept = (None, None) if everything else self.filters()
        try:
            total = self.ctx.services.cases.count(self.ctx.actor, state, dept)
        except ServiceError as exc:
            show_error(self, exc)
            raise
        self.export_job = self.exporter.start(
            self.ctx.services.cases.export_register,
            self.ctx.actor,
            path,
            state,
            dept,
            path=path,
            label=self.tr("正在导出冲突案件登记簿…"),
            total=max(total, 1),
            writes=True,
            on_done=self.on_export_done,
        )
        return self.export_job

    def on_export_done(self, path: str, count: int) -> None:
        self.export_message = self.tr("已导出 %1 件到 %2").replace("%1", str(count)).replace("%2", path)
        self.count_label.setText(self.export_message)
