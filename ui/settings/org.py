"""设置 → 部门 and 员工: list, add and rename departments; list staff by department and add staff."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.office.org import POSITIONS
from services.platform.errors import ServiceError
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.labels import position_label
from ui.widgets import fill_combo, fill_table, form_box, make_table, selected_id
from ui.worker import Job, run_in_pool


class DepartmentsPage(QWidget):
    """部门: the list with active staff counts, add by name, rename the selected one."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = make_table([self.tr("部门"), self.tr("在职员工"), self.tr("状态")])
        self.table.setObjectName("departmentsTable")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("newDepartmentName")
        self.name_edit.setPlaceholderText(self.tr("新部门名称"))
        self.add_button = QPushButton(self.tr("添加部门"))
        self.add_button.setObjectName("addDepartment")
        self.rename_button = QPushButton(self.tr("重命名所选部门…"))
        self.rename_button.setObjectName("renameDepartment")

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("名称(&N):"), buddy=self.name_edit))
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.rename_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

        self.add_button.clicked.connect(self.on_add)
        self.name_edit.returnPressed.connect(self.on_add)
        self.rename_button.clicked.connect(self.on_rename)
        ctx.bus.changed.connect(self.on_changed)
        self.refresh()

    def refresh(self, keep_id: int | None = None) -> None:
        depts = self.ctx.services.org.departments(include_inactive=True)
        fill_table(
            self.table,
            ((d.id, (d.name, str(d.staff_count), self.tr("在用") if d.active else self.tr("已停用"))) for d in depts),
            keep_id,
        )

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if "org" in change.kinds and change.source is not self:
            self.refresh(selected_id(self.table))

    @Slot()
    def on_add(self) -> None:
        try:
            dept = self.ctx.services.org.create_department(self.ctx.actor, self.name_edit.text())
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.name_edit.clear()
        self.ctx.announce(Change(frozenset({"org"}), source=self))
        self.refresh(dept.id)

    @Slot()
    def on_rename(self) -> None:
        dept_id = selected_id(self.table)
        if dept_id is None:
            show_error(self, ServiceError(self.tr("请先在列表中选择要重命名的部门。")))
            return
        old = self.table.item(self.table.currentRow(), 0).text()
        name, ok = QInputDialog.getText(self, self.tr("重命名部门"), self.tr("新名称:"), text=old)
        if not ok:
            return
        try:
            self.ctx.services.org.rename_department(self.ctx.actor, dept_id, name)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"org"}), source=self))
        self.refresh(dept_id)


class StaffPage(QWidget):
    """员工: the active staff of one department (or all), and a form to add a staff member."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("staffDepartmentFilter")
        self.show_left = QCheckBox(self.tr("显示已离职(&S)"))
        self.show_left.setObjectName("showLeftStaff")
        self.table = make_table(
            [self.tr("姓名"), self.tr("部门"), self.tr("岗位"), self.tr("电话"), self.tr("离职日期")]
        )
        self.table.setObjectName("staffTable")
        self.leave_button = QPushButton(self.tr("办理离职…"))
        self.leave_button.setObjectName("staffLeaves")
        self.leave_job: Job | None = None

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("newStaffName")
        self.dept_combo = QComboBox()
        self.dept_combo.setObjectName("newStaffDepartment")
        self.position_combo = QComboBox()
        self.position_combo.setObjectName("newStaffPosition")
        for key in POSITIONS:
            self.position_combo.addItem(position_label(key), key)
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("newStaffPhone")
        self.add_button = QPushButton(self.tr("添加员工"))
        self.add_button.setObjectName("addStaff")

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("部门(&D):"), buddy=self.filter_combo))
        top.addWidget(self.filter_combo)
        top.addWidget(self.show_left)
        top.addStretch(1)
        top.addWidget(self.leave_button)
        box, form = form_box(self.tr("添加员工"))
        form.addRow(self.tr("姓名(&N):"), self.name_edit)
        form.addRow(self.tr("所属部门:"), self.dept_combo)
        form.addRow(self.tr("岗位:"), self.position_combo)
        form.addRow(self.tr("电话:"), self.phone_edit)
        form.addRow("", self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)

        self.filter_combo.currentIndexChanged.connect(self.refresh_list)
        self.show_left.toggled.connect(self.refresh_list)
        self.leave_button.clicked.connect(self.on_leave)
        self.add_button.clicked.connect(self.on_add)
        self.name_edit.returnPressed.connect(self.on_add)
        self.phone_edit.returnPressed.connect(self.on_add)
        ctx.bus.changed.connect(self.on_changed)
        self.refresh()

    def refresh(self) -> None:
        depts = [(d.name, d.id) for d in self.ctx.services.org.departments()]
        fill_combo(self.filter_combo, depts, none_text=self.tr("全部部门"))
        fill_combo(self.dept_combo, depts)
        self.refresh_list()

    @Slot()
    def refresh_list(self, keep_id: int | None = None) -> None:
        staff = self.ctx.services.org.staff(self.filter_combo.currentData(), include_left=self.show_left.isChecked())
        fill_table(
            self.table,
            (
                (
                    s.id,
                    (
                        s.name,
                        s.department_name,
                        position_label(s.position),
                        s.phone,
                        f"{s.left_at:%Y-%m-%d}" if s.left_at else "",
                    ),
                )
                for s in staff
            ),
            keep_id,
        )

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if "org" in change.kinds and change.source is not self:
            self.refresh()

    @Slot()
    def on_add(self) -> None:
        dept_id = self.dept_combo.currentData()
        if dept_id is None:
            show_error(self, ServiceError(self.tr("请先在“部门”页添加部门,再添加员工。")))
            return
        try:
            info = self.ctx.services.org.create_staff(
                self.ctx.actor,
                self.name_edit.text(),
                dept_id,
                self.position_combo.currentData(),
                self.phone_edit.text(),
            )
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.name_edit.clear()
        self.phone_edit.clear()
        self.name_edit.setFocus()
        self.ctx.announce(Change(frozenset({"org"}), source=self))
        shown = self.filter_combo.currentData()
        if shown is not None and shown != dept_id:
            # Show the department the new person joined, so the user sees the row appear.
            self.filter_combo.setCurrentIndex(self.filter_combo.findData(dept_id))
        self.refresh_list(info.id)

    @Slot()
    def on_leave(self) -> None:
        """离职 (R10): one service call; every customer of theirs goes to the company pool."""
        staff_id = selected_id(self.table)
        if staff_id is None:
            show_error(self, ServiceError(self.tr("请先在列表中选择要办理离职的员工。")))
            return
        info = self.ctx.services.org.get_staff(staff_id)
        if not info.active:
            show_error(self, ServiceError(self.tr("%1 已经离职。").replace("%1", info.name)))
            return
        answer = QMessageBox.question(
            self,
            self.tr("办理离职"),
            self.tr("%1 离职后,其名下的顾客全部转入公司资源池(R10),由经理重新分配。确定办理吗?").replace(
                "%1", info.name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        # A staff member may own hundreds of customers: re-evaluated off the GUI thread, as one write.
        self.leave_button.setEnabled(False)
        self.leave_job = run_in_pool(
            self.ctx.services.timeline.staff_left,
            self.ctx.actor,
            staff_id,
            writes=True,
            on_done=lambda recorded: self.on_left(info.name, len(recorded)),
            on_error=lambda exc: show_error(self, exc),
        )
        self.leave_job.finished.connect(lambda: self.leave_button.setEnabled(True))

    def on_left(self, name: str, moved: int) -> None:
        self.ctx.announce(Change(frozenset({"org", "ownership"}), source=self))
        self.refresh()
        QMessageBox.information(
            self,
            self.tr("办理离职"),
            self.tr("%1 已离职,%2 位顾客转入公司资源池。").replace("%1", name).replace("%2", str(moved)),
        )
