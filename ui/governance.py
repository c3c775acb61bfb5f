"""规则与审批: the rule parameters with a dry run before saving (issue 3 item 6), and the resource
director's approvals of lookups of other departments' customers (SPEC §2)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTime, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from services.platform.errors import ServiceError
from services.timeline import rule_params
from ui.context import Change, UiContext
from ui.errors import show_error
from ui.widgets import fill_table, make_table, selected_id
from ui.worker import run_in_pool

RULE_ROLES = frozenset({"admin", "director", "gm"})


class RuleParamsPage(QWidget):
    """Every parameter as a field; 试算 shows who would change hands, 保存 applies with a reason."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.fields: dict[str, QSpinBox | QTimeEdit] = {}
        form = QFormLayout()
        current = ctx.services.settings.params().to_dict()
        for key, label in rule_params.PARAM_LABELS.items():
            value = current[key]
            if isinstance(value, int):
                box = QSpinBox(self)
                box.setRange(0 if key in rule_params.MAY_BE_ZERO else 1, 100000)
                box.setValue(value)
            else:
                box = QTimeEdit(QTime.fromString(value, "HH:mm"), self)
                box.setDisplayFormat("HH:mm")
            self.fields[key] = box
            form.addRow(_param_label(label), box)
        group = QGroupBox(self.tr("归属规则参数"), self)
        group.setLayout(form)
        self.dry_button = QPushButton(self.tr("试算(不保存)"), self)
        self.save_button = QPushButton(self.tr("保存修改…"), self)
        self.summary = QLabel(self.tr("修改参数后先试算:列出会因此换主的顾客及原因。"), self)
        self.summary.setWordWrap(True)
        self.effects = make_table(
            [self.tr("顾客"), self.tr("原归属"), self.tr("新归属"), self.tr("规则"), self.tr("说明")], self
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.dry_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(group)
        left.addLayout(buttons)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.effects, 1)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.dry_button.clicked.connect(self.on_dry_run)
        self.save_button.clicked.connect(self.on_save)

    def values(self) -> dict:
        out = {}
        for key, box in self.fields.items():
            out[key] = box.value() if isinstance(box, QSpinBox) else box.time().toString("HH:mm")
        return out

    def changed(self) -> dict:
        current = self.ctx.services.settings.params().to_dict()
        return {k: v for k, v in self.values().items() if current[k] != v}

    def _show(self, effects, done_text: str) -> None:
        fill_table(
            self.effects,
            (
                (e.customer_id, (e.customer_name, e.old_owner_name, e.new_owner_name, e.rule, e.explanation))
                for e in effects
            ),
        )
        self.summary.setText(done_text.replace("%1", str(len(effects))))

    def _progress(self, text: str) -> QProgressDialog:
        dialog = QProgressDialog(text, "", 0, 0, self)
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(300)
        return dialog

    @Slot()
    def on_dry_run(self) -> None:
        changes = self.changed()
        if not changes:
            self.summary.setText(self.tr("参数没有改动。"))
            return
        dialog = self._progress(self.tr("正在试算…"))

        def done(effects):
            dialog.close()
            self._show(effects, self.tr("试算结果:改用新参数后,有 %1 位顾客会换主(尚未保存)。"))

        def failed(exc):
            dialog.close()
            show_error(self, exc)

        run_in_pool(rule_params.dry_run, self.ctx.services, self.ctx.actor, changes, on_done=done, on_error=failed)

    @Slot()
    def on_save(self) -> None:
        changes = self.changed()
        if not changes:
            self.summary.setText(self.tr("参数没有改动。"))
            return
        reason, ok = QInputDialog.getText(self, self.tr("保存规则参数"), self.tr("修改原因(写入历史记录):"))
        if not ok:
            return
        dialog = self._progress(self.tr("正在保存并更新归属…"))

        def done(result):
            dialog.close()
            self._show(result.effects, self.tr("已保存。%1 位顾客因此换主,已记入审计日志。"))
            self.ctx.announce(Change(frozenset({"settings", "ownership"})))

        def failed(exc):
            dialog.close()
            show_error(self, exc)

        run_in_pool(
            rule_params.apply,
            self.ctx.services,
            self.ctx.actor,
            changes,
            reason,
            writes=True,
            on_done=done,
            on_error=failed,
        )


def _param_label(text: str) -> str:
    """The service's Chinese label, translated in context "RuleParams" (tools/i18n.py update adds the entries)."""
    return QCoreApplication.translate("RuleParams", text)


class LookupApprovalsPage(QWidget):
    """调阅审批: pending requests to see another department's customer in full; approve for N hours or reject."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = make_table(
            [self.tr("申请号"), self.tr("顾客"), self.tr("申请人"), self.tr("理由"), self.tr("时间"), self.tr("状态")],
            self,
        )
        self.approve_button = QPushButton(self.tr("批准…"), self)
        self.reject_button = QPushButton(self.tr("驳回"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.approve_button.clicked.connect(self.on_approve)
        self.reject_button.clicked.connect(self.on_reject)
        ctx.bus.changed.connect(lambda change: self.reload() if "lookup" in change.kinds else None)
        self.reload()

    @Slot()
    def reload(self) -> None:
        try:
            rows = self.ctx.services.access.lookup_requests(self.ctx.actor, pending_only=True)
        except ServiceError as exc:
            show_error(self, exc)
            rows = []
        fill_table(
            self.table,
            (
                (
                    r.id,
                    (
                        str(r.id),
                        r.customer_name,
                        r.requested_by,
                        r.reason,
                        f"{r.requested_at:%m-%d %H:%M}",
                        r.state_label,
                    ),
                )
                for r in rows
            ),
        )

    def _decide(self, approve: bool, hours: int = 24) -> None:
        request_id = selected_id(self.table)
        if request_id is None:
            QMessageBox.information(self, self.tr("调阅审批"), self.tr("请先选中一份申请。"))
            return
        try:
            self.ctx.services.access.decide_lookup(self.ctx.actor, request_id, approve, hours)
        except ServiceError as exc:
            show_error(self, exc)
            return
        self.ctx.announce(Change(frozenset({"lookup"})))

    @Slot()
    def on_approve(self) -> None:
        hours, ok = QInputDialog.getInt(self, self.tr("批准调阅"), self.tr("完整查看的有效时长(小时):"), 24, 1, 168)
        if ok:
            self._decide(True, hours)

    @Slot()
    def on_reject(self) -> None:
        self._decide(False)


class GovernanceTab(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.rules = RuleParamsPage(ctx, self)
        self.tabs.addTab(self.rules, self.tr("归属规则参数"))
        if ctx.actor.role == "director":
            self.tabs.addTab(LookupApprovalsPage(ctx, self), self.tr("调阅审批"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
