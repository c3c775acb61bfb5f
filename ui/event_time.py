"""When a recorded fact happened, and why it is recorded late (SPEC §5 "event time and recorded time").

Every dialog that records a contact (登记联系, 登记回访) asks the same: the time, now by default and
never in the future; a staff member may go back at most the back-entry limit (a rule parameter, 24
hours), so the picker stops there; a department manager or above may go further, and then the 补录原因
row appears, which the service requires and audits. `EventTime` is that pair of rows.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QObject, Slot
from PySide6.QtWidgets import QDateTimeEdit, QFormLayout, QLabel, QLineEdit, QWidget

from services.office.permissions import MANAGERS_AND_ABOVE as LATE_ENTRY_ROLES
from services.platform.errors import RuleRefused, ServiceError, ValidationError
from ui.context import UiContext

# The rule a too-late entry is refused under (services.timeline.back_entry.RULE).
BACK_ENTRY_RULE = "补录期限"


def now_edit(parent: QWidget, now: dt.datetime) -> QDateTimeEdit:
    """A minute-precise time picker starting at ``now``, which it cannot pass."""
    edit = QDateTimeEdit(QDateTime(now), parent)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    edit.setMaximumDateTime(QDateTime(now))
    return edit


class EventTime(QObject):
    """The 时间 row and, for a manager or above, the 补录原因 row shown once the time is older than the limit."""

    def __init__(self, ctx: UiContext, parent: QWidget):
        super().__init__(parent)
        self.now = ctx.services.clock.now()
        self.hours = int(ctx.services.settings.params().back_entry_hours)
        self.edit = now_edit(parent, self.now)
        self.form: QFormLayout | None = None
        self.reason: QLineEdit | None = None
        if ctx.actor.role in LATE_ENTRY_ROLES:
            # Older than the limit only with a reason, audited (and reviewed when the owner changes).
            self.reason = QLineEdit(parent)
            self.reason.setObjectName("lateReason")
            self.reason.setPlaceholderText(
                self.tr("事后超过 %1 小时补录时必填,记入审计日志").replace("%1", str(self.hours))
            )
            self.edit.dateTimeChanged.connect(self._show_reason)
        else:
            # A staff member records a contact at most `hours` after it happened (the service refuses older).
            self.edit.setMinimumDateTime(QDateTime(self.now - dt.timedelta(hours=self.hours)))

    def add_rows(self, form: QFormLayout) -> None:
        """Put 时间 (and the reason, hidden while the time is within the limit) into ``form``."""
        self.form = form
        form.addRow(self.tr("时间"), self.edit)
        if self.reason is not None:
            form.addRow(QLabel(self.tr("补录原因"), self.edit.parentWidget()), self.reason)
            self._show_reason()

    def at(self) -> dt.datetime:
        return self.edit.dateTime().toPython().replace(second=0, microsecond=0)

    def is_late(self) -> bool:
        return self.now - self.at() > dt.timedelta(hours=self.hours)

    def late_reason(self) -> dict[str, str]:
        """The ``late_reason`` keyword of the service call: a manager's reason, nothing for staff."""
        return {"late_reason": self.reason.text().strip()} if self.reason is not None else {}

    @Slot()
    def _show_reason(self) -> None:
        if self.form is not None and self.reason is not None:
            self.form.setRowVisible(self.reason, self.is_late())

    def focus_on(self, exc: ServiceError) -> None:
        """After a refusal, put the cursor in the field it names (the time, or the reason)."""
        if isinstance(exc, ValidationError) and exc.field == "late_reason" and self.reason is not None:
            if self.form is not None:
                self.form.setRowVisible(self.reason, True)
            self.reason.setFocus()
        elif (isinstance(exc, ValidationError) and exc.field == "at") or (
            isinstance(exc, RuleRefused) and exc.rule == BACK_ENTRY_RULE
        ):
            self.edit.setFocus()
