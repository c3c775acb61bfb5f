"""Dialogs of the 冲突仲裁 tab: choose the new owner and write the reason (改判 / 终裁), or a reason alone.

The reason is required by the services too; the OK button stays disabled until one is typed,
Enter confirms, Esc cancels.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from services.cases.views import CaseRow
from services.rules.model import POOL
from ui.context import UiContext

ACCEPT = "accept"


class RulingDialog(QDialog):
    """改判 (coordinator) or 终裁 (GM): the new owner — a staff member or the pool — and the reason.

    With ``allow_accept`` (the GM's final ruling) the first choice keeps the engine's verdict,
    ``current_owner`` naming who that is.
    """

    def __init__(
        self,
        ctx: UiContext,
        case: CaseRow,
        parent: QWidget | None = None,
        allow_accept: bool = False,
        current_owner: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("总经理终裁") if allow_accept else self.tr("改判"))
        self.setObjectName("rulingDialog")
        self.target_combo = QComboBox()
        self.target_combo.setObjectName("rulingTarget")
        if allow_accept:
            # Keeping the verdict keeps who owns the customer now (the engine's current answer).
            self.target_combo.addItem(self.tr("维持规则引擎的判定:%1").replace("%1", current_owner), ACCEPT)
        parties = set(case.party_ids)
        # The parties first: the ruling is nearly always between them.
        staff = sorted(ctx.services.org.staff(), key=lambda s: (s.id not in parties, s.department_id or 0, s.id))
        for s in staff:
            label = f"{s.name}({s.department_name})" if s.department_name else s.name
            if s.id in parties:
                label += self.tr(" · 当事人")
            self.target_combo.addItem(label, s.id)
        self.target_combo.addItem(self.tr("公司资源池"), POOL)
        if not allow_accept:
            # Default to the party the engine did not propose: that is what an override is for.
            for i in range(self.target_combo.count()):
                data = self.target_combo.itemData(i)
                if data in parties and str(data) != case.proposed_owner:
                    self.target_combo.setCurrentIndex(i)
                    break
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("rulingReason")
        self.reason_edit.setPlaceholderText(self.tr("必填:为什么这样裁决"))

        info = QLabel(
            self.tr("案件 %1 · %2\n%3")
            .replace("%1", str(case.id))
            .replace("%2", case.summary)
            .replace("%3", case.proposed_text)
        )
        info.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("归属改为(&T):"), self.target_combo)
        form.addRow(self.tr("理由(&R):"), self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定裁决"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self.on_reason_changed)
        self.on_reason_changed("")
        self.target_combo.setFocus()
        self.resize(460, self.sizeHint().height())

    def on_reason_changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))

    def target(self) -> Any:
        return self.target_combo.currentData()

    def reason(self) -> str:
        return self.reason_edit.text().strip()


class ReasonDialog(QDialog):
    """A reason (上报总经理) or an optional note (接受建议)."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None, required: bool = True):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("reasonDialog")
        self.required = required
        self.edit = QLineEdit()
        self.edit.setObjectName("reasonEdit")
        self.edit.setPlaceholderText(self.tr("必填") if required else self.tr("可不填"))
        label = QLabel(prompt)
        label.setWordWrap(True)
        label.setBuddy(self.edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self.on_text_changed)
        self.on_text_changed("")
        self.resize(420, self.sizeHint().height())

    def on_text_changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()) or not self.required)

    def reason(self) -> str:
        return self.edit.text().strip()
