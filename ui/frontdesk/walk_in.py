"""新来访顾客 (F3 at the desk): a customer nobody has a card for yet — name and phone, then the store
visit as for anyone else (registered to the staff member on duty, or to the company pool)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from services.frontdesk.service import StoreVisit
from services.platform.errors import ServiceError


class WalkInDialog(QDialog):
    done_visit = Signal(object)  # StoreVisit

    def __init__(self, service, actor, duty_staff_id: int | None, duty_text: str, phone: str = "", parent=None):
        super().__init__(parent)
        self.service = service
        self.actor = actor
        self.duty_staff_id = duty_staff_id
        self.setWindowTitle(self.tr("新来访顾客"))
        self.setModal(True)
        self.setMinimumWidth(520)
        self.name = QLineEdit()
        self.name.setObjectName("walkInName")
        self.phone = QLineEdit(phone)
        self.phone.setObjectName("walkInPhone")
        form = QFormLayout()
        form.addRow(self.tr("姓名(&N):"), self.name)
        form.addRow(self.tr("电话(&P):"), self.phone)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        duty = QLabel(duty_text)
        duty.setWordWrap(True)
        layout.addWidget(duty)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("建档并登记到店"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.on_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.setFocus()

    @Slot()
    def on_save(self) -> None:
        try:
            visit: StoreVisit = self.service.walk_in(
                self.actor, self.name.text(), self.phone.text(), self.duty_staff_id
            )
        except ServiceError as exc:
            self.message.setText(exc.message)  # what was typed stays for a correction
            (self.phone if getattr(exc, "field", "") == "phone" else self.name).setFocus()
            return
        self.accept()
        self.done_visit.emit(visit)


__all__ = ["WalkInDialog"]
