"""Translatable names of things that services name in Chinese: roles, positions, tab titles.

Services return keys ("manager") with a Chinese name; the UI shows `role_label(key)` so that
English is available too. lupdate finds the strings through QT_TRANSLATE_NOOP.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

ROLE_LABELS = {
    "clerk": QT_TRANSLATE_NOOP("Roles", "录入员"),
    "staff": QT_TRANSLATE_NOOP("Roles", "员工"),
    "expert": QT_TRANSLATE_NOOP("Roles", "咨询专家"),
    "manager": QT_TRANSLATE_NOOP("Roles", "部门经理"),
    "coordinator": QT_TRANSLATE_NOOP("Roles", "协调助理"),
    "director": QT_TRANSLATE_NOOP("Roles", "顾客资源总监"),
    "gm": QT_TRANSLATE_NOOP("Roles", "总经理"),
    "front_desk": QT_TRANSLATE_NOOP("Roles", "前台"),
    "admin": QT_TRANSLATE_NOOP("Roles", "管理员"),
}

POSITION_LABELS = {
    "staff": QT_TRANSLATE_NOOP("Positions", "员工"),
    "expert": QT_TRANSLATE_NOOP("Positions", "咨询专家"),
    "manager": QT_TRANSLATE_NOOP("Positions", "部门经理"),
}

# Titles of the tabs of ui/tabs.py (translated in context "MainWindow"). A new tab adds its title here.
TAB_TITLES = (
    QT_TRANSLATE_NOOP("MainWindow", "顾客档案"),
    QT_TRANSLATE_NOOP("MainWindow", "录入"),
    QT_TRANSLATE_NOOP("MainWindow", "档案分配"),
    QT_TRANSLATE_NOOP("MainWindow", "冲突仲裁"),
    QT_TRANSLATE_NOOP("MainWindow", "会议"),
    QT_TRANSLATE_NOOP("MainWindow", "回访跟踪"),
    QT_TRANSLATE_NOOP("MainWindow", "前台查询"),
    QT_TRANSLATE_NOOP("MainWindow", "审计日志"),
    QT_TRANSLATE_NOOP("MainWindow", "规则与审批"),
    QT_TRANSLATE_NOOP("MainWindow", "设置"),
)


def role_label(role: str) -> str:
    text = ROLE_LABELS.get(role)
    return QCoreApplication.translate("Roles", text) if text else role


def position_label(position: str) -> str:
    text = POSITION_LABELS.get(position)
    return QCoreApplication.translate("Positions", text) if text else position


def tab_title(title: str) -> str:
    return QCoreApplication.translate("MainWindow", title)
