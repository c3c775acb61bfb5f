"""Dialogs of the 回访跟踪 tab: record a callback, enter a shipment, register a complaint.

Each dialog gathers the fields and makes ONE service call on OK; a refused call shows the
service's sentence and leaves the dialog open so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.customers.phones import normalize_phone
from services.platform.errors import ServiceError, ValidationError
from ui import files
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.event_time import EventTime, now_edit

KIND_FOR_TASK = {
    "form_d2": "home",
    "monthly_form": "home",
    "home_d3": "home",
    "home_d15": "home",
    "home_d30": "home",
    "r7_home": "home",
    "monthly_expert": "expert_phone",
    "expert_joint": "joint",
}
#: Duties answered by the 回访表: the dialog starts with the form (and for the month, the signature) ticked.
FORM_TASKS = {"form_d2": False, "monthly_form": True}
VERIFIERS = frozenset({"manager", "director", "gm", "expert"})


def _py(edit: QDateTimeEdit) -> dt.datetime:
    return edit.dateTime().toPython().replace(second=0, microsecond=0)


class _ServiceDialog(QDialog):
    """OK runs `submit()`; a ServiceError is shown and the dialog stays open."""

    def __init__(self, ctx: UiContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.on_ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def submit(self) -> Change:
        raise NotImplementedError

    def refused(self, exc: ServiceError) -> None:
        """After the refusal is shown: where to put the cursor (the field it names)."""

    @Slot()
    def on_ok(self) -> None:
        try:
            change = self.submit()
        except ServiceError as exc:
            show_error(self, exc)
            self.refused(exc)
            return
        self.ctx.announce(change)
        self.accept()


class CallbackDialog(_ServiceDialog):
    """登记回访: kind, time, form handed in, signed, the scan of the signed form, satisfaction 1–5, notes.

    One call records the timeline visit and its callback record and closes every duty it satisfies.
    "签字已核实" is offered only to a manager or an expert (the service refuses it on one's own form).
    The time and a manager's late-entry reason are the shared `EventTime` rows of every contact (SPEC §5);
    after saving, ``answer`` says what the rules made of it (owner, claim, cases, duties closed).
    """

    def __init__(
        self,
        ctx: UiContext,
        customer_id: int,
        customer_name: str,
        staff_id: int | None,
        task_kind: str = "",
        parent: QWidget | None = None,
        task_id: int | None = None,
    ):
        super().__init__(
            ctx, QCoreApplication.translate("CallbackDialog", "登记回访 — %1").replace("%1", customer_name), parent
        )
        self.customer_id, self.staff_id, self.task_id = customer_id, staff_id, task_id
        self.scan_path = ""
        self.answer = ""
        self.kind = QComboBox(self)
        for key, label in (
            ("home", self.tr("家访")),
            ("phone", self.tr("电话回访")),
            ("expert_phone", self.tr("专家电话回访")),
            ("joint", self.tr("专家陪同家访")),
        ):
            self.kind.addItem(label, key)
        wanted = KIND_FOR_TASK.get(task_kind)
        if wanted:
            self.kind.setCurrentIndex(self.kind.findData(wanted))
        self.time = EventTime(ctx, self)
        self.when, self.late_reason = self.time.edit, self.time.reason
        self.form_box = QCheckBox(self.tr("交回回访表"), self)
        self.signed = QCheckBox(self.tr("顾客亲自签字"), self)
        if task_kind in FORM_TASKS:
            self.form_box.setChecked(True)
            self.signed.setChecked(FORM_TASKS[task_kind])
        self.scan_button = QPushButton(self.tr("附签字回访表扫描件…"), self)
        self.scan_label = QLabel(self.tr("(未附扫描件)"), self)
        self.confirmed = QCheckBox(self.tr("签字已核实(经理或专家复核)"), self)
        self.confirmed.setVisible(ctx.actor.role in VERIFIERS)
        self.satisfaction = QComboBox(self)
        self.satisfaction.addItem(self.tr("(未评)"), None)
        for n, label in (
            (5, self.tr("5 非常满意")),
            (4, self.tr("4 满意")),
            (3, self.tr("3 一般")),
            (2, self.tr("2 不满意")),
            (1, self.tr("1 很不满意")),
        ):
            self.satisfaction.addItem(label, n)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_button)
        scan_row.addWidget(self.scan_label, 1)
        self.form.addRow(self.tr("方式"), self.kind)
        self.time.add_rows(self.form)
        self.form.addRow("", self.form_box)
        self.form.addRow("", self.signed)
        self.form.addRow(self.tr("扫描件"), scan_row)
        self.form.addRow("", self.confirmed)
        self.form.addRow(self.tr("满意度"), self.satisfaction)
        self.form.addRow(self.tr("记录"), self.notes)
        self.signed.toggled.connect(lambda on: self.form_box.setChecked(True) if on else None)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.scan_button.clicked.connect(self.on_scan)
        self._kind_changed()
        self.kind.setFocus()

    @Slot()
    def _kind_changed(self) -> None:
        """A phone call has no form to sign: the form fields are off for it."""
        home = self.kind.currentData() in ("home", "joint")
        for w in (self.form_box, self.signed, self.scan_button):
            w.setEnabled(home)
        if not home:
            self.form_box.setChecked(False)
            self.signed.setChecked(False)

    @Slot()
    def on_scan(self) -> None:
        path = files.ask_open(
            self,
            "scans",
            self.tr("选择签字回访表扫描件"),
            self.tr("图片或 PDF (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf)"),
        )
        if path:
            self.set_scan(path)

    def set_scan(self, path: str) -> None:
        """The chosen file; the service checks it (image or PDF, at most 20 MB) when saving."""
        self.scan_path = path
        self.scan_label.setText(os.path.basename(path))
        self.form_box.setChecked(True)

    def submit(self) -> Change:
        done = self.ctx.services.callbacks.record(
            self.ctx.actor,
            self.customer_id,
            self.kind.currentData(),
            staff_id=self.staff_id,
            at=self.time.at(),
            form=self.form_box.isChecked(),
            signed=self.signed.isChecked(),
            satisfaction=self.satisfaction.currentData(),
            notes=self.notes.toPlainText().strip(),
            scan_path=self.scan_path or None,
            confirmed=not self.confirmed.isHidden() and self.confirmed.isChecked(),
            task_id=self.task_id,
            **self.time.late_reason(),
        )
        self.answer = self.ctx.services.callbacks.answer(done)
        kinds = {"callback", "ownership"} | ({"case"} if done.recorded.cases_opened else set())
        return Change(frozenset(kinds), (self.customer_id,), answer=self.answer)

    def refused(self, exc: ServiceError) -> None:
        self.time.focus_on(exc)


class _CustomerByPhone:
    """A phone field that finds the customer as it is typed (exact normalised number)."""

    def __init__(self, dialog: _ServiceDialog):
        self.dialog = dialog
        self.edit = QLineEdit(dialog)
        self.edit.setPlaceholderText(QCoreApplication.translate("CallbackDialog", "顾客手机或电话号码"))
        self.found = QLabel(dialog)
        self.customer_id: int | None = None
        self.edit.textChanged.connect(self.on_text)

    @Slot(str)
    def on_text(self, text: str) -> None:
        self.customer_id = None
        try:
            number, _ = normalize_phone(text)
        except ValidationError:
            self.found.setText(QCoreApplication.translate("CallbackDialog", "(号码未输完整)") if text.strip() else "")
            return
        ctx = self.dialog.ctx
        match = ctx.services.customers.by_phone(ctx.actor, number)
        if match is None:
            self.found.setText(QCoreApplication.translate("CallbackDialog", "没有这个号码的顾客档案"))
            return
        self.customer_id = match.customer_id
        self.found.setText(match.name)  # masked outside the user's own customers (SPEC §2)

    def require(self) -> int:
        if self.customer_id is None:
            raise ValidationError("phone", QCoreApplication.translate("CallbackDialog", "请输入已登记顾客的电话号码。"))
        return self.customer_id


def _staff_combo(parent: QWidget, ctx: UiContext, position: str | None = None, none_text: str = "") -> QComboBox:
    combo = QComboBox(parent)
    if none_text:
        combo.addItem(none_text, None)
    for s in ctx.services.org.staff():
        if position is None or s.position == position:
            combo.addItem(f"{s.name}({s.department_name})", s.id)
    return combo


class ShipmentDialog(_ServiceDialog):
    """出货登记: the clerk enters the meeting's purchase list the next day."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, QCoreApplication.translate("CallbackDialog", "出货登记"), parent)
        self.customer = _CustomerByPhone(self)
        self.amount = QDoubleSpinBox(self)
        self.amount.setRange(0, 10_000_000)
        self.amount.setDecimals(0)
        self.amount.setSuffix(self.tr(" 元"))
        self.products = QLineEdit(self)
        self.meeting = QComboBox(self)
        self.meeting.addItem(self.tr("(不是会上购买)"), None)
        today = ctx.services.clock.now().date()
        for m in ctx.services.meetings.upcoming(today - dt.timedelta(days=14)):
            if m.date <= today:
                self.meeting.addItem(m.title, m.id)
        if self.meeting.count() > 1:
            self.meeting.setCurrentIndex(self.meeting.count() - 1)
        self.staff = _staff_combo(self, ctx, none_text=self.tr("(按规则:邀约人或专员)"))
        self.expert = _staff_combo(self, ctx, position="expert", none_text=self.tr("(无)"))
        self.when = now_edit(self, ctx.services.clock.now())
        self.form.addRow(self.tr("电话"), self.customer.edit)
        self.form.addRow(self.tr("顾客"), self.customer.found)
        self.form.addRow(self.tr("金额"), self.amount)
        self.form.addRow(self.tr("产品"), self.products)
        self.form.addRow(self.tr("会议"), self.meeting)
        self.form.addRow(self.tr("服务专员"), self.staff)
        self.form.addRow(self.tr("咨询专家"), self.expert)
        self.form.addRow(self.tr("出货时间"), self.when)
        self.customer.edit.setFocus()

    def submit(self) -> Change:
        cid = self.customer.require()
        self.ctx.services.timeline.purchase(
            self.ctx.actor,
            cid,
            self.amount.value(),
            meeting_id=self.meeting.currentData(),
            at=_py(self.when),
            products=self.products.text().strip(),
            staff_id=self.staff.currentData(),
            expert_id=self.expert.currentData(),
        )
        return Change(frozenset({"callback", "ownership"}), (cid,))


class ComplaintDialog(_ServiceDialog):
    """登记投诉: customer, cause (SPEC §7), staff member involved; resolution due in 3 days (R9)."""

    CAUSES = (
        ("service", QT_TRANSLATE_NOOP("ComplaintDialog", "服务不到位")),
        ("selfish", QT_TRANSLATE_NOOP("ComplaintDialog", "员工自私")),
        ("attitude", QT_TRANSLATE_NOOP("ComplaintDialog", "工作态度")),
        ("dispute", QT_TRANSLATE_NOOP("ComplaintDialog", "部门争执")),
        ("other", QT_TRANSLATE_NOOP("ComplaintDialog", "其他")),
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(ctx, QCoreApplication.translate("CallbackDialog", "登记投诉"), parent)
        self.customer = _CustomerByPhone(self)
        self.cause = QComboBox(self)
        for key, label in self.CAUSES:
            self.cause.addItem(self.tr(label), key)
        self.staff = _staff_combo(self, ctx, none_text=self.tr("(不涉及具体员工)"))
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.form.addRow(self.tr("电话"), self.customer.edit)
        self.form.addRow(self.tr("顾客"), self.customer.found)
        self.form.addRow(self.tr("原因"), self.cause)
        self.form.addRow(self.tr("涉及员工"), self.staff)
        self.form.addRow(self.tr("内容"), self.notes)
        self.to_gm = QCheckBox(self.tr("顾客已向总经理投诉"), self)
        self.form.addRow("", self.to_gm)
        hint = QLabel(self.tr("投诉须在 3 天内处理完毕,否则顾客转入公司资源池并移交其他部门(R9)。"), self)
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.form.addRow(hint)
        self.customer.edit.setFocus()

    def submit(self) -> Change:
        cid = self.customer.require()
        now = self.ctx.services.clock.now()
        code = f"K{now:%Y%m%d%H%M%S}-{cid}"
        self.ctx.services.timeline.complaint(
            self.ctx.actor,
            cid,
            code,
            cause=self.cause.currentData(),
            staff_id=self.staff.currentData(),
            notes=self.notes.toPlainText().strip(),
            to_gm=self.to_gm.isChecked(),
        )
        return Change(frozenset({"callback", "ownership"}), (cid,))
