"""bench/list_shapes.py keeps working: every shape of the card list measured on a tiny demo database,
with the page's and the count's plans saved beside the figures. No timing is asserted."""

from __future__ import annotations

import json

from bench.list_shapes import main, report


def test_list_shapes_measures_every_shape_with_its_plans(tmp_path, capsys):
    out = tmp_path / "shapes.json"
    assert main(["--sizes", "30", "--runs", "1", "--cache", str(tmp_path / "cache"), "--out", str(out)]) == 0
    saved = json.loads(out.read_text("utf-8"))
    rows = saved["sizes"]["sqlite-30"]["shapes"]
    assert len(rows) >= 30 and saved["sizes"]["sqlite-30"]["customers"] > 0
    for r in rows:
        assert r["page_ms"] > 0 and r["estimate_ms"] > 0 and r["count_ms"] > 0, r["shape"]
        assert r["page_plan"] and r["count_plan"], r["shape"]
        assert r["estimate_exact"] and r["estimate"] == r["count"], r["shape"]  # 30 cards: counted exactly
        assert r["rows"] == min(r["count"], 200), r["shape"]
    assert {r["role"] for r in rows} == {"manager", "staff"}
    text = report(saved)
    assert text.count("\n| ") == len(rows) and "Plans at sqlite-30" in text
