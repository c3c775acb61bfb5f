"""Pre-filling the 录入 form from the scan itself (OCR), so the clerk confirms instead of typing.

`ScanPrefill` reads the shown scan and the next ones of the queue ahead of time on a worker thread
(the engine loads on first use, never at start-up), one page at a time, and keeps each reading by the
page's content hash. When the reading of the page on screen is there, `apply_reading` fills the form's
empty fields only (what the clerk already typed stays), tints the readings the engine was not sure of,
and remembers where on the page each value came from so the viewer can outline it when its field has
the focus. Nothing is saved here: the clerk's Enter saves the form as it stands, and a tinted field
must have been looked at (focused) first.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from services.intake.form_reader import SURE, FormReading, OcrUnavailable
from services.intake.scans import QueueItem
from ui.context import UiContext
from ui.worker import Job, run_in_pool

#: How many pages after the shown one are read ahead.
AHEAD = 2
UNSURE_STYLE = "background: #fff3b0;"


def page_key(item: QueueItem) -> tuple[str, int]:
    return (item.sha256, item.page)


class ScanPrefill(QObject):
    """Background OCR of the queue: ``ready(key, reading)`` for every page read, ``unavailable(text)`` once."""

    ready = Signal(object, object)
    unavailable = Signal(str)

    def __init__(self, ctx: UiContext, render: Callable[[QueueItem], QImage | None], parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.render = render
        self.readings: dict[tuple[str, int], FormReading] = {}
        self._wanted: list[QueueItem] = []
        self._job: Job | None = None
        self._job_key: tuple[str, int] | None = None
        self._off = False
        self._file: Path | None = None  # the page image the running job reads (removed after)
        self.layout: str | None = None  # the saved form layout the pages are read with (None: labels only)
        self._generation = 0  # counts layout changes: a reading made before the last one is dropped
        self._job_generation = 0

    def set_layout(self, layout: str | None) -> None:
        """Read pages with this form layout from now on (also when the same layout was saved again):
        what was read before is forgotten, and a page being read finishes but its reading is dropped."""
        self.layout = layout
        self._generation += 1
        self.readings.clear()
        if self._job is not None:
            self._job.cancel()

    def want(self, current: QueueItem | None, upcoming: list[QueueItem]) -> None:
        """Read ``current`` first, then the next pages; forget pages that are no longer wanted."""
        if self._off:
            return
        items = ([current] if current is not None else []) + upcoming[:AHEAD]
        self._wanted = [it for it in items if page_key(it) not in self.readings]
        if self._job is not None and self._job_key not in {page_key(it) for it in self._wanted}:
            self._job.cancel()  # the engine finishes its page, the result is kept but no longer waited for
        self._next()

    def stop(self) -> None:
        self._wanted = []
        if self._job is not None:
            self._job.cancel()

    def _next(self) -> None:
        if self._job is not None or not self._wanted or self._off:
            return
        item = self._wanted.pop(0)
        image = self.render(item)  # on the GUI thread: QtPdf and QImageReader draw the page as the viewer does
        if image is None or image.isNull():
            self._next()
            return
        handle, name = tempfile.mkstemp(prefix="keyuan-ocr-", suffix=".png")
        os.close(handle)
        path = self._file = Path(name)
        image.save(str(path))
        self._job_key, self._job_generation = page_key(item), self._generation
        self._job = run_in_pool(
            self.ctx.services.form_reader.read,
            self.ctx.actor,
            str(path),
            layout=self.layout,
            cancellable=True,
            on_done=self._on_done,
            on_error=self._on_error,
        )

    def _drop_file(self) -> None:
        if self._file is not None:
            self._file.unlink(missing_ok=True)
            self._file = None

    def _on_done(self, reading: FormReading) -> None:
        self._drop_file()
        key, self._job, self._job_key = self._job_key, None, None
        if self._job_generation == self._generation:  # else read with a layout no longer in force
            self.readings[key] = reading
            self.ready.emit(key, reading)
        self._next()

    def _on_error(self, exc: BaseException) -> None:
        self._drop_file()
        self._job, self._job_key = None, None
        if isinstance(exc, OcrUnavailable):
            self._off = True
            self.unavailable.emit(str(exc))
            return
        self._next()  # one unreadable page does not stop the others


def field_widgets(form: QWidget) -> dict[str, QWidget]:
    """The intake form's widget for each field the reader finds."""
    return {
        "name": form.name,
        "sex": form.sex,
        "birth_year": form.birth_year,
        "phone": form.phone1,
        "address": form.address,
        "occupation": form.occupation,
        "interests": form.interests,
        "channel": form.channel,
    }


def _is_empty(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit):
        return not widget.text().strip()
    if isinstance(widget, QComboBox):
        return widget.currentData() in (None, "")
    return False


def _fill(widget: QWidget, value: str) -> bool:
    if isinstance(widget, QLineEdit):
        widget.setText(value)
        return True
    if isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index < 0:
            return False
        widget.setCurrentIndex(index)
        if widget.isEditable():
            widget.setEditText(widget.itemText(index))
        return True
    return False


def apply_reading(form: QWidget, reading: FormReading) -> dict[QWidget, tuple]:
    """Fill the form's empty, enabled fields from ``reading``; tint the unsure ones.

    Returns each filled widget with (FieldReading, page size): the tab outlines the region on focus
    and asks for a look at the tinted ones before saving.
    """
    filled: dict[QWidget, tuple] = {}
    for name, widget in field_widgets(form).items():
        found = reading.fields.get(name)
        if found is None or not widget.isEnabled() or not _is_empty(widget):
            continue
        value = found.value if found.confidence > 0 or name in ("name", "address", "interests") else found.raw
        if not _fill(widget, value):
            continue
        widget.setProperty("ocrValue", _current(widget))
        widget.setStyleSheet(UNSURE_STYLE if found.confidence < SURE else "")
        widget.setToolTip(found.note or "")
        filled[widget] = (found, reading.size)
    return filled


def _current(widget: QWidget):
    return widget.text() if isinstance(widget, QLineEdit) else widget.currentData()


def withdraw(filled: dict[QWidget, tuple], take_back: bool = True) -> None:
    """Take back a page's pre-fill when another page is shown: values the clerk left as they were
    filled are emptied again (what the clerk typed or changed stays), and the tints go."""
    for widget in filled:
        widget.setStyleSheet("")
        widget.setToolTip("")
        if take_back and _current(widget) == widget.property("ocrValue"):
            if isinstance(widget, QLineEdit):
                widget.clear()
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
        widget.setProperty("ocrValue", None)
