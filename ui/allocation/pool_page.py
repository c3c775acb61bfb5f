"""公司资源池 page: every pool customer with the reason and since when; select some, preview an even
redistribution among chosen staff, distribute it with a reason, or give one customer to a chosen
staff member. A resignation handover starts from the filter "resigned staff member".

Refusals (R9: must go to another department; a manager outside their department) come back from
the service as messages naming the rule and the customer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from services.office.permissions import can
from services.platform.errors import ServiceError
from ui.allocation.batches_page import table
from ui.allocation.dialogs import StaffReasonDialog, check_list, checked_ids
from ui.allocation.models import ID_ROLE, PlanCardModel, PoolModel, RecipientModel
from ui.context import Change, UiContext
from ui.errors import show_error


class PoolPage(QWidget):
    distributed = Signal(object)  # PoolPlan, after a redistribution was written
    assigned = Signal(int)  # the small batch recording a one-by-one hand-out

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.svc = ctx.services.allocation
        self.left_staff: int | None = None
        self.pool = PoolModel(lambda after: self._page(after), self)
        self.pool.failed.connect(lambda exc: show_error(self, exc))
        self.pool_view = table(self.pool, QAbstractItemView.SelectionMode.ExtendedSelection)
        self.pool_view.setObjectName("poolList")
        self.filter = QComboBox()
        self.filter.setObjectName("poolFilter")
        self.filter.addItem(self.tr("全部资源池顾客"), None)
        for s in ctx.services.org.staff(include_left=True):
            if not s.active:
                self.filter.addItem(self.tr("离职交接:%1").replace("%1", f"{s.department_name} {s.name}"), s.id)
        self.filter.currentIndexChanged.connect(self.on_filter)
        select_all = QPushButton(self.tr("全选"))
        select_all.clicked.connect(self.pool_view.selectAll)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("显示")))
        top.addWidget(self.filter, 1)
        top.addWidget(select_all)
        # The cases waiting above the director (SPEC §10: the pool and the escalated cases), one click away.
        self.cases_line = QLabel(objectName="escalatedCases")
        self.cases_line.setWordWrap(True)
        self.cases_line.setTextFormat(Qt.TextFormat.RichText)
        self.cases_line.setStyleSheet("background: #fff4ce; padding: 6px; border-radius: 4px;")
        self.cases_line.linkActivated.connect(self.on_cases_link)
        self.shows_cases = can(ctx.actor, "cases.view") and ctx.actor.role != "manager"
        self.cases_line.setVisible(self.shows_cases)
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.addWidget(self.cases_line)
        lbox.addLayout(top)
        lbox.addWidget(self.pool_view)

        self.staff = check_list(self._staff_choices())
        self.staff.setObjectName("poolStaff")
        self.preview_button = QPushButton(self.tr("预览平均分配(&Y)"))
        self.preview_button.clicked.connect(self.on_preview)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("分配原因(必填),例如:张三离职,资源重新分配"))
        self.distribute_button = QPushButton(self.tr("平均分配选中的顾客(&D)"))
        self.distribute_button.clicked.connect(self.on_distribute)
        self.one_button = QPushButton(self.tr("指定给一名员工(&O)…"))
        self.one_button.clicked.connect(self.on_assign_one)
        self.plan = RecipientModel(self)
        self.plan_view = table(self.plan)
        self.plan_cards = PlanCardModel(self)
        self.plan_cards_view = table(self.plan_cards)
        self.plan_view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.plan_cards.set_rows(self.plan.row_at(cur.row()).cards if cur.isValid() else [])
        )
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.addWidget(QLabel(self.tr("接收的员工(按此顺序处理余数:此前分得少的优先)")))
        rbox.addWidget(self.staff, 1)
        rbox.addWidget(self.preview_button)
        rbox.addWidget(self.plan_view, 1)
        rbox.addWidget(self.plan_cards_view, 1)
        rbox.addWidget(self.reason)
        row = QHBoxLayout()
        row.addWidget(self.distribute_button)
        row.addWidget(self.one_button)
        rbox.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([800, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.reload()

    def _staff_choices(self) -> list[tuple[str, int]]:
        actor = self.ctx.actor
        dept = actor.department_id if actor.role == "manager" else None
        return [
            (f"{s.department_name} {s.name}", s.id) for s in self.ctx.services.org.staff(dept) if s.position == "staff"
        ]

    def _page(self, after):
        page = self.svc.pool_list(self.ctx.actor, after, left_staff_id=self.left_staff)
        return page.rows, page.next_after

    @Slot()
    def reload(self) -> None:
        self.pool.reload()
        self.plan.set_rows([])
        self.plan_cards.set_rows([])
        self._count_cases()

    def _count_cases(self) -> None:
        if not self.shows_cases:
            return
        try:
            escalated = self.ctx.services.cases.count(self.ctx.actor, "escalated")
            waiting = self.ctx.services.cases.count(self.ctx.actor, "open")
        except ServiceError as exc:
            self.cases_line.setText(exc.message)
            return
        self.cases_line.setText(
            self.tr("上报总经理、等待终裁的案件 %1 件,待协调助理处理的 %2 件。<a href='escalated'>查看上报的案件</a>")
            .replace("%1", str(escalated))
            .replace("%2", str(waiting))
        )

    @Slot(str)
    def on_cases_link(self, state: str) -> None:
        window = self.window()
        opener = getattr(window, "tab_widget", None)
        cases = opener("cases") if opener is not None else None
        if cases is None:
            return
        window.tabs.setCurrentWidget(cases)
        cases.show_state(state)

    @Slot(int)
    def on_filter(self, _index: int) -> None:
        self.left_staff = self.filter.currentData()
        self.reload()

    def selected_customers(self) -> list[int]:
        rows = sorted(i.row() for i in self.pool_view.selectionModel().selectedRows())
        return [self.pool.data(self.pool.index(r, 0), ID_ROLE) for r in rows]

    def _chosen(self) -> tuple[list[int], list[int]] | None:
        customers, staff = self.selected_customers(), checked_ids(self.staff)
        if not customers:
            QMessageBox.information(self, self.tr("公司资源池"), self.tr("请先在左边选中要分配的顾客。"))
            return None
        if not staff:
            QMessageBox.information(self, self.tr("公司资源池"), self.tr("请勾选接收顾客的员工。"))
            return None
        return customers, staff

    @Slot()
    def on_preview(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        try:
            plan = self.svc.pool_preview(self.ctx.actor, *chosen)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.plan.set_rows(plan.recipients)
        if plan.recipients:
            self.plan_view.selectRow(0)

    @Slot()
    def on_distribute(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        try:
            plan = self.svc.distribute_pool(self.ctx.actor, *chosen, self.reason.text())
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"ownership", "batch"}), tuple(chosen[0]), source=self))
        self.reload()
        self.plan.set_rows(plan.recipients)
        self.reason.clear()
        self.distributed.emit(plan)

    @Slot()
    def on_assign_one(self) -> None:
        customers = self.selected_customers()
        if len(customers) != 1:
            QMessageBox.information(self, self.tr("公司资源池"), self.tr("请在左边只选中一位顾客。"))
            return
        row = self.pool_view.selectionModel().selectedRows()[0].row()
        name = str(self.pool.data(self.pool.index(row, 1)) or "")  # the 顾客 column, as the list shows it
        prompt = self.tr("把顾客 %1(档案 %2)分给:").replace("%1", name).replace("%2", str(customers[0]))
        dialog = StaffReasonDialog(self.tr("指定给员工"), prompt, self._staff_choices(), self)
        while dialog.exec():
            try:
                batch_id = self.svc.assign_one(self.ctx.actor, customers[0], dialog.staff_id(), dialog.reason_text())
            except ServiceError as exc:
                show_error(self, exc)
                continue
            # Recorded as a small batch: counted in 此前分得, listed (and printable) under 分配批次.
            self.ctx.announce(Change(frozenset({"ownership", "batch"}), (customers[0],), source=self))
            self.reload()
            self.assigned.emit(batch_id)
            return
