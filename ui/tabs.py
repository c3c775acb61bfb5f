"""The main window's tabs. A tab appears only when its work has landed and the role may use it.

Each entry names the module and class to build lazily; the class takes ``(ctx: UiContext, parent)``.
``title`` is translated in the main window (context "MainWindow").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str  # Chinese source text, translated with QCoreApplication.translate("MainWindow", title)
    module: str
    cls: str
    roles: frozenset[str]


ALL_ROLES = frozenset({"clerk", "staff", "expert", "manager", "coordinator", "director", "gm", "front_desk", "admin"})

TABS: list[TabSpec] = [
    # Order = order on screen. Add your tab here when its work lands.
    TabSpec("overview", "部门概况", "ui.overview", "OverviewTab", frozenset({"manager", "director", "gm"})),
    TabSpec(
        "customers",
        "顾客档案",
        "ui.customers.tab",
        "CustomersTab",
        frozenset({"clerk", "staff", "expert", "manager", "coordinator", "director", "gm", "admin"}),
    ),
    TabSpec("intake", "录入", "ui.intake.tab", "IntakeTab", frozenset({"clerk", "admin", "manager"})),
    TabSpec(
        "cases",
        "冲突仲裁",
        "ui.cases.tab",
        "CasesTab",
        frozenset({"coordinator", "director", "gm", "manager", "admin"}),
    ),
    TabSpec(
        "allocation",
        "档案分配",
        "ui.allocation.tab",
        "AllocationTab",
        frozenset({"clerk", "manager", "director", "gm", "admin"}),
    ),
    TabSpec(
        "meetings",
        "会议",
        "ui.meetings.tab",
        "MeetingsTab",
        frozenset({"clerk", "staff", "expert", "manager", "coordinator", "director", "gm", "admin"}),
    ),
    TabSpec(
        "callbacks",
        "回访跟踪",
        "ui.callbacks.tab",
        "CallbacksTab",
        frozenset({"clerk", "staff", "expert", "manager", "coordinator", "director", "gm", "admin"}),
    ),
    TabSpec(
        "frontdesk",
        "前台查询",
        "ui.frontdesk.tab",
        "FrontDeskTab",
        frozenset({"front_desk", "admin", "director", "gm", "manager", "staff", "clerk", "coordinator"}),
    ),
    TabSpec("audit", "审计日志", "ui.audit_tab", "AuditTab", frozenset({"admin", "director", "gm"})),
    TabSpec("governance", "规则与审批", "ui.governance", "GovernanceTab", frozenset({"admin", "director", "gm"})),
    TabSpec("settings", "设置", "ui.settings.tab", "SettingsTab", frozenset({"admin"})),
]

#: Where each role lands after login (SPEC §10); falls back to the first tab it may use.
LANDING = {
    "clerk": "intake",  # the intake queue (顾客档案 → 录入)
    "staff": "customers",
    "expert": "callbacks",
    "manager": "overview",  # the department overview (SPEC §10)
    "coordinator": "cases",
    "director": "allocation",  # the pool, with the escalated cases named above it (SPEC §10)
    "gm": "cases",
    "front_desk": "frontdesk",
    "admin": "settings",
}
