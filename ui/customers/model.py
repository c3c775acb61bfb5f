"""The card list as a paged table model over ``services.customers.service.search``.

Rows arrive a page at a time (canFetchMore / fetchMore) through keyset paging, so a million
cards never sit in memory; ``data()`` only reads rows already fetched. Clicking a header asks the
service for a new order (server-side sort); columns without an index-backed order ignore it.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from services.customers.search import CustomerQuery, CustomerRow
from services.platform.errors import ServiceError
from ui.context import UiContext
from ui.ownership_box import deadline_text

(
    COL_ID,
    COL_NAME,
    COL_PHONE,
    COL_SEX,
    COL_BIRTH_YEAR,
    COL_ADDRESS,
    COL_OCCUPATION,
    COL_INCOME,
    COL_ABC,
    COL_CHANNEL,
    COL_OWNER,
    COL_DEPARTMENT,
    COL_CLAIM,
    COL_DEADLINE,
    COL_TAGS,
    COL_CREATED,
) = range(16)
COLUMN_COUNT = 16

CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FULL_ROLE = Qt.ItemDataRole.UserRole + 2  # False: the row is masked for this user
ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # the CustomerRow itself
PAGE = 200

HEADERS = (
    QT_TRANSLATE_NOOP("CustomerTableModel", "档案号"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "姓名"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "电话"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "性别"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "出生年份"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "住址"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "职业"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "收入"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "分类"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "来源渠道"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "归属员工"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "部门"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "归属状态"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "下一期限"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "兴趣标签"),
    QT_TRANSLATE_NOOP("CustomerTableModel", "建档时间"),
)
#: Columns whose header click sorts (the service pages these by an index); others keep the order.
SORT_COLUMNS = {
    COL_ID: "created",
    COL_CREATED: "created",
    COL_NAME: "name",
    COL_OWNER: "owner",
    COL_DEADLINE: "deadline",
}
#: Shown by default; the others are offered by the column chooser.
DEFAULT_HIDDEN = (COL_SEX, COL_INCOME, COL_TAGS, COL_CHANNEL)
MASKED_COLOUR = QColor("#7a7a7a")


def _t(text: str) -> str:
    # Labels that services give in Chinese; English comes from the "Customers" context.
    return QCoreApplication.translate("Customers", text) if text else ""


class CustomerTableModel(QAbstractTableModel):
    """The cards matching the current query, fetched a page at a time."""

    failed = Signal(object)  # a ServiceError while fetching (the tab shows it)
    reloaded = Signal()  # after a new query: the tab refreshes the count
    notes = Signal(object)  # tuple[str, ...]: hints from the service ("尾号须为 4 位数字")

    def __init__(self, ctx: UiContext, parent=None, page: int = PAGE):
        super().__init__(parent)
        self.ctx = ctx
        self.page = page
        self.query = CustomerQuery()
        self._rows: list[CustomerRow] = []
        self._after = None
        self._done = True
        self._fetching = False
        self._headers = [self.tr(h) for h in HEADERS]

    # -- the query -------------------------------------------------------------------------------

    def set_query(self, query: CustomerQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Start again from the first page (a new query, a new order, or someone's change)."""
        self.beginResetModel()
        self._rows, self._after, self._done = [], None, False
        self._rows = self._fetch()
        self.endResetModel()
        self.reloaded.emit()

    def _fetch(self) -> list[CustomerRow]:
        try:
            page = self.ctx.services.customers.search(self.ctx.actor, self.query, after=self._after, limit=self.page)
        except ServiceError as exc:
            self._done = True
            self.failed.emit(exc)
            return []
        if page.notes:
            self.notes.emit(page.notes)
        self._after = page.after
        self._done = page.after is None
        return list(page.rows)

    # -- paging ---------------------------------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._done and not self._fetching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._done or self._fetching:
            return
        # Views (and the model tester) may ask again while rows are being inserted: one fetch at a time.
        self._fetching = True
        try:
            start = len(self._rows)
            rows = self._fetch()
            if rows:
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
        finally:
            self._fetching = False

    # -- sorting (server-side) ------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_COLUMNS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self.query.sort and descending == self.query.descending:
            return
        self.set_query(dataclasses.replace(self.query, sort=key, descending=descending))

    def sort_column(self) -> int:
        """The column that shows the current order (for the header's sort indicator)."""
        return {"created": COL_CREATED, "name": COL_NAME, "owner": COL_OWNER, "deadline": COL_DEADLINE}[self.query.sort]

    # -- reading --------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < COLUMN_COUNT:
                return self._headers[section]
        return None

    def row_at(self, row: int) -> CustomerRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, customer_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == customer_id), -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == CUSTOMER_ID_ROLE:
            return r.id
        if role == FULL_ROLE:
            return r.full
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.ForegroundRole and (not r.full or r.archived):
            return QBrush(MASKED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_NAME, COL_PHONE, COL_ADDRESS) and not r.full:
            return self.tr("您无权查看该顾客的完整信息(已打码)")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_ID, COL_BIRTH_YEAR):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, r: CustomerRow, col: int) -> str:
        if col == COL_ID:
            return str(r.id)
        if col == COL_NAME:
            return r.name + (self.tr("(已归档)") if r.archived else "")
        if col == COL_PHONE:
            extra = self.tr(" 等%1个").replace("%1", str(r.phone_count)) if r.phone_count > 1 else ""
            return r.phone + extra
        if col == COL_SEX:
            return _t(r.sex)
        if col == COL_BIRTH_YEAR:
            return str(r.birth_year) if r.birth_year else ""
        if col == COL_ADDRESS:
            return r.address if r.full else self.tr("(已隐藏)")
        if col == COL_OCCUPATION:
            return _t(r.occupation)
        if col == COL_INCOME:
            return _t(r.income_band)
        if col == COL_ABC:
            return r.abc_class
        if col == COL_CHANNEL:
            return _t(r.channel)
        if col == COL_OWNER:
            return _t(r.owner_name)
        if col == COL_DEPARTMENT:
            return r.owner_department
        if col == COL_CLAIM:
            return _t(r.claim_state)
        if col == COL_DEADLINE:
            return deadline_text(r.next_deadline) if r.next_deadline else ""
        if col == COL_TAGS:
            return "、".join(r.tags)
        if col == COL_CREATED:
            return f"{r.created_at:%Y-%m-%d}" if r.created_at else ""
        return ""
