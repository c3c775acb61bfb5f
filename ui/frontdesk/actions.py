"""What the desk can do with one hit: 登记到店 (store visit) or 会议签到 (meeting check-in).

Keyboard only: 1 / 2 choose, ↑↓ pick the meeting when there are several today, Esc cancels.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from services.frontdesk.service import FrontDeskHit, TodayMeeting

MEETING_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ActionDialog(QDialog):
    chosen = Signal(str, object)  # "visit" | "checkin", meeting id (or None)

    def __init__(
        self,
        hit: FrontDeskHit,
        meetings: list[TodayMeeting],
        *,
        can_visit: bool,
        can_check_in: bool,
        duty_text: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("前台操作"))
        self.setModal(True)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{hit.name}</b>  {hit.phone}")
        title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(title)
        owner = hit.owner or self.tr("(无)")
        facts = [self.tr("归属:%1").replace("%1", f"{owner}{'(' + hit.department + ')' if hit.department else ''}")]
        if hit.claim:
            facts.append(hit.claim)
        if hit.countdown:
            facts.append(hit.countdown)
        layout.addWidget(QLabel(" · ".join(facts)))

        self.visit_button = QPushButton(self.tr("1  登记到店"))
        self.visit_button.setEnabled(can_visit)
        self.visit_button.clicked.connect(self.on_visit)
        layout.addWidget(self.visit_button)
        duty = QLabel(duty_text)
        duty.setWordWrap(True)
        pal = duty.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor("#555555"))
        duty.setPalette(pal)
        layout.addWidget(duty)

        self.meetings = QListWidget()
        for m in meetings:
            item = QListWidgetItem(
                self.tr("%1(受邀 %2,已到 %3)")
                .replace("%1", m.title)
                .replace("%2", str(m.invited))
                .replace("%3", str(m.checked_in))
            )
            item.setData(MEETING_ID_ROLE, m.id)
            self.meetings.addItem(item)
        if meetings:
            self.meetings.setCurrentRow(0)
        self.meetings.setVisible(len(meetings) > 1)
        self.meetings.setMaximumHeight(120)
        self.checkin_button = QPushButton(self.tr("2  会议签到"))
        self.checkin_button.setEnabled(can_check_in and bool(meetings))
        self.checkin_button.clicked.connect(self.on_check_in)
        layout.addWidget(self.checkin_button)
        layout.addWidget(self.meetings)
        if not meetings:
            layout.addWidget(QLabel(self.tr("今天没有会议,不能签到。")))
        cancel = QPushButton(self.tr("Esc  取消"))
        cancel.clicked.connect(self.reject)
        layout.addWidget(cancel)

        first = next((b for b in (self.visit_button, self.checkin_button) if b.isEnabled()), cancel)
        first.setDefault(True)
        first.setFocus()
        self.setTabOrder(self.visit_button, self.checkin_button)
        self.setTabOrder(self.checkin_button, self.meetings)
        self.setTabOrder(self.meetings, cancel)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Digits reach the dialog from any child (buttons and the list ignore them).
        if event.key() == Qt.Key.Key_1:
            self.on_visit()
        elif event.key() == Qt.Key.Key_2:
            self.on_check_in()
        else:
            super().keyPressEvent(event)

    def meeting_id(self) -> int | None:
        item = self.meetings.currentItem()
        return item.data(MEETING_ID_ROLE) if item is not None else None

    @Slot()
    def on_visit(self) -> None:
        if self.visit_button.isEnabled():
            self.accept()
            self.chosen.emit("visit", None)

    @Slot()
    def on_check_in(self) -> None:
        if self.checkin_button.isEnabled():
            self.accept()
            self.chosen.emit("checkin", self.meeting_id())
