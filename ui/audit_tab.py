"""审计日志: the append-only audit trail, filtered by user, customer and dates, paged, exported to Excel.

Rows come a page at a time from services.office.audit_view (keyset paging, newest first), so the tab stays
quick however long the log grows; the export runs off the GUI thread with progress and cancel.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.office.audit_view import AuditFilter, AuditRow
from services.platform.errors import ServiceError
from ui import errors
from ui.context import UiContext
from ui.export_job import ExportRunner, ask_xlsx_path
from ui.widgets import tidy_table
from ui.worker import Job

COL_AT, COL_EVENT_AT, COL_USER, COL_ACTION, COL_CUSTOMER, COL_OLD, COL_NEW, COL_REASON, COL_RULE = range(9)
PAGE = 200


def differs(event_at, recorded_at) -> bool:
    """Whether an event time is worth showing beside its recorded time (a minute or more apart)."""
    return event_at is not None and abs((recorded_at - event_at).total_seconds()) >= 60


class AuditModel(QAbstractTableModel):
    """Audit rows newest first; more are fetched as the view scrolls (canFetchMore / fetchMore)."""

    failed = Signal(object)

    def __init__(self, ctx: UiContext, parent=None, page: int = PAGE):
        super().__init__(parent)
        self.ctx = ctx
        self.page = page
        self.filter = AuditFilter()
        self._rows: list[AuditRow] = []
        self._after: int | None = None
        self._done = True
        self._inserting = False
        self._headers = [
            self.tr("记录时间"),
            self.tr("发生时间"),
            self.tr("用户"),
            self.tr("操作"),
            self.tr("顾客档案"),
            self.tr("原值"),
            self.tr("新值"),
            self.tr("原因"),
            self.tr("规则"),
        ]

    def set_filter(self, f: AuditFilter) -> None:
        self.filter = f
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows, self._after, self._done = [], None, False
        self._inserting = False
        self._rows = self._fetch()
        self.endResetModel()

    def _fetch(self) -> list[AuditRow]:
        try:
            page = self.ctx.services.audit_view.page(self.ctx.actor, self.filter, after=self._after, limit=self.page)
        except ServiceError as exc:
            self._done = True
            self.failed.emit(exc)
            return []
        self._after = page.next_after
        self._done = page.next_after is None
        return page.rows

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        # Not while a page is being inserted: a view (or the model tester) asking from inside the
        # insertion signals must not start a second, nested insertion.
        return not parent.isValid() and not self._done and not self._inserting

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._done or self._inserting:
            return
        self._inserting = True
        try:
            more = self._fetch()
            if more:
                self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
                self._rows.extend(more)
                self.endInsertRows()
        finally:
            self._inserting = False

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = {
                COL_AT: f"{r.at:%Y-%m-%d %H:%M:%S}",
                # When a timeline event happened, shown where it differs from when it was recorded (SPEC §5).
                COL_EVENT_AT: f"{r.event_at:%Y-%m-%d %H:%M}" if differs(r.event_at, r.at) else "",
                COL_USER: r.user,
                # English for the service's label: context "AuditActions" (tools/i18n.py service_labels()).
                COL_ACTION: QCoreApplication.translate("AuditActions", r.action_label),
                COL_CUSTOMER: "" if r.customer_id is None else str(r.customer_id),
                COL_OLD: r.old,
                COL_NEW: r.new,
                COL_REASON: r.reason,
                COL_RULE: r.rule,
            }
            return values.get(col)
        return None


class AuditTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.export_job: Job | None = None
        self.export_message = ""

        self.user = QComboBox()
        self.user.addItem(self.tr("全部用户"), None)
        self.customer = QLineEdit()
        self.customer.setPlaceholderText(self.tr("顾客档案号"))
        self.customer.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.customer.setMaximumWidth(140)
        self.by_date = QCheckBox(self.tr("按日期(&D)"))
        today = QDate.fromString(f"{ctx.services.clock.now().date():%Y-%m-%d}", "yyyy-MM-dd")
        self.since = QDateEdit(today.addDays(-30))
        self.until = QDateEdit(today)
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
        self.by_date.toggled.connect(self.since.setEnabled)
        self.by_date.toggled.connect(self.until.setEnabled)
        self.search_button = QPushButton(self.tr("查询(&S)"))
        self.search_button.setDefault(True)
        self.export_button = QPushButton(self.tr("导出 Excel(&X)…"))
        self.exporter = ExportRunner(self, self.export_button)

        bar = QHBoxLayout()
        user_label = QLabel(self.tr("用户(&U):"))
        user_label.setBuddy(self.user)
        bar.addWidget(user_label)
        bar.addWidget(self.user)
        bar.addWidget(self.customer)
        bar.addWidget(self.by_date)
        bar.addWidget(self.since)
        bar.addWidget(QLabel(self.tr("至")))
        bar.addWidget(self.until)
        bar.addWidget(self.search_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)

        self.model = AuditModel(ctx, self)
        self.model.failed.connect(lambda exc: errors.show_error(self, exc))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)  # one line per change; the whole value is in the tooltip
        tidy_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in ((COL_AT, 150), (COL_EVENT_AT, 130), (COL_USER, 110), (COL_ACTION, 90), (COL_CUSTOMER, 80)):
            self.table.setColumnWidth(col, width)
        for col in (COL_OLD, COL_NEW):  # elided, whole in the tooltip: the rule stays in sight at 1280 pixels
            self.table.setColumnWidth(col, 220)
        header.setStretchLastSection(True)
        self.status = QLabel()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.search_button.clicked.connect(self.on_search)
        self.customer.returnPressed.connect(self.on_search)
        self.export_button.clicked.connect(self.on_export)
        self.setTabOrder(self.user, self.customer)
        self.setTabOrder(self.customer, self.by_date)
        self.setTabOrder(self.by_date, self.since)
        self.setTabOrder(self.since, self.until)
        self.setTabOrder(self.until, self.search_button)
        self.setTabOrder(self.search_button, self.export_button)
        self.setTabOrder(self.export_button, self.table)

        try:
            for uid, label in ctx.services.audit_view.users(ctx.actor):
                self.user.addItem(label, uid)
        except ServiceError as exc:
            errors.show_error(self, exc)
            return
        self.on_search()

    def current_filter(self) -> AuditFilter:
        text = self.customer.text().strip()
        since = until = None
        if self.by_date.isChecked():
            since = dt.date.fromisoformat(self.since.date().toString("yyyy-MM-dd"))
            until = dt.date.fromisoformat(self.until.date().toString("yyyy-MM-dd"))
        return AuditFilter(self.user.currentData(), int(text) if text else None, since, until)

    @Slot()
    def on_search(self) -> None:
        try:
            f = self.current_filter()
            # Check the filter once here, so a bad date range is one message, not an empty table.
            self.ctx.services.audit_view.page(self.ctx.actor, f, limit=1)
        except ServiceError as exc:
            errors.show_error(self, exc)
            return
        self.model.set_filter(f)
        more = self.tr(",向下滚动加载更多") if self.model.canFetchMore() else ""
        self.status.setText(self.tr("显示 %1 条%2").replace("%1", str(self.model.rowCount())).replace("%2", more))

    # -- export -----------------------------------------------------------------------------------------

    @Slot()
    def on_export(self) -> None:
        path = ask_xlsx_path(self, self.tr("导出审计日志"), f"审计日志_{dt.date.today():%Y%m%d}.xlsx")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> Job:
        """Write the filtered log to ``path`` on a worker thread, with progress and cancel."""
        self.export_job = self.exporter.start(
            self.ctx.services.audit_view.export,
            self.ctx.actor,
            path,
            self.current_filter(),
            path=path,
            label=self.tr("正在导出审计日志…"),
            on_done=self.on_export_done,
        )
        return self.export_job

    def on_export_done(self, path: str, count: int) -> None:
        self.export_message = self.tr("已导出 %1 条到 %2").replace("%1", str(count)).replace("%2", path)
        self.status.setText(self.export_message)
