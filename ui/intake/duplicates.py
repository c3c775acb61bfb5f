"""The 查重 panel: existing cards that may be the person being typed, and the clerk's choice.

Names arrive masked from the service where the clerk may not see the card in full; the owner and
the claim state are always shown, since they decide what "merge" will do under the rules.

No choice is ever the default: when a save stops on a duplicate the focus goes to the list of
candidates (drawn with a focus frame), where only an explicit key decides — 1 合并, 2 关联为家人,
3 新建 (or Alt+1/2/3 anywhere in the tab). Enter there does nothing but say so: a second Enter typed
by habit must not merge two people.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.customers.duplicates import LEVEL_LABELS, DuplicateCandidate
from services.intake.service import RELATIONS, Decision


class DuplicatePanel(QGroupBox):
    decided = Signal(object)  # Decision
    dismissed = Signal()  # Esc on the candidates: back to the form, nothing decided

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("查重:可能是已有档案"), parent)
        self.setObjectName("duplicatePanel")
        self.setStyleSheet(
            "#duplicatePanel { border: 2px solid #e08a00; border-radius: 4px; margin-top: 1.2em; }"
            "#duplicatePanel::title { subcontrol-origin: margin; left: 8px; color: #a05a00; }"
            "#candidates:focus { border: 3px solid #1a73e8; }"
        )
        self.list = QListWidget(objectName="candidates")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.list.installEventFilter(self)
        self.note = QLabel(objectName="duplicateNote")
        self.note.setWordWrap(True)
        self.merge = QPushButton(self.tr("合并(&1)"), objectName="merge")
        self.household = QPushButton(self.tr("关联为家人(&2)"), objectName="household")
        self.relation = QComboBox(objectName="relation")
        for code, label in RELATIONS.items():
            self.relation.addItem(QCoreApplication.translate("Relations", label), code)
        self.new = QPushButton(self.tr("新建(&3)"), objectName="newPerson")
        for button in (self.merge, self.household, self.new):
            # Never a default, never focused by Tab: a choice is made with its key, not by Enter.
            button.setAutoDefault(False)
            button.setDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.merge.setToolTip(self.tr("把这张表和扫描件并入选中的已有档案,并记录这次报名"))
        self.household.setToolTip(self.tr("新建档案,并关联为选中档案的家人"))
        self.new.setToolTip(self.tr("是另一个人:新建档案(电话完全相同时不允许)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge)
        buttons.addWidget(self.household)
        buttons.addWidget(self.relation)
        buttons.addStretch(1)
        buttons.addWidget(self.new)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.merge.clicked.connect(self.on_merge)
        self.household.clicked.connect(self.on_household)
        self.new.clicked.connect(self.on_new)
        self.candidates: list[DuplicateCandidate] = []
        self.set_candidates([])

    def set_candidates(self, candidates: list[DuplicateCandidate]) -> None:
        self.candidates = list(candidates)
        self.list.clear()
        for c in candidates:
            owner = c.owner_name or self.tr("无归属")
            if c.owner_department:
                owner += f"({c.owner_department})"
            text = self.tr("【%1】档案 %2  %3  %4\n      %5;归属:%6,%7")
            for i, part in enumerate(
                (
                    QCoreApplication.translate("DuplicateLevels", LEVEL_LABELS[c.level]),
                    str(c.customer_id),
                    c.name,
                    c.phone_masked,
                    c.reason,
                    owner,
                    c.claim_state or self.tr("未登记"),
                ),
                start=1,
            ):
                text = text.replace(f"%{i}", part)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.customer_id)
            self.list.addItem(item)
        if candidates:
            self.list.setCurrentRow(0)
            # Room for up to three candidates without scrolling, no empty box below one.
            rows = min(len(candidates), 3)
            self.list.setFixedHeight(rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 4)
        blocking = any(c.level in ("duplicate", "possible") for c in candidates)
        exact = any(c.level == "duplicate" for c in candidates)
        self.note.setText(
            self.tr("电话完全相同:只能合并或关联为家人。")
            if exact
            else self.tr("请选择:合并、关联为家人,或确认是另一个人后新建。")
            if blocking
            else self.tr("读音相同的姓名,仅供参考;可直接保存。")
        )
        self.new.setEnabled(not exact)
        self.setVisible(bool(candidates))

    def take_focus(self) -> None:
        """Put the keyboard on the candidates (a save stopped on them): 1 / 2 / 3 decide."""
        self.note.setText(self.tr("请按键选择:1 合并,2 关联为家人,3 新建(Esc 返回表单)。"))
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return super().eventFilter(watched, event)
            if key == Qt.Key.Key_1:
                self.merge.click()
                return True
            if key == Qt.Key.Key_2:
                self.household.click()
                return True
            if key == Qt.Key.Key_3:
                if self.new.isEnabled():
                    self.new.click()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.note.setText(self.tr("Enter 不会合并:请按 1 合并,2 关联为家人,3 新建。"))
                return True
            if key == Qt.Key.Key_Escape:
                self.dismissed.emit()
                return True
        return super().eventFilter(watched, event)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    @Slot()
    def on_merge(self) -> None:
        if self.selected_id() is not None:
            self.decided.emit(Decision("merge", self.selected_id()))

    @Slot()
    def on_household(self) -> None:
        if self.selected_id() is not None:
            self.decided.emit(Decision("household", self.selected_id(), self.relation.currentData()))

    @Slot()
    def on_new(self) -> None:
        self.decided.emit(Decision("new"))
