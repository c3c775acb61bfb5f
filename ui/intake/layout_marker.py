"""Marking the office's own form layout on a scan: one box per field, dragged in the viewer.

The first time a form kind comes in (its labels are not the ones the reader knows, or its values sit
where the label search does not look), the clerk opens this panel beside the scan, picks a field in
the list, drags a box around where that field is written, and the next field without a box is picked.
The form kind gets a name and is saved through `FormReaderService.save_layout`; from then on the scans
read with that kind look in the boxes first and search the labels only for fields without a box.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.platform.errors import ServiceError
from ui.context import UiContext
from ui.errors import show_error
from ui.intake.viewer import ScanViewer

#: The fields a layout can place: those the 录入 form fills, in the form's order, with their names.
MARKED_FIELDS = (
    ("name", QT_TRANSLATE_NOOP("LayoutMarker", "姓名")),
    ("sex", QT_TRANSLATE_NOOP("LayoutMarker", "性别")),
    ("birth_year", QT_TRANSLATE_NOOP("LayoutMarker", "出生年份/年龄")),
    ("phone", QT_TRANSLATE_NOOP("LayoutMarker", "电话")),
    ("address", QT_TRANSLATE_NOOP("LayoutMarker", "住址")),
    ("occupation", QT_TRANSLATE_NOOP("LayoutMarker", "职业")),
    ("interests", QT_TRANSLATE_NOOP("LayoutMarker", "兴趣")),
    ("channel", QT_TRANSLATE_NOOP("LayoutMarker", "渠道")),
)


def field_name(field: str) -> str:
    return QCoreApplication.translate("LayoutMarker", dict(MARKED_FIELDS)[field])


class LayoutMarker(QFrame):
    """``saved(kind)`` once the layout is kept; ``closed()`` when the panel goes away either way."""

    saved = Signal(str)
    closed = Signal()

    def __init__(self, ctx: UiContext, viewer: ScanViewer, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("layoutMarker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.ctx = ctx
        self.viewer = viewer
        self.boxes: dict[str, tuple[float, float, float, float]] = {}

        intro = QLabel(
            self.tr("标注表格版式:在左边的扫描件上,为选中的栏目拖一个方框框住它填写的位置,然后选下一个栏目。")
        )
        intro.setWordWrap(True)
        self.fields = QListWidget(objectName="layoutFields")
        for code, _name in MARKED_FIELDS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.fields.addItem(item)
        self.fields.setMaximumHeight(self.fields.sizeHintForRow(0) * (len(MARKED_FIELDS) + 1) + 8)
        self.kind = QLineEdit(objectName="layoutKind", placeholderText=self.tr("表格种类的名称,如 社区义诊报名表"))
        self.error = QLabel(objectName="layoutError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.clear_box = QPushButton(self.tr("去掉这一栏的方框"), objectName="layoutClearBox")
        self.save_button = QPushButton(self.tr("保存版式"), objectName="layoutSave")
        self.cancel_button = QPushButton(self.tr("取消"), objectName="layoutCancel")
        for button in (self.clear_box, self.save_button, self.cancel_button):
            button.setAutoDefault(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_box)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fields)
        layout.addWidget(QLabel(self.tr("表格种类(&K):"), buddy=self.kind))
        layout.addWidget(self.kind)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        self.fields.currentRowChanged.connect(self._redraw)
        self.clear_box.clicked.connect(self.on_clear_box)
        self.save_button.clicked.connect(self.on_save)
        self.cancel_button.clicked.connect(self.cancel)
        self.kind.returnPressed.connect(self.on_save)
        self.viewer.boxMarked.connect(self.on_box)
        self.hide()

    # -- opening and closing ---------------------------------------------------------------------

    def start(self, kind: str = "", boxes: dict[str, tuple] | None = None) -> None:
        """Show the panel and let the viewer draw boxes; ``kind``/``boxes``: a saved layout to correct."""
        self.boxes = {f: tuple(b) for f, b in (boxes or {}).items() if f in dict(MARKED_FIELDS)}
        self.kind.setText(kind)
        self.error.clear()
        self.show()
        self.viewer.set_marking(True)
        self.fields.setCurrentRow(self._next_row(0))
        self._redraw()
        self.fields.setFocus()

    def cancel(self) -> None:
        self._close()

    def _close(self) -> None:
        self.viewer.set_marking(False)
        self.hide()
        self.closed.emit()

    def redraw(self) -> None:
        """Draw the boxes again (the viewer shows another page, which drops what was drawn)."""
        if self.isVisible():
            self._redraw()

    # -- marking -------------------------------------------------------------------------------

    def current_field(self) -> str | None:
        item = self.fields.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _next_row(self, start: int) -> int:
        """The first field from ``start`` on (wrapping) that has no box yet; ``start`` when all have one."""
        for step in range(len(MARKED_FIELDS)):
            row = (start + step) % len(MARKED_FIELDS)
            if MARKED_FIELDS[row][0] not in self.boxes:
                return row
        return start % len(MARKED_FIELDS)

    @Slot(object)
    def on_box(self, box: tuple) -> None:
        field = self.current_field()
        if not self.isVisible() or field is None:
            return
        self.boxes[field] = tuple(box)
        self.error.clear()
        self.fields.setCurrentRow(self._next_row(self.fields.currentRow() + 1))
        self._redraw()

    @Slot()
    def on_clear_box(self) -> None:
        field = self.current_field()
        if field is not None:
            self.boxes.pop(field, None)
            self._redraw()

    @Slot()
    def _redraw(self) -> None:
        for row, (code, _name) in enumerate(MARKED_FIELDS):
            mark = self.tr("✓ 已标") if code in self.boxes else self.tr("未标")
            self.fields.item(row).setText(f"{field_name(code)}    {mark}")
        names = {code: field_name(code) for code, _name in MARKED_FIELDS}
        self.viewer.show_boxes(self.boxes, names, self.current_field())

    # -- saving --------------------------------------------------------------------------------

    @Slot()
    def on_save(self) -> None:
        if not self.boxes:
            self.error.setText(self.tr("还没有标任何栏目:选中一个栏目,在扫描件上拖一个方框。"))
            return
        kind = self.kind.text().strip()
        try:
            self.ctx.services.form_reader.save_layout(self.ctx.actor, kind, self.boxes)
        except ServiceError as exc:
            if getattr(exc, "field", None) in ("kind", "layout"):
                self.error.setText(exc.message)
                (self.kind if exc.field == "kind" else self.fields).setFocus()
                return
            show_error(self, exc)
            return
        self._close()
        self.saved.emit(kind)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # Enter here is for the layout, never the card behind the panel
            return
        super().keyPressEvent(event)
