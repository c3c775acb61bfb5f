"""Dialogs of the allocation tab: a new batch, adding cards, swapping a card, giving pool customers.

Each dialog only collects input; the page calls the service with it and shows a refusal in a
message box, leaving the dialog's input in place so the user can correct it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from services.platform.errors import ServiceError
from ui.context import Change, UiContext
from ui.errors import show_error


def checked_ids(widget: QListWidget) -> list[int]:
    return [
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def check_list(items, checked: bool = False) -> QListWidget:
    widget = QListWidget()
    for text, data in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(QCoreApplication.translate("AllocationTab", "确定"))
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(QCoreApplication.translate("AllocationTab", "取消"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class NewBatchDialog(QDialog):
    """新建批次: the event, its procedure, date, organiser, who handed it in, departments or staff.

    With ``editing`` (a BatchInfo) it corrects that batch: the procedure and organiser stay fixed.
    """

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, editing=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("修改分配批次") if editing is not None else self.tr("新建分配批次"))
        org = ctx.services.org
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("例如:3月5日幸福社区科普"))
        self.procedure = QComboBox()
        self.procedure.addItem(self.tr("A 部门科普"), "kepu")
        self.procedure.addItem(self.tr("B 大型科普"), "kepu_large")
        self.procedure.addItem(self.tr("C 赠书等活动"), "activity")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.organiser = QComboBox()
        for d in org.departments():
            self.organiser.addItem(d.name, d.id)
        self.handed_in = QComboBox()
        self.handed_in.addItem(self.tr("(未填)"), None)
        for s in org.staff():
            self.handed_in.addItem(f"{s.department_name} {s.name}", s.id)
        self.departments = check_list((d.name, d.id) for d in org.departments())
        self.participants = QListWidget()
        self.dept_label = QLabel(self.tr("参加部门"))
        self.people_label = QLabel(self.tr("参加科普的员工"))
        form = QFormLayout()
        form.addRow(self.tr("批次名称"), self.name)
        form.addRow(self.tr("分配程序"), self.procedure)
        form.addRow(self.tr("活动日期"), self.date)
        form.addRow(self.tr("组织部门"), self.organiser)
        form.addRow(self.tr("交档案人"), self.handed_in)
        form.addRow(self.dept_label, self.departments)
        form.addRow(self.people_label, self.participants)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons(self))
        self.procedure.currentIndexChanged.connect(self.on_procedure_changed)
        self.organiser.currentIndexChanged.connect(self.on_organiser_changed)
        self.on_organiser_changed()
        self.on_procedure_changed()
        if editing is not None:
            self._show(editing)
        self.resize(460, 560)

    def _show(self, b) -> None:
        """Fill in a batch being corrected."""
        self.name.setText(b.name)
        self.procedure.setCurrentIndex(max(self.procedure.findData(b.procedure), 0))
        self.procedure.setEnabled(False)
        if b.organiser_id is not None:
            self.organiser.setCurrentIndex(max(self.organiser.findData(b.organiser_id), 0))
        self.organiser.setEnabled(False)
        if b.event_date:
            self.date.setDate(QDate(b.event_date.year, b.event_date.month, b.event_date.day))
        self.handed_in.setCurrentIndex(max(self.handed_in.findData(b.handed_in_by_id), 0))
        for widget, chosen in ((self.participants, b.participant_ids), (self.departments, b.department_ids)):
            for i in range(widget.count()):
                item = widget.item(i)
                on = item.data(Qt.ItemDataRole.UserRole) in chosen
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def on_procedure_changed(self, *_args) -> None:
        kepu = self.procedure.currentData() == "kepu"
        for w in (self.participants, self.people_label):
            w.setVisible(kepu)
        for w in (self.departments, self.dept_label):
            w.setVisible(not kepu)

    def on_organiser_changed(self, *_args) -> None:
        dept = self.organiser.currentData()
        self.participants.clear()
        if dept is None:
            return
        for s in self.ctx.services.org.staff(dept):
            if s.position != "staff":
                continue
            item = QListWidgetItem(s.name)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setCheckState(Qt.CheckState.Checked)
            self.participants.addItem(item)

    def values(self) -> dict:
        kepu = self.procedure.currentData() == "kepu"
        return {
            "name": self.name.text(),
            "procedure": self.procedure.currentData(),
            "event_date": self.date.date().toPython(),
            "organiser_id": self.organiser.currentData(),
            "handed_in_by_id": self.handed_in.currentData(),
            "department_ids": [] if kepu else checked_ids(self.departments),
            "participant_ids": checked_ids(self.participants) if kepu else [],
        }


class AddCardsDialog(QDialog):
    """添加档案: card numbers (档案号) typed or pasted; for a large kepu, the collecting department."""

    def __init__(self, departments: list[tuple[str, int]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("向批次添加档案"))
        self.ids = QPlainTextEdit()
        self.ids.setPlaceholderText(self.tr("档案号,用空格、逗号或换行分隔"))
        self.collected = QComboBox()
        for name, dept in departments:
            self.collected.addItem(name, dept)
        form = QFormLayout()
        form.addRow(self.tr("档案号"), self.ids)
        if departments:
            form.addRow(self.tr("收集部门"), self.collected)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons(self))

    def customer_ids(self) -> list[int]:
        return [int(t) for t in re.split(r"[\s,,、;;]+", self.ids.toPlainText()) if t.isdigit()]

    def collected_by(self) -> int | None:
        return self.collected.currentData() if self.collected.count() else None


class StaffReasonDialog(QDialog):
    """Choose a staff member and write the reason (swap a card; give a pool customer to someone)."""

    def __init__(self, title: str, prompt: str, staff: list[tuple[str, int]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.staff = QComboBox()
        for text, sid in staff:
            self.staff.addItem(text, sid)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("必填"))
        form = QFormLayout()
        form.addRow(QLabel(prompt))
        if staff:
            form.addRow(self.tr("分给"), self.staff)
        form.addRow(self.tr("原因"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons(self))
        self.resize(420, 160)

    def staff_id(self) -> int | None:
        return self.staff.currentData()

    def reason_text(self) -> str:
        return self.reason.text()


def create_batch(ctx: UiContext, parent: QWidget):
    """新建批次 through the dialog until the service accepts it (refusals shown, input kept); None if cancelled."""
    dialog = NewBatchDialog(ctx, parent)
    while dialog.exec():
        try:
            info = ctx.services.allocation.create_batch(ctx.actor, **dialog.values())
        except ServiceError as exc:
            show_error(parent, exc)
            continue
        ctx.announce(Change(frozenset({"batch"}), source=parent))
        return info
    return None
