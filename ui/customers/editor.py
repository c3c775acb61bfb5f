"""The card editor (顾客档案): every SPEC §3 field, occupation as a tree, tags, household, the
timeline, the ownership box and attached scans; archive with a reason.

Keyboard: Tab walks the fields in reading order, Enter saves, Esc cancels. A field error from the
service puts the cursor into that field. A card the user may not see in full opens read-only
and masked; the service refuses edits anyway.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from services.customers.edit import CustomerCard
from services.customers.taxonomy import ABC_CLASSES, INCOME_BANDS, OCCUPATION_TREE, VALUE_LEVELS, split_tags
from services.platform.errors import ServiceError, ValidationError
from services.rules.model import CHANNEL_NAMES, CHANNELS
from ui.context import Change, UiContext
from ui.customers.filters import _t
from ui.customers.pages import HouseholdPage, ScansPage, TimelinePage
from ui.errors import show_error

PHONE_FIELDS = 3
NO_YEAR = 1899  # the spin box's "未填"


def _combo(name: str, items: list[tuple[str, str]], none_text: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(none_text, "")
    for key, label in items:
        combo.addItem(_t(label), key)
    return combo


class CustomerEditor(QDialog):
    """Open one card; ``load_failed`` is True when it could not be read (the error was shown)."""

    def __init__(self, ctx: UiContext, customer_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.card: CustomerCard | None = None
        self.load_failed = False
        self.setObjectName("customerEditor")
        self.resize(1060, 680)
        none = self.tr("未填")

        self.name = QLineEdit()
        self.name.setObjectName("editName")
        self.sex = _combo("editSex", [("M", "男"), ("F", "女")], none)
        self.birth_year = QSpinBox()
        self.birth_year.setObjectName("editBirthYear")
        self.birth_year.setRange(NO_YEAR, ctx.services.clock.now().year)
        self.birth_year.setSpecialValueText(none)
        self.birthday = QLineEdit()
        self.birthday.setObjectName("editBirthday")
        self.birthday.setPlaceholderText(self.tr("如 1952-03-08"))
        self.phones = [QLineEdit() for _ in range(PHONE_FIELDS)]
        for i, edit in enumerate(self.phones):
            edit.setObjectName(f"editPhone{i + 1}")
            edit.setPlaceholderText(self.tr("手机 11 位,或带区号的固定电话"))
        self.address = QLineEdit()
        self.address.setObjectName("editAddress")
        self.occupation = QTreeWidget()
        self.occupation.setObjectName("editOccupation")
        self.occupation.setHeaderHidden(True)
        self.occupation.setFixedHeight(150)
        self._fill_occupations()
        self.income = _combo("editIncome", list(INCOME_BANDS.items()), none)
        self.abc = _combo("editAbc", list(ABC_CLASSES.items()), none)
        self.value_level = _combo("editValueLevel", list(VALUE_LEVELS.items()), none)
        self.channel = _combo("editChannel", [(c, CHANNEL_NAMES[c]) for c in CHANNELS], none)
        self.tags = QLineEdit()
        self.tags.setObjectName("editTags")
        self.tags.setPlaceholderText(self.tr("多个标签用逗号或空格分开,如:养生 旅游"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("editNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        self.readonly_note = QLabel()
        self.readonly_note.setObjectName("readonlyNote")
        self.readonly_note.setStyleSheet("color: #b35c00;")
        self.readonly_note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("姓名(&N):"), self.name)
        row = QHBoxLayout()
        row.addWidget(self.sex)
        row.addWidget(QLabel(self.tr("出生年份(&Y):"), buddy=self.birth_year))
        row.addWidget(self.birth_year)
        row.addWidget(QLabel(self.tr("生日:"), buddy=self.birthday))
        row.addWidget(self.birthday)
        # A row of several fields gets no buddy from addRow: without one the "&" shows literally.
        form.addRow(QLabel(self.tr("性别(&X):"), buddy=self.sex), row)
        for i, edit in enumerate(self.phones):
            form.addRow(self.tr("电话%1:").replace("%1", str(i + 1)), edit)
        form.addRow(self.tr("住址(&D):"), self.address)
        form.addRow(self.tr("职业(&J):"), self.occupation)
        row2 = QHBoxLayout()
        row2.addWidget(self.income)
        row2.addWidget(QLabel(self.tr("分类:"), buddy=self.abc))
        row2.addWidget(self.abc)
        row2.addWidget(QLabel(self.tr("价值:"), buddy=self.value_level))
        row2.addWidget(self.value_level)
        form.addRow(QLabel(self.tr("收入(&I):"), buddy=self.income), row2)
        form.addRow(self.tr("来源渠道(&C):"), self.channel)
        form.addRow(self.tr("兴趣标签(&T):"), self.tags)
        form.addRow(self.tr("备注:"), self.notes)
        basics = QWidget()
        basics_layout = QVBoxLayout(basics)
        basics_layout.addWidget(self.readonly_note)
        basics_layout.addLayout(form)

        self.household = HouseholdPage(ctx)
        self.timeline = TimelinePage(ctx)
        self.scans = ScansPage(ctx)
        self.pages = QTabWidget()
        self.pages.setObjectName("editorPages")
        self.pages.addTab(basics, self.tr("基本信息"))
        self.pages.addTab(self.household, self.tr("家庭"))
        self.pages.addTab(self.timeline, self.tr("时间线"))
        self.pages.addTab(self.scans, self.tr("扫描件"))
        self.ownership = self._ownership_box()

        self.archive_button = QPushButton()
        self.archive_button.setObjectName("archiveCustomer")
        self.save_button = QPushButton(self.tr("保存(&S)"))
        self.save_button.setObjectName("saveCustomer")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("cancelCustomer")
        self.print_card_button = QPushButton(self.tr("打印档案(&P)…"))
        self.print_card_button.setObjectName("printCard")
        self.print_form_button = QPushButton(self.tr("打印回访表(&H)…"))
        self.print_form_button.setObjectName("printCallbackForm")
        buttons = QHBoxLayout()
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.print_card_button)
        buttons.addWidget(self.print_form_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.pages)
        split.addWidget(self.ownership)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        chain = [self.name, self.sex, self.birth_year, self.birthday, *self.phones, self.address, self.occupation]
        chain += [self.income, self.abc, self.value_level, self.channel, self.tags, self.notes, self.save_button]
        chain += [self.cancel_button, self.archive_button, self.print_card_button, self.print_form_button]
        for a, b in zip(chain, chain[1:], strict=False):
            self.setTabOrder(a, b)

        self.save_button.clicked.connect(self.on_save)
        self.cancel_button.clicked.connect(self.reject)
        self.archive_button.clicked.connect(self.on_archive)
        self.print_card_button.clicked.connect(self.on_print_card)
        self.print_form_button.clicked.connect(self.on_print_form)
        self.household.open_customer.connect(self.on_open_member)
        self.household.members_changed.connect(self.on_household_count)
        self.load()

    @Slot(int)
    def on_household_count(self, count: int) -> None:
        self.pages.setTabText(1, self.tr("家庭(%1)").replace("%1", str(count)))

    def _ownership_box(self) -> QWidget:
        try:
            from ui.ownership_box import OwnershipBox
        except ImportError:  # the rules engineer's box not installed: show the engine's explanation
            box = QLabel()
            box.setWordWrap(True)
            box.setAlignment(Qt.AlignmentFlag.AlignTop)
            box.show_customer = lambda cid: box.setText(  # type: ignore[attr-defined]
                self.ctx.services.timeline.verdict(cid).explanation
            )
            return box
        return OwnershipBox(self.ctx, self)

    def _fill_occupations(self) -> None:
        none = QTreeWidgetItem([self.tr("未填")])
        none.setData(0, Qt.ItemDataRole.UserRole, "")
        self.occupation.addTopLevelItem(none)
        for top in OCCUPATION_TREE:
            item = QTreeWidgetItem([_t(top.label)])
            item.setData(0, Qt.ItemDataRole.UserRole, top.code)
            for child in top.children:
                sub = QTreeWidgetItem([_t(child.label)])
                sub.setData(0, Qt.ItemDataRole.UserRole, child.code)
                item.addChild(sub)
            self.occupation.addTopLevelItem(item)

    # -- loading -----------------------------------------------------------------------------------

    def load(self) -> None:
        try:
            card = self.ctx.services.customers.card(self.ctx.actor, self.customer_id)
        except ServiceError as exc:
            self.load_failed = True
            show_error(self.parentWidget(), exc)
            return
        self.card = card
        self.setWindowTitle(self.tr("顾客档案 %1 — %2").replace("%1", str(card.id)).replace("%2", card.name))
        self.name.setText(card.name)
        self._set_combo(self.sex, card.sex)
        self.birth_year.setValue(card.birth_year or NO_YEAR)
        self.birthday.setText(card.birthday.isoformat() if card.birthday else "")
        for i, edit in enumerate(self.phones):
            edit.setText(card.phones[i] if i < len(card.phones) else "")
        self.address.setText(card.address if card.full else self.tr("(已隐藏)"))
        self._select_occupation(card.occupation)
        self._set_combo(self.income, card.income_band)
        self._set_combo(self.abc, card.abc_class)
        self._set_combo(self.value_level, card.value_level)
        self._set_combo(self.channel, card.source_channel)
        self.tags.setText(" ".join(card.tags))
        self.notes.setPlainText(card.notes)
        self._set_editable(card)
        self.household.show_card(card)
        self.timeline.show_customer(card.id)
        self.scans.show_card(card)
        self.pages.setTabText(2, self.tr("时间线(%1)").replace("%1", str(self.timeline.table.rowCount())))
        self.pages.setTabText(3, self.tr("扫描件(%1)").replace("%1", str(len(card.scans))))
        self.ownership.show_customer(card.id)
        self.archive_button.setText(self.tr("恢复档案…") if card.archived else self.tr("归档…"))

    def _set_editable(self, card: CustomerCard) -> None:
        widgets = [self.name, self.sex, self.birth_year, self.birthday, *self.phones, self.address, self.occupation]
        widgets += [self.income, self.abc, self.value_level, self.channel, self.tags, self.notes]
        for w in widgets:
            w.setEnabled(card.editable)
        self.save_button.setVisible(card.editable)
        # A masked card is not printed (the service refuses it too): the paper would leave the office.
        self.print_card_button.setVisible(card.full)
        self.print_form_button.setVisible(card.full)
        self.archive_button.setVisible(
            card.full and self.ctx.actor.role in ("clerk", "manager", "director", "gm", "admin")
        )
        if card.editable:
            self.readonly_note.hide()
            return
        if not card.full:
            text = self.tr("您无权查看该顾客的完整信息,档案已打码,只能查看。")
        elif card.archived:
            text = self.tr("该档案已归档,只能查看;如需修改请先恢复。")
        else:
            text = self.tr("您的角色不能修改顾客档案,只能查看。")
        self.readonly_note.setText(text)
        self.readonly_note.show()

    @staticmethod
    def _set_combo(combo: QComboBox, key: str) -> None:
        index = combo.findData(key or "")
        combo.setCurrentIndex(index if index >= 0 else 0)

    def _select_occupation(self, code: str) -> None:
        it = QTreeWidgetItemIterator(self.occupation)
        while it.value():
            item = it.value()
            if item.data(0, Qt.ItemDataRole.UserRole) == (code or ""):
                self.occupation.setCurrentItem(item)
                if item.parent():
                    item.parent().setExpanded(True)
                return
            it += 1

    # -- saving ------------------------------------------------------------------------------------

    def values(self) -> dict:
        """The form as the service's fields (phones and tags as lists)."""
        item = self.occupation.currentItem()
        birthday_text = self.birthday.text().strip()
        try:
            birthday = dt.date.fromisoformat(birthday_text) if birthday_text else None
        except ValueError:
            raise ValidationError(
                "birthday", self.tr("生日“%1”不是日期,请写成 1952-03-08。").replace("%1", birthday_text)
            ) from None
        return {
            "name": self.name.text(),
            "sex": self.sex.currentData() or "",
            "birth_year": None if self.birth_year.value() == NO_YEAR else self.birth_year.value(),
            "birthday": birthday,
            "phones": [e.text() for e in self.phones if e.text().strip()],
            "address": self.address.text(),
            "occupation": item.data(0, Qt.ItemDataRole.UserRole) if item else "",
            "income_band": self.income.currentData() or "",
            "abc_class": self.abc.currentData() or "",
            "value_level": self.value_level.currentData() or "",
            "source_channel": self.channel.currentData() or "",
            "tags": split_tags(self.tags.text()),
            "notes": self.notes.toPlainText(),
        }

    def changes(self) -> dict:
        """Only the fields the user changed (so a masked or untouched field is never written)."""
        card = self.card
        assert card is not None
        v = self.values()
        before = {
            "name": card.name,
            "sex": card.sex,
            "birth_year": card.birth_year,
            "birthday": card.birthday,
            "phones": list(card.phones),
            "address": card.address,
            "occupation": card.occupation,
            "income_band": card.income_band,
            "abc_class": card.abc_class,
            "value_level": card.value_level,
            "source_channel": card.source_channel,
            "tags": sorted(card.tags),
            "notes": card.notes,
        }
        out = {}
        for key, value in v.items():
            compare = sorted(value) if key == "tags" else value
            if compare != before[key]:
                out[key] = value
        return out

    @Slot()
    def on_save(self) -> None:
        if self.card is None or not self.card.editable:
            return
        try:
            changes = self.changes()
            if changes:
                self.ctx.services.customers.update(self.ctx.actor, self.card.id, changes, self.card.version)
        except ServiceError as exc:
            show_error(self, exc)
            self._focus_field(getattr(exc, "field", ""))
            return
        if changes:
            self.ctx.announce(Change(frozenset({"customer"}), (self.card.id,), source=self))
        self.accept()

    def _focus_field(self, field: str) -> None:
        widgets = {
            "name": self.name,
            "birth_year": self.birth_year,
            "birthday": self.birthday,
            "address": self.address,
            "occupation": self.occupation,
            "tags": self.tags,
            "notes": self.notes,
        }
        widgets.update({f"phone{i + 1}": e for i, e in enumerate(self.phones)})
        widget = widgets.get(field or "")
        if widget is not None:
            self.pages.setCurrentIndex(0)
            widget.setFocus()

    # -- archive / navigation ----------------------------------------------------------------------

    @Slot()
    def on_archive(self) -> None:
        if self.card is None:
            return
        restoring = self.card.archived
        title = self.tr("恢复档案") if restoring else self.tr("归档档案")
        prompt = self.tr("恢复的原因:") if restoring else self.tr("归档的原因(如:重复登记、已故、拒绝联系):")
        reason, ok = QInputDialog.getText(self, title, prompt)
        if not ok:
            return
        try:
            if restoring:
                self.ctx.services.customers.restore(self.ctx.actor, self.card.id, reason)
            else:
                self.ctx.services.customers.archive(self.ctx.actor, self.card.id, reason)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"customer"}), (self.card.id,), source=self))
        self.accept()

    @Slot()
    def on_print_card(self) -> None:
        from ui.customers.printing import print_card

        if self.card is not None:
            print_card(self, self.ctx, self.card.id, self.card.name)

    @Slot()
    def on_print_form(self) -> None:
        from ui.customers.printing import print_callback_form

        if self.card is not None:
            print_callback_form(self, self.ctx, self.card.id, self.card.name)

    @Slot(int)
    def on_open_member(self, customer_id: int) -> None:
        if self.card is not None and self.card.editable and self.changes():
            answer = QMessageBox.question(
                self, self.tr("未保存的修改"), self.tr("本档案有未保存的修改,放弃修改并打开家人档案吗?")
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.customer_id = customer_id
        self.pages.setCurrentIndex(0)
        self.load()
