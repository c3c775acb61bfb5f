"""Small widget helpers shared by the settings pages (short lists only: tens or hundreds of rows).

Big lists (customers) use paged table models instead; these helpers are for departments, staff
and users, which an office counts in hundreds at most.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QWidget,
)


class ElideTipDelegate(QStyledItemDelegate):
    """A cell too narrow for its text shows it elided (…) and, on hover, whole in a tooltip; a cell
    with a tooltip of its own keeps that one."""

    def helpEvent(self, event, view, option, index) -> bool:  # noqa: N802 - Qt's name
        if event is None or event.type() != QEvent.Type.ToolTip or index.data(Qt.ItemDataRole.ToolTipRole):
            return super().helpEvent(event, view, option, index)
        text = str(index.data() or "")
        if text and self.sizeHint(option, index).width() > view.visualRect(index).width():
            QToolTip.showText(event.globalPos(), text, view)
        else:
            QToolTip.hideText()
        return True


class AnswerLabel(QLabel):
    """The answer to the last action recorded from this page (issue 18): "王大爷:该顾客仍归张三…", one
    selectable line that wraps; hidden until there is one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("actionAnswer")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def say(self, name: str, answer: str) -> None:
        """Show ``answer`` about the customer ``name`` (as the page shows the name); nothing when empty."""
        if answer:
            self.setText(self.tr("%1:%2").replace("%1", name).replace("%2", answer))
            self.show()


def tidy_table(view: QAbstractItemView) -> None:
    """Every list's cells: elided when narrow, with the whole text on hover (`ElideTipDelegate`)."""
    view.setItemDelegate(ElideTipDelegate(view))
    view.setTextElideMode(Qt.TextElideMode.ElideRight)


class KeepRoom(QObject):
    """Keeps the last (stretching) column of ``view`` at least ``least`` pixels wide: when the view is
    narrow, column ``give`` (elided, its whole text on hover) is narrowed down to ``give_least`` instead of
    the last column disappearing past the right edge."""

    def __init__(self, view: QAbstractItemView, give: int, least: int = 140, give_least: int = 60):
        super().__init__(view)
        self.view, self.give, self.least, self.give_least = view, give, least, give_least
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        last = header.logicalIndex(header.count() - 1)
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c not in (self.give, last) and not header.isSectionHidden(c)
        )
        natural = max(self.view.sizeHintForColumn(self.give), header.sectionSizeHint(self.give))
        room = self.view.viewport().width() - others - self.least
        header.resizeSection(self.give, max(self.give_least, min(natural, room)))


def fit_header_texts(header: QHeaderView) -> None:
    """Widen any column narrower than its own title (fixed default widths are set for one font)."""
    for col in range(header.count()):
        if not header.isSectionHidden(col) and header.sectionSize(col) < header.sectionSizeHint(col):
            header.resizeSection(col, header.sectionSizeHint(col))


class HintTable(QTableWidget):
    """A table that says in words why it is empty (``empty_text``, centred in the viewport) instead of
    showing a blank grid the user cannot tell from "not loaded yet"."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None):
        super().__init__(rows, columns, parent)
        self.empty_text = ""

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.viewport().update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.rowCount() == 0 and self.empty_text and self.isEnabled():
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                self.viewport().rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            painter.end()


def make_table(headers: Sequence[str], parent: QWidget | None = None, empty_text: str = "") -> HintTable:
    """A read-only, whole-row-selecting table with the given column titles; ``empty_text`` is shown in
    it while it has no rows."""
    table = HintTable(0, len(headers), parent)
    table.empty_text = empty_text
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    # Compact rows: the default height leaves a lot of air around one line of text.
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setMinimumSectionSize(90)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    tidy_table(table)
    return table


def form_box(title: str, max_width: int = 560) -> tuple[QGroupBox, QFormLayout]:
    """A titled group with a form, kept narrow: a wide window should not stretch short fields."""
    box = QGroupBox(title)
    box.setMaximumWidth(max_width)
    return box, QFormLayout(box)


def fill_table(table: QTableWidget, rows: Iterable[tuple[int, Sequence[str]]], keep_id: int | None = None) -> None:
    """Replace the rows; each row is (record id, cells). The id is kept in the first cell's UserRole."""
    table.setSortingEnabled(False)
    table.setRowCount(0)
    select_row = -1
    for r, (record_id, cells) in enumerate(rows):
        table.insertRow(r)
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, record_id)
            table.setItem(r, c, item)
        if record_id == keep_id:
            select_row = r
    if select_row >= 0:
        table.selectRow(select_row)


def selected_id(table: QTableWidget) -> int | None:
    """The record id of the selected row, or None."""
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    return table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)


def column_texts(table: QTableWidget, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, object]], none_text: str | None = None) -> None:
    """Replace the items (text, data), keeping the current choice when it is still offered."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if none_text is not None:
        combo.addItem(none_text, None)
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else -1
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)
