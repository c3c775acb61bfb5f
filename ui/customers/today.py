"""今天的任务: the top of a staff member's landing (SPEC §10, my customers + today's tasks).

One line per deadline of theirs — a pre-heat (R2), a follow-up (R6–R8), a callback duty — with the time
left ("还剩 2 天 3 小时", "今天 24:00 前", overdue in red), most urgent first, then the lapsed claims they
can still revive. The lines come a page at a time from ``CallbackService.today`` (the acting user, masked
names); 更多 reads the next page. Double-click or Enter opens the customer; the right-click menu records
a contact for that customer, or for a callback duty the callback that completes it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.platform.errors import ServiceError
from ui.context import Change, UiContext
from ui.customers.contact import KINDS as CONTACT_KINDS
from ui.errors import show_error
from ui.ownership_box import countdown as time_left
from ui.ownership_box import deadline_text, time_left_text
from ui.widgets import tidy_table

PAGE = 30
#: The countdowns are read again this often while the list is on screen (deadlines pass without an event).
RELOAD_MS = 5 * 60 * 1000
RED = "#c0392b"
AMBER = "#b35c00"
COL_LEFT, COL_NAME, COL_WHAT, COL_DETAIL = range(4)
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def countdown(due: dt.datetime | None, now: dt.datetime) -> tuple[str, str]:
    """(the time left as a line shows it, its urgency: "overdue" | "today" | "later").

    ``due`` is the first instant after the deadline (None: a lapsed claim, its deadline long passed).
    Beyond today the words are the ownership box's ("还剩 2 天 3 小时") with the deadline.
    """
    if due is None:
        return QCoreApplication.translate("TodayTasks", "已失效"), "overdue"
    if due <= now:
        late = now - due
        if late >= dt.timedelta(days=1):
            return QCoreApplication.translate("TodayTasks", "已超期 %1 天").replace("%1", str(late.days)), "overdue"
        return QCoreApplication.translate("TodayTasks", "已超期 %1 小时").replace(
            "%1", str(max(1, late.seconds // 3600))
        ), "overdue"
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
    if due <= tomorrow:
        return QCoreApplication.translate("TodayTasks", "今天 %1 前").replace(
            "%1", "24:00" if due == tomorrow else f"{due:%H:%M}"
        ), "today"
    left = time_left_text(time_left(due, now))
    return QCoreApplication.translate("TodayTasks", "%1(%2 截止)").replace("%1", left).replace(
        "%2", deadline_text(due)
    ), "later"


class TodayTasks(QWidget):
    """The staff member's deadlines, most urgent first (services.callbacks.overview.staff_today)."""

    open_requested = Signal(int)  # customer id
    contact_requested = Signal(int, str, str)  # customer id, name as shown, contact kind
    answered = Signal(str, str)  # name as shown, the answer of a callback recorded from a duty line

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.lines: list = []
        self.after = None
        self.title = QLabel()
        self.title.setObjectName("todayTitle")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.more_button = QPushButton(self.tr("更多…"))
        self.more_button.setObjectName("todayMore")
        self.more_button.hide()
        self.refresh_button = QPushButton(self.tr("刷新任务"))
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("todayTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("剩余时间"), self.tr("顾客"), self.tr("要做的事"), self.tr("说明")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_WHAT, 260)
        # The countdown and the name are read whole (a fixed 230 pixels cut "还剩 1 天 15 小时(11月21日 24:00 截止)");
        # what to do and the note elide, whole on hover.
        for col in (COL_LEFT, COL_NAME):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        tidy_table(self.table)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.installEventFilter(self)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.more_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.customContextMenuRequested.connect(self.on_menu)
        self.more_button.clicked.connect(self.load_more)
        self.refresh_button.clicked.connect(self.reload)
        ctx.bus.changed.connect(self.on_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(RELOAD_MS)
        self.timer.timeout.connect(lambda: self.reload() if self.isVisible() else None)
        self.timer.start()
        self.reload()

    # -- reading ------------------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Read again as many lines as are shown (at least a page), keeping the selected customer."""
        shown, current = len(self.lines), self.current_line()
        self.lines, self.after = [], None
        self.table.setRowCount(0)
        self._read(max(PAGE, shown))
        if current is not None:
            row = next((i for i, ln in enumerate(self.lines) if ln.key == current.key), -1)
            if row >= 0:
                self.table.selectRow(row)

    @Slot()
    def load_more(self) -> None:
        if self.after is not None:
            self._read()

    def _read(self, limit: int = PAGE) -> None:
        try:
            page = self.ctx.services.callbacks.today(self.ctx.actor, after=self.after, limit=limit)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.after = page.after
        now = self.ctx.services.clock.now()
        start = len(self.lines)
        self.lines += page.lines
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(page.lines, start=start):
            left, urgency = countdown(line.due_at, now)
            cells = (left, line.customer_name, line.what, line.detail)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, line.customer_id)
                if col == COL_DETAIL:
                    item.setToolTip(text)
                if urgency == "overdue":
                    item.setForeground(QBrush(QColor(RED)))
                elif urgency == "today":
                    item.setForeground(QBrush(QColor(AMBER)))
                    if col == COL_LEFT:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                self.table.setItem(row, col, item)
        self.more_button.setVisible(self.after is not None)
        self._title()

    def _title(self) -> None:
        timed = sum(1 for line in self.lines if line.due_at is not None)
        lapsed = len(self.lines) - timed
        if not self.lines:
            self.title.setText(self.tr("今天的任务:三天内没有到期的预热、跟进或回访。"))
            return
        text = self.tr("今天的任务:%1 项三天内到期").replace("%1", str(timed))
        if lapsed:
            text += self.tr(",%1 位顾客已失效(再次跟进可恢复)").replace("%1", str(lapsed))
        if self.after is not None:
            text += self.tr(",还有更多")
        self.title.setText(text)

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.kinds & {"ownership", "callback", "customer"}:
            self.reload()

    # -- acting on a line ---------------------------------------------------------------------------

    def current_line(self):
        row = self.table.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def open_current(self) -> None:
        line = self.current_line()
        if line is not None:
            self.open_requested.emit(line.customer_id)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_current()
            return True
        return super().eventFilter(watched, event)

    def record_duty(self, line) -> None:
        """The callback dialog of 回访跟踪 for this duty: one record closes every duty it satisfies."""
        from ui.callbacks.dialogs import CallbackDialog

        dialog = CallbackDialog(
            self.ctx, line.customer_id, line.customer_name, self.ctx.actor.staff_id, line.rule, self, task_id=line.ref
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.answered.emit(line.customer_name, dialog.answer)

    @Slot()
    def on_menu(self, pos) -> None:
        line = self.current_line()
        if line is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("打开档案"), self.open_current)
        if line.is_duty and line.rule != "complaint":
            menu.addAction(self.tr("登记回访(完成此项)…"), lambda ln=line: self.record_duty(ln))
        menu.addSeparator()
        for kind, label in CONTACT_KINDS.items():
            menu.addAction(
                self.tr("登记%1").replace("%1", label),
                lambda k=kind, ln=line: self.contact_requested.emit(ln.customer_id, ln.customer_name, k),
            )
        menu.popup(self.table.viewport().mapToGlobal(pos))
