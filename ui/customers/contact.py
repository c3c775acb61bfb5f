"""登记联系: a staff member's daily contacts with a customer — 报名 (register), 预热 (pre-heat), 回访
(phone or home visit) and 邀约 (invitation to a meeting) — each one timeline service call; the rules
decide ownership and a refusal says which rule and why."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from services.customers.phones import normalize_phone
from services.platform.errors import ServiceError, ValidationError
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.event_time import EventTime


class _Labels(Mapping[str, str]):
    """Labels translated when read: this module is imported before the English translator is installed."""

    def __init__(self, context: str, labels: dict[str, str]):
        self._context, self._labels = context, labels

    def __getitem__(self, key: str) -> str:
        return QCoreApplication.translate(self._context, self._labels[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


KINDS = _Labels(
    "ContactDialog",
    {
        "register": QT_TRANSLATE_NOOP("ContactDialog", "报名"),
        "preheat": QT_TRANSLATE_NOOP("ContactDialog", "预热"),
        "visit": QT_TRANSLATE_NOOP("ContactDialog", "回访"),
        "invite": QT_TRANSLATE_NOOP("ContactDialog", "邀约参会"),
    },
)
CHANNELS = (
    ("kepu", "科普"),
    ("kepu_large", "大型科普"),
    ("activity", "赠书等活动"),
    ("scatter", "散收"),
    ("feedback_store", "回馈(到店)"),
    ("feedback_phone", "回馈(来电)"),
    ("community", "社区"),
    ("referral", "转介"),
)


def staff_choices(ctx: UiContext) -> list[tuple[str, int]]:
    """Whom the user may record a contact for: themselves (staff), their department (manager), anyone."""
    if ctx.actor.role in ("staff", "expert"):
        return [(ctx.actor.display_name, ctx.actor.staff_id)] if ctx.actor.staff_id else []
    dept = ctx.actor.department_id if ctx.actor.role == "manager" else None
    return [(f"{s.name}({s.department_name})", s.id) for s in ctx.services.org.staff(dept)]


class ContactDialog(QDialog):
    def __init__(self, ctx: UiContext, customer_id: int, customer_name: str, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.customer_id, self.kind = ctx, customer_id, kind
        self.setWindowTitle(self.tr("%1 — %2").replace("%1", KINDS[kind]).replace("%2", customer_name))
        now = ctx.services.clock.now()
        self.staff = QComboBox(self)
        for label, sid in staff_choices(ctx):
            self.staff.addItem(label, sid)
        # SPEC §5: the time (staff at most the back-entry limit back) and a manager's late-entry reason.
        self.time = EventTime(ctx, self)
        self.when, self.late_reason = self.time.edit, self.time.reason
        form = QFormLayout()
        form.addRow(self.tr("顾客"), QLabel(customer_name, self))
        form.addRow(self.tr("员工"), self.staff)
        self.time.add_rows(form)
        self.channel = self.referrer = self.complete = self.visit_kind = self.notes = self.meeting = None
        if kind == "register":
            self.channel = QComboBox(self)
            for key, label in CHANNELS:
                self.channel.addItem(QCoreApplication.translate("Channels", label), key)  # service labels
            self.referrer = QLineEdit(self)
            self.referrer.setPlaceholderText(self.tr("转介时填写介绍人(老顾客)的电话"))
            self.complete = QCheckBox(self.tr("介绍人信息完整"), self)
            self.complete.setChecked(True)
            form.addRow(self.tr("来源渠道"), self.channel)
            form.addRow(self.tr("介绍人电话"), self.referrer)
            form.addRow("", self.complete)
            self.channel.currentIndexChanged.connect(self.on_channel)
            self.on_channel()
        elif kind == "visit":
            self.visit_kind = QComboBox(self)
            self.visit_kind.addItem(self.tr("电话回访"), "phone")
            self.visit_kind.addItem(self.tr("家访"), "home")
            self.notes = QLineEdit(self)
            form.addRow(self.tr("方式"), self.visit_kind)
            form.addRow(self.tr("记录"), self.notes)
        elif kind == "invite":
            self.meeting = QComboBox(self)
            for m in ctx.services.meetings.upcoming(now.date()):
                self.meeting.addItem(m.title, m.id)
            form.addRow(self.tr("会议"), self.meeting)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    @Slot()
    def on_channel(self) -> None:
        referral = self.channel.currentData() == "referral"
        self.referrer.setEnabled(referral)
        self.complete.setEnabled(referral)

    def _referrer_id(self) -> int | None:
        text = self.referrer.text().strip()
        if not text:
            return None
        number, _ = normalize_phone(text, field="referrer")
        ids = self.ctx.services.customers.find_by_phone(number)
        if not ids:
            raise ValidationError(
                "referrer", self.tr("没有电话为 %1 的顾客档案(介绍人须是已登记的老顾客)。").replace("%1", number)
            )
        return ids[0]

    @Slot()
    def on_ok(self) -> None:
        tl, actor, cid = self.ctx.services.timeline, self.ctx.actor, self.customer_id
        staff = self.staff.currentData()
        at, late = self.time.at(), self.time.late_reason()
        self.answer = ""
        try:
            if staff is None:
                raise ValidationError("staff", self.tr("没有可选的员工:请用员工账户登录。"))
            if self.kind == "register":
                referral = self.channel.currentData() == "referral"
                rec = tl.register(
                    actor,
                    cid,
                    staff,
                    self.channel.currentData(),
                    at=at,
                    referrer_id=self._referrer_id() if referral else None,
                    referral_complete=self.complete.isChecked() if referral else True,
                    **late,
                )
            elif self.kind == "preheat":
                rec = tl.preheat(actor, cid, staff, at=at, **late)
            elif self.kind == "visit":
                kind = self.visit_kind.currentData()
                rec = tl.visit(actor, cid, staff, kind, at=at, notes=self.notes.text().strip(), **late)
            else:
                if self.meeting.currentData() is None:
                    raise ValidationError("meeting", self.tr("没有即将举行的会议,请先由经理安排会议。"))
                rec = tl.invite(actor, cid, staff, self.meeting.currentData(), at=at, **late)
        except ServiceError as exc:
            show_error(self, exc)
            self.time.focus_on(exc)
            return
        self.answer = tl.answer(rec)  # who owns the customer now, under which rule, until when, cases opened
        kinds = frozenset({"ownership", "customer", "callback", "meeting"} | ({"case"} if rec.cases_opened else set()))
        self.ctx.announce(Change(kinds, (cid,), answer=self.answer))
        self.accept()
