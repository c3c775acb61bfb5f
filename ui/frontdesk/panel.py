"""The front-desk panel: one search box, the masked hits, Enter on a hit for the actions.

Keys: type → results follow (a short pause after the last key); Enter searches at once and moves
to the first hit; ↓ also moves to the hits; Enter on a hit opens 登记到店 / 会议签到; Esc returns to
an empty search box. The lookup is one indexed query (services.frontdesk.service), fast enough for the GUI
thread; nothing here touches the database directly.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.frontdesk.service import MAX_TEXT, FrontDeskHit, TodayMeeting
from services.office.permissions import can
from services.platform.errors import ServiceError
from ui import errors
from ui.context import Change, UiContext
from ui.frontdesk.actions import ActionDialog
from ui.frontdesk.model import COL_COUNTDOWN, HitsModel
from ui.widgets import tidy_table

DEBOUNCE_MS = 250


class FrontDeskPanel(QWidget):
    acted = Signal(str)  # the sentence shown after a store visit or a check-in

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.service = ctx.services.frontdesk
        self.action_dialog: ActionDialog | None = None
        self.walk_in_dialog = None
        self._today: list[TodayMeeting] = []
        self._duty_day: dt.date | None = None

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.duty = QComboBox()
        self.duty.setObjectName("duty")
        self.can_visit = can(ctx.actor, "frontdesk.store_visit")
        self.can_check_in = can(ctx.actor, "event.attendance")
        duty_label = QLabel(self.tr("值班专员(&D):"))
        duty_label.setBuddy(self.duty)
        top.addWidget(duty_label)
        top.addWidget(self.duty, 1)
        duty_label.setVisible(self.can_visit)
        self.duty.setVisible(self.can_visit)
        self.meetings_label = QLabel()
        top.addWidget(self.meetings_label, 2)
        layout.addLayout(top)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setMaxLength(MAX_TEXT * 2)  # longer text still reaches the service's clear message
        self.search.setPlaceholderText(self.tr("电话号码 / 后四位 / 姓名 / 拼音首字母,回车查询"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)

        self.model = HitsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        # Every column at its text; the deadline (date and countdown, or who may take over) takes the rest and,
        # on a small screen, is the one cut short (whole on hover), so the owner and the state are always read.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(COL_COUNTDOWN, QHeaderView.ResizeMode.Stretch)
        tidy_table(self.table)
        layout.addWidget(self.table, 1)

        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.addWidget(self.status)
        hint = QLabel(
            self.tr("回车:查询 / 对选中的顾客操作   ↓:选择结果   Esc:清空重查   F3:新来访顾客")
            if self.can_visit
            else self.tr("回车:查询 / 对选中的顾客操作   ↓:选择结果   Esc:清空重查")
        )
        # A palette, not a style sheet: a style sheet would cut the label off the kiosk's large font.
        pal = hint.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor("#666666"))
        hint.setPalette(pal)
        layout.addWidget(hint)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.on_search)
        self.search.textEdited.connect(self.on_text_edited)
        self.search.returnPressed.connect(self.on_enter)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _i: self.open_actions())
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.duty)
        self.setFocusProxy(self.search)

        self.refresh_day()

    # -- the day's context ---------------------------------------------------------------------------

    def refresh_day(self) -> None:
        """Today's meetings, and a new duty choice each day (the choice is per day)."""
        today = self.ctx.services.clock.now().date()
        try:
            self._today = self.service.todays_meetings(self.ctx.actor)
        except ServiceError:
            self._today = []
        if self._today:
            self.meetings_label.setText(self.tr("今日会议:%1").replace("%1", ";".join(m.title for m in self._today)))
        else:
            self.meetings_label.setText(self.tr("今天没有会议"))
        if self.can_visit and self._duty_day != today:
            self._duty_day = today
            self.duty.clear()
            self.duty.addItem(self.tr("无专员(未登记的顾客交公司分配)"), None)
            try:
                for staff_id, label in self.service.duty_choices(self.ctx.actor):
                    self.duty.addItem(label, staff_id)
            except ServiceError as exc:
                errors.show_error(self, exc)

    def duty_staff_id(self) -> int | None:
        return self.duty.currentData() if self.can_visit else None

    # -- searching --------------------------------------------------------------------------------------

    @Slot(str)
    def on_text_edited(self, _text: str) -> None:
        self._timer.start()

    @Slot()
    def on_search(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        if not text:
            self.model.set_hits([])
            self.status.clear()
            return
        try:
            found = self.service.search(self.ctx.actor, text)
        except ServiceError as exc:
            self.model.set_hits([])
            self.status.setText(exc.message)
            return
        hits = found.hits
        self.model.set_hits(hits)
        if not hits:
            self.status.setText(
                self.tr("没有找到这位顾客。新顾客请按 F3 建档并登记到店。")
                if self.can_visit
                else self.tr("没有找到这位顾客。")
            )
        elif found.more:
            self.status.setText(self.tr("显示前 %1 位顾客。还有更多,请多输入几个字").replace("%1", str(len(hits))))
        else:
            self.status.setText(self.tr("找到 %1 位顾客").replace("%1", str(len(hits))))

    @Slot()
    def on_enter(self) -> None:
        self.on_search()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    @Slot()
    def on_escape(self) -> None:
        self._timer.stop()
        self.search.clear()
        self.model.set_hits([])
        self.status.clear()
        self.search.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape and watched in (self.search, self.table):
                self.on_escape()
                return True
            if watched is self.search and key == Qt.Key.Key_Down:
                if self._timer.isActive():
                    self.on_search()  # the results must match what is typed before moving to them
                if self.model.rowCount():
                    self.table.setFocus()
                    self.table.selectRow(0)
                return True
            if key == Qt.Key.Key_F3 and watched in (self.search, self.table) and self.can_visit:
                self.open_walk_in()
                return True
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_actions()
                return True
        return super().eventFilter(watched, event)

    # -- actions -------------------------------------------------------------------------------------------

    def current_hit(self) -> FrontDeskHit | None:
        index = self.table.currentIndex()
        return self.model.hit(index.row()) if index.isValid() else None

    def open_actions(self) -> None:
        hit = self.current_hit()
        if hit is None:
            return
        self.refresh_day()
        staff_id = self.duty_staff_id()
        if staff_id is None:
            duty_text = self.tr("无值班专员:未登记归属的顾客转入公司资源池,已有归属的只记录到店。")
        else:
            duty_text = self.tr("记为值班专员 %1 的门店回馈报名。").replace("%1", self.duty.currentText())
        dialog = ActionDialog(
            hit,
            self._today,
            can_visit=self.can_visit,
            can_check_in=self.can_check_in,
            duty_text=duty_text,
            parent=self,
        )
        dialog.setFont(self.font())  # a dialog is a window: it does not inherit the kiosk's large type
        dialog.chosen.connect(lambda action, meeting_id: self.on_action(hit.customer_id, action, meeting_id))
        dialog.finished.connect(lambda _r: self.table.setFocus())
        self.action_dialog = dialog
        dialog.open()

    def open_walk_in(self) -> None:
        """F3: a customer without a card — name and phone (a typed phone is carried over)."""
        from ui.frontdesk.walk_in import WalkInDialog

        self.refresh_day()
        text = self.search.text().strip()
        phone = text if text and all(ch.isdigit() or ch in " -+()" for ch in text) and len(text) > 4 else ""
        staff_id = self.duty_staff_id()
        if staff_id is None:
            duty_text = self.tr("无值班专员:新顾客转入公司资源池,由公司统一分配。")
        else:
            duty_text = self.tr("记为值班专员 %1 的门店回馈报名。").replace("%1", self.duty.currentText())
        dialog = WalkInDialog(self.service, self.ctx.actor, staff_id, duty_text, phone, self)
        dialog.setFont(self.font())
        dialog.done_visit.connect(self.on_walk_in_done)
        dialog.finished.connect(lambda _r: self.search.setFocus())
        self.walk_in_dialog = dialog
        dialog.open()

    def on_walk_in_done(self, result) -> None:
        self.model.set_hits([result.hit])
        self.status.setText(result.message)
        self.ctx.announce(Change(frozenset({"customer", "ownership"}), (result.customer_id,), source=self))
        self.acted.emit(result.message)

    def on_action(self, customer_id: int, action: str, meeting_id: int | None) -> None:
        try:
            if action == "visit":
                result = self.service.log_store_visit(self.ctx.actor, customer_id, self.duty_staff_id())
                kinds = {"customer", "ownership"}
            else:
                result = self.service.check_in(self.ctx.actor, meeting_id, customer_id=customer_id)
                kinds = {"customer", "ownership", "meeting"}
        except ServiceError as exc:
            errors.show_error(self, exc)
            return
        self.model.replace(result.hit)
        self.status.setText(result.message)
        self.ctx.announce(Change(frozenset(kinds), (customer_id,), source=self))
        self.acted.emit(result.message)
        self.refresh_day()
