"""bench/callback_reads.py keeps working: the staff member's due list and the department overview measured
on a tiny demo database, each with the plan of every SELECT it ran. No timing is asserted."""

from __future__ import annotations

import json

from bench.callback_reads import main, report


def test_callback_reads_measures_both_reads_with_their_plans(tmp_path):
    out = tmp_path / "reads.json"
    assert main(["--sizes", "40", "--runs", "1", "--cache", str(tmp_path / "cache"), "--out", str(out)]) == 0
    saved = json.loads(out.read_text("utf-8"))
    (size,) = saved["sizes"].values()
    figures = size["figures"]
    assert set(figures) == {"due_list_today", "due_list_open", "department_overview"}
    for name, f in figures.items():
        assert f["ms"] > 0 and f["statements"] > 0 and f["plans"], name
        assert all(p["plan"] for p in f["plans"]), name
    # The staff member's list reads their duties through the (staff | partner, closed_at, due_at) indexes.
    plans = " ".join(p["plan"] for p in figures["due_list_open"]["plans"])
    assert "callback_task_staff_id_closed_at_due_at" in plans and "callback_task_partner_id_closed_at_due_at" in plans
    assert "SCAN" not in " ".join(p["plan"] for p in figures["department_overview"]["plans"] if "audit_log" in p["sql"])
    text = report(saved)
    assert "department overview" in text and "Query plans at" in text
