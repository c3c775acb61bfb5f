"""The batch panel of 录入: the stack of event forms being typed (SPEC §3, §4).

The clerk starts a batch (or picks one still open) before typing a stack of kepu / large kepu /
activity forms; every card saved while it is chosen joins it unregistered — the owner comes from
the allocation. The panel lists the batch's cards as they are typed with what 处理 made of each,
takes a wrong card out, corrects or deletes a draft, processes the batch and returns it to the
department manager(s). With no batch chosen the form is the walk-in / phone / referral form that
names its staff member and registers at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from services.allocation.types import EDIT_ROLES, BatchInfo
from services.platform.errors import ServiceError, StaleRecord
from ui.allocation.batches_page import table
from ui.allocation.dialogs import NewBatchDialog, create_batch
from ui.allocation.models import ID_ROLE, LeftOutModel
from ui.context import Change, UiContext
from ui.errors import show_error


class BatchPanel(QGroupBox):
    """Choose the batch a stack of forms belongs to; see, correct, process and return it."""

    batchChanged = Signal(object)  # BatchInfo or None

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("批次(活动表格)"))
        self.setObjectName("batchPanel")
        self.ctx = ctx
        self.svc = ctx.services.allocation
        self.batch: BatchInfo | None = None
        self.enabled_for_role = ctx.actor.role in EDIT_ROLES

        self.chooser = QComboBox(objectName="batchChooser")
        self.chooser.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab walks the form, not the panel
        self.collected = QComboBox(objectName="collectedBy")
        self.collected_label = QLabel(self.tr("收集部门"))
        for d in ctx.services.org.departments():
            self.collected.addItem(d.name, d.id)
        self.summary = QLabel(objectName="batchSummary")
        self.summary.setWordWrap(True)
        self.new_button = self._button(self.tr("新建批次…"), self.on_new, "newBatch")
        self.edit_button = self._button(self.tr("修改…"), self.on_edit, "editBatch")
        self.delete_button = self._button(self.tr("删除批次…"), self.on_delete, "deleteBatch")
        self.remove_button = self._button(self.tr("移出选中档案…"), self.on_remove, "removeCard")
        self.process_button = self._button(self.tr("处理(查重)"), self.on_process, "processBatch")
        self.return_button = self._button(self.tr("返还部门"), self.on_return, "returnBatch")
        # A possible duplicate found by 处理 waits for one of these (SPEC §3: merge / household / new).
        self.merge_button = self._button(self.tr("合并到已有档案"), self.on_merge, "decideMerge")
        self.household_button = self._button(self.tr("关联为家人…"), self.on_household, "decideHousehold")
        self.new_person_button = self._button(self.tr("确认是新顾客"), self.on_new_person, "decideNew")
        self.cards = LeftOutModel(self)
        self.card_view = table(self.cards)
        self.card_view.setObjectName("batchCards")
        self.card_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.card_view.setMinimumHeight(120)
        # No height of its own beyond that: it takes what the 录入 column has left (ui.intake.tab), so at
        # 1280×800 the form, the save button and its answer fit under it.
        self.card_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("本叠表格属于")))
        top.addWidget(self.chooser, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        coll = QHBoxLayout()
        coll.addWidget(self.collected_label)
        coll.addWidget(self.collected, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.remove_button)
        for b in (self.merge_button, self.household_button, self.new_person_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.process_button)
        actions.addWidget(self.return_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(coll)
        layout.addWidget(self.summary)
        layout.addWidget(self.card_view, 1)
        layout.addLayout(actions)
        self.setVisible(self.enabled_for_role)
        self.chooser.currentIndexChanged.connect(self.on_chosen)
        ctx.bus.changed.connect(self.on_changed)
        self.card_view.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        if self.enabled_for_role:
            self.reload()
        self._update()

    def _button(self, text: str, slot, name: str) -> QPushButton:
        b = QPushButton(text, objectName=name)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter in the form saves; the panel is clicked
        b.clicked.connect(slot)
        return b

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        """Another view or PC changed batches (a second clerk typing into this one, a return): read again."""
        if change.source is self or "batch" not in change.kinds or not self.enabled_for_role:
            return
        self.reload()

    # -- which batch -------------------------------------------------------------------------------

    def reload(self, choose: int | None = None) -> None:
        """Refill the list of open batches, keeping (or choosing) one."""
        keep = choose if choose is not None else (self.batch.id if self.batch else None)
        try:
            batches = self.svc.open_batches(self.ctx.actor)
        except ServiceError as exc:
            show_error(self, exc)
            batches = []
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItem(self.tr("— 不属于批次:来访、电话、转介等,须选登记员工 —"), None)
        for b in batches:
            self.chooser.addItem(f"{b.id} {b.name} · {b.procedure_name} · {b.state_name}", b.id)
        self.chooser.setCurrentIndex(max(self.chooser.findData(keep), 0))
        self.chooser.blockSignals(False)
        self.on_chosen()

    @Slot()
    def on_chosen(self, *_args) -> None:
        bid = self.chooser.currentData()
        self.batch = None
        if bid is not None:
            try:
                self.batch = self.svc.get(self.ctx.actor, bid)
            except ServiceError as exc:
                show_error(self, exc)
        self.refresh_cards()
        self.batchChanged.emit(self.batch)

    def batch_id(self) -> int | None:
        return self.batch.id if self.batch else None

    def collected_by(self) -> int | None:
        """The collecting department of a large kepu's stack (procedure B), else None."""
        if self.batch is not None and self.batch.procedure == "kepu_large":
            return self.collected.currentData()
        return None

    def refresh_cards(self) -> None:
        """The batch's cards as typed, with what processing made of each (newest last)."""
        rows = []
        if self.batch is not None:
            try:
                self.batch = self.svc.get(self.ctx.actor, self.batch.id)
                after = None
                while True:
                    page = self.svc.cards(self.ctx.actor, self.batch.id, after, 500)
                    rows.extend(page.rows)
                    if page.next_after is None:
                        break
                    after = page.next_after
            except ServiceError as exc:
                show_error(self, exc)
        self.cards.set_rows(rows)
        if rows:
            self.card_view.scrollToBottom()
        self._update()

    def _update(self) -> None:
        b = self.batch
        state = b.state if b else None
        self.edit_button.setEnabled(state in ("open", "processed"))
        self.delete_button.setEnabled(state == "open")
        self.remove_button.setEnabled(state == "open" and self.cards.rowCount() > 0)
        self.process_button.setEnabled(state in ("open", "processed") and self.cards.rowCount() > 0)
        self.return_button.setEnabled(state == "processed")
        chosen = self.chosen_card()
        undecided = chosen is not None and chosen.status == "possible" and state in ("open", "processed")
        for button in (self.merge_button, self.household_button, self.new_person_button):
            button.setEnabled(undecided)
        large = b is not None and b.procedure == "kepu_large"
        self.collected.setVisible(large)
        self.collected_label.setVisible(large)
        if b is None:
            self.summary.setText(self.tr("未选批次:每张表须选登记员工,保存即登记(R1)。"))
            return
        who = "、".join(b.participant_names or b.department_names) or self.tr("(未选)")
        date = b.event_date.strftime("%Y-%m-%d") if b.event_date else ""
        text = self.tr("%1 · %2 · %3 · 交档案人 %4 · 参加:%5 — %6 张,%7。本批表格不需选登记员工,归属由分配决定。")
        for i, v in enumerate(
            (b.name, b.procedure_name, date, b.handed_in_by_name or "—", who, b.card_count, b.progress_text), 1
        ):
            text = text.replace(f"%{i}", str(v))
        self.summary.setText(text)

    # -- correcting a batch ------------------------------------------------------------------------

    @Slot()
    def on_new(self) -> None:
        info = create_batch(self.ctx, self)
        if info is not None:
            self.reload(choose=info.id)

    @Slot()
    def on_edit(self) -> None:
        if self.batch is None:
            return
        dialog = NewBatchDialog(self.ctx, self, editing=self.batch)
        while dialog.exec():
            values = dialog.values()
            try:
                self.svc.update_batch(
                    self.ctx.actor,
                    self.batch.id,
                    self.batch.version,
                    name=values["name"],
                    event_date=values["event_date"],
                    handed_in_by_id=values["handed_in_by_id"],
                    participant_ids=values["participant_ids"],
                    department_ids=values["department_ids"],
                )
            except ServiceError as exc:
                show_error(self, exc)
                if isinstance(exc, StaleRecord):
                    self.reload()
                    return
                continue
            self.ctx.announce(Change(frozenset({"batch"}), source=self))
            self.reload()
            return

    @Slot()
    def on_delete(self) -> None:
        if self.batch is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("删除批次"), self.tr("删除批次“%1”的原因:").replace("%1", self.batch.name)
        )
        if not ok:
            return
        try:
            self.svc.delete_batch(self.ctx.actor, self.batch.id, reason)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"batch"}), source=self))
        self.batch = None
        self.reload()

    @Slot()
    def on_remove(self) -> None:
        index = self.card_view.currentIndex()
        if self.batch is None or not index.isValid():
            QMessageBox.information(self, self.tr("移出档案"), self.tr("请先在批次的档案列表中选中要移出的档案。"))
            return
        customer_id = self.cards.data(index, ID_ROLE)
        reason, ok = QInputDialog.getText(
            self, self.tr("移出档案"), self.tr("把档案 %1 移出本批次的原因:").replace("%1", str(customer_id))
        )
        if not ok:
            return
        try:
            self.svc.remove_card(self.ctx.actor, self.batch.id, customer_id, reason)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"batch"}), (customer_id,), source=self))
        self.refresh_cards()

    # -- possible duplicates -------------------------------------------------------------------------

    def chosen_card(self):
        index = self.card_view.currentIndex() if hasattr(self, "card_view") else None
        if index is None or not index.isValid() or index.row() >= self.cards.rowCount():
            return None
        return self.cards.row_at(index.row())

    def _decide(self, kind: str, relation: str = "") -> None:
        card = self.chosen_card()
        if self.batch is None or card is None:
            return
        try:
            self.svc.decide(
                self.ctx.actor, self.batch.id, card.customer_id, kind, other_id=card.possible_of, relation=relation
            )
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"batch", "customer"}), (card.customer_id,), source=self))
        self.refresh_cards()

    @Slot()
    def on_merge(self) -> None:
        self._decide("merge")

    @Slot()
    def on_new_person(self) -> None:
        self._decide("new")

    @Slot()
    def on_household(self) -> None:
        card = self.chosen_card()
        if card is None:
            return
        labels = [self.tr("配偶"), self.tr("父母"), self.tr("子女")]
        prompt = self.tr("档案 %1 是档案 %2 的:").replace("%1", str(card.customer_id))
        choice, ok = QInputDialog.getItem(
            self, self.tr("关联为家人"), prompt.replace("%2", str(card.possible_of)), labels, 0, False
        )
        if ok:
            self._decide("household", ("spouse", "parent", "child")[labels.index(choice)])

    # -- 处理 and 返还 ----------------------------------------------------------------------------------

    @Slot()
    def on_process(self) -> None:
        if self.batch is None:
            return
        try:
            result = self.svc.process(self.ctx.actor, self.batch.id)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"batch"}), source=self))
        self.refresh_cards()
        text = self.tr("处理完毕:%1 张待分配,%2 张未分配(见列表中的说明)。")
        text = text.replace("%1", str(result.to_allocate)).replace("%2", str(len(result.not_allocated)))
        self.summary.setText(text + "\n" + self.summary.text())

    @Slot()
    def on_return(self) -> None:
        if self.batch is None:
            return
        try:
            info = self.svc.return_batch(self.ctx.actor, self.batch.id, self.batch.version)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"batch"}), source=self))
        shares = "、".join(f"{d} {n} 张" for d, n, _left in info.shares)
        done = self.tr("批次“%1”已返还:%2。部门经理在“档案分配”页会看到它。")
        done = done.replace("%1", info.name).replace("%2", shares)
        self.reload()  # a returned batch leaves the list of batches being typed
        self.summary.setText(done)
