"""Translatable names of conflict-case states and kinds and of claim states (冲突仲裁).

Services name these in Chinese; the interface shows them through QCoreApplication.translate so
that English can come from the .ts file. Engine explanations stay as the engine wrote them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CASE_STATES = {
    "open": QT_TRANSLATE_NOOP("Cases", "待处理"),
    "escalated": QT_TRANSLATE_NOOP("Cases", "已上报总经理"),
    "ruled": QT_TRANSLATE_NOOP("Cases", "已裁决"),
}

CASE_KINDS = {
    "competing_registration": QT_TRANSLATE_NOOP("Cases", "竞争报名"),
    "duplicate_registration": QT_TRANSLATE_NOOP("Cases", "重复报名"),
    "first_preheat": QT_TRANSLATE_NOOP("Cases", "先预热者得"),
    "dispute": QT_TRANSLATE_NOOP("Cases", "争议转公司"),
    "contact_active": QT_TRANSLATE_NOOP("Cases", "联系他人有效顾客"),
    "lapse_takeover": QT_TRANSLATE_NOOP("Cases", "失效后接手"),
    "referral_gives_way": QT_TRANSLATE_NOOP("Cases", "转介信息不全让位"),
    "complaint_deadline": QT_TRANSLATE_NOOP("Cases", "投诉超期未处理"),
    "invite_refused": QT_TRANSLATE_NOOP("Cases", "邀约被拒"),
    "back_entry": QT_TRANSLATE_NOOP("Cases", "补录改变归属"),
    "late_contact": QT_TRANSLATE_NOOP("Cases", "让位后再联系"),  # services give no label for it yet
}

CLAIM_STATES = {
    "pending": QT_TRANSLATE_NOOP("Ownership", "待预热"),
    "active": QT_TRANSLATE_NOOP("Ownership", "有效"),
    "lapsed": QT_TRANSLATE_NOOP("Ownership", "已失效"),
}


def case_state_label(state: str, fallback: str = "") -> str:
    text = CASE_STATES.get(state)
    return QCoreApplication.translate("Cases", text) if text else fallback or state


def case_kind_label(kind: str, fallback: str = "") -> str:
    text = CASE_KINDS.get(kind)
    return QCoreApplication.translate("Cases", text) if text else fallback or kind


def claim_state_label(state: str, fallback: str = "") -> str:
    text = CLAIM_STATES.get(state)
    return QCoreApplication.translate("Ownership", text) if text else fallback


def rule_title_label(title: str) -> str:
    """A rule's short title from services.rules.model.RULE_TITLES (its English: context "Rules")."""
    return QCoreApplication.translate("Rules", title) if title else ""
