"""The card form of the intake screen: the fields of a paper form in the order they are typed.

Keyboard only (occupation, channel and staff can be typed: 教中 or jz finds 教师·中学): Tab walks
name → sex → birth year → phone → phone 2 → address → occupation → interests → channel → staff → batch
→ notes, the order of the paper form. Channel, staff and batch stay filled between cards (a stack of
forms usually comes from one event and one staff member); the rest is cleared after each save.

Esc inside a field cancels only that field: an input-method composition in progress (pinyin users
press Esc by habit to drop one), else the field's edit since the cursor came in. It never empties the
form: `clear_form` does, and Ctrl+Z (in a still empty form) brings the cleared form back once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from services.customers.taxonomy import OCCUPATION_LABELS
from services.intake.service import IntakeForm
from services.office.org import StaffInfo
from services.rules.model import CHANNEL_NAMES, CHANNELS
from ui.search_combo import SearchCombo

DEBOUNCE_MS = 250


def _channel_label(code: str) -> str:
    return QCoreApplication.translate("Channels", CHANNEL_NAMES[code])


def staff_entries(staff: list[StaffInfo]) -> list[tuple[str, int]]:
    """(label, id) of everyone still working: staff first (they register customers), then managers
    and experts, each shown with role and department (张三 · 员工 · 一部)."""
    order = {"staff": 0, "manager": 1, "expert": 2}
    working = [s for s in staff if s.active and s.left_at is None]
    return [
        (f"{s.name} · {QCoreApplication.translate('Positions', s.position_name)} · {s.department_name}", s.id)
        for s in sorted(working, key=lambda s: (order.get(s.position, 3), s.department_name, s.name))
    ]


class IntakeFormWidget(QWidget):
    """Emits ``lookupWanted`` a pause (250 ms) after the name, phones, address or year changed."""

    lookupWanted = Signal()
    escaped = Signal()  # Esc was pressed in a field (after that field's own cancel)

    def __init__(self, staff: list[StaffInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.name = QLineEdit(objectName="name")
        self.sex = QComboBox(objectName="sex")
        for code, label in (("", self.tr("—")), ("M", self.tr("男")), ("F", self.tr("女"))):
            self.sex.addItem(label, code)
        self.birth_year = QLineEdit(objectName="birth_year", placeholderText=self.tr("如 1956"))
        self.birth_year.setMaxLength(10)
        self.phone1 = QLineEdit(objectName="phone1", placeholderText=self.tr("手机或带区号的固话"))
        self.phone2 = QLineEdit(objectName="phone2")
        self.address = QLineEdit(objectName="address")
        self.occupation = SearchCombo(objectName="occupation")
        self.occupation.addItem(self.tr("—"), "")
        for code, label in OCCUPATION_LABELS.items():
            self.occupation.addItem(QCoreApplication.translate("Occupations", label), code)
        # As written on the form; the service splits it into the card's interest tags.
        self.interests = QLineEdit(objectName="interests", placeholderText=self.tr("如 养生 太极,用空格或逗号分开"))
        self.channel = SearchCombo(objectName="channel")
        self.channel.addItem(self.tr("— 请选择 —"), "")
        for code in CHANNELS:
            self.channel.addItem(_channel_label(code), code)
        self.staff = SearchCombo(objectName="staff")
        self.set_staff(staff)
        self.batch = QLineEdit(objectName="batch", placeholderText=self.tr("表上写的活动或批次,可空"))
        self.notes = QLineEdit(objectName="notes")
        self.error = QLabel(objectName="fieldError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")

        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setVerticalSpacing(4)  # twelve rows under the batch panel: compact, so 1280×800 holds them all
        rows = [
            (self.tr("姓名(&N)"), self.name),
            (self.tr("性别"), self.sex),
            (self.tr("出生年份"), self.birth_year),
            (self.tr("电话(&P)"), self.phone1),
            (self.tr("电话2"), self.phone2),
            (self.tr("地址"), self.address),
            (self.tr("职业"), self.occupation),
            (self.tr("兴趣"), self.interests),
            (self.tr("来源渠道"), self.channel),
            (self.tr("登记员工"), self.staff),
            (self.tr("活动/批次"), self.batch),
            (self.tr("备注"), self.notes),
        ]
        for text, widget in rows:
            label = QLabel(text)
            label.setBuddy(widget)
            layout.addRow(label, widget)
        layout.addRow(self.error)
        order = [w for _t, w in rows]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self._fields = {w.objectName(): w for w in order}
        self._at_focus: dict[QObject, Any] = {}  # each field's value when the cursor came in
        self._composing: set[QObject] = set()  # fields with an input-method composition in progress
        self._cleared: dict[str, Any] | None = None  # the form before 清空, for one Ctrl+Z
        for w in order:
            w.installEventFilter(self)

        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.lookupWanted)
        for w in (self.name, self.phone1, self.phone2, self.address, self.birth_year):
            w.textEdited.connect(self.on_edited)

    def set_staff(self, staff: list[StaffInfo]) -> None:
        """(Re)fill the staff list with those still working, keeping the current choice."""
        current = self.staff.currentData()
        self.staff.clear()
        self.staff.addItem(self.tr("— 请选择 —"), None)
        for label, staff_id in staff_entries(staff):
            self.staff.addItem(label, staff_id)
        self.staff.setCurrentIndex(max(self.staff.findData(current), 0))

    @Slot()
    def on_edited(self) -> None:
        self.error.clear()
        self._cleared = None  # typing again: Ctrl+Z is the field's own undo from now on
        self._timer.start()

    # -- Esc and Ctrl+Z --------------------------------------------------------------------------

    @staticmethod
    def _value_of(widget: QObject) -> Any:
        return widget.text() if isinstance(widget, QLineEdit) else widget.currentIndex()  # type: ignore[attr-defined]

    @staticmethod
    def _set_value(widget: QObject, value: Any) -> None:
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(value)
            if widget.isEditable():
                widget.setEditText(widget.itemText(value))  # what was typed goes too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self._at_focus[watched] = self._value_of(watched)
        elif kind == QEvent.Type.InputMethod:
            if isinstance(event, QInputMethodEvent) and event.preeditString():
                self._composing.add(watched)
            else:
                self._composing.discard(watched)
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self.cancel_field(watched)
                self.escaped.emit()
                return True  # never reaches the tab: Esc does not empty the form
            if event.matches(QKeySequence.StandardKey.Undo) and self._cleared is not None and self.is_blank():
                self.undo_clear()
                return True
        return super().eventFilter(watched, event)

    def cancel_field(self, widget: QObject) -> None:
        """Esc in a field: drop the composition in progress, else put back what the field held when
        the cursor came in. The other fields are left alone."""
        if widget in self._composing:
            self._composing.discard(widget)
            QApplication.sendEvent(widget, QInputMethodEvent())  # an empty preedit: composition dropped
            return
        before = self._at_focus.get(widget)
        if before is not None and self._value_of(widget) != before:
            self._set_value(widget, before)
            if widget in (self.name, self.phone1, self.phone2, self.address, self.birth_year):
                self._timer.start()  # the 查重 follows the field back

    def snapshot(self) -> dict[str, Any]:
        return {name: self._value_of(w) for name, w in self._fields.items()}

    def clear_form(self) -> None:
        """Empty the person's fields, keeping what was there for one `undo_clear` (Ctrl+Z)."""
        before = self.snapshot()
        self.clear_card()
        self._cleared = before

    def can_undo_clear(self) -> bool:
        return self._cleared is not None and self.is_blank()

    def undo_clear(self) -> None:
        """Bring back the form as it was before `clear_form` (once)."""
        if self._cleared is None:
            return
        for name, value in self._cleared.items():
            self._set_value(self._fields[name], value)
        self._cleared = None
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self._timer.start()

    def value(self) -> IntakeForm:
        return IntakeForm(
            name=self.name.text(),
            phones=tuple(p for p in (self.phone1.text(), self.phone2.text()) if p.strip()),
            sex=self.sex.currentData() or "",
            birth_year=self.birth_year.text(),
            address=self.address.text(),
            occupation=self.occupation.currentData() or "",
            interests=self.interests.text(),
            channel=self.channel.currentData() or "",
            staff_id=self.staff.currentData(),
            notes=self.notes.text(),
            batch=self.batch.text(),
        )

    def is_blank(self) -> bool:
        return not any(w.text().strip() for w in (self.name, self.phone1, self.phone2, self.address))

    def clear_card(self) -> None:
        """Empty the person's fields; channel, staff and batch stay for the next form of the stack."""
        self._timer.stop()
        self._cleared = None
        for w in (self.name, self.birth_year, self.phone1, self.phone2, self.address, self.interests, self.notes):
            w.clear()
        self.sex.setCurrentIndex(0)
        self.occupation.setCurrentIndex(0)
        self.error.clear()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_field_error(self, field: str, message: str) -> None:
        """Show the service's sentence under the form and put the cursor in the field at fault."""
        self.error.setText(message)
        widget = self._fields.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()
