"""The side pages of the card editor: household (家庭) with navigation, timeline with type
filter, attached scans; and the dialog that links a family member found by search."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.customers.edit import RELATIONS, CustomerCard
from services.customers.search import CustomerQuery
from services.customers.timeline_view import EVENT_LABELS
from services.platform.errors import ServiceError
from ui.context import Change, UiContext
from ui.customers.filters import _t
from ui.errors import show_error
from ui.widgets import fill_table, make_table

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class HouseholdPage(QWidget):
    """Family members of the card; Enter or double-click opens a member's card."""

    open_customer = Signal(int)
    members_changed = Signal(int)  # how many family members the card has now

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.card: CustomerCard | None = None
        self.members = QListWidget()
        self.members.setObjectName("householdMembers")
        self.add_button = QPushButton(self.tr("添加家人(&A)…"))
        self.add_button.setObjectName("addHouseholdMember")
        self.open_button = QPushButton(self.tr("打开家人档案"))
        self.open_button.setObjectName("openHouseholdMember")
        self.end_button = QPushButton(self.tr("解除关联(&U)…"))
        self.end_button.setObjectName("endHouseholdLink")
        self.end_button.setToolTip(self.tr("关联错了或已不是一家人:解除所选家人的关联(须写明原因,记录保留)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.members, 1)
        layout.addLayout(buttons)
        self.members.itemActivated.connect(self.on_member_activated)
        self.open_button.clicked.connect(self.on_open_clicked)
        self.add_button.clicked.connect(self.on_add)
        self.end_button.clicked.connect(self.on_end)

    def show_card(self, card: CustomerCard) -> None:
        self.card = card
        self.members.clear()
        for m in card.household:
            item = QListWidgetItem(
                self.tr("%1:%2(档案号 %3)").replace("%1", _t(m.relation_label)).replace("%2", m.name)
                .replace("%3", str(m.customer_id))
            )  # fmt: skip
            item.setData(ID_ROLE, m.customer_id)
            self.members.addItem(item)
        if not card.household:
            placeholder = QListWidgetItem(self.tr("尚未关联家人"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.members.addItem(placeholder)
        self.add_button.setEnabled(card.editable)
        self.open_button.setEnabled(bool(card.household))
        self.end_button.setEnabled(card.editable and bool(card.household))
        if card.household:
            self.members.setCurrentRow(0)
        self.members_changed.emit(len(card.household))

    @Slot(QListWidgetItem)
    def on_member_activated(self, item: QListWidgetItem) -> None:
        cid = item.data(ID_ROLE)
        if cid is not None:
            self.open_customer.emit(int(cid))

    @Slot()
    def on_open_clicked(self) -> None:
        item = self.members.currentItem() or self.members.item(0)
        if item is not None:
            self.on_member_activated(item)

    @Slot()
    def on_add(self) -> None:
        if self.card is None:
            return
        dialog = LinkHouseholdDialog(self.ctx, self.card.id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.linked:
            self.ctx.announce(Change(frozenset({"customer"}), (self.card.id, dialog.linked), source=self))
            self.show_card(self.ctx.services.customers.card(self.ctx.actor, self.card.id))

    @Slot()
    def on_end(self) -> None:
        item = self.members.currentItem()
        if self.card is None or item is None or item.data(ID_ROLE) is None:
            return
        other = int(item.data(ID_ROLE))
        reason, ok = QInputDialog.getText(
            self,
            self.tr("解除家庭关联"),
            self.tr("解除与“%1”的家庭关联。原因(必填):").replace("%1", item.text()),
        )
        if not ok:
            return
        try:
            self.ctx.services.customers.unlink_household(self.ctx.actor, self.card.id, other, reason)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"customer"}), (self.card.id, other), source=self))
        self.show_card(self.ctx.services.customers.card(self.ctx.actor, self.card.id))


class LinkHouseholdDialog(QDialog):
    """Find the family member by phone / name and say how they are related."""

    def __init__(self, ctx: UiContext, customer_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.linked: int | None = None
        self.setWindowTitle(self.tr("关联家人"))
        self.search = QLineEdit()
        self.search.setObjectName("householdSearch")
        self.search.setPlaceholderText(self.tr("电话、尾号、姓名或拼音首字母,回车查找"))
        self.results = QListWidget()
        self.results.setObjectName("householdResults")
        self.relation = QComboBox()
        self.relation.setObjectName("householdRelation")
        for key, label in RELATIONS.items():
            self.relation.addItem(_t(label), key)
        form = QFormLayout()
        form.addRow(self.tr("查找(&S):"), self.search)
        form.addRow(self.tr("找到的档案:"), self.results)
        form.addRow(self.tr("所选的人是本顾客的(&R):"), self.relation)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("关联"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.search.returnPressed.connect(self.on_search)
        self.buttons.accepted.connect(self.on_link)
        self.buttons.rejected.connect(self.reject)
        self.resize(460, 360)

    @Slot()
    def on_search(self) -> None:
        self.results.clear()
        try:
            page = self.ctx.services.customers.search(self.ctx.actor, CustomerQuery(text=self.search.text()), limit=20)
        except ServiceError as exc:
            show_error(self, exc)
            return
        for r in page.rows:
            if r.id == self.customer_id:
                continue
            item = QListWidgetItem(f"{r.name}  {r.phone}  {r.address}  (#{r.id})")
            item.setData(ID_ROLE, r.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
            self.results.setFocus()

    @Slot()
    def on_link(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.search.setFocus()
            return
        other = int(item.data(ID_ROLE))
        try:
            # "the selected person is <relation> of this customer"
            self.ctx.services.customers.link_household(
                self.ctx.actor, other, self.customer_id, self.relation.currentData()
            )
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.linked = other
        self.accept()


TIMELINE_FILTERS = (
    ("", QT_TRANSLATE_NOOP("TimelinePage", "全部事件")),
    ("register,allocate,reassign,ruling,staff_left", QT_TRANSLATE_NOOP("TimelinePage", "报名与归属")),
    ("preheat,visit", QT_TRANSLATE_NOOP("TimelinePage", "预热与回访")),
    ("invite,listed,attend", QT_TRANSLATE_NOOP("TimelinePage", "邀约与到会")),
    ("purchase", QT_TRANSLATE_NOOP("TimelinePage", "出货")),
    ("complaint,complaint_resolved", QT_TRANSLATE_NOOP("TimelinePage", "投诉")),
)


class TimelinePage(QWidget):
    """The card's events, newest first, filtered by kind."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.kind = QComboBox()
        self.kind.setObjectName("timelineFilter")
        for key, label in TIMELINE_FILTERS:
            self.kind.addItem(self.tr(label), key)
        self.table = make_table(
            [self.tr("时间"), self.tr("类型"), self.tr("员工"), self.tr("会议"), self.tr("详情"), self.tr("记录")]
        )
        self.table.setObjectName("timelineTable")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("显示(&K):"), buddy=self.kind))
        top.addWidget(self.kind)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.kind.currentIndexChanged.connect(self.on_kind_changed)

    def show_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.reload()

    @Slot(int)
    def on_kind_changed(self, _index: int) -> None:
        self.reload()

    def reload(self) -> None:
        if self.customer_id is None:
            return
        key = self.kind.currentData() or ""
        types = key.split(",") if key else None
        try:
            rows = self.ctx.services.customers.timeline_view(self.ctx.actor, self.customer_id, types)
        except ServiceError as exc:
            show_error(self, exc)
            return
        fill_table(
            self.table,
            (
                (
                    r.event_id,
                    [f"{r.at:%Y-%m-%d %H:%M}", _t(r.type_label), r.staff_name, r.meeting, r.details, r.recorded],
                )
                for r in rows
            ),
        )
        self.table.resizeColumnsToContents()


class ScansPage(QWidget):
    """The scanned paper forms attached to the card, shown in the intake screen's zoomable viewer."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.list = QListWidget()
        self.list.setObjectName("scanList")
        self.list.setMaximumWidth(260)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        try:
            from ui.intake.viewer import ScanViewer
        except ImportError:  # the intake viewer (QtPdf) is not installed: the list alone
            self.viewer = None
        else:
            self.viewer = ScanViewer(self)
            layout.addWidget(self.viewer, 1)
        self.list.currentItemChanged.connect(self.on_current_changed)

    def show_card(self, card: CustomerCard) -> None:
        self.list.clear()
        if self.viewer is not None:
            self.viewer.clear()
        for s in card.scans:
            page = self.tr(",第 %1 页").replace("%1", str(s.page + 1)) if s.page else ""
            item = QListWidgetItem(f"{s.original_name}{page}\n{s.added_at:%Y-%m-%d %H:%M}")
            item.setData(ID_ROLE, s.id)
            self.list.addItem(item)
        if not card.scans:
            text = self.tr("没有扫描件") if card.full else self.tr("您无权查看该顾客的扫描件")
            placeholder = QListWidgetItem(text)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        else:
            self.list.setCurrentRow(0)

    @Slot(QListWidgetItem, QListWidgetItem)
    def on_current_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None or self.viewer is None or item.data(ID_ROLE) is None:
            return
        try:
            path, page, kind = self.ctx.services.scans.file_of(int(item.data(ID_ROLE)))
        except ServiceError as exc:
            self.viewer.show_message(exc.message)
            return
        self.viewer.show_scan(path, page, kind)


__all__ = ["EVENT_LABELS", "HouseholdPage", "LinkHouseholdDialog", "ScansPage", "TimelinePage"]
