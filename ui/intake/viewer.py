"""A zoomable view of one scan: an image file or one page of a PDF (rendered with QtPdf).

Ctrl+wheel, Ctrl++ / Ctrl+- (and + / - while the view has focus) zoom; Ctrl+0 fits the page.
A file Qt cannot draw shows a message in the view instead of a blank area.

While a form layout is being marked (`set_marking`), dragging on the page draws a box instead of
moving the view: ``boxMarked`` gives it as fractions of the page (x0, y0, x1, y1), and `show_boxes`
draws the boxes marked so far with their field names.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QImageReader,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QWidget

PDF_DPI = 150  # sharp enough to read handwriting at 100 %, small enough to render in ~50 ms
ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.05, 8.0
#: A dragged box smaller than this (pixels of the page, either side) is taken for a stray click.
MIN_BOX = 8
MARK_COLOUR = QColor("#1565c0")


class ScanViewer(QGraphicsView):
    zoomChanged = Signal(float)  # current scale, 1.0 = 100 %
    boxMarked = Signal(object)  # (x0, y0, x1, y1) as fractions of the page, while marking a layout

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scanViewer")
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self._item: QGraphicsPixmapItem | None = None
        self._outline = None  # the region of the focused pre-filled field
        self._fit = True
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundRole(self.backgroundRole())
        self.setMinimumWidth(320)
        self._pdf: QPdfDocument | None = None
        self._pdf_path = ""
        self._marking = False
        self._drag_from: QPointF | None = None  # where the box being dragged started (page pixels)
        self._rubber = None  # the box being dragged
        self._marks: list = []  # the drawn boxes of the layout being marked, with their names

    # -- loading -----------------------------------------------------------------------------

    def show_scan(self, path: str, page: int = 0, kind: str = "image") -> bool:
        """Show the scan; False (and a message in the view) when it cannot be drawn."""
        image = self._render_pdf(path, page) if kind == "pdf" else self._read_image(path, page)
        if image is None or image.isNull():
            self.show_message(self.tr("无法显示这份扫描件,文件可能已损坏。"))
            return False
        self._scene.clear()
        self._outline = self._rubber = None
        self._marks = []
        self._item = self._scene.addPixmap(QPixmap.fromImage(image))
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.setSceneRect(self._item.boundingRect())
        self.fit()
        return True

    def page_image(self, path: str, page: int = 0, kind: str = "image") -> QImage | None:
        """The page as the viewer draws it (for reading it with OCR), or None when it cannot be drawn."""
        return self._render_pdf(path, page) if kind == "pdf" else self._read_image(path, page)

    def outline(self, box, size: tuple[int, int]) -> None:
        """Outline the region a pre-filled value was read from (``box`` in pixels of an image of ``size``)."""
        self.clear_outline()
        if self._item is None or box is None or not size[0]:
            return
        scale = self._item.boundingRect().width() / size[0]
        x0, y0, x1, y1 = (v * scale for v in box)
        pen = QPen(QColor("#e65100"), max(2.0, 3 / max(self.scale_factor(), 0.05)))
        self._outline = self._scene.addRect(QRectF(x0 - 4, y0 - 4, x1 - x0 + 8, y1 - y0 + 8), pen)
        self.ensureVisible(self._outline, 40, 40)

    def clear_outline(self) -> None:
        if self._outline is not None and shiboken6.isValid(self._outline) and self._outline.scene() is self._scene:
            self._scene.removeItem(self._outline)
        self._outline = None

    def show_message(self, text: str) -> None:
        self._scene.clear()
        self._item = self._outline = self._rubber = None
        self._marks = []
        item = self._scene.addText(text)
        self._scene.setSceneRect(item.boundingRect())
        self.resetTransform()

    def clear(self) -> None:
        self._scene.clear()
        self._item = self._outline = self._rubber = None
        self._marks = []

    # -- marking a form layout -----------------------------------------------------------------

    def has_page(self) -> bool:
        return self._item is not None

    def set_marking(self, on: bool) -> None:
        """Dragging draws a field's box (on) or moves the view (off); off also removes the boxes."""
        self._marking = on
        self._drag_from = None
        self.setDragMode(QGraphicsView.DragMode.NoDrag if on else QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.OpenHandCursor)
        if not on:
            self.show_boxes({}, {})

    def show_boxes(self, boxes: dict[str, tuple], names: dict[str, str], current: str | None = None) -> None:
        """Draw ``boxes`` (field → fractions of the page) labelled with ``names``; ``current`` in bold."""
        for item in self._marks:
            if item.scene() is self._scene:
                self._scene.removeItem(item)
        self._marks = []
        if self._item is None:
            return
        rect = self._item.boundingRect()
        width = max(2.0, 2 / max(self.scale_factor(), 0.05))
        for name, (x0, y0, x1, y1) in boxes.items():
            pen = QPen(MARK_COLOUR, width * (2 if name == current else 1))
            box = self._scene.addRect(
                QRectF(x0 * rect.width(), y0 * rect.height(), (x1 - x0) * rect.width(), (y1 - y0) * rect.height()),
                pen,
                QBrush(QColor(21, 101, 192, 30)),
            )
            label = self._scene.addSimpleText(names.get(name, name))
            font = QFont(label.font())
            font.setPointSizeF(max(9.0, 12 / max(self.scale_factor(), 0.05)))
            font.setBold(name == current)
            label.setFont(font)
            label.setBrush(MARK_COLOUR)
            above = y0 * rect.height() - label.boundingRect().height() - 2  # above the box, not over its text
            label.setPos(x0 * rect.width() + 2, above if above >= 0 else y0 * rect.height() + 2)
            self._marks += [box, label]

    def _on_page(self, event: QMouseEvent) -> QPointF:
        """The event's position in page pixels, held inside the page."""
        point = self.mapToScene(event.position().toPoint())
        rect = self._item.boundingRect()
        return QPointF(min(max(point.x(), 0.0), rect.width()), min(max(point.y(), 0.0), rect.height()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._marking and self._item is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = self._on_page(event)
            pen = QPen(MARK_COLOUR, max(2.0, 2 / max(self.scale_factor(), 0.05)), Qt.PenStyle.DashLine)
            self._rubber = self._scene.addRect(QRectF(self._drag_from, self._drag_from), pen)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None and self._rubber is not None:
            self._rubber.setRect(QRectF(self._drag_from, self._on_page(event)).normalized())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            super().mouseReleaseEvent(event)
            return
        box = QRectF(self._drag_from, self._on_page(event)).normalized()
        self._drag_from = None
        if self._rubber is not None and self._rubber.scene() is self._scene:
            self._scene.removeItem(self._rubber)
        self._rubber = None
        event.accept()
        if box.width() < MIN_BOX or box.height() < MIN_BOX:
            return
        page = self._item.boundingRect()
        self.boxMarked.emit(
            (
                box.left() / page.width(),
                box.top() / page.height(),
                box.right() / page.width(),
                box.bottom() / page.height(),
            )
        )

    def _read_image(self, path: str, page: int = 0) -> QImage | None:
        reader = QImageReader(path)
        reader.setAutoTransform(True)  # phone photos of forms carry an EXIF rotation
        if page and not reader.jumpToImage(page):  # a page of a multi-page TIFF
            return None
        image = reader.read()
        return None if image.isNull() else image

    def _render_pdf(self, path: str, page: int) -> QImage | None:
        if self._pdf is None or self._pdf_path != path:
            doc = QPdfDocument(self)
            if doc.load(path) != QPdfDocument.Error.None_:
                doc.deleteLater()
                return None
            if self._pdf is not None:
                self._pdf.deleteLater()
            self._pdf, self._pdf_path = doc, path
        if not 0 <= page < self._pdf.pageCount():
            return None
        points = self._pdf.pagePointSize(page)
        size = QSize(max(1, int(points.width() * PDF_DPI / 72)), max(1, int(points.height() * PDF_DPI / 72)))
        image = self._pdf.render(page, size)
        if image.isNull():
            return None
        # PDF pages render with a transparent background; paper is white.
        page_image = QImage(image.size(), QImage.Format.Format_RGB32)
        page_image.fill(Qt.GlobalColor.white)
        painter = QPainter(page_image)
        painter.drawImage(0, 0, image)
        painter.end()
        return page_image

    # -- zoom ----------------------------------------------------------------------------------

    def scale_factor(self) -> float:
        return self.transform().m11()

    @Slot()
    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    @Slot()
    def zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    @Slot()
    def fit(self) -> None:
        self._fit = True
        if self._item is not None:
            self.fitInView(self._item, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoomChanged.emit(self.scale_factor())

    def _zoom(self, factor: float) -> None:
        if self._item is None:
            return
        target = min(max(self.scale_factor() * factor, MIN_SCALE), MAX_SCALE)
        self._fit = False
        self.scale(target / self.scale_factor(), target / self.scale_factor())
        self.zoomChanged.emit(self.scale_factor())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom_out()
        elif event.key() == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit and self._item is not None:
            self.fitInView(self._item, Qt.AspectRatioMode.KeepAspectRatio)
