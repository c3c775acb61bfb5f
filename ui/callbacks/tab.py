"""回访跟踪: today's callback duties, the follow-up lists, the monthly figures and the 代签 review.

Staff land on their own duties; managers see their department, the director everyone. Enter on a
duty records the callback; overdue duties are red, and the last column says what missing one
causes under the ownership rules.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from services.callbacks import lists as cb_service
from services.output import sheets
from services.platform.errors import ServiceError
from ui import files
from ui.callbacks.dialogs import CallbackDialog, ComplaintDialog, ShipmentDialog
from ui.callbacks.figures import FiguresPage
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.export_job import ExportRunner, ask_xlsx_path
from ui.paged_model import Column, PagedTableModel
from ui.print_preview import preview_pdf
from ui.widgets import AnswerLabel, fill_table, make_table, tidy_table
from ui.worker import Job, run_in_pool

MANAGERS = frozenset({"manager", "director", "gm", "admin", "coordinator", "clerk"})


class TasksPage(QWidget):
    """Open duties by scope (today / this week / overdue / all) and staff member."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.scope = QComboBox(self)
        for key, label in (
            ("today", self.tr("今天到期")),
            ("week", self.tr("本周到期")),
            ("open", self.tr("全部可办")),
            ("missed", self.tr("已错过(记入考核)")),
        ):
            self.scope.addItem(label, key)
        self.staff = QComboBox(self)
        self.staff.addItem(self.tr("全部员工"), None)
        if ctx.actor.role in MANAGERS:
            for s in ctx.services.org.staff(ctx.actor.department_id if ctx.actor.role == "manager" else None):
                self.staff.addItem(s.name, s.id)
        else:
            self.staff.setVisible(False)
        self.count = QLabel(self)
        # What the rules made of the last callback recorded here (owner, claim, cases, duties closed).
        self.answer_label = AnswerLabel(self)
        columns = [
            Column(
                self.tr("期限"),
                lambda r: f"{r.due_day:%m-%d}" + (self.tr(" 逾期") if r.overdue else ""),
                lambda r: "#c0392b" if r.overdue else None,
            ),
            # The service's Chinese duty label; English in context "CallbackTasks" (tools/i18n.py service_labels()).
            Column(self.tr("事项"), lambda r: QCoreApplication.translate("CallbackTasks", r.kind_label)),
            Column(self.tr("顾客"), lambda r: r.customer_name),
            Column(self.tr("电话"), lambda r: r.phone),
            Column(self.tr("地址"), lambda r: r.address),
            Column(self.tr("员工"), lambda r: r.people),
            Column(self.tr("错过的后果"), lambda r: r.consequence, lambda r: "#b35c00" if r.consequence else None),
        ]
        self.model = PagedTableModel(columns, self._fetch, lambda r: (r.due_at, r.id), page=200, parent=self)
        self.model.failed.connect(lambda exc: show_error(self, exc))
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(120)
        tidy_table(self.table)
        self.table.doubleClicked.connect(self.on_record)

        self.record_button = QPushButton(self.tr("登记回访 (Enter)"), self)
        self.shipment_button = QPushButton(self.tr("出货登记…"), self)
        self.complaint_button = QPushButton(self.tr("登记投诉…"), self)
        self.resolve_button = QPushButton(self.tr("处理投诉…"), self)
        self.gm_button = QPushButton(self.tr("标记向总经理投诉…"), self)
        self.expert_button = QPushButton(self.tr("更换服务专家…"), self)
        self.print_button = QPushButton(self.tr("打印回访单…"), self)
        self.export_button = QPushButton(self.tr("导出 Excel…"), self)
        self.list_print_button = QPushButton(self.tr("打印清单…"), self)
        can_ship = ctx.actor.role in {"clerk", "manager", "director", "gm", "admin"}
        self.shipment_button.setVisible(can_ship)
        self.print_button.setVisible(ctx.actor.role in MANAGERS | {"staff", "expert"})
        self.gm_button.setVisible(ctx.actor.role in MANAGERS)
        self.expert_button.setVisible(ctx.actor.role in {"manager", "director", "gm", "admin"})

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("范围"), self))
        top.addWidget(self.scope)
        top.addWidget(self.staff)
        top.addWidget(self.count, 1)
        buttons = QHBoxLayout()
        for b in (
            self.record_button,
            self.shipment_button,
            self.complaint_button,
            self.resolve_button,
            self.gm_button,
            self.expert_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.list_print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.answer_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.scope.currentIndexChanged.connect(self.reload)
        self.staff.currentIndexChanged.connect(self.reload)
        self.record_button.clicked.connect(self.on_record)
        self.shipment_button.clicked.connect(self.on_shipment)
        self.complaint_button.clicked.connect(self.on_complaint)
        self.resolve_button.clicked.connect(self.on_resolve)
        self.print_button.clicked.connect(self.on_print)
        self.gm_button.clicked.connect(self.on_to_gm)
        self.expert_button.clicked.connect(self.on_expert)
        self.export_button.clicked.connect(self.on_export)
        self.list_print_button.clicked.connect(self.on_print_list)
        self.table.installEventFilter(self)
        ctx.bus.changed.connect(self.on_changed)
        self.reload()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Enter on the list records the selected duty's callback."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.on_record()
            return True
        return super().eventFilter(watched, event)

    def _fetch(self, after, limit):
        return self.ctx.services.callbacks.tasks(
            self.ctx.actor, when=self.scope.currentData(), staff_id=self.staff.currentData(), after=after, limit=limit
        )

    @Slot()
    def reload(self) -> None:
        self.model.reload()
        more = "+" if self.model.canFetchMore() else ""
        self.count.setText(self.tr("共 %1 项").replace("%1", f"{self.model.rowCount()}{more}"))
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.resizeColumnsToContents()
        else:
            self.count.setText(self.tr("没有需要处理的回访任务"))

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if change.kinds & {"callback", "ownership", "customer"}:
            self.reload()

    def current(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    @Slot()
    def on_record(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = CallbackDialog(
            self.ctx, row.customer_id, row.customer_name, row.staff_id, row.kind, self, task_id=row.id
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.answer_label.say(row.customer_name, dialog.answer)

    @Slot()
    def on_shipment(self) -> None:
        ShipmentDialog(self.ctx, self).exec()

    @Slot()
    def on_complaint(self) -> None:
        ComplaintDialog(self.ctx, self).exec()

    @Slot()
    def on_resolve(self) -> None:
        row = self.current()
        if row is None or row.kind != "complaint":
            QMessageBox.information(self, self.tr("处理投诉"), self.tr("请先在列表中选中一条“投诉3日内处理”任务。"))
            return
        notes, ok = QInputDialog.getMultiLineText(self, self.tr("处理投诉"), self.tr("处理结果:"))
        if not ok:
            return
        try:
            self.ctx.services.timeline.resolve_complaint(self.ctx.actor, row.period, notes=notes.strip())
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"callback", "ownership"}), (row.customer_id,)))

    @Slot()
    def on_to_gm(self) -> None:
        row = self.current()
        if row is None or row.kind != "complaint":
            QMessageBox.information(self, self.tr("向总经理投诉"), self.tr("请先在列表中选中一条“投诉3日内处理”任务。"))
            return
        reason, ok = QInputDialog.getText(self, self.tr("向总经理投诉"), self.tr("说明(顾客何时、如何向总经理投诉):"))
        if not ok:
            return
        try:
            self.ctx.services.callbacks.mark_complaint_to_gm(self.ctx.actor, row.period, reason)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"callback"}), (row.customer_id,)))

    @Slot()
    def on_expert(self) -> None:
        """The manager names the selected customer's serving expert (with a reason)."""
        row = self.current()
        if row is None:
            return
        experts = [s for s in self.ctx.services.org.staff() if s.position == "expert"]
        if not experts:
            QMessageBox.information(self, self.tr("更换服务专家"), self.tr("还没有登记咨询专家。"))
            return
        labels = [f"{s.name}({s.department_name})" for s in experts]
        choice, ok = QInputDialog.getItem(
            self, self.tr("更换服务专家"), self.tr("%1 的服务专家:").replace("%1", row.customer_name), labels, 0, False
        )
        if not ok:
            return
        reason, ok = QInputDialog.getText(self, self.tr("更换服务专家"), self.tr("原因:"))
        if not ok:
            return
        try:
            self.ctx.services.callbacks.set_expert(
                self.ctx.actor, row.customer_id, experts[labels.index(choice)].id, reason
            )
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"callback"}), (row.customer_id,)))

    @Slot()
    def on_print(self) -> None:
        dialog = PrintSheetsDialog(self.ctx, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        staff_ids, day = dialog.choice()
        app, actor = self.ctx.services, self.ctx.actor
        build = sheets.print_day_callback_forms if dialog.forms.isChecked() else sheets.print_visit_sheets
        preview_pdf(
            self,
            lambda path, progress=None, cancelled=None: build(
                app, actor, staff_ids, day, path, progress=progress, cancelled=cancelled
            ),
            self.tr("顾客回访表") if dialog.forms.isChecked() else self.tr("员工回访单"),
        )

    @Slot()
    def on_print_list(self) -> None:
        """The list as it is filtered, on A4 through the print preview."""
        app, actor, when, staff = self.ctx.services, self.ctx.actor, self.scope.currentData(), self.staff.currentData()
        preview_pdf(
            self,
            lambda path, progress=None, cancelled=None: sheets.print_callback_due_list(
                app, actor, path, staff_id=staff, when=when
            ),
            self.tr("回访到期清单"),
        )

    @Slot()
    def on_export(self) -> None:
        path = files.ask_save(
            self, "exports", self.tr("导出回访到期清单"), self.tr("回访到期清单.xlsx"),
            self.tr("Excel 文件 (*.xlsx)"), ".xlsx",
        )  # fmt: skip
        if not path:
            return
        app, actor, when, staff = self.ctx.services, self.ctx.actor, self.scope.currentData(), self.staff.currentData()
        run_in_pool(
            sheets.export_callback_due_list,
            app,
            actor,
            path,
            staff_id=staff,
            when=when,
            on_done=lambda n: files.announce_saved(
                self, path, self.tr("已导出 %1 行到 %2").replace("%1", str(n)).replace("%2", path)
            ),
            on_error=lambda exc: show_error(self, exc),
        )


class PrintSheetsDialog(QDialog):
    """Batch printing: pick a date and the staff members; one PDF holds every sheet."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("打印回访单"))
        self.day = QDateEdit(QDate(ctx.services.clock.now().date() + dt.timedelta(days=1)), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.people = QListWidget(self)
        if ctx.actor.role in ("staff", "expert"):
            staff = [s for s in ctx.services.org.staff() if s.id == ctx.actor.staff_id]
        else:
            staff = ctx.services.org.staff(ctx.actor.department_id if ctx.actor.role == "manager" else None)
        for s in staff:
            item = QListWidgetItem(f"{s.name}({s.department_name})", self.people)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setCheckState(Qt.CheckState.Checked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("生成并预览"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("日期"), self))
        layout.addWidget(self.day)
        layout.addWidget(QLabel(self.tr("员工"), self))
        layout.addWidget(self.people, 1)
        self.forms = QCheckBox(self.tr("打印每户的回访表(代替回访单)"), self)
        layout.addWidget(self.forms)
        layout.addWidget(buttons)

    def choice(self) -> tuple[list[int], dt.date]:
        ids = [
            self.people.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.people.count())
            if self.people.item(i).checkState() == Qt.CheckState.Checked
        ]
        return ids, self.day.date().toPython()


class ListsPage(QWidget):
    """Follow-up lists: no purchase for 6 / 12 months, birthdays this week, no callback this year."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.which = QComboBox(self)
        for key, label in (
            ("6", self.tr("6 个月未购买")),
            ("12", self.tr("12 个月未购买")),
            ("birthday", self.tr("本周生日")),
            ("nocall", self.tr("今年未回访")),
        ):
            self.which.addItem(label, key)
        self.table = make_table(
            [self.tr("顾客"), self.tr("电话"), self.tr("专员"), self.tr("说明")], self, self.tr("这份名单上没有顾客。")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.which)
        layout.addWidget(self.table, 1)
        self.which.currentIndexChanged.connect(self.reload)
        self.reload()

    @Slot()
    def reload(self) -> None:
        app, actor, key = self.ctx.services, self.ctx.actor, self.which.currentData()
        try:
            if key in ("6", "12"):
                lines = cb_service.no_purchase_since(app, actor, int(key))
            elif key == "birthday":
                lines = cb_service.birthdays_this_week(app, actor)
            else:
                lines = cb_service.no_callback_this_year(app, actor)
        except ServiceError as exc:
            show_error(self, exc)
            lines = []
        fill_table(self.table, ((r.customer_id, (r.name, r.phone, r.staff_name, r.detail)) for r in lines))


class ReviewPage(QWidget):
    """代签复核: forms marked signed by the customer that a manager or the expert has not yet reviewed —
    name, staff member, date, the scan beside the list; confirm, or reject as signed for the customer
    (a fine in the month's assessment)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list = []
        self.table = make_table(
            [self.tr("顾客"), self.tr("员工"), self.tr("部门"), self.tr("日期"), self.tr("方式"), self.tr("扫描件")],
            self,
        )
        self.table.itemSelectionChanged.connect(self.on_select)
        hint = QLabel(
            self.tr("以下回访表标记为顾客亲自签字,尚未复核。请对照扫描件核实;驳回即按代签处理(每位顾客罚 50 元)。"),
            self,
        )
        hint.setWordWrap(True)
        from ui.intake.viewer import ScanViewer

        self.viewer = ScanViewer(self)
        self.confirm_button = QPushButton(self.tr("核实无误"), self)
        self.reject_button = QPushButton(self.tr("驳回(代签)…"), self)
        self.print_button = QPushButton(self.tr("打印清单…"), self)
        self.export_button = QPushButton(self.tr("导出 Excel…"), self)
        self.exporter = ExportRunner(self, self.export_button)
        self.export_job: Job | None = None
        self.confirm_button.clicked.connect(lambda: self.on_review(True))
        self.reject_button.clicked.connect(lambda: self.on_review(False))
        self.print_button.clicked.connect(self.on_print)
        self.export_button.clicked.connect(self.on_export)
        left = QVBoxLayout()
        left.addWidget(hint)
        left.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.export_button)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.viewer, 2)
        ctx.bus.changed.connect(lambda change: self.reload() if "callback" in change.kinds else None)
        self.reload()

    @Slot()
    def reload(self) -> None:
        try:
            self.rows = self.ctx.services.callbacks.review_list(self.ctx.actor)
        except ServiceError as exc:
            show_error(self, exc)
            self.rows = []
        fill_table(
            self.table,
            (
                (
                    r.callback_id,
                    (
                        r.customer_name,
                        r.staff_name,
                        r.department,
                        f"{r.at:%Y-%m-%d %H:%M}",
                        QCoreApplication.translate("CallbackKinds", r.kind_label),
                        self.tr("有") if r.scan_id else self.tr("无"),
                    ),
                )
                for r in self.rows
            ),
        )
        if self.rows:
            self.table.selectRow(0)
        else:
            self.viewer.show_message(self.tr("没有待复核的回访表"))

    def current(self):
        sel = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[sel[0].row()] if sel and sel[0].row() < len(self.rows) else None

    @Slot()
    def on_select(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            scan = self.ctx.services.callbacks.scan_of(self.ctx.actor, row.callback_id)
        except ServiceError as exc:
            show_error(self, exc)
            return
        if scan is None:
            self.viewer.show_message(self.tr("这份回访表没有扫描件:请向顾客电话核实签字。"))
        else:
            path, page, kind = scan
            self.viewer.show_scan(path, page, kind)

    def on_review(self, confirm: bool) -> None:
        row = self.current()
        if row is None:
            return
        reason = ""
        if not confirm:
            reason, ok = QInputDialog.getText(
                self, self.tr("驳回代签"), self.tr("%1 的回访表:驳回原因").replace("%1", row.customer_name)
            )
            if not ok:
                return
        try:
            self.ctx.services.callbacks.review(self.ctx.actor, row.callback_id, confirm, reason)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"callback"}), (row.customer_id,)))

    @Slot()
    def on_print(self) -> None:
        """Every form waiting for review on A4 (to phone the customers from), through the print preview."""
        app, actor = self.ctx.services, self.ctx.actor
        preview_pdf(
            self,
            lambda path, progress=None, cancelled=None: sheets.print_review_list(app, actor, path),
            self.tr("代签复核清单"),
        )

    @Slot()
    def on_export(self) -> None:
        day = self.ctx.services.clock.now()
        path = ask_xlsx_path(self, self.tr("导出代签复核清单"), f"代签复核清单_{day:%Y%m%d}.xlsx")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> Job:
        """Write every form waiting for review to ``path`` off the GUI thread."""
        self.export_job = self.exporter.start(
            sheets.export_review_list,
            self.ctx.services,
            self.ctx.actor,
            path,
            path=path,
            label=self.tr("正在导出代签复核清单…"),
            on_done=lambda _path, n: None,
        )
        return self.export_job


class CallbacksTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.tasks = TasksPage(ctx, self)
        self.tabs.addTab(self.tasks, self.tr("回访任务"))
        self.tabs.addTab(ListsPage(ctx, self), self.tr("跟进名单"))
        if ctx.actor.role in MANAGERS - {"clerk"}:
            self.tabs.addTab(FiguresPage(ctx, self), self.tr("统计"))
        if ctx.actor.role in {"manager", "director", "gm", "expert"}:
            self.tabs.addTab(ReviewPage(ctx, self), self.tr("代签复核"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def show_list(self, when: str, staff_id: int | None = None) -> None:
        """Open the duty list with this scope and staff member (the department overview's lines)."""
        page = self.tasks
        self.tabs.setCurrentWidget(page)
        if when and page.scope.findData(when) >= 0:
            page.scope.setCurrentIndex(page.scope.findData(when))
        if page.staff.findData(staff_id) >= 0:
            page.staff.setCurrentIndex(page.staff.findData(staff_id))
