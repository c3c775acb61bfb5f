"""One conflict case (冲突仲裁): both sides' timelines side by side, the engine's proposal and
evidence, the current ownership with its deadline, and the coordinator's / GM's actions.

Each action is one service call; afterwards the view announces Change({"case", "ownership"})
so the queue and every ownership box showing this customer redraw.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.cases.views import CaseDetail, EventLine
from services.office.permissions import can
from services.platform.errors import ServiceError
from ui.cases.dialogs import ReasonDialog, RulingDialog
from ui.cases.labels import case_kind_label, case_state_label, rule_title_label
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.ownership_box import OwnershipBox
from ui.widgets import make_table

EVIDENCE_BG = QColor("#fff3c4")
SHARED_FG = QColor("#666666")


class CaseView(QWidget):
    """The detail of the selected case, with the buttons the acting user may use."""

    acted = Signal(int)  # case id, after a successful action

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.detail: CaseDetail | None = None

        self.title_label = QLabel()
        self.title_label.setObjectName("caseTitle")
        self.title_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("caseSummary")
        self.summary_label.setWordWrap(True)

        self.proposal_box = QGroupBox(self.tr("系统建议"))
        self.proposed_label = QLabel()
        self.proposed_label.setObjectName("caseProposed")
        self.proposed_label.setStyleSheet("font-weight: bold;")
        self.proposal_label = QLabel()
        self.proposal_label.setObjectName("caseProposal")
        self.proposal_label.setWordWrap(True)
        self.evidence_label = QLabel()
        self.evidence_label.setObjectName("caseEvidence")
        self.evidence_label.setWordWrap(True)
        pl = QVBoxLayout(self.proposal_box)
        pl.addWidget(self.proposed_label)
        pl.addWidget(self.proposal_label)
        pl.addWidget(QLabel(self.tr("依据事件(下表黄色标出):")))
        pl.addWidget(self.evidence_label)
        pl.addStretch(1)

        self.ownership_box = OwnershipBox(ctx, self)
        self.ownership_box.setTitle(self.tr("当前归属(规则引擎)"))

        top = QHBoxLayout()
        top.addWidget(self.proposal_box, 1)
        top.addWidget(self.ownership_box, 1)

        self.sides_layout = QHBoxLayout()
        self.side_tables: list[QTableWidget] = []

        self.resolution_label = QLabel()
        self.resolution_label.setObjectName("caseResolution")
        self.resolution_label.setWordWrap(True)

        self.accept_button = QPushButton(self.tr("接受建议(&A)"))
        self.accept_button.setObjectName("acceptCase")
        self.override_button = QPushButton(self.tr("改判(须写理由)(&O)…"))
        self.override_button.setObjectName("overrideCase")
        self.escalate_button = QPushButton(self.tr("上报总经理(&E)…"))
        self.escalate_button.setObjectName("escalateCase")
        self.final_button = QPushButton(self.tr("总经理终裁(&Z)…"))
        self.final_button.setObjectName("finalRuling")
        buttons = QHBoxLayout()
        for b in (self.accept_button, self.override_button, self.escalate_button, self.final_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.empty_label = QLabel(self.tr("在左侧队列中选择一个案件。"))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.title_label)
        body.addWidget(self.summary_label)
        body.addLayout(top)
        body.addWidget(QLabel(self.tr("双方时间线(灰色为共同事件:到会、出货、名单、裁决等)")))
        body.addLayout(self.sides_layout, 1)
        body.addWidget(self.resolution_label)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.body, 1)

        self.accept_button.clicked.connect(self.on_accept)
        self.override_button.clicked.connect(self.on_override)
        self.escalate_button.clicked.connect(self.on_escalate)
        self.final_button.clicked.connect(self.on_final)
        self.clear()

    # -- showing ---------------------------------------------------------------------------------

    def clear(self) -> None:
        self.detail = None
        self.body.hide()
        self.empty_label.show()
        self.ownership_box.clear()

    def show_case(self, case_id: int) -> None:
        try:
            detail = self.ctx.services.cases.detail(self.ctx.actor, case_id)
        except ServiceError as exc:
            self.clear()
            show_error(self, exc)
            return
        self.show_detail(detail)

    def show_detail(self, d: CaseDetail) -> None:
        self.detail = d
        c = d.case
        self.empty_label.hide()
        self.body.show()
        self.title_label.setText(
            self.tr("案件 %1 · %2 · %3 %4 · %5")
            .replace("%1", str(c.id))
            .replace("%2", case_kind_label(c.kind, c.kind_label))
            .replace("%3", c.rule)
            .replace("%4", rule_title_label(c.rule_title))
            .replace("%5", case_state_label(c.state, c.state_label))
        )
        self.summary_label.setText(
            self.tr("顾客:%1(档案 %2) · 立案 %3 · 部门 %4\n%5")
            .replace("%1", c.customer_name)
            .replace("%2", str(c.customer_id))
            .replace("%3", c.opened_at.strftime("%Y-%m-%d %H:%M"))
            .replace("%4", c.department_name or self.tr("—"))
            .replace("%5", c.summary)
        )
        self.proposed_label.setText(c.proposed_text)
        proposal = self.tr("立案时的说明:%1").replace("%1", c.proposal or self.tr("—"))
        if d.proposal_changed:  # the timeline changed since the case opened: the current verdict is what 接受建议 keeps
            proposal += "\n" + d.proposal_changed
        self.proposal_label.setText(proposal)
        self.evidence_label.setText(
            "\n".join(
                f"· {e.at:%m-%d %H:%M} {e.staff_name} {e.text}{f'({e.recorded})' if e.recorded else ''}".replace(
                    "  ", " "
                )
                for e in d.evidence
            )
            or self.tr("—")
        )
        self.ownership_box.show_view(d.ownership)
        self._fill_sides(d)
        if c.state == "ruled":
            self.resolution_label.setText(
                self.tr("处理结果:%1(%2,%3)")
                .replace("%1", c.resolution)
                .replace("%2", c.resolved_by)
                .replace("%3", c.resolved_at.strftime("%Y-%m-%d %H:%M") if c.resolved_at else "")
            )
        elif c.state == "escalated":
            text = self.tr("已上报总经理,等待终裁。")
            if c.escalation:
                text += "\n" + c.escalation  # who escalated, when and why
            self.resolution_label.setText(text)
        else:
            self.resolution_label.setText("")
        self._update_buttons()

    def _fill_sides(self, d: CaseDetail) -> None:
        while self.sides_layout.count():
            item = self.sides_layout.takeAt(0)
            if item.widget() is not None:
                # Out of sight at once: deleteLater waits for the event loop, and until then the old
                # box stayed drawn over the case's header (the walk's picture after 接受建议).
                item.widget().hide()
                item.widget().deleteLater()
        self.side_tables = []
        for side in d.sides:
            title = f"{side.staff_name} · {side.department_name}" if side.department_name else side.staff_name
            box = QGroupBox(title)
            table = make_table([self.tr("时间"), self.tr("经办"), self.tr("事件"), self.tr("记录")])
            table.setObjectName(f"sideTable{len(self.side_tables)}")
            table.setSortingEnabled(False)
            table.setRowCount(len(side.events))
            for r, ev in enumerate(side.events):
                self._put_row(table, r, ev)
            # Two timelines side by side in half the view: short columns at their text, the event takes
            # the rest (elided, whole in its tooltip), and "recorded later" only when a line has it.
            header = table.horizontalHeader()
            header.setMinimumSectionSize(36)
            header.setStretchLastSection(False)
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
            table.setColumnHidden(3, not any(ev.recorded for ev in side.events))
            QVBoxLayout(box).addWidget(table)
            self.sides_layout.addWidget(box, 1)
            self.side_tables.append(table)

    def _put_row(self, table: QTableWidget, r: int, ev: EventLine) -> None:
        # This year's events without the year (the tooltip has the whole time): the column stays narrow.
        short = "%m-%d %H:%M" if ev.at.year == self.ctx.services.clock.now().year else "%Y-%m-%d"
        cells = (ev.at.strftime(short), ev.staff_name, ev.text, ev.recorded)
        tip = " ".join(t for t in (ev.at.strftime("%Y-%m-%d %H:%M"), ev.staff_name, ev.text, ev.recorded) if t)
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            if ev.evidence:
                item.setBackground(QBrush(EVIDENCE_BG))
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            if ev.shared:
                item.setForeground(QBrush(SHARED_FG))
            table.setItem(r, col, item)

    def _update_buttons(self) -> None:
        state = self.detail.case.state if self.detail else ""
        actor = self.ctx.actor
        rules = can(actor, "cases.rule")
        self.accept_button.setVisible(rules)
        self.override_button.setVisible(rules)
        self.escalate_button.setVisible(rules and actor.role != "gm")
        self.final_button.setVisible(can(actor, "cases.final"))
        self.accept_button.setEnabled(state == "open")
        self.override_button.setEnabled(state == "open")
        self.escalate_button.setEnabled(state == "open")
        self.final_button.setEnabled(state == "escalated")

    # -- acting ------------------------------------------------------------------------------------

    def _done(self, case_id: int, customer_id: int) -> None:
        self.ctx.announce(Change(frozenset({"case", "ownership"}), (customer_id,), source=self))
        self.show_case(case_id)
        self.acted.emit(case_id)

    def _refresh_after_refusal(self, case_id: int) -> None:
        """After a refused action (someone acted first, or the timeline changed since the view was drawn),
        show the case as it is now, so the next decision is made on the current proposal."""
        self.show_case(case_id)

    def _call(self, fn, *args) -> bool:
        try:
            fn(self.ctx.actor, *args)
        except ServiceError as exc:
            show_error(self, exc)
            return False
        return True

    @Slot()
    def on_accept(self) -> None:
        if self.detail is None:
            return
        c = self.detail.case
        dialog = ReasonDialog(
            self.tr("接受建议"),
            self.tr("维持规则引擎的判定:%1。\n备注(可不填):").replace("%1", self.detail.ownership.owner_label),
            self,
            required=False,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        # The proposal shown: if the timeline changed since, the service refuses and the view is redrawn.
        if self._call(self.ctx.services.cases.accept, c.id, dialog.reason(), self.detail.ownership.owner_key):
            self._done(c.id, c.customer_id)
        else:
            self._refresh_after_refusal(c.id)

    @Slot()
    def on_override(self) -> None:
        if self.detail is None:
            return
        c = self.detail.case
        dialog = RulingDialog(self.ctx, c, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if self._call(self.ctx.services.cases.override, c.id, dialog.target(), dialog.reason()):
            self._done(c.id, c.customer_id)

    @Slot()
    def on_escalate(self) -> None:
        if self.detail is None:
            return
        c = self.detail.case
        dialog = ReasonDialog(self.tr("上报总经理"), self.tr("上报原因(必填):"), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if self._call(self.ctx.services.cases.escalate, c.id, dialog.reason()):
            self._done(c.id, c.customer_id)

    @Slot()
    def on_final(self) -> None:
        if self.detail is None:
            return
        c = self.detail.case
        dialog = RulingDialog(self.ctx, c, self, allow_accept=True, current_owner=self.detail.ownership.owner_label)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        expected = self.detail.ownership.owner_key if dialog.target() == "accept" else None
        if self._call(self.ctx.services.cases.gm_rule, c.id, dialog.target(), dialog.reason(), expected):
            self._done(c.id, c.customer_id)
        else:
            self._refresh_after_refusal(c.id)
