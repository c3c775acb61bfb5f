"""会议: meetings, invitations (refused under R11 with the reason), the daily joint-meeting lists with
their 18:00 / 10:00 / 16:00 deadlines, the coordinator's duplicate-invitation check, attendance credit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from services.customers.phones import normalize_phone
from services.output import sheets
from services.platform.errors import ServiceError, ValidationError
from ui import files
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.widgets import fill_table, make_table, selected_id
from ui.worker import run_in_pool

MANAGE = frozenset({"manager", "director", "gm", "admin"})
LISTS = frozenset({"manager", "director", "gm", "admin", "coordinator"})
CHECK = frozenset({"coordinator", "director", "gm", "admin"})
INVITE = frozenset({"staff", "expert", "manager", "director", "gm", "admin", "clerk"})


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingsTab", text)


class NewMeetingDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("安排会议"))
        self.name = QLineEdit(self)
        self.date = QDateEdit(QDate(ctx.services.clock.now().date() + dt.timedelta(days=7)), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.slot = QComboBox(self)
        self.slot.addItem(self.tr("下午"), "afternoon")
        self.slot.addItem(self.tr("晚上"), "evening")
        self.joint = QCheckBox(self.tr("联合会议(各部门每天 18:00 前报送敲定名单)"), self)
        self.departments = QListWidget(self)
        for d in ctx.services.org.departments():
            item = QListWidgetItem(d.name, self.departments)
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            mine = ctx.actor.role != "manager" or d.id == ctx.actor.department_id
            item.setCheckState(Qt.CheckState.Checked if mine else Qt.CheckState.Unchecked)
        form = QFormLayout()
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.tr("日期"), self.date)
        form.addRow(self.tr("时段"), self.slot)
        form.addRow("", self.joint)
        form.addRow(self.tr("参会部门"), self.departments)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @Slot()
    def on_ok(self) -> None:
        depts = [
            self.departments.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.departments.count())
            if self.departments.item(i).checkState() == Qt.CheckState.Checked
        ]
        try:
            self.ctx.services.meetings.create(
                self.ctx.actor,
                self.date.date().toPython(),
                self.slot.currentData(),
                self.joint.isChecked(),
                depts,
                name=self.name.text(),
            )
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"meeting"})))
        self.accept()


class InviteDialog(QDialog):
    """邀约/敲定: a customer by phone, the inviting staff member; R11 refusals say why."""

    def __init__(self, ctx: UiContext, meeting_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.meeting_id = ctx, meeting_id
        self.setWindowTitle(self.tr("邀约顾客"))
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(self.tr("顾客电话"))
        self.found = QLabel(self)
        self.staff = QComboBox(self)
        if ctx.actor.role in ("staff", "expert"):
            self.staff.addItem(ctx.actor.display_name, ctx.actor.staff_id)
        else:
            dept = ctx.actor.department_id if ctx.actor.role == "manager" else None
            for s in ctx.services.org.staff(dept):
                self.staff.addItem(f"{s.name}({s.department_name})", s.id)
        self.customer_id: int | None = None
        form = QFormLayout()
        form.addRow(self.tr("电话"), self.phone)
        form.addRow(self.tr("顾客"), self.found)
        form.addRow(self.tr("邀约员工"), self.staff)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("敲定邀约"))
        buttons.accepted.connect(self.on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.phone.textChanged.connect(self.on_phone)

    @Slot(str)
    def on_phone(self, text: str) -> None:
        self.customer_id = None
        try:
            number, _ = normalize_phone(text)
        except ValidationError:
            self.found.setText("")
            return
        match = self.ctx.services.customers.by_phone(self.ctx.actor, number)
        self.customer_id = match.customer_id if match else None
        self.found.setText(match.name if match else self.tr("没有这个号码的顾客档案"))

    @Slot()
    def on_ok(self) -> None:
        try:
            if self.customer_id is None:
                raise ValidationError("phone", self.tr("请输入已登记顾客的电话号码。"))
            rec = self.ctx.services.timeline.invite(
                self.ctx.actor, self.customer_id, self.staff.currentData(), self.meeting_id
            )
        except ServiceError as exc:
            show_error(self, exc)
            return
        answer = self.ctx.services.timeline.answer(rec)
        self.ctx.announce(Change(frozenset({"meeting", "ownership"}), (self.customer_id,), answer=answer))
        self.accept()


class MeetingPanel(QWidget):
    """The selected meeting: invitations, list duties, duplicate check."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.tabs = QTabWidget(self)
        self.invitations = make_table(
            [
                self.tr("顾客"),
                self.tr("员工"),
                self.tr("部门"),
                self.tr("敲定时间"),
                self.tr("计入日期"),
                self.tr("名单报送"),
                self.tr("R11"),
                self.tr("到会"),
                self.tr("业绩归属(R12)"),
            ],
            self,
            self.tr("本场会议还没有邀约。"),
        )
        self.invite_button = QPushButton(self.tr("邀约顾客…"), self)
        self.invite_button.setVisible(ctx.actor.role in INVITE)
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.addWidget(self.invitations, 1)
        box.addWidget(self.invite_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(page, self.tr("邀约"))

        self.dept = QComboBox(self)
        for d in ctx.services.org.departments():
            if ctx.actor.role != "manager" or d.id == ctx.actor.department_id:
                self.dept.addItem(d.name, d.id)
        self.duties = make_table([self.tr("日期"), self.tr("截止"), self.tr("报送时间"), self.tr("状态")], self)
        self.pending = QLabel(self)
        self.submit_button = QPushButton(self.tr("报送名单"), self)
        self.export_button = QPushButton(self.tr("导出各部门名单…"), self)
        self.export_button.setObjectName("exportMeetingLists")
        lists = QWidget(self)
        lbox = QVBoxLayout(lists)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("部门"), self))
        row.addWidget(self.dept)
        row.addWidget(self.pending, 1)
        row.addWidget(self.submit_button)
        row.addWidget(self.export_button)
        lbox.addLayout(row)
        lbox.addWidget(self.duties, 1)
        self.lists_index = self.tabs.addTab(lists, self.tr("名单报送")) if ctx.actor.role in LISTS else -1
        if self.lists_index < 0:
            lists.hide()

        self.duplicates = make_table(
            [self.tr("顾客"), self.tr("各部门敲定"), self.tr("按 R11 有效的一方")],
            self,
            self.tr("没有重复邀约:本场会议没有顾客被两个以上部门敲定。"),
        )
        self.check_index = self.tabs.addTab(self.duplicates, self.tr("重复邀约核对")) if ctx.actor.role in CHECK else -1
        if self.check_index < 0:
            self.duplicates.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self.invite_button.clicked.connect(self.on_invite)
        self.submit_button.clicked.connect(self.on_submit)
        self.export_button.clicked.connect(self.on_export_lists)
        self.dept.currentIndexChanged.connect(self.reload)

    @Slot()
    def on_export_lists(self) -> None:
        """The joint meeting's lists per department and day (SPEC §8) to an .xlsx file."""
        if self.meeting_id is None:
            return
        default = self.tr("联合会议名单-%1.xlsx").replace("%1", str(self.meeting_id))
        path = files.ask_save(
            self, "exports", self.tr("导出各部门名单"), default, self.tr("Excel 工作簿 (*.xlsx)"), ".xlsx"
        )
        if not path:
            return
        app, actor, meeting_id = self.ctx.services, self.ctx.actor, self.meeting_id
        run_in_pool(
            sheets.export_joint_meeting_lists,
            app,
            actor,
            meeting_id,
            path,
            on_done=lambda n: files.announce_saved(
                self, path, self.tr("已导出 %1 份名单到 %2").replace("%1", str(n)).replace("%2", path)
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    def show_meeting(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.reload()

    @Slot()
    def reload(self) -> None:
        if self.meeting_id is None:
            self.title.setText(self.tr("请选择左侧的会议"))
            fill_table(self.invitations, [])
            return
        app, actor = self.ctx.services, self.ctx.actor
        now = app.clock.now()
        try:
            m = app.meetings.get(self.meeting_id)
            self.title.setText(m.title)
            invs = app.meetings.invitations(actor, self.meeting_id)
        except ServiceError as exc:
            show_error(self, exc)
            return
        fill_table(
            self.invitations,
            (
                (
                    i.customer_id,
                    (
                        i.customer_name,
                        i.staff_name,
                        i.department_name,
                        f"{i.at:%m-%d %H:%M}",
                        f"{i.counted_day:%m-%d}" if i.counted_day else "",
                        f"{i.listed_at:%m-%d %H:%M}" if i.listed_at else (self.tr("未报送") if m.joint else ""),
                        self._r11_state(i, now) if m.joint else "",
                        self.tr("已到会") if i.attended else "",
                        i.credited_to,
                    ),
                )
                for i in invs
            ),
        )
        if self.lists_index >= 0:
            self.tabs.setTabEnabled(self.lists_index, m.joint)
            if m.joint and self.dept.currentData() is not None:
                self._reload_lists(m)
        if self.check_index >= 0:
            self.tabs.setTabEnabled(self.check_index, m.joint)
            if m.joint:
                try:
                    dups = app.meetings.duplicate_invitations(actor, self.meeting_id)
                except ServiceError as exc:
                    show_error(self, exc)
                    dups = []
                fill_table(
                    self.duplicates,
                    (
                        (
                            d.customer_id,
                            (
                                d.customer_name,
                                ";".join(
                                    f"{c.department_name} {c.staff_name} {c.at:%m-%d %H:%M}" for c in d.confirmations
                                ),
                                d.standing or self.tr("没有按时报送的一方"),
                            ),
                        )
                        for d in dups
                    ),
                )

    def _r11_state(self, i, now) -> str:
        if i.stands:
            return self.tr("有效")
        if i.on_time:
            return self.tr("按时")
        if i.listed_at is None and i.list_due is not None and i.list_due > now:
            return self.tr("待报送")
        return self.tr("迟交/未报")

    def _reload_lists(self, m) -> None:
        app, actor, dept = self.ctx.services, self.ctx.actor, self.dept.currentData()
        now = app.clock.now()
        rows = []
        for d in app.meetings.list_duties(self.meeting_id):
            if d.department_id != dept:
                continue
            if d.on_time is True:
                state = self.tr("按时")
            elif d.on_time is False:
                state = self.tr("迟交")
            elif not d.missing:
                state = self.tr("无需报送(当天没有敲定)")
            else:
                state = self.tr("未交") if d.deadline <= now else self.tr("待报送")
            deadline = d.deadline - dt.timedelta(minutes=1)
            rows.append(
                (
                    0,
                    (
                        f"{d.day:%m-%d}",
                        f"{deadline:%m-%d %H:%M}",
                        f"{d.submitted_at:%m-%d %H:%M}" if d.submitted_at else "",
                        state,
                    ),
                )
            )
        fill_table(self.duties, rows)
        try:
            pending = app.meetings.unlisted(actor, self.meeting_id, dept)
        except ServiceError:
            pending = []
        self.pending.setText(self.tr("尚未报送的敲定顾客:%1 位").replace("%1", str(len(pending))))
        self.submit_button.setEnabled(bool(pending) and actor.role in MANAGE)

    @Slot()
    def on_invite(self) -> None:
        if self.meeting_id is not None:
            InviteDialog(self.ctx, self.meeting_id, self).exec()

    @Slot()
    def on_submit(self) -> None:
        try:
            _, on_time, n = self.ctx.services.meetings.submit_unlisted(
                self.ctx.actor, self.meeting_id, self.dept.currentData()
            )
        except ServiceError as exc:
            show_error(self, exc)
            return
        note = self.tr("已按时报送 %1 位顾客。") if on_time else self.tr("已报送 %1 位顾客,但已过截止时间,记为迟交。")
        QMessageBox.information(self, self.tr("名单已报送"), note.replace("%1", str(n)))
        self.ctx.announce(Change(frozenset({"meeting"})))


class MeetingsTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.meetings = make_table([self.tr("日期"), self.tr("会议")], self, self.tr("还没有安排会议。"))
        self.new_button = QPushButton(self.tr("安排会议…"), self)
        self.new_button.setVisible(ctx.actor.role in MANAGE)
        left = QWidget(self)
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 0, 0)
        lbox.addWidget(self.meetings, 1)
        lbox.addWidget(self.new_button)
        self.panel = MeetingPanel(ctx, self)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(self.panel)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.meetings.itemSelectionChanged.connect(self.on_select)
        self.new_button.clicked.connect(self.on_new)
        ctx.bus.changed.connect(self.on_changed)
        self.reload()

    def reload(self) -> None:
        keep = selected_id(self.meetings)
        since = self.ctx.services.clock.now().date() - dt.timedelta(days=30)
        meetings = list(self.ctx.services.meetings.upcoming(since))
        rows = [(m.id, (f"{m.date:%Y-%m-%d}", m.title)) for m in meetings]
        fill_table(self.meetings, rows, keep_id=keep)
        if keep is None and rows:
            today = self.ctx.services.clock.now().date()
            upcoming = [i for i, m in enumerate(meetings) if m.date >= today]
            # The coordinator's evening check (资源共享) is of the next joint meeting: opened on its check.
            joint = [i for i in upcoming if meetings[i].joint] if self.ctx.actor.role == "coordinator" else []
            self.meetings.selectRow(joint[0] if joint else upcoming[0] if upcoming else len(rows) - 1)
            if joint and self.panel.check_index >= 0:
                self.panel.tabs.setCurrentIndex(self.panel.check_index)

    @Slot()
    def on_select(self) -> None:
        self.panel.show_meeting(selected_id(self.meetings))

    @Slot()
    def on_new(self) -> None:
        NewMeetingDialog(self.ctx, self).exec()

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        if "meeting" in change.kinds:
            self.reload()
            self.panel.reload()
        elif change.kinds & {"ownership", "callback"}:
            self.panel.reload()
