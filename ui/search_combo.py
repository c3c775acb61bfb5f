"""A drop-down list the clerk can type into: 教中 or jz finds 教师·中学 (SearchCombo).

The typed text matches an entry when its characters appear in the entry in order (教中 in 教师·中学),
or its letters appear in order among the entry's pinyin initials (jz in j·s·z·x); the list filters as
you type, Enter or a click picks, and leaving the field with text that picks nothing puts back the
entry that was chosen before: the combo never holds a value that is not one of its entries.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QWidget

from services.customers.names import initials


def _in_order(typed: str, text: str) -> bool:
    it = iter(text)
    return all(ch in it for ch in typed)


def typed_match(typed: str, label: str) -> bool:
    """Whether what the clerk typed finds ``label`` (see the module docstring)."""
    q = "".join(typed.split()).lower()
    if not q:
        return True
    return _in_order(q, label.lower()) or (q.isascii() and _in_order(q, initials(label)))


class _TypedFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.typed = ""

    def set_typed(self, text: str) -> None:
        if text == self.typed:
            return
        self.beginFilterChange()
        self.typed = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        label = self.sourceModel().index(row, 0, parent).data() or ""
        return typed_match(self.typed, label)


class SearchCombo(QComboBox):
    """A QComboBox whose entries can be found by typing (text or pinyin initials)."""

    def __init__(self, parent: QWidget | None = None, objectName: str = ""):  # noqa: N803 - Qt's keyword
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._filter = _TypedFilter(self)
        self._filter.setSourceModel(self.model())
        self._completer = QCompleter(self._filter, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self._completer)
        self.lineEdit().textEdited.connect(self.on_typed)
        self._completer.activated[QModelIndex].connect(self.on_picked)
        QApplication.instance().focusChanged.connect(self.on_focus_changed)

    @Slot(str)
    def on_typed(self, text: str) -> None:
        self._filter.set_typed(text)
        if self._filter.rowCount() and text:
            self._completer.complete()

    @Slot(QModelIndex)
    def on_picked(self, index: QModelIndex) -> None:
        source = self._filter.mapToSource(index)
        if source.isValid():
            self.setCurrentIndex(source.row())
        self._filter.set_typed("")

    def pick_typed(self) -> bool:
        """Choose the entry the typed text finds when it finds exactly one (or an exact label)."""
        text = self.lineEdit().text()
        exact = self.findText(text)
        if exact >= 0:
            self.setCurrentIndex(exact)
            return True
        self._filter.set_typed(text)
        if self._filter.rowCount() == 1:
            self.setCurrentIndex(self._filter.mapToSource(self._filter.index(0, 0)).row())
            self._filter.set_typed("")
            return True
        return False

    def settle(self) -> None:
        """Make the text one of the entries: the one typed, else the one chosen before."""
        if not self.pick_typed():
            self.setEditText(self.itemText(self.currentIndex()))  # never leave a value that is no entry
        self._filter.set_typed("")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.settle()
            event.ignore()  # Enter still belongs to the form around (save the card)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        self.lineEdit().selectAll()  # what is typed replaces the shown entry

    @Slot(QWidget, QWidget)
    def on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # Not focusOutEvent: while the completer's popup is open the combo is not told when Tab leaves.
        completer = getattr(self, "_completer", None)
        if completer is None:  # being torn down (the focus signal is the application's, not ours)
            return
        mine = (self, self.lineEdit(), completer.popup())
        if old in mine and new not in mine:
            self.settle()
