"""The ownership box (归属) shown wherever a customer is shown: owner, state, rule, countdown.

`OwnershipBox(ctx, parent).show_customer(customer_id)` reads
``services.ownership.view`` (the rules engine's verdict with names) and shows who owns the
customer and in which department, the claim state, the rule of the latest change and the
engine's explanation, and a countdown to the next deadline with what happens at it — red
when less than a day is left. The countdown ticks every minute; the box re-reads the verdict
when someone announces an ownership change.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Slot
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from services.platform.errors import ServiceError
from services.timeline.ownership_view import Countdown, OwnershipView, countdown
from ui.cases.labels import claim_state_label, rule_title_label
from ui.context import Change, UiContext

URGENT_STYLE = "color: #c62828; font-weight: bold;"
OWNER_STYLE = "font-size: 15px; font-weight: bold;"


def deadline_text(deadline: dt.datetime) -> str:
    """Office wording: a lapse at 00:00 of day d+1 is "day d 24:00" (the end of day d)."""
    if deadline.time() == dt.time(0, 0):
        day, clock = deadline - dt.timedelta(days=1), "24:00"
    else:
        day, clock = deadline, f"{deadline:%H:%M}"
    # %1 month, %2 day, %3 time: English writes "12/20 24:00".
    text = QCoreApplication.translate("OwnershipBox", "%1月%2日 %3")
    return text.replace("%1", str(day.month)).replace("%2", str(day.day)).replace("%3", clock)


def time_left_text(c: Countdown) -> str:
    """ "还剩 2 天 3 小时", "还剩 5 小时 20 分钟", "已到期": the countdown as the box and the task list say it."""

    if c.passed:
        return QCoreApplication.translate("OwnershipBox", "已到期")
    if c.days:
        return (
            QCoreApplication.translate("OwnershipBox", "还剩 %1 天 %2 小时")
            .replace("%1", str(c.days))
            .replace("%2", str(c.hours))
        )
    if c.hours:
        return (
            QCoreApplication.translate("OwnershipBox", "还剩 %1 小时 %2 分钟")
            .replace("%1", str(c.hours))
            .replace("%2", str(c.minutes))
        )
    if c.minutes:
        return QCoreApplication.translate("OwnershipBox", "还剩 %1 分钟").replace("%1", str(c.minutes))
    return QCoreApplication.translate("OwnershipBox", "还剩不到 1 分钟")


class OwnershipBox(QGroupBox):
    """Who owns one customer now and why; reusable on the case view, the card and the front desk."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(self.tr("归属"))
        self.setObjectName("ownershipBox")
        self.customer_id: int | None = None
        self.view: OwnershipView | None = None

        self.owner_label = QLabel()
        self.owner_label.setObjectName("ownershipOwner")
        self.owner_label.setStyleSheet(OWNER_STYLE)
        self.state_label = QLabel()
        self.state_label.setObjectName("ownershipState")
        self.rule_label = QLabel()
        self.rule_label.setObjectName("ownershipRule")
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("ownershipDeadline")
        self.countdown_label = QLabel()
        self.countdown_label.setObjectName("ownershipCountdown")
        self.next_label = QLabel()
        self.next_label.setObjectName("ownershipNext")
        self.explanation_label = QLabel()
        self.explanation_label.setObjectName("ownershipExplanation")
        for label in (self.next_label, self.explanation_label, self.owner_label):
            label.setWordWrap(True)
        for label in (self.explanation_label, self.owner_label, self.rule_label, self.next_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("归属:"), self.owner_label)
        form.addRow(self.tr("状态:"), self.state_label)
        form.addRow(self.tr("规则:"), self.rule_label)
        form.addRow(self.tr("下一期限:"), self.deadline_label)
        form.addRow(self.tr("倒计时:"), self.countdown_label)
        form.addRow(self.tr("到期后:"), self.next_label)
        form.addRow(self.tr("说明:"), self.explanation_label)

        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.on_tick)
        ctx.bus.changed.connect(self.on_changed)
        self.clear()

    # -- showing ----------------------------------------------------------------------------

    def show_customer(self, customer_id: int) -> None:
        """Read the customer's current verdict and show it (an error is shown in the box)."""
        self.customer_id = customer_id
        try:
            view = self.ctx.services.ownership.view(self.ctx.actor, customer_id)
        except ServiceError as exc:
            self.clear()
            self.customer_id = customer_id
            self.explanation_label.setText(exc.message)
            return
        self.show_view(view)

    def show_view(self, view: OwnershipView) -> None:
        """Show a verdict already read (e.g. with a case's details), without reading it again."""
        self.customer_id = view.customer_id
        self.view = view
        self.owner_label.setText(view.owner_label)
        state = claim_state_label(view.claim_state, view.state_label)
        if view.must_other_department:
            state = self.tr("%1(须转其他部门)").replace("%1", state)
        self.state_label.setText(state or self.tr("—"))
        rule = f"{view.rule} {rule_title_label(view.rule_title)}".strip()
        self.rule_label.setText(rule or self.tr("—"))
        self.explanation_label.setText(view.explanation)
        if view.next_deadline is not None:
            title = ""
            if view.next_rule:
                title = (
                    self.tr("(%1 %2)")
                    .replace("%1", view.next_rule)
                    .replace("%2", rule_title_label(view.next_rule_title))
                )
            self.deadline_label.setText(deadline_text(view.next_deadline) + title)
            self.next_label.setText(view.next_action or self.tr("—"))
        else:
            self.deadline_label.setText(self.tr("无"))
            self.next_label.setText(self.tr("—"))
        self.on_tick()
        self.timer.start()

    def clear(self) -> None:
        self.customer_id = None
        self.view = None
        self.timer.stop()
        for label in (self.owner_label, self.state_label, self.rule_label, self.deadline_label, self.next_label):
            label.setText(self.tr("—"))
        self.countdown_label.setText("")
        self.countdown_label.setStyleSheet("")
        self.explanation_label.setText("")

    # -- time and changes ---------------------------------------------------------------------

    @Slot()
    def on_tick(self) -> None:
        if self.view is None:
            return
        deadline = self.view.next_deadline
        if deadline is None:
            self.countdown_label.setText(self.tr("—"))
            self.countdown_label.setStyleSheet("")
            self.countdown_label.setProperty("urgent", False)
            return
        c = countdown(deadline, self.ctx.services.clock.now())
        self.countdown_label.setText(time_left_text(c))
        self.countdown_label.setStyleSheet(URGENT_STYLE if c.urgent else "")
        self.countdown_label.setProperty("urgent", c.urgent)

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if self.customer_id is None or "ownership" not in change.kinds:
            return
        if change.customer_ids and self.customer_id not in change.customer_ids:
            return
        self.show_customer(self.customer_id)
