"""A table model over a keyset-paged service query: rows arrive a page at a time as the view scrolls.

Give it ``fetch(after, limit) -> list[row]`` (``after`` is the cursor of the last row held, None for the
first page), ``cursor(row)`` and the columns as (header, text function). ``data()`` only reads rows
already fetched; nothing queries the database while painting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from services.platform.errors import ServiceError

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself
_ROOT = QModelIndex()


class Column:
    """A column: its header, the text of a row, and optionally a colour for the row."""

    def __init__(self, header: str, text: Callable[[Any], object], colour: Callable[[Any], str | None] | None = None):
        self.header, self.text, self.colour = header, text, colour


class PagedTableModel(QAbstractTableModel):
    failed = Signal(object)  # a ServiceError while fetching; the view shows it

    def __init__(
        self,
        columns: Sequence[Column],
        fetch: Callable[[Any, int], list],
        cursor: Callable[[Any], Any],
        page: int = 200,
        parent=None,
    ):
        super().__init__(parent)
        self.columns = list(columns)
        self._fetch, self._cursor, self.page = fetch, cursor, page
        self._rows: list[Any] = []
        self._done = True
        self._inserting = False  # a page is being inserted: no nested fetch from inside its signals

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._page(None)
        self._done = len(self._rows) < self.page
        self.endResetModel()

    def _page(self, after) -> list:
        try:
            return list(self._fetch(after, self.page))
        except ServiceError as exc:
            self._done = True
            self.failed.emit(exc)
            return []

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:
        return not parent.isValid() and not self._done and not self._inserting

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> None:
        if parent.isValid() or self._done or self._inserting:
            return
        self._inserting = True
        try:
            rows = self._page(self._cursor(self._rows[-1]) if self._rows else None)
            self._done = len(rows) < self.page
            if rows:
                self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
        finally:
            self._inserting = False

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return self.columns[section].header
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.text(row)
            return "" if value is None else str(value)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return QBrush(QColor(colour)) if colour else None
        return None

    def row_at(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list:
        return list(self._rows)
