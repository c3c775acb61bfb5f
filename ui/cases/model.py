"""The case queue as a paged table model: rows come from ``services.cases.service.queue`` page by page.

The view asks for more rows (canFetchMore / fetchMore) as the user scrolls; each page is one
keyset query, so the queue stays fast however many cases the register holds. ``data()`` only
reads rows already fetched.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from services.cases.views import CaseRow
from services.platform.errors import ServiceError
from ui.cases.labels import case_kind_label, case_state_label
from ui.context import UiContext

COL_ID, COL_OPENED, COL_STATE, COL_KIND, COL_RULE, COL_CUSTOMER, COL_DEPT, COL_PARTIES, COL_PROPOSAL = range(9)
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 100

STATE_COLOURS = {"open": QColor("#1f4e9c"), "escalated": QColor("#b35c00"), "ruled": QColor("#6b6b6b")}


class CaseQueueModel(QAbstractTableModel):
    """Cases newest first, filtered by state and department, fetched a page at a time."""

    failed = Signal(object)  # a ServiceError while fetching (shown by the tab)

    def __init__(self, ctx: UiContext, parent=None, page: int = PAGE):
        super().__init__(parent)
        self.ctx = ctx
        self.page = page
        self.state: str | None = None
        self.department_id: int | None = None
        self._rows: list[CaseRow] = []
        self._done = True
        self._headers = [
            self.tr("案件号"),
            self.tr("立案时间"),
            self.tr("状态"),
            self.tr("类型"),
            self.tr("规则"),
            self.tr("顾客"),
            self.tr("部门"),
            self.tr("当事人"),
            self.tr("系统建议"),
        ]

    # -- filters -------------------------------------------------------------------------------

    def set_filter(self, state: str | None, department_id: int | None) -> None:
        self.state, self.department_id = state, department_id
        self.reload()

    def reload(self) -> None:
        """Start again from the newest case (after a filter change or someone's action)."""
        self.beginResetModel()
        self._rows = []
        self._done = False
        first = self._page(None)
        self._rows = first
        self._done = len(first) < self.page
        self.endResetModel()

    def _page(self, after) -> list[CaseRow]:
        try:
            return self.ctx.services.cases.queue(self.ctx.actor, self.state, self.department_id, after, self.page)
        except ServiceError as exc:
            self._done = True
            self.failed.emit(exc)
            return []

    # -- paging ---------------------------------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._done

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._done:
            return
        rows = self._page(self._rows[-1].cursor if self._rows else None)
        self._done = len(rows) < self.page
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    # -- the model -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == CASE_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.summary}\n{row.proposed_text}" if row.summary else row.proposed_text
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATE:
            colour = STATE_COLOURS.get(row.state)
            return QBrush(colour) if colour else None
        return None

    def _text(self, row: CaseRow, col: int) -> str | None:
        if col == COL_ID:
            return str(row.id)
        if col == COL_OPENED:  # this year's without the year, so the proposal keeps its room (tooltip: summary)
            short = "%m-%d %H:%M" if row.opened_at.year == self.ctx.services.clock.now().year else "%Y-%m-%d"
            return row.opened_at.strftime(short)
        if col == COL_STATE:
            return case_state_label(row.state, row.state_label)
        if col == COL_KIND:
            return case_kind_label(row.kind, row.kind_label)
        if col == COL_RULE:
            return row.rule
        if col == COL_CUSTOMER:
            return row.customer_name
        if col == COL_DEPT:
            return row.department_name
        if col == COL_PARTIES:
            return row.parties_text
        if col == COL_PROPOSAL:
            return row.proposed_text
        return None

    # -- helpers for the tab ------------------------------------------------------------------------

    def case_at(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == case_id:
                return i
        return -1
