"""tools/i18n.py writes texts with line breaks and tabs into one TSV field and reads them back unchanged."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

_spec = importlib.util.spec_from_file_location(
    "i18n_tool", Path(__file__).resolve().parent.parent / "tools" / "i18n.py"
)
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)


@given(st.text())
def test_escape_round_trip(text):
    escaped = tool._escape(text)
    assert "\n" not in escaped and "\t" not in escaped
    assert tool._unescape(escaped) == text


@given(st.text())
def test_a_line_of_the_tsv_is_one_message(text):
    line = "\t".join(["Ctx", tool._escape(text), tool._escape(text)])
    assert len(line.split("\n")) == 1 and len(line.split("\t")) == 3


def _ts(body: str):
    import xml.etree.ElementTree as ET

    return ET.ElementTree(ET.fromstring(f'<TS version="2.1" language="en_US">{body}</TS>'))


def _messages(tree):
    return {
        (c.findtext("name"), m.findtext("source")): (m.find("translation").get("type"), m.find("translation").text)
        for c in tree.getroot().iter("context")
        for m in c.iter("message")
    }


def test_add_revives_a_vanished_label_and_adds_a_new_one_unfinished():
    tree = _ts(
        "<context><name>RuleParams</name>"
        '<message><source>预热期限(天)</source><translation type="vanished">Pre-heat deadline</translation></message>'
        "</context>"
    )
    assert tool.add(tree, "RuleParams", ["预热期限(天)", "新参数"]) == 1
    assert tool.add(tree, "Channels", ["科普"]) == 1
    assert _messages(tree) == {
        ("RuleParams", "预热期限(天)"): (None, "Pre-heat deadline"),
        ("RuleParams", "新参数"): ("unfinished", None),
        ("Channels", "科普"): ("unfinished", None),
    }


def test_vanished_messages_are_dropped_with_their_empty_context():
    tree = _ts(
        "<context><name>dialog</name>"
        '<message><source>取消</source><translation type="vanished">Cancel</translation></message></context>'
        "<context><name>Main</name>"
        "<message><source>设置</source><translation>Settings</translation></message>"
        '<message><source>旧</source><translation type="obsolete">Old</translation></message></context>'
    )
    tool._drop_vanished(tree)
    assert _messages(tree) == {("Main", "设置"): (None, "Settings")}


def test_service_labels_come_from_the_services_tables():
    from services.rules.model import CHANNEL_NAMES
    from services.timeline.rule_params import PARAM_LABELS

    labels = tool.service_labels()
    assert labels["RuleParams"] == list(PARAM_LABELS.values())
    assert set(CHANNEL_NAMES.values()) <= set(labels["Customers"])
    assert all(text and len(texts) == len(set(texts)) for texts in labels.values() for text in texts)
