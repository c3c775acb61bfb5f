"""Print preview inside the program: the PDF the services wrote, shown with QtPdf, then Print or Save.

`preview_pdf(parent, build, title)` runs ``build(path, progress=..., cancelled=...)`` off the GUI
thread with a cancellable progress dialog, then opens `PrintPreviewDialog` on the file.
Printing renders each page at the printer's resolution (QPdfDocument.render), so Chinese text
prints exactly as previewed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.platform.files import UMASK
from ui import files
from ui.errors import show_error
from ui.worker import run_in_pool


class PrintPreviewDialog(QDialog):
    """Pages of a PDF with zoom, 打印… and 另存为 PDF…."""

    def __init__(self, pdf_path: str | Path, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.setWindowTitle(self.tr("打印预览 — %1").replace("%1", title))
        # A page's height where the screen allows it, never taller than the screen (1280×800 offices).
        screen = (parent.screen() if parent is not None else QGuiApplication.primaryScreen()).availableGeometry()
        self.resize(min(900, screen.width() - 40), min(1000, screen.height() - 60))
        self.document = QPdfDocument(self)
        self.document.load(str(self.pdf_path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.pages = QLabel(self.tr("共 %1 页").replace("%1", str(self.document.pageCount())), self)
        self.zoom_in = QPushButton(self.tr("放大"), self)
        self.zoom_out = QPushButton(self.tr("缩小"), self)
        self.fit = QPushButton(self.tr("适合宽度"), self)
        self.print_button = QPushButton(self.tr("打印…"), self)
        self.save_button = QPushButton(self.tr("另存为 PDF…"), self)
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.print_button.setDefault(True)

        bar = QHBoxLayout()
        for w in (self.pages, self.zoom_out, self.zoom_in, self.fit):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.zoom_in.clicked.connect(self.on_zoom_in)
        self.zoom_out.clicked.connect(self.on_zoom_out)
        self.fit.clicked.connect(self.on_fit)
        self.print_button.clicked.connect(self.on_print)
        self.save_button.clicked.connect(self.on_save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.on_print)
        QShortcut(QKeySequence.StandardKey.Save, self, self.on_save)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, self.on_zoom_in)
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, self.on_zoom_out)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    @Slot()
    def on_zoom_in(self) -> None:
        self._zoom(1.25)

    @Slot()
    def on_zoom_out(self) -> None:
        self._zoom(0.8)

    @Slot()
    def on_fit(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    @Slot()
    def on_save(self) -> None:
        target = files.ask_save(
            self, "exports", self.tr("另存为 PDF"), self.pdf_path.name, self.tr("PDF 文件 (*.pdf)"), ".pdf"
        )
        if not target:
            return
        try:
            shutil.copyfile(self.pdf_path, target)
            if os.name == "posix":
                os.chmod(target, 0o666 & ~UMASK)  # a copy of the preview's private temporary file
        except OSError as exc:
            QMessageBox.warning(self, self.tr("没有保存"), self.tr("无法写入文件:%1").replace("%1", str(exc)))
            return
        files.announce_saved(self.parentWidget(), target, self.tr("已另存为 %1").replace("%1", target), box=False)

    @Slot()
    def on_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        print_document(self.document, printer)


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Render every page (or the chosen range) onto the printer; returns the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    first, last = printer.fromPage(), printer.toPage()
    pages = range(document.pageCount())
    if first and last:
        pages = range(first - 1, min(last, document.pageCount()))
    printed = 0
    try:
        for n in pages:
            if printed:
                printer.newPage()
            rect = painter.viewport()
            size = document.pagePointSize(n)  # in points (1/72 inch)
            scale = min(rect.width() / size.width(), rect.height() / size.height())
            target = QRectF(0, 0, size.width() * scale, size.height() * scale)
            # 300 dpi is sharp on paper; rendering at the printer's 1200 dpi would take ~500 MB a page.
            dpi = min(300, printer.resolution())
            image = document.render(n, QSize(int(size.width() / 72 * dpi), int(size.height() / 72 * dpi)))
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed


def preview_pdf(parent: QWidget, build: Callable[..., object], title: str) -> None:
    """Build a PDF off the GUI thread (``build(path, progress=, cancelled=)``), then preview it."""
    folder = Path(tempfile.mkdtemp(prefix="keyuan-print-"))
    path = folder / f"{title}.pdf"
    progress = QProgressDialog(
        QCoreApplication.translate("PrintPreviewDialog", "正在生成 %1…").replace("%1", title),
        QCoreApplication.translate("PrintPreviewDialog", "取消"),
        0,
        0,
        parent,
    )
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def done(_result: object) -> None:
        progress.close()
        try:
            dialog = PrintPreviewDialog(path, title, parent)
            dialog.exec()
            dialog.document.close()  # release the file before it is removed
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # the user saved a copy if they wanted one

    def failed(exc: BaseException) -> None:
        progress.close()
        shutil.rmtree(folder, ignore_errors=True)
        show_error(parent, exc)

    job = run_in_pool(
        build,
        path,
        on_done=done,
        on_error=failed,
        on_progress=lambda n: progress.setLabelText(
            QCoreApplication.translate("PrintPreviewDialog", "正在生成 %1… 已完成 %2")
            .replace("%1", title)
            .replace("%2", str(n))
        ),
        cancellable=True,
    )
    progress.canceled.connect(job.cancel)
