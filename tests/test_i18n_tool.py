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
