"""The English translation file: placeholders survive, the .qm matches its .ts, English really loads."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from tests.test_i18n_tool import tool
from ui import i18n
from ui.resources import resource_path

TS = resource_path("i18n", "keyuan_en.ts")
QM = resource_path("i18n", "keyuan_en.qm")
PLACEHOLDER = re.compile(r"%L?\d+|%n|\{[A-Za-z_][A-Za-z0-9_]*(?::[^}]*)?\}")
# Contexts of the foundation (login, setup, main window, settings, errors): fully translated.
FOUNDATION = {
    "Application",
    "DepartmentsPage",
    "Errors",
    "LoginDialog",
    "MainWindow",
    "OfficePage",
    "Positions",
    "ResetPasswordDialog",
    "Roles",
    "SettingsTab",
    "SetupDialog",
    "StaffPage",
    "UsersPage",
}


def messages():
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            yield name, message.findtext("source") or "", translation


def test_placeholders_match_between_source_and_translation():
    wrong = []
    for context, source, translation in messages():
        text = translation.text or ""
        if translation.get("type") in ("unfinished", "obsolete", "vanished") and not text:
            continue
        if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(text)):
            wrong.append((context, source, text))
    assert wrong == []


def test_placeholder_check_catches_a_lost_placeholder():
    assert Counter(PLACEHOLDER.findall("版本 %1")) != Counter(PLACEHOLDER.findall("Version"))
    assert Counter(PLACEHOLDER.findall("{name} 已存在")) != Counter(PLACEHOLDER.findall("{nam} exists"))


def test_foundation_strings_are_all_translated():
    missing = [
        (c, s) for c, s, t in messages() if c in FOUNDATION and (t.get("type") == "unfinished" or not (t.text or ""))
    ]
    assert missing == []


def test_every_message_has_an_english_translation():
    """A new interface string without English fails here, named, with the command that fixes it."""
    missing = [
        f"{c}: {s!r}"
        for c, s, t in messages()
        if t.get("type") not in ("obsolete", "vanished") and (t.get("type") == "unfinished" or not (t.text or ""))
    ]
    assert not missing, "untranslated in resources/i18n/keyuan_en.ts (tools/i18n.py todo / fill):\n" + "\n".join(
        missing
    )


def test_labels_from_services_are_in_the_ts_with_english():
    """Labels the UI translates through a fixed context (RuleParams, Customers...) are live and translated."""
    live = {(c, s): t for c, s, t in messages() if t.get("type") not in ("obsolete", "vanished")}
    missing = [
        (context, text)
        for context, texts in tool.service_labels().items()
        for text in texts
        if not (live.get((context, text)) is not None and live[(context, text)].text)
    ]
    assert missing == [], "run tools/i18n.py update, then translate what todo lists"


def test_rule_parameter_labels_show_in_english(qapp):
    from services.timeline.rule_params import PARAM_LABELS
    from ui.governance import _param_label

    try:
        assert i18n.install("en") == "en"
        shown = {key: _param_label(label) for key, label in PARAM_LABELS.items()}
    finally:
        i18n.remove()
    assert shown["preheat_days"] == "Pre-heat deadline (days)"
    assert all(text.isascii() for text in shown.values()), shown
    assert "R11" in shown["list_deadline"]


def test_qm_is_built_from_the_current_ts(tmp_path):
    """The committed .qm equals what lrelease makes of the committed .ts (git does not keep mtimes)."""
    assert QM.exists(), "resources/i18n/keyuan_en.qm is missing: run pyside6-lrelease"
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name("pyside6-lrelease"))
    if not Path(lrelease).exists():
        pytest.skip("pyside6-lrelease is not installed")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes(), "keyuan_en.qm is older than keyuan_en.ts: run pyside6-lrelease"


def test_english_loads_and_chinese_is_the_default(qapp):
    try:
        assert i18n.install("en") == "en"
        assert QCoreApplication.translate("MainWindow", "设置") == "Settings"
        assert QCoreApplication.translate("LoginDialog", "登录") == "Sign in"
    finally:
        i18n.remove()  # leave the shared QApplication as the other tests expect it
    assert QCoreApplication.translate("MainWindow", "设置") == "设置"


def test_labels_built_at_import_still_follow_the_language(qapp):
    """ui.customers.contact is imported before the translator is installed; its labels are read later."""
    from ui.customers.contact import KINDS

    try:
        assert i18n.install("en") == "en"
        assert KINDS["register"] == "Registration"
        assert dict(KINDS.items())["invite"] == "Meeting invitation"
    finally:
        i18n.remove()
    assert KINDS["register"] == "报名"
