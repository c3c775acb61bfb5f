"""bench.ocr_forms --resume: a stopped run's readings are taken over only for the very same forms."""

from __future__ import annotations

import json

import pytest

from bench.ocr_forms import FIELDS, build, summarise, take_over


def test_a_stopped_run_is_resumed_only_on_the_same_set(tmp_path):
    items = build(tmp_path / "a", 3, seed=7)
    first = items[0]
    earlier = [dict(first, read=dict(first["expected"]), confidence=dict.fromkeys(FIELDS, 1.0), note="", seconds=4.0)]
    earlier.append(dict(items[1], read={"name": "错"}, confidence={"name": 0.5}, note="", seconds=5.0))
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"items": earlier}, ensure_ascii=False), encoding="utf-8")

    again = build(tmp_path / "b", 3, seed=7)  # the same seed draws the same forms
    assert take_over(again, old) == 2
    assert again[0]["read"] == again[0]["expected"] and again[1]["read"] == {"name": "错"}
    assert "read" not in again[2]  # still to be read

    other = build(tmp_path / "c", 3, seed=8)
    with pytest.raises(SystemExit, match="not the same form"):
        take_over(other, old)

    summary = summarise(again[:2])["all"]
    assert summary["forms"] == 2 and summary["fields_exact_pct"] == round(100 * 7 / 14, 1)
