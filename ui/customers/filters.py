"""The filter row of the card list: department, owner, channel, occupation, age, income, ABC class,
claim state, tag, address, created dates, archived and the customers about to lapse (next deadline within
3 days, the 部门概况's 归属 lines). Emits ``changed`` with the filter fields of a
CustomerQuery; the tab combines them with the search box and the sort.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from services.customers.search import LAPSE_DAYS, lapsing_filter
from services.customers.taxonomy import ABC_CLASSES, AGE_BANDS, INCOME_BANDS, OCCUPATION_TREE
from services.platform.errors import ServiceError
from services.rules.model import CHANNEL_NAMES, CHANNELS
from ui.context import UiContext

ANY = None
CLAIM_CHOICES = (
    ("pending", "待预热"),
    ("active", "有效"),
    ("lapsed", "已失效"),
    ("pool", "公司资源池"),
    ("none", "未登记"),
)


def _t(text: str) -> str:
    return QCoreApplication.translate("Customers", text)


def fill_occupations(combo: QComboBox, any_text: str) -> None:
    """The occupation tree flattened into a combo: groups, then their sub-codes indented."""
    combo.addItem(any_text, "")
    for top in OCCUPATION_TREE:
        combo.addItem(_t(top.label), top.code)
        for child in top.children:
            combo.addItem("    " + _t(child.label), child.code)


class CustomerFilters(QWidget):
    """Every filter of the list in two rows; each change is announced at once."""

    changed = Signal(dict)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._quiet = False
        any_text = self.tr("全部")

        self.department = self._combo("filterDepartment", any_text)
        self.owner = self._combo("filterOwner", any_text)
        try:
            for d in ctx.services.org.departments():
                self.department.addItem(d.name, d.id)
            for s in ctx.services.org.staff():
                label = f"{s.name}({s.department_name})" if s.department_name else s.name
                self.owner.addItem(label, s.id)
        except ServiceError:
            pass  # the lists stay at 全部; searching still works
        self.channel = self._combo("filterChannel", any_text, [(c, CHANNEL_NAMES[c]) for c in CHANNELS])
        self.occupation = QComboBox()
        self.occupation.setObjectName("filterOccupation")
        fill_occupations(self.occupation, any_text)
        self.age = self._combo("filterAge", any_text, [(k, v[0]) for k, v in AGE_BANDS.items()])
        self.income = self._combo("filterIncome", any_text, list(INCOME_BANDS.items()))
        self.abc = self._combo("filterAbc", any_text, list(ABC_CLASSES.items()))
        self.claim = self._combo("filterClaim", any_text, list(CLAIM_CHOICES))
        self.archived = QComboBox()
        self.archived.setObjectName("filterArchived")
        self.archived.addItem(self.tr("在用档案"), False)
        self.archived.addItem(self.tr("已归档"), True)
        self.archived.addItem(self.tr("全部档案"), ANY)
        self.tag = QLineEdit()
        self.tag.setObjectName("filterTag")
        self.tag.setPlaceholderText(self.tr("如:养生"))
        self.address = QLineEdit()
        self.address.setObjectName("filterAddress")
        self.address.setPlaceholderText(self.tr("住址中的文字"))
        self.address.setToolTip(self.tr("按住址查找需逐张比对,在大档案库中较慢;可与其他条件一起用。"))
        self.by_date = QCheckBox(self.tr("建档日期"))
        self.by_date.setObjectName("filterByDate")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_to = QDateEdit(today)
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setEnabled(False)
        # The customers about to lapse: their next deadline within LAPSE_DAYS, under any rule or one.
        self.lapse = QComboBox()
        self.lapse.setObjectName("filterLapse")
        self.lapse.addItem(any_text, ANY)
        within = self.tr("%1 天内").replace("%1", str(LAPSE_DAYS))
        for rule, label in (
            ("", self.tr("任一规则")),
            ("R2", self.tr("未预热(R2)")),
            ("R6", self.tr("预热后未跟进(R6)")),
            ("R7", self.tr("会后未登门(R7)")),
            ("R8", self.tr("三个月服务不到位(R8)")),
        ):
            self.lapse.addItem(f"{within}:{label}", rule)
        self.lapse.setToolTip(self.tr("下一个归属期限在 %1 天内、到期不做即失效的顾客").replace("%1", str(LAPSE_DAYS)))
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.clear_button.setObjectName("clearFilters")

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        cells = [
            (self.tr("部门"), self.department),
            (self.tr("归属员工"), self.owner),
            (self.tr("归属状态"), self.claim),
            (self.tr("来源渠道"), self.channel),
            (self.tr("职业"), self.occupation),
            (self.tr("年龄段"), self.age),
            (self.tr("收入"), self.income),
            (self.tr("分类"), self.abc),
            (self.tr("兴趣标签"), self.tag),
            (self.tr("住址"), self.address),
            (self.tr("档案"), self.archived),
            (self.tr("将失效"), self.lapse),
        ]
        for i, (label, widget) in enumerate(cells):
            row, col = divmod(i, 6)
            grid.addWidget(QLabel(label, buddy=widget), row, col * 2)
            grid.addWidget(widget, row, col * 2 + 1)
        grid.addWidget(self.by_date, 2, 0)
        grid.addWidget(self.date_from, 2, 1)
        grid.addWidget(QLabel(self.tr("至")), 2, 2)
        grid.addWidget(self.date_to, 2, 3)
        grid.addWidget(self.clear_button, 2, 11)
        for col in range(1, 12, 2):
            grid.setColumnStretch(col, 1)

        for combo in (
            self.department,
            self.owner,
            self.channel,
            self.occupation,
            self.age,
            self.income,
            self.abc,
            self.claim,
            self.archived,
            self.lapse,
        ):
            combo.currentIndexChanged.connect(self.on_edited)
        self.tag.editingFinished.connect(self.on_edited)
        self.address.editingFinished.connect(self.on_edited)
        self.by_date.toggled.connect(self.on_date_toggled)
        self.date_from.dateChanged.connect(self.on_edited)
        self.date_to.dateChanged.connect(self.on_edited)
        self.clear_button.clicked.connect(self.on_clear)

    def _combo(self, name: str, any_text: str, items: list[tuple[str, str]] | None = None) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(any_text, ANY)
        for key, label in items or []:
            combo.addItem(_t(label), key)
        return combo

    def values(self) -> dict:
        """The CustomerQuery fields these widgets set."""

        def date(w: QDateEdit) -> dt.date:
            d = w.date()
            return dt.date(d.year(), d.month(), d.day())

        rule = self.lapse.currentData()
        lapsing = {} if rule is ANY else lapsing_filter(self.ctx.services.clock.now(), rule)
        return {
            **lapsing,
            "department_id": self.department.currentData(),
            "owner_id": self.owner.currentData(),
            "channel": self.channel.currentData() or "",
            "occupation": self.occupation.currentData() or "",
            "age_band": self.age.currentData() or "",
            "income_band": self.income.currentData() or "",
            "abc_class": self.abc.currentData() or "",
            "claim_state": self.claim.currentData() or "",
            "tag": self.tag.text().strip(),
            "address": self.address.text().strip(),
            "archived": self.archived.currentData(),
            "created_from": date(self.date_from) if self.by_date.isChecked() else None,
            "created_to": date(self.date_to) if self.by_date.isChecked() else None,
        }

    def active_count(self) -> int:
        v = self.values()
        lapse = self.lapse.currentData() is not ANY
        plain = {k: x for k, x in v.items() if k not in ("archived", "deadline_from", "deadline_to", "deadline_rules")}
        return sum(1 for x in plain.values() if x not in (None, "")) + (v["archived"] is not False) + lapse

    @Slot()
    def on_edited(self) -> None:
        if not self._quiet:
            self.changed.emit(self.values())

    @Slot(bool)
    def on_date_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.on_edited()

    @Slot()
    def on_clear(self) -> None:
        self._reset()
        self.on_edited()

    def _reset(self) -> None:
        """Every filter back to 全部 (在用档案), without announcing it."""
        self._quiet = True
        for combo in (self.department, self.owner, self.channel, self.occupation, self.age, self.income, self.abc):
            combo.setCurrentIndex(0)
        self.claim.setCurrentIndex(0)
        self.archived.setCurrentIndex(0)
        self.lapse.setCurrentIndex(0)
        self.tag.clear()
        self.address.clear()
        self.by_date.setChecked(False)
        self._quiet = False

    def show_lapsing(self, department_id: int | None, rule: str = "") -> None:
        """Only the filters of an 归属 line of the 部门概况: the department's customers about to lapse under
        ``rule`` (any lapse rule when ''); every other filter cleared. Announced once."""
        self._reset()
        self._quiet = True
        self.department.setCurrentIndex(max(0, self.department.findData(department_id)))
        self.lapse.setCurrentIndex(max(0, self.lapse.findData(rule or "")))
        self._quiet = False
        self.on_edited()
