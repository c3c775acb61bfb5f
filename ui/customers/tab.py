"""顾客档案 tab: one search box, filters, the paged card list, the count, a column chooser.

The search box reads what is typed: digits are a phone or the last four digits, letters are
pinyin initials, Chinese is the start of a name (the service decides, see
services.customers.search.interpret_text). Typing pauses 300 ms before searching. The layout of
the table (column order, widths, hidden columns) and the sort are remembered per PC in QSettings.
Double-click or Enter opens the card editor.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QModelIndex, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from services.customers.search import CustomerQuery
from services.platform.errors import ServiceError
from ui.context import Change, UiContext
from ui.customers.contact import KINDS as CONTACT_KINDS
from ui.customers.contact import ContactDialog, staff_choices
from ui.customers.export import ListExport, shown_columns
from ui.customers.filters import CustomerFilters
from ui.customers.model import (
    COL_ABC,
    COL_ADDRESS,
    COL_BIRTH_YEAR,
    COL_CLAIM,
    COL_CREATED,
    COL_DEADLINE,
    COL_DEPARTMENT,
    COL_ID,
    COL_NAME,
    COL_OCCUPATION,
    COL_OWNER,
    COL_PHONE,
    COLUMN_COUNT,
    CUSTOMER_ID_ROLE,
    DEFAULT_HIDDEN,
    ROW_ROLE,
    CustomerTableModel,
)
from ui.errors import show_error
from ui.widgets import AnswerLabel, fit_header_texts, tidy_table
from ui.worker import Job, run_in_pool

SETTINGS_HEADER = "customers/header"
SETTINGS_SORT = "customers/sort"
SETTINGS_DESC = "customers/descending"
SETTINGS_FILTERS_SHOWN = "customers/filters_shown"
SEARCH_PAUSE_MS = 300
DEFAULT_WIDTHS = {
    COL_ID: 70,
    COL_NAME: 100,
    COL_PHONE: 120,
    COL_BIRTH_YEAR: 70,
    COL_ADDRESS: 260,  # elided, whole on hover: the created-at column stays in sight at 1280 pixels
    COL_OCCUPATION: 100,
    COL_ABC: 50,
    COL_OWNER: 80,
    COL_DEPARTMENT: 80,
    COL_CLAIM: 80,
    COL_DEADLINE: 120,
    COL_CREATED: 90,
}


class CustomersTab(QWidget):
    """The card list of everyone the user may see (masked where SPEC §2 says so)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings if settings is not None else QSettings()
        self.count_job: Job | None = None
        self._count_seq = 0
        self._restoring = False
        self._stale = False

        self.search = QLineEdit()
        self.search.setObjectName("customerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("电话、尾号4位、姓名或拼音首字母(如 zl)"))
        self.filters_button = QPushButton(self.tr("筛选(&T)"))
        self.filters_button.setObjectName("toggleFilters")
        self.filters_button.setCheckable(True)
        self.columns_button = QToolButton()
        self.columns_button.setObjectName("columnChooser")
        self.columns_button.setText(self.tr("列(&L)"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.open_button = QPushButton(self.tr("打开档案(&O)"))
        self.open_button.setObjectName("openCustomer")
        self.refresh_button = QPushButton(self.tr("刷新(&R)"))
        self.refresh_button.setObjectName("refreshCustomers")
        self.contact_button = QToolButton()
        self.contact_button.setObjectName("recordContact")
        self.contact_button.setText(self.tr("登记联系(&C)"))
        self.contact_button.setToolTip(self.tr("为选中的顾客登记报名、预热、回访或邀约"))
        self.contact_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.contact_menu = QMenu(self)
        for kind, label in CONTACT_KINDS.items():
            action = self.contact_menu.addAction(label)
            action.setData(kind)
        self.contact_menu.addSeparator()
        self.lookup_action = self.contact_menu.addAction(self.tr("申请调阅完整档案…"))
        self.lookup_action.setData("lookup")
        self.contact_menu.triggered.connect(self.on_contact)
        self.contact_button.setMenu(self.contact_menu)
        self.contact_button.setVisible(bool(staff_choices(ctx)) and ctx.actor.role != "front_desk")
        self.export_button = QPushButton(self.tr("导出 Excel(&X)…"))
        self.export_button.setObjectName("exportCustomers")
        self.export_button.setToolTip(self.tr("导出符合当前查找和筛选的全部档案,按当前排序和显示的列"))
        self.exporter = ListExport(ctx, self)
        self.shown_count: int | None = None
        self.count_label = QLabel()
        self.count_label.setObjectName("customerCount")
        self.note_label = QLabel()
        self.note_label.setObjectName("searchNote")
        self.note_label.setStyleSheet("color: #b35c00;")
        self.note_label.hide()
        # The answer to the last contact recorded here: who owns the customer now and why (issue 18).
        self.answer_label = AnswerLabel()
        # A staff member's list starts limited to their own customers: it says so, and offers all cards
        # (masked where SPEC §2 says) — most of all when a search finds nothing among their own.
        self.mine_box = QWidget()
        self.mine_box.setObjectName("onlyMine")
        self.mine_label = QLabel()
        self.mine_label.setObjectName("onlyMineNote")
        self.search_all_button = QPushButton(self.tr("查找全部档案"))
        self.search_all_button.setObjectName("searchAll")
        mine_row = QHBoxLayout(self.mine_box)
        mine_row.setContentsMargins(0, 0, 0, 0)
        mine_row.addWidget(self.mine_label, 1)
        mine_row.addWidget(self.search_all_button)
        self.mine_box.hide()
        # Changed since you last looked: customers this staff member lost (a race, a takeover, a ruling).
        self.lost_box = QWidget()
        self.lost_box.setObjectName("lostCustomers")
        self.lost_label = QLabel()
        self.lost_label.setWordWrap(True)
        self.lost_label.setStyleSheet("color: #b00020;")
        self.lost_seen_button = QPushButton(self.tr("知道了"))
        self.lost_seen_button.setObjectName("lostSeen")
        lost_row = QHBoxLayout(self.lost_box)
        lost_row.setContentsMargins(0, 0, 0, 0)
        lost_row.addWidget(self.lost_label, 1)
        lost_row.addWidget(self.lost_seen_button)
        self.lost_box.hide()

        self.filters = CustomerFilters(ctx, self)
        self.filters.setObjectName("customerFilters")

        self.model = CustomerTableModel(ctx, self)
        self.table = QTableView()
        self.table.setObjectName("customerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tidy_table(self.table)
        self._build_column_menu()

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("查找(&S):"), buddy=self.search))
        bar.addWidget(self.search, 3)
        bar.addWidget(self.filters_button)
        bar.addWidget(self.columns_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.contact_button)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.export_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.filters)
        layout.addWidget(self.note_label)
        layout.addWidget(self.answer_label)
        layout.addWidget(self.lost_box)
        layout.addWidget(self.mine_box)
        # A staff member's landing is my customers + today's tasks (SPEC §10): the tasks above the list.
        self.today = None
        if ctx.actor.role == "staff" and ctx.actor.staff_id is not None:
            from ui.customers.today import TodayTasks

            self.today = TodayTasks(ctx, self)
            self.today.setObjectName("todayTasks")
            self.today.open_requested.connect(self.open_customer)
            self.today.contact_requested.connect(self.record_contact)
            self.today.answered.connect(self.answer_label.say)
            split = QSplitter(Qt.Orientation.Vertical, self)
            split.setObjectName("todaySplit")
            split.setChildrenCollapsible(False)
            split.addWidget(self.today)
            split.addWidget(self.table)
            split.setStretchFactor(0, 2)
            split.setStretchFactor(1, 3)
            layout.addWidget(split, 1)
        else:
            layout.addWidget(self.table, 1)
        self.setTabOrder(self.search, self.filters_button)
        self.setTabOrder(self.filters_button, self.table)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_PAUSE_MS)
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(500)

        self.search.installEventFilter(self)
        self.search.textChanged.connect(self.on_search_typed)
        self.search.returnPressed.connect(self.on_search_now)
        self.search_timer.timeout.connect(self.on_search_now)
        self.filters.changed.connect(self.on_filters_changed)
        self.filters_button.toggled.connect(self.on_filters_toggled)
        self.open_button.clicked.connect(self.on_open_selected)
        self.lost_seen_button.clicked.connect(self.on_lost_seen)
        self.search_all_button.clicked.connect(self.on_search_all)
        self.show_losses()
        self.refresh_button.clicked.connect(self.on_refresh)
        self.export_button.clicked.connect(self.on_export)
        self.exporter.finished.connect(self.exporter.tell_done)
        self.table.activated.connect(self.on_activated)  # double-click and Enter
        self.model.failed.connect(lambda exc: show_error(self, exc))
        self.model.reloaded.connect(self.on_reloaded)
        self.model.notes.connect(self.on_notes)
        header.sectionResized.connect(self.on_layout_changed)
        header.sectionMoved.connect(self.on_layout_changed)
        header.sortIndicatorChanged.connect(self.on_layout_changed)
        header.customContextMenuRequested.connect(self.on_header_menu)
        self.save_timer.timeout.connect(self.save_layout)
        ctx.bus.changed.connect(self.on_changed)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.on_focus_search)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, activated=self.on_refresh)

        self._restore_layout()
        if ctx.actor.role in ("staff", "expert") and ctx.actor.staff_id is not None:
            # A staff member's day starts with their own customers (SPEC §10); 清除筛选 shows everyone's.
            self.filters.owner.setCurrentIndex(max(0, self.filters.owner.findData(ctx.actor.staff_id)))
        shown = self.settings.value(SETTINGS_FILTERS_SHOWN, False, type=bool)
        self.filters_button.setChecked(bool(shown))
        self.filters.setVisible(bool(shown))
        self.model.set_query(self._query())

    # -- the query ---------------------------------------------------------------------------------

    def _query(self) -> CustomerQuery:
        return CustomerQuery(
            text=self.search.text().strip(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
            **self.filters.values(),
        )

    def show_lapsing(self, department_id: int | None, rule: str = "") -> None:
        """The department's customers about to lapse under ``rule`` (an 归属 line of the 部门概况), soonest
        deadline first, with the filter row shown so the user sees what is filtered and can clear it."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.query = dataclasses.replace(self.model.query, sort="deadline", descending=False)
        self.filters_button.setChecked(True)
        self.filters.show_lapsing(department_id, rule)  # announces the change: the list searches
        self.on_reloaded_indicator()

    @Slot(str)
    def on_search_typed(self, _text: str) -> None:
        self.search_timer.start()

    @Slot()
    def on_search_now(self) -> None:
        self.search_timer.stop()
        self.note_label.clear()
        self.note_label.hide()
        self.model.set_query(self._query())
        if self.model.rowCount() == 1:
            self.table.selectRow(0)

    @Slot(dict)
    def on_filters_changed(self, _values: dict) -> None:
        self.on_search_now()

    @Slot(bool)
    def on_filters_toggled(self, on: bool) -> None:
        self.filters.setVisible(on)
        self.settings.setValue(SETTINGS_FILTERS_SHOWN, on)

    @Slot()
    def on_focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    @Slot()
    def on_refresh(self) -> None:
        current = self.current_id()
        self.model.reload()
        if current is not None and (row := self.model.row_of(current)) >= 0:
            self.table.selectRow(row)

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.source is self:
            return
        if change.kinds & {"customer", "ownership", "org"}:
            if self.isVisible():
                self.on_refresh()
            else:  # the clerk types cards all day in another tab: refresh once, when this tab shows
                self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.on_refresh()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        # Down arrow in the search box goes to the list, so a search is typed and opened by keyboard.
        if obj is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            if self.model.rowCount():
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(obj, event)

    @Slot(object)
    def on_notes(self, notes: tuple) -> None:
        self.note_label.setText(" ".join(notes))
        self.note_label.setVisible(bool(notes))

    # -- the count (off the GUI thread: counting a million cards takes a moment) -------------------
    # First the estimate (a bounded read: exact when few cards match or the archive is small), shown as
    # "约 33 万张档案"; then, when it was only an estimate, the exact count refines it. The table never
    # waits for either.

    @Slot()
    def on_reloaded(self) -> None:
        self._count_seq += 1
        seq = self._count_seq
        self.shown_count = None
        self.count_label.setText(self.tr("正在计数…"))
        self.on_reloaded_indicator()
        self.count_job = run_in_pool(
            self.ctx.services.customers.count_estimate,
            self.ctx.actor,
            self.model.query,
            on_done=lambda est, q=self.model.query: self.on_estimated(seq, q, est),
            on_error=lambda exc: self.on_count_failed(seq, exc),
            owner=self,
        )

    def on_estimated(self, seq: int, query: CustomerQuery, est) -> None:
        if seq != self._count_seq:
            return  # the query changed meanwhile
        if est.exact:
            self.on_counted(seq, est.n)
            return
        self.count_label.setText(self.approximate(est.n) + self.tr("(正在精确计数…)"))
        self.count_job = run_in_pool(
            self.ctx.services.customers.count,
            self.ctx.actor,
            query,
            on_done=lambda n: self.on_counted(seq, n),
            on_error=lambda exc: self.on_count_failed(seq, exc),
            owner=self,
        )

    def approximate(self, n: int) -> str:
        """An estimate as people say it: "约 33 万张档案", "约 3.3 万张档案", "约 3,300 张档案"."""
        if n >= 100_000:
            return self.tr("约 %1 万张档案").replace("%1", str(round(n / 10_000)))
        if n >= 10_000:
            return self.tr("约 %1 万张档案").replace("%1", f"{n / 10_000:.1f}")
        digits = len(str(max(n, 1)))  # two significant figures
        return self.tr("约 %1 张档案").replace("%1", f"{round(n, -max(digits - 2, 0)):,}")

    def on_counted(self, seq: int, n: int) -> None:
        if seq == self._count_seq:  # an older count finishing late is ignored
            self.shown_count = n
            self.count_label.setText(self.tr("共 %1 张档案").replace("%1", f"{n:,}"))
            self._show_mine(n)

    def _only_mine(self) -> bool:
        staff = self.ctx.actor.staff_id
        return staff is not None and self.filters.owner.currentData() == staff

    def _show_mine(self, n: int | None) -> None:
        """Say that the list holds only the user's own customers; when a search found none, offer all cards."""
        if not self._only_mine():
            self.mine_box.hide()
            return
        text = self.search.text().strip()
        if n == 0 and text:
            self.mine_label.setText(
                self.tr("在我的顾客中没有找到“%1”。可以在全部档案中查找(其他部门的档案按规定遮蔽显示)。").replace(
                    "%1", text
                )
            )
        else:
            self.mine_label.setText(self.tr("只显示我的顾客。"))
        self.mine_box.show()

    @Slot()
    def on_search_all(self) -> None:
        """Search every card with the same text: the owner filter back to 全部."""
        self.filters.owner.setCurrentIndex(0)
        self.mine_box.hide()
        self.on_search_now()

    def on_count_failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._count_seq:
            self.count_label.setText(self.tr("计数失败"))
            show_error(self, exc)

    # -- export (what is shown: the query, the order, the visible columns) --------------------------

    @Slot()
    def on_export(self) -> None:
        path = self.exporter.ask_path()
        if path:
            self.export_to(path)

    def export_to(self, path: str):
        """Start the export of the list as shown to ``path``; returns the job (None: one is running)."""
        columns = shown_columns(self.table.horizontalHeader())
        titles = [self.model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
        return self.exporter.start(self.model.query, columns, titles, path, self.shown_count)

    # -- contacts --------------------------------------------------------------------------------

    @Slot(QAction)
    def on_contact(self, action: QAction) -> None:
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        if row is None:
            QMessageBox.information(self, self.tr("登记联系"), self.tr("请先在列表中选中一位顾客。"))
            return
        if action.data() == "lookup":
            self.request_lookup(row)
            return
        self.record_contact(row.id, row.name, action.data())

    @Slot(int, str, str)
    def record_contact(self, customer_id: int, name: str, kind: str) -> None:
        """登记联系 for one customer (from the list or from a line of today's tasks); the answer shows here."""
        dialog = ContactDialog(self.ctx, customer_id, name, kind, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.answer_label.say(name, dialog.answer)

    def show_losses(self) -> None:
        """The customers this staff member lost since they last pressed 知道了 (issue 18)."""
        if self.ctx.actor.staff_id is None:
            return
        try:
            lost = self.ctx.services.timeline.lost_since_last_look(self.ctx.actor)
        except ServiceError as exc:
            show_error(self, exc)
            return
        if not lost:
            self.lost_box.hide()
            return
        lines = [self.tr("自上次查看以来,以下顾客已归他人:")] + [f"· {r.text}" for r in lost]
        self.lost_label.setText("\n".join(lines))
        self.lost_box.show()

    @Slot()
    def on_lost_seen(self) -> None:
        try:
            self.ctx.services.timeline.mark_looked(self.ctx.actor)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.lost_box.hide()

    def request_lookup(self, row) -> None:
        """Ask the resource director to see another department's customer in full (SPEC §2)."""
        if row.full:
            QMessageBox.information(self, self.tr("申请调阅"), self.tr("这张档案您已经可以完整查看。"))
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("申请调阅"), self.tr("调阅 %1 的完整档案的理由:").replace("%1", row.name)
        )
        if not ok:
            return
        try:
            self.ctx.services.access.request_lookup(self.ctx.actor, row.id, reason)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"lookup"})))
        QMessageBox.information(self, self.tr("申请调阅"), self.tr("已提交,资源总监批准后可在限定时间内完整查看。"))

    # -- opening a card ----------------------------------------------------------------------------

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(CUSTOMER_ID_ROLE) if index.isValid() else None

    @Slot(QModelIndex)
    def on_activated(self, index: QModelIndex) -> None:
        self.open_customer(index.data(CUSTOMER_ID_ROLE))

    @Slot()
    def on_open_selected(self) -> None:
        cid = self.current_id()
        if cid is not None:
            self.open_customer(cid)

    def open_customer(self, customer_id: int) -> None:
        from ui.customers.editor import CustomerEditor

        dialog = CustomerEditor(self.ctx, customer_id, self)
        if dialog.load_failed:
            return
        dialog.exec()

    # -- columns and layout ------------------------------------------------------------------------

    def _build_column_menu(self) -> None:
        self.column_menu = QMenu(self)
        self.column_actions: list[QAction] = []
        for col in range(COLUMN_COUNT):
            action = QAction(self.model.headerData(col, Qt.Orientation.Horizontal), self.column_menu)
            action.setCheckable(True)
            action.setChecked(True)
            action.setData(col)
            action.toggled.connect(self.on_column_toggled)
            self.column_menu.addAction(action)
            self.column_actions.append(action)
        self.columns_button.setMenu(self.column_menu)

    @Slot(bool)
    def on_column_toggled(self, on: bool) -> None:
        action = self.sender()
        col = action.data()
        header = self.table.horizontalHeader()
        if not on and header.count() - header.hiddenSectionCount() <= 1:
            action.setChecked(True)  # keep at least one column
            return
        self.table.setColumnHidden(col, not on)
        self.on_layout_changed()

    @Slot()
    def on_header_menu(self, pos) -> None:
        self.column_menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def _restore_layout(self) -> None:
        self._restoring = True
        header = self.table.horizontalHeader()
        state = self.settings.value(SETTINGS_HEADER)
        restored = state is not None and header.restoreState(state)
        if not restored:
            for col, width in DEFAULT_WIDTHS.items():
                header.resizeSection(col, width)
            for col in DEFAULT_HIDDEN:
                self.table.setColumnHidden(col, True)
        for action in self.column_actions:
            action.blockSignals(True)
            action.setChecked(not self.table.isColumnHidden(action.data()))
            action.blockSignals(False)
        sort = str(self.settings.value(SETTINGS_SORT, "created"))
        descending = self.settings.value(SETTINGS_DESC, True, type=bool)
        if sort in ("created", "name", "owner", "deadline"):
            self.model.query = dataclasses.replace(self.model.query, sort=sort, descending=bool(descending))
        self.table.setSortingEnabled(False)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        if not restored:
            fit_header_texts(header)  # the widths above suit one font; no title is cut (sort arrow included)
        header.sortIndicatorChanged.connect(self.on_sort_clicked)
        self._restoring = False

    @Slot(int, Qt.SortOrder)
    def on_sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)
        # A column without a server-side order keeps the indicator on the current sort column.
        self.on_reloaded_indicator()

    def on_reloaded_indicator(self) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            self.model.sort_column(),
            Qt.SortOrder.DescendingOrder if self.model.query.descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)

    @Slot()
    def on_layout_changed(self, *args) -> None:
        if not self._restoring:
            self.save_timer.start()

    @Slot()
    def save_layout(self) -> None:
        self.settings.setValue(SETTINGS_HEADER, self.table.horizontalHeader().saveState())
        self.settings.setValue(SETTINGS_SORT, self.model.query.sort)
        self.settings.setValue(SETTINGS_DESC, self.model.query.descending)
