"""The batches page: the list of batches, and for the chosen one its processing result, the preview
(recipient → count and cards, the tie order shown), single-card swaps with a reason, confirmation
and the allocation sheet (Excel and PDF).

Processing and confirmation can touch thousands of cards, so they run on the write pool with a
busy dialog; everything else is a quick service call on the GUI thread.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.allocation.types import DISTRIBUTE_ROLES, EDIT_ROLES, AllocationPreview, BatchInfo
from services.platform.errors import ServiceError
from ui import files
from ui.allocation.dialogs import AddCardsDialog, StaffReasonDialog, create_batch
from ui.allocation.models import ID_ROLE, BatchListModel, LeftOutModel, PlanCardModel, RecipientModel
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.print_preview import preview_pdf
from ui.widgets import tidy_table
from ui.worker import Job, run_in_pool


def table(model, selection=QAbstractItemView.SelectionMode.SingleSelection) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    tidy_table(view)
    return view


class BatchesPage(QWidget):
    """Batches on the left; the chosen batch's result, preview and actions on the right."""

    action_done = Signal(str)  # "process" | "confirm", after a background action has finished

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.svc = ctx.services.allocation
        self.batch: BatchInfo | None = None
        self.preview: AllocationPreview | None = None
        self.job: Job | None = None
        self.busy: QProgressDialog | None = None
        role = ctx.actor.role
        self.can_edit = role in EDIT_ROLES
        self.can_distribute = role in DISTRIBUTE_ROLES

        self.batches = BatchListModel(lambda after: self._page(after), self)
        self.batches.failed.connect(self.on_failed)
        self.batch_view = table(self.batches)
        self.batch_view.setObjectName("batchList")
        # The name takes the spare width so the state and count columns are never cut off.
        self.batch_view.horizontalHeader().setStretchLastSection(False)
        self.batch_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.new_button = QPushButton(self.tr("新建批次(&N)"))
        self.new_button.setVisible(self.can_edit)
        self.new_button.clicked.connect(self.on_new)
        refresh = QPushButton(self.tr("刷新"))
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.clicked.connect(self.reload)
        # What came back for this user to distribute (a manager's landing page says it first).
        self.arrivals = QLabel(objectName="arrivals")
        self.arrivals.setWordWrap(True)
        self.arrivals.setStyleSheet("background: #fff4ce; padding: 6px; border-radius: 4px;")
        self.arrivals.setTextFormat(Qt.TextFormat.RichText)
        self.arrivals.linkActivated.connect(self.on_arrival_clicked)
        self.arrivals.hide()
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.addWidget(self.arrivals)
        lbar = QHBoxLayout()
        lbar.addWidget(self.new_button)
        lbar.addWidget(refresh)
        lbar.addStretch()
        lbox.addLayout(lbar)
        lbox.addWidget(self.batch_view)

        self.title = QLabel(self.tr("请在左边选择一个批次。"))
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = self._button(self.tr("添加档案(&A)"), self.on_add, self.can_edit)
        self.process_button = self._button(self.tr("处理(查重)(&P)"), self.on_process, self.can_edit)
        self.return_button = self._button(self.tr("返还各部门(&R)"), self.on_return, self.can_edit)
        self.preview_button = self._button(self.tr("预览分配(&Y)"), self.on_preview, self.can_distribute)
        self.swap_button = self._button(self.tr("调换档案(&S)…"), self.on_swap, self.can_distribute)
        self.confirm_button = self._button(self.tr("确认分配(&C)"), self.on_confirm, self.can_distribute)
        self.export_button = self._button(self.tr("导出分配表(&E)"), self.on_export, True)
        self.print_button = self._button(self.tr("打印分配表(&T)…"), self.on_print, True)
        actions = QHBoxLayout()
        for b in (
            self.add_button,
            self.process_button,
            self.return_button,
            self.preview_button,
            self.swap_button,
            self.confirm_button,
        ):
            actions.addWidget(b)
        actions.addStretch()
        actions.addWidget(self.export_button)
        actions.addWidget(self.print_button)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setObjectName("ruleText")
        self.recipients = RecipientModel(self)
        self.recipient_view = table(self.recipients)
        self.recipient_view.setObjectName("recipients")
        self.cards = PlanCardModel(self)
        self.card_view = table(self.cards)
        self.card_view.setObjectName("planCards")
        self.left_out = LeftOutModel(self)
        self.left_out_view = table(self.left_out)
        self.left_out_label = QLabel(self.tr("未分配的档案(已有归属、在资源池、重复或待决定的可能重复)"))
        plan = QSplitter(Qt.Orientation.Horizontal)
        plan.addWidget(self.recipient_view)
        plan.addWidget(self.card_view)
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.addWidget(self.title)
        rbox.addLayout(actions)
        rbox.addWidget(self.rule)
        rbox.addWidget(plan, 3)
        rbox.addWidget(self.left_out_label)
        rbox.addWidget(self.left_out_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setSizes([500, 860])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self.batch_view.selectionModel().currentRowChanged.connect(self.on_batch_chosen)
        self.recipient_view.selectionModel().currentRowChanged.connect(self.on_recipient_chosen)
        self.reload()
        self._update_buttons()

    def _button(self, text: str, slot, visible: bool) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        b.setVisible(visible)
        return b

    def _page(self, after):
        page = self.svc.batches(self.ctx.actor, after)
        return page.rows, page.next_after

    # -- list and selection -------------------------------------------------------------------------

    def waiting(self) -> list:
        """Returned batches with cards this user still has to distribute (empty for the CRM center)."""
        if not self.can_distribute:
            return []
        try:
            return self.svc.waiting(self.ctx.actor)
        except ServiceError:
            return []

    def _show_arrivals(self) -> None:
        waiting = self.waiting()
        if not waiting:
            self.arrivals.hide()
            return
        links = "、".join(f"<a href='{w.batch_id}'>{escape(w.text)}</a>" for w in waiting)
        text = self.tr("已返还、等待分配的批次 %1 个:%2").replace("%1", str(len(waiting))).replace("%2", links)
        self.arrivals.setText(text)
        self.arrivals.show()

    @Slot(str)
    def on_arrival_clicked(self, link: str) -> None:
        self.select_batch(int(link))

    def select_batch(self, batch_id: int) -> bool:
        """Choose a batch in the list (fetching further pages as needed); False when it is not listed."""
        while True:
            for r in range(self.batches.rowCount()):
                if self.batches.row_at(r).id == batch_id:
                    self.batch_view.selectRow(r)
                    return True
            if not self.batches.canFetchMore():
                return False
            self.batches.fetchMore()

    @Slot()
    def reload(self) -> None:
        chosen = self.batch.id if self.batch else None
        self._show_arrivals()
        self.batches.reload()
        for r in range(self.batches.rowCount()):
            if self.batches.row_at(r).id == chosen:
                self.batch_view.selectRow(r)
                return
        self.show_batch(None)

    @Slot(QModelIndex, QModelIndex)
    def on_batch_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_batch(self.batches.row_at(current.row()) if current.isValid() else None)

    def show_batch(self, batch: BatchInfo | None) -> None:
        self.batch, self.preview = batch, None
        self.recipients.set_rows([])
        self.cards.set_rows([])
        self.left_out.set_rows([])
        self.rule.clear()
        if batch is None:
            self.title.setText(self.tr("请在左边选择一个批次。"))
        else:
            self.title.setText(self._describe(batch))
            if batch.state in ("processed", "returned") and self.can_distribute:
                self._auto_preview()
            elif batch.state == "distributed":
                self._show_distribution()
            elif batch.state != "open":
                self._show_left_out()
        self._update_buttons()

    def _describe(self, b: BatchInfo) -> str:
        who = "、".join(b.participant_names or b.department_names)
        date = b.event_date.strftime("%Y-%m-%d") if b.event_date else ""
        if b.state == "distributed":
            text = self.tr("%1 · %2 · %3 · %4 — 参加:%5 — 档案 %6 张,分配 %7 张")
        else:
            text = self.tr("%1 · %2 · %3 · %4 — 参加:%5 — 档案 %6 张,待分配 %7 张")
        for i, v in enumerate(
            (b.name, b.procedure_name, date, b.progress_text, who, b.card_count, b.processed_count), 1
        ):
            text = text.replace(f"%{i}", str(v))
        return text

    def _show_left_out(self) -> None:
        try:
            cards = []
            after = None
            while True:  # a batch's kept-back cards are few; read them all
                page = self.svc.cards(self.ctx.actor, self.batch.id, after, 500)
                cards.extend(c for c in page.rows if c.status in ("owned", "pool", "duplicate", "possible"))
                if page.next_after is None:
                    break
                after = page.next_after
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.left_out.set_rows(cards)

    def _update_buttons(self) -> None:
        state = self.batch.state if self.batch else None
        self.add_button.setEnabled(state in ("open", "processed"))
        self.process_button.setEnabled(state in ("open", "processed"))
        self.return_button.setEnabled(state == "processed")
        self.preview_button.setEnabled(state in ("processed", "returned"))
        self.swap_button.setEnabled(self.preview is not None)
        self.confirm_button.setEnabled(self.preview is not None)
        self.export_button.setEnabled(state in ("processed", "returned", "distributed"))
        self.print_button.setEnabled(state in ("processed", "returned", "distributed"))

    @Slot(QModelIndex, QModelIndex)
    def on_recipient_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.cards.set_rows(self.recipients.row_at(current.row()).cards if current.isValid() else [])

    # -- actions -----------------------------------------------------------------------------------

    @Slot(object)
    def on_failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    @Slot()
    def on_new(self) -> None:
        info = create_batch(self.ctx, self)
        if info is not None:
            self.batch = info
            self.reload()

    @Slot()
    def on_add(self) -> None:
        if self.batch is None:
            return
        depts = list(zip(self.batch.department_names, self.batch.department_ids, strict=True))
        dialog = AddCardsDialog(depts if self.batch.procedure == "kepu_large" else [], self)
        while dialog.exec():
            try:
                res = self.svc.add_cards(
                    self.ctx.actor, self.batch.id, dialog.customer_ids(), collected_by=dialog.collected_by()
                )
            except ServiceError as exc:
                show_error(self, exc)
                continue
            msg = (
                self.tr("已添加 %1 张档案;%2 张原已在本批次中。")
                .replace("%1", str(res.added))
                .replace("%2", str(res.already_in_batch))
            )
            QMessageBox.information(self, self.tr("添加档案"), msg)
            self.reload()
            return

    def _run(self, kind: str, fn, *args, on_done, progressive: bool = False) -> None:
        """Run a writing action on the write pool with a busy dialog; refusals come back as messages.

        ``progressive``: the service reports ``(done, total)`` and can be cancelled (it then rolls back).
        """
        self.busy = QProgressDialog(self.tr("正在处理,请稍候……"), self.tr("取消"), 0, 0, self)
        if not progressive:
            self.busy.setCancelButton(None)
        self.busy.setWindowModality(Qt.WindowModality.WindowModal)
        self.busy.setMinimumDuration(300)

        def done(value) -> None:
            self._end_busy()
            on_done(value)
            self.action_done.emit(kind)

        def failed(exc) -> None:
            self._end_busy()
            show_error(self, exc)
            self.action_done.emit(kind)

        def step(value) -> None:
            finished, total = value
            if self.busy is not None:
                self.busy.setMaximum(total)
                self.busy.setValue(finished)
                text = self.tr("正在写入分配记录:%1 / %2 张").replace("%1", str(finished)).replace("%2", str(total))
                self.busy.setLabelText(text)

        extra = {"on_progress": step, "cancellable": True} if progressive else {}
        self.job = run_in_pool(fn, *args, writes=True, on_done=done, on_error=failed, **extra)
        if progressive:
            self.busy.canceled.connect(self.job.cancel)

    def _end_busy(self) -> None:
        if self.busy is not None:
            self.busy.reset()
            self.busy.deleteLater()
            self.busy = None

    @Slot()
    def on_process(self) -> None:
        if self.batch is None:
            return

        def shown(result) -> None:
            self.batch = result.batch
            self.ctx.announce(Change(frozenset({"batch"}), source=self))
            self.reload()
            self.left_out.set_rows(result.not_allocated)

        self._run("process", self.svc.process, self.ctx.actor, self.batch.id, on_done=shown)

    @Slot()
    def on_return(self) -> None:
        """返还: fix each card's department, so every manager can share out his department's cards."""
        if self.batch is None:
            return
        try:
            self.batch = self.svc.return_batch(self.ctx.actor, self.batch.id, self.batch.version)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"batch"}), source=self))
        self.reload()

    @Slot()
    def on_preview(self) -> None:
        if self.batch is None:
            return
        try:
            preview = self.svc.preview(self.ctx.actor, self.batch.id)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.show_preview(preview)

    def _auto_preview(self) -> None:
        """On choosing a batch: show its preview, or in the rule line why there is none (no message box).

        A returned batch whose share this department already confirmed shows what was distributed.
        """
        try:
            self.show_preview(self.svc.preview(self.ctx.actor, self.batch.id))
        except ServiceError as exc:
            if self.batch.state == "returned" and self._show_distribution():
                self.rule.setText(exc.message + "\n" + self.rule.text())
                return
            self.rule.setText(exc.message)
            self._show_left_out()

    def _show_distribution(self) -> bool:
        """Who got which card, as confirmed (nothing to swap or confirm any more)."""
        try:
            done = self.svc.distribution(self.ctx.actor, self.batch.id)
        except ServiceError as exc:
            self.rule.setText(exc.message)
            return False
        if not done.recipients:
            return False
        self.recipients.set_rows(done.recipients)
        self.left_out.set_rows(done.not_allocated)
        text = self.tr("已确认的分配:%1 张分给 %2 人。余数顺序:%3")
        text = text.replace("%1", str(done.total)).replace("%2", str(len(done.recipients)))
        self.rule.setText(text.replace("%3", done.tie_order_text()))
        self.recipient_view.selectRow(0)
        return True

    def show_preview(self, preview: AllocationPreview) -> None:
        self.preview = preview
        self.recipients.set_rows(preview.recipients)
        self.left_out.set_rows(preview.not_allocated)
        self.rule.setText(
            self.tr("分配规则:%1\n余数顺序:%2").replace("%1", preview.rule_text).replace("%2", preview.tie_order_text())
        )
        if preview.recipients:
            self.recipient_view.selectRow(0)
        self._update_buttons()

    @Slot()
    def on_swap(self) -> None:
        if self.preview is None:
            return
        index = self.card_view.currentIndex()
        if not index.isValid():
            QMessageBox.information(self, self.tr("调换档案"), self.tr("请先在右边的档案列表中选中要调换的档案。"))
            return
        customer_id = self.cards.data(index, ID_ROLE)
        staff = [(f"{r.department_name} {r.staff_name}", r.staff_id) for r in self.preview.recipients]
        prompt = self.tr("把档案 %1 (连同同一家庭的档案)调给:").replace("%1", str(customer_id))
        dialog = StaffReasonDialog(self.tr("调换档案"), prompt, staff, self)
        while dialog.exec():
            uneven = self.preview.uneven_text(self.preview.counts_after_swap(customer_id, dialog.staff_id()))
            if uneven:
                question = self.tr("这次调换后分配不再平均:%1。仍要调换吗?").replace("%1", uneven)
                if QMessageBox.question(self, self.tr("调换档案"), question) != QMessageBox.StandardButton.Yes:
                    return
            try:
                preview = self.svc.swap(
                    self.ctx.actor, self.preview.batch_id, customer_id, dialog.staff_id(), dialog.reason_text()
                )
            except ServiceError as exc:
                show_error(self, exc)
                continue
            self.show_preview(preview)
            return

    @Slot()
    def on_confirm(self) -> None:
        if self.preview is None:
            return
        pv = self.preview
        question = self.tr("确认把 %1 张档案分配给 %2 人?确认后即开始计算预热期限,不能撤销。")
        question = question.replace("%1", str(pv.total)).replace("%2", str(len(pv.recipients)))
        counts = "、".join(f"{r.staff_name} {r.count} 张" for r in pv.recipients)
        question += "\n" + self.tr("各人张数:%1").replace("%1", counts)
        uneven = pv.uneven_text()
        if uneven:
            question += "\n" + self.tr("注意:调换后分配不再平均:%1。").replace("%1", uneven)
        if QMessageBox.question(self, self.tr("确认分配"), question) != QMessageBox.StandardButton.Yes:
            return

        def shown(_preview) -> None:
            self.ctx.announce(Change(frozenset({"batch", "ownership"}), source=self))
            self.preview = None
            self.reload()  # the batch shows its real state and, once confirmed, who got which card

        self._run("confirm", self.svc.confirm, self.ctx.actor, pv.batch_id, pv.version, on_done=shown, progressive=True)

    def _save_to(self, suffix: str, caption: str) -> str:
        name = f"{self.tr('分配表')}-{self.batch.id}{suffix}"
        return files.ask_save(self, "exports", caption, name, f"*{suffix}", suffix)

    @Slot()
    def on_export(self) -> None:
        if self.batch is None:
            return
        path = self._save_to(".xlsx", self.tr("导出分配表"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        try:
            self.svc.export_sheet(self.ctx.actor, self.batch.id, path)
        except ServiceError as exc:
            show_error(self, exc)
            return
        files.announce_saved(self, path, self.tr("分配表已导出到 %1").replace("%1", path), box=False)

    @Slot()
    def on_print(self) -> None:
        """The sheet in the print preview (打印… / 另存为 PDF… there), built off the GUI thread."""
        if self.batch is None:
            return
        svc, actor, batch_id = self.svc, self.ctx.actor, self.batch.id

        def build(path, progress=None, cancelled=None):
            return svc.print_sheet(actor, batch_id, path)

        preview_pdf(self, build, self.tr("分配表 %1").replace("%1", str(batch_id)))
