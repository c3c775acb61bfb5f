"""Driving the real windows as a person does: keys, clicks, the dialogs that pop up, and a picture
after every step.

The journey tests (tests/journeys/test_journeys.py) and the screenshot walk (tools/walk.py) use the
same `Walk`: with ``shots`` set, every `step` saves a PNG of what is on screen (the active modal
dialog when one is open, else the main window), numbered in order, so a person can look through a
role's day in a minute.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from services.app import Services
from services.platform.clock import FixedClock
from ui.widgets import ElideTipDelegate

DEMO_CUSTOMERS = 150
DEMO_SEED = 20260301
DAY_OPENS = dt.time(9, 0)  # the journeys start when the office's day starts, half an hour after the demo's "now"


def pdf_pages_drawn(dialog: QWidget) -> bool:
    """True unless ``dialog`` shows a PDF whose pages are not drawn yet (its view still one blank colour)."""
    from PySide6.QtPdfWidgets import QPdfView

    for view in dialog.findChildren(QPdfView):
        image = view.viewport().grab().toImage()
        if image.isNull() or view.document() is None or view.document().pageCount() == 0:
            continue
        step_x, step_y = max(1, image.width() // 100), max(1, image.height() // 100)
        colours = {image.pixel(x, y) for x in range(0, image.width(), step_x) for y in range(0, image.height(), step_y)}
        if len(colours) < 3:  # background and page only: no text yet
            return False
    return True


class JourneyFailed(AssertionError):
    pass


def build_template(path: Path, day: dt.date, customers: int = DEMO_CUSTOMERS) -> Path:
    """The demo office every journey starts from (built once, then copied for each journey)."""
    from services.cli.demo import build_demo

    if not path.exists():
        build_demo(str(path), customers, seed=DEMO_SEED, today=day)
    return path


def fresh_copy(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "demo.db"
    copy_office(template, target)
    return target


def copy_office(source: Path, target: Path) -> None:
    """A demo database and its scans inbox (the data folder beside it: NAME-data/待录入扫描件)."""
    from services.intake.scans import INBOX, default_data_dir

    shutil.copyfile(source, target)
    inbox, copied = default_data_dir(str(source)) / INBOX, default_data_dir(str(target)) / INBOX
    shutil.rmtree(copied, ignore_errors=True)
    if inbox.exists():
        shutil.copytree(inbox, copied)


def clipped(root: QWidget) -> list[str]:
    """What the tables under ``root`` cut off, as a person looking at the screen would notice it:
    a column title narrower than its text, a value wider than its column that no tooltip shows whole
    (`ui.widgets.ElideTipDelegate` does), and columns past the right edge of the table (to be scrolled to)."""
    found: list[str] = []
    views = [v for v in root.findChildren(QAbstractItemView) if isinstance(v, (QTableView, QTreeView))]
    for view in views:
        if not view.isVisible() or view.visibleRegion().isEmpty() or view.model() is None:
            continue
        if isinstance(view.window(), QFileDialog):
            continue  # Qt's own dialog, not ours (its Chinese is checked in tests/ui/test_files.py)
        header: QHeaderView = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        model = view.model()
        name = view.objectName() or type(view.window()).__name__ + "/" + type(view.parent()).__name__
        width = view.viewport().width()
        first = view.rowAt(0) if isinstance(view, QTableView) else view.indexAt(QPoint(1, 1)).row()
        rows = []
        if first >= 0:
            r = first
            while r < model.rowCount() and len(rows) < 40:
                rect = view.visualRect(model.index(r, 0))
                if rect.top() > view.viewport().height():
                    break
                rows.append(r)
                r += 1
        beyond = []
        delegate = view.itemDelegate()
        for c in range(model.columnCount()):
            if header.isSectionHidden(c):
                continue
            size = header.sectionSize(c)
            title = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            if header.isVisible() and title and size + 2 < header.sectionSizeHint(c):
                found.append(f"{name}: 列标题“{title}”被截断({size} < {header.sectionSizeHint(c)})")
            if header.sectionViewportPosition(c) + size > width + 2:
                beyond.append(title or str(c))
            for r in rows:
                index = model.index(r, c)
                text = str(index.data() or "")
                if not text or index.data(Qt.ItemDataRole.ToolTipRole) or isinstance(delegate, ElideTipDelegate):
                    continue  # elided with the whole text on hover
                option = QStyleOptionViewItem()
                option.initFrom(view)
                option.font = view.font()
                need = view.itemDelegateForIndex(index).sizeHint(option, index).width()
                if need > size + 2:
                    found.append(f"{name}: “{title}”一列的“{text[:30]}”被截断({size} < {need})")
                    break
        if beyond:
            found.append(f"{name}: 列超出表格右边,要横向滚动才看得全:{'、'.join(beyond)}")
    return found


class Walk:
    """One role's day on one demo database. ``shots``: a folder for the pictures, or None."""

    def __init__(self, role: str, day: dt.date, shots: Path | None = None, size=(1280, 800)):
        self.role = role
        self.day = day
        self.shots = shots
        self.size = size
        self.n = 0
        self.pictures: list[tuple[str, str]] = []  # (step, file name) of each picture taken
        self.window: QWidget | None = None
        self.services: Services | None = None
        self.seen: list[str] = []  # every message box text shown during the walk
        self.unexpected: list[str] = []  # dialogs nobody expected (closed by the watchdog)
        self.answer = ""  # the sentence the program answered a staff action with (issue 18)
        self.cut: list[str] = []  # what a step's screen cut off (`clipped`): the journeys expect none
        self._handled: set[int] = set()
        self._timers: list[QTimer] = []
        # A dialog no step expected would block the walk for ever: after a few seconds the watchdog
        # takes its picture, notes its text, and closes it, so the walk fails with the reason.
        self._watchdog = QTimer()
        self._watchdog.setInterval(250)
        self._watchdog.timeout.connect(self._watch)
        self._watchdog.start()
        self._modal_since: tuple[int, float] | None = None

    def _watch(self) -> None:
        w = QApplication.activeModalWidget()
        if w is None:
            self._modal_since = None
            return
        if self._modal_since is None or self._modal_since[0] != id(w):
            self._modal_since = (id(w), time.monotonic())
            return
        if time.monotonic() - self._modal_since[1] < (8 if id(w) in self._handled else 3):
            return  # a dialog a step handles gets longer: its step may still be typing into it
        text = w.text() if isinstance(w, QMessageBox) else w.windowTitle()
        self.unexpected.append(text)
        self.step("意外的对话框", w)
        self._modal_since = None
        if isinstance(w, QDialog):
            w.reject()
        else:
            w.close()

    # -- the clock and the services ------------------------------------------------------------

    def open_services(self) -> Services:
        self.services = Services(FixedClock(dt.datetime.combine(self.day, DAY_OPENS)))
        return self.services

    @property
    def now(self) -> dt.datetime:
        assert self.services is not None
        return self.services.clock.now()

    # -- pictures --------------------------------------------------------------------------------

    def step(self, name: str, widget: QWidget | None = None) -> None:
        """A step of the day is done: let the screen settle, then (when walking) take its picture."""
        QApplication.processEvents()
        target = widget or QApplication.activeModalWidget() or QApplication.activePopupWidget() or self.window
        if target is None:
            return
        cut = clipped(target)
        self.cut += [f"{name}: {line}" for line in cut]
        if self.shots is None:
            return
        self.n += 1
        self.shots.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", name).strip("_")
        target.repaint()
        QApplication.processEvents()
        picture = f"{self.role}-{self.n:02d}-{safe}.png"
        target.grab().save(str(self.shots / picture))
        self.pictures.append((name, picture))
        if cut:
            with (self.shots / "clipped.txt").open("a", encoding="utf-8") as f:
                f.write("".join(f"{picture}\t{line}\n" for line in cut))

    # -- waiting ------------------------------------------------------------------------------------

    def wait(self, condition: Callable[[], object], what: str, timeout: float = 10.0) -> object:
        """Let the program work (background jobs, timers) until ``condition()`` holds."""
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if self.unexpected:
                raise JourneyFailed(f"等待“{what}”时弹出了意外的对话框:{self.unexpected}")
            if time.monotonic() > deadline:
                raise JourneyFailed(f"等了 {timeout:.0f} 秒仍未看到:{what}")
            QTest.qWait(15)

    # -- hands on the keyboard and the mouse -----------------------------------------------------

    def type(self, widget: QWidget, text: str) -> None:
        """ASCII as key clicks; Chinese as an input method's commit (拼音 typing), which is how it arrives."""
        widget.setFocus()
        chunk = ""
        for ch in text + "\0":
            if ch.isascii() and chunk:
                event = QInputMethodEvent()
                event.setCommitString(chunk)
                QApplication.sendEvent(widget, event)
                chunk = ""
            if ch == "\0":
                break
            if ch.isascii():
                QTest.keyClicks(widget, ch)
            else:
                chunk += ch

    def key(self, widget: QWidget | None, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        target = widget or QApplication.focusWidget() or (self.window.focusWidget() if self.window else None)
        assert target is not None, "no widget has the keyboard focus"
        QTest.keyClick(target, key, modifier)

    def click(self, button: QAbstractButton) -> None:
        assert button.isVisible(), f"the button {button.text()!r} is not on screen"
        assert button.isEnabled(), f"the button {button.text()!r} cannot be pressed"
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def open_tab(self, window, key: str) -> QWidget:
        """Click the main window's tab ``key`` (as titled on screen)."""
        tabs: QTabWidget = window.tabs
        index = window.tab_keys.index(key)
        bar = tabs.tabBar()
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        self.wait(lambda: tabs.currentIndex() == index, f"标签页 {key}")
        return tabs.currentWidget()

    def click_row(self, view: QAbstractItemView, row: int, column: int = 0, double: bool = False) -> None:
        index = view.model().index(row, column)
        view.scrollTo(index)
        rect = view.visualRect(index)
        point: QPoint = rect.center()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        if double:
            QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)

    def find_row(self, view: QAbstractItemView, text: str, column: int | None = None) -> int:
        """The first row showing ``text`` in a cell (any column, or ``column``)."""
        model = view.model()
        for r in range(model.rowCount()):
            cols = range(model.columnCount()) if column is None else (column,)
            for c in cols:
                if text in str(model.index(r, c).data() or ""):
                    return r
        return -1

    def rows(self, view: QAbstractItemView) -> list[list[str]]:
        model = view.model()
        return [
            [str(model.index(r, c).data() or "") for c in range(model.columnCount())] for r in range(model.rowCount())
        ]

    # -- dialogs that pop up -------------------------------------------------------------------------

    def when_dialog(self, handle: Callable[[QWidget], None], name: str, kind: type = QDialog) -> list[QWidget]:
        """Before an action that opens a modal dialog: when it shows, take its picture and ``handle`` it
        (type into it, press its button). Returns a list that will hold the dialog."""
        before = QApplication.activeModalWidget()
        got: list[QWidget] = []
        timer = QTimer()
        timer.setInterval(15)
        shown_at: list[float] = []

        def poll() -> None:
            w = QApplication.activeModalWidget()
            if w is None or w is before or not isinstance(w, kind) or not w.isVisible():
                return
            shown_at[:1] = shown_at[:1] or [time.monotonic()]
            if not pdf_pages_drawn(w) and time.monotonic() - shown_at[0] < 5:
                return  # a print preview draws its pages in the background: its picture waits for them
            timer.stop()
            self._handled.add(id(w))
            got.append(w)
            if isinstance(w, QMessageBox):
                self.seen.append(w.text())
            self.step(name, w)
            try:
                handle(w)
            except Exception as exc:  # a step that cannot handle its dialog fails the walk, not the program
                self.unexpected.append(f"{name}:{exc!r}")
                if isinstance(w, QDialog):
                    w.reject()

        timer.timeout.connect(poll)
        timer.start()
        self._timers.append(timer)
        return got

    def press_ok(self, dialog: QWidget) -> None:
        """Click the dialog's OK (确定) button, as the user does after filling it in."""
        for box in dialog.findChildren(QDialogButtonBox):
            ok = box.button(QDialogButtonBox.StandardButton.Ok)
            if ok is not None:
                self.click(ok)
                return
        raise JourneyFailed(f"对话框“{dialog.windowTitle()}”没有“确定”按钮")

    def answer_box(self, name: str, button: QMessageBox.StandardButton | None = None) -> list[QWidget]:
        """The next message box: picture, its text kept in ``seen``, then its ``button`` or the default."""

        def press(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            chosen = box.button(button) if button is not None else (box.defaultButton() or box.buttons()[0])
            if chosen is None:
                raise JourneyFailed(f"消息框里没有按钮 {button}:{[b.text() for b in box.buttons()]}")
            chosen.click()

        return self.when_dialog(press, name, QMessageBox)

    def save_file_as(self, path: Path, name: str) -> list[QWidget]:
        """The next file dialog: picture (its folder and language), then type ``path`` and accept."""

        def choose(dialog: QWidget) -> None:
            assert isinstance(dialog, QFileDialog)
            dialog.setDirectory(str(path.parent))
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            if name is not None:
                name.setText(path.name)  # typed into the file-name box, as the user does
            else:
                dialog.selectFile(path.name)
            dialog.accept()

        return self.when_dialog(choose, name, QFileDialog)

    def settle(self) -> None:
        loop = QEventLoop()
        QTimer.singleShot(30, loop.quit)
        loop.exec()

    def close(self) -> None:
        self._watchdog.stop()
        for t in self._timers:
            t.stop()
        if self.window is not None:
            self.window.close()
        QGuiApplication.processEvents()
