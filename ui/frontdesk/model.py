"""The masked search hits as a small table model (at most a few dozen rows: one search's results)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from services.frontdesk.service import FrontDeskHit

COL_PHONE, COL_NAME, COL_OWNER, COL_DEPT, COL_CLAIM, COL_COUNTDOWN = range(6)
CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

CLAIM_COLOURS = {
    "有效": QColor("#1b6e2a"),
    "待预热": QColor("#1f4e9c"),
    "已失效": QColor("#b00020"),
    "公司资源池": QColor("#b35c00"),
}


class HitsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._hits: list[FrontDeskHit] = []
        self._headers = [
            self.tr("电话"),
            self.tr("姓名"),
            self.tr("归属专员"),
            self.tr("部门"),
            self.tr("状态"),
            self.tr("期限"),
        ]

    def set_hits(self, hits: list[FrontDeskHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def replace(self, hit: FrontDeskHit) -> None:
        """Show a customer's new state after an action (same row, same place)."""
        for row, old in enumerate(self._hits):
            if old.customer_id == hit.customer_id:
                self._hits[row] = hit
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def hit(self, row: int) -> FrontDeskHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        h = self._hits[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_PHONE:
                return h.phone
            if col == COL_NAME:
                return self.tr("%1(已归档)").replace("%1", h.name) if h.archived else h.name
            if col == COL_OWNER:
                return h.owner or self.tr("(无)")
            if col == COL_DEPT:
                return h.department
            if col == COL_CLAIM:
                return h.claim  # already Chinese from the service
            if col == COL_COUNTDOWN:
                # A lapsed claim: who may take over; else the deadline's date and the time left.
                return h.takeover or h.deadline_text
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_CLAIM and h.claim in CLAIM_COLOURS:
            return QBrush(CLAIM_COLOURS[h.claim])
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_COUNTDOWN and h.deadline is not None:
            tip = self.tr("期限:%1(规则 %2)").replace("%1", h.deadline_text).replace("%2", h.next_rule)
            return f"{h.takeover}\n{tip}" if h.takeover else tip
        if role == CUSTOMER_ID_ROLE:
            return h.customer_id
        return None
