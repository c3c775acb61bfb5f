"""Table models of the allocation tab.

`PagedModel` is a thin adapter over a keyset-paged service call (batches, the pool): it fetches a
page when the view scrolls to the end and ``data()`` only reads rows already fetched. The preview
models hold the short lists a preview returns (one row per recipient; the cards of one recipient).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from services.allocation.types import BatchInfo, CardInfo, PlanCard, PoolRow, RecipientPlan
from services.platform.errors import ServiceError

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NO_PARENT = QModelIndex()


class ListModel(QAbstractTableModel):
    """A read-only table over a list of rows; subclasses give headers and `cell`."""

    headers: Sequence[str] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def cell(self, row: Any, column: int) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def row_id(self, row: Any) -> int:
        return row.customer_id

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, index.column())
        if role == ID_ROLE:
            return self.row_id(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.headers):
                return self.headers[section]
        return None


class PagedModel(ListModel):
    """Rows from ``fetch(after) -> (rows, next_after)``, a page at a time as the view scrolls."""

    failed = Signal(object)  # a ServiceError while fetching; the page shows it

    def __init__(self, fetch: Callable[[Any], tuple[Sequence[Any], Any]], parent=None):
        super().__init__(parent)
        self._fetch = fetch
        self._next: Any = None
        self._done = True

    def reload(self) -> None:
        self.beginResetModel()
        self._rows, self._next, self._done = [], None, False
        self._rows = self._page(None)
        self.endResetModel()

    def _page(self, after: Any) -> list[Any]:
        try:
            rows, self._next = self._fetch(after)
        except ServiceError as exc:
            self._done = True
            self.failed.emit(exc)
            return []
        self._done = self._next is None
        return list(rows)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> bool:
        return not parent.isValid() and not self._done

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> None:
        if parent.isValid() or self._done:
            return
        more = self._page(self._next)
        if more:
            self.beginInsertRows(NO_PARENT, len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


class BatchListModel(PagedModel):
    def __init__(self, fetch, parent=None):
        super().__init__(fetch, parent)
        self.headers = (
            self.tr("批次"),
            self.tr("名称"),
            self.tr("分配程序"),
            self.tr("日期"),
            self.tr("状态"),
            self.tr("档案"),
        )

    def row_id(self, row: BatchInfo) -> int:
        return row.id

    def cell(self, row: BatchInfo, column: int) -> str:
        values = (str(row.id), row.name, row.procedure_name, _date(row.event_date), row.state_name, str(row.card_count))
        return values[column]


class PoolModel(PagedModel):
    def __init__(self, fetch, parent=None):
        super().__init__(fetch, parent)
        self.headers = (
            self.tr("档案号"),
            self.tr("顾客"),
            self.tr("电话"),
            self.tr("原因"),
            self.tr("入池时间"),
            self.tr("限制"),
        )

    def cell(self, row: PoolRow, column: int) -> str:
        since = row.since.strftime("%Y-%m-%d %H:%M") if row.since else ""
        limit = self.tr("须分给其他部门") if row.must_other_department else ""
        return (str(row.customer_id), row.name, row.phone, row.reason_name, since, limit)[column]


class RecipientModel(ListModel):
    """One row per recipient of a preview, in the order remainders were handed out."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = (self.tr("余数顺序"), self.tr("部门"), self.tr("员工"), self.tr("此前分得"), self.tr("本批张数"))

    def row_id(self, row: RecipientPlan) -> int:
        return row.staff_id

    def cell(self, row: RecipientPlan, column: int) -> str:
        return (str(row.tie_rank), row.department_name, row.staff_name, str(row.history), str(row.count))[column]


class PlanCardModel(ListModel):
    """The cards one recipient would receive."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = (self.tr("档案号"), self.tr("顾客"), self.tr("电话"), self.tr("家庭"), self.tr("调换原因"))

    def cell(self, row: PlanCard, column: int) -> str:
        house = str(row.household) if row.household is not None else ""
        return (str(row.customer_id), row.name, row.phone, house, row.swap_reason)[column]


class LeftOutModel(ListModel):
    """Cards the processing kept back: already owned by someone, in the pool, or duplicates."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = (self.tr("档案号"), self.tr("顾客"), self.tr("电话"), self.tr("状态"), self.tr("说明"))

    def cell(self, row: CardInfo, column: int) -> str:
        return (str(row.customer_id), row.name, row.phone, row.status_name, row.note)[column]
