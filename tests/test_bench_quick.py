"""The benchmark machinery keeps working (CI): a tiny demo database, every figure, results.json keys.

No timing is asserted: only that each figure was measured (or says why not) and the file is complete.
"""

from __future__ import annotations

import json

from bench.__main__ import NOT_MEASURED, run, table

FIGURES = {
    "list_first_page",
    "lookup_phone",
    "lookup_last4",
    "lookup_name_prefix",
    "duplicate_check",
    "record_event",
    "verdict_explained",
    "deadline_sweep",
    "rebuild_all_snapshots",
}


def test_bench_runs_on_a_tiny_database_and_writes_results(tmp_path):
    out = tmp_path / "results.json"
    results = run([60], runs=1, cache=tmp_path / "cache", out=out, export_rows=300, export_runs=1, log=lambda m: None)
    saved = json.loads(out.read_text("utf-8"))
    assert saved == json.loads(json.dumps(results, ensure_ascii=False))
    assert {"date", "machine", "sizes", "not_measured", "export"} <= set(saved)
    assert saved["machine"]["cpus"] >= 1
    entry = saved["sizes"]["60"]
    assert entry["build"]["customers"] == 60 and entry["build"]["cached"] is False
    assert set(entry["figures"]) == FIGURES
    for name, figure in entry["figures"].items():
        assert "ms" in figure or figure.get("status", "").startswith("not measured"), name
        if "ratio" in figure:
            assert figure["baseline_ms"] > 0 and figure["ratio"] > 0, name
    assert entry["figures"]["rebuild_all_snapshots"]["customers"] == 60
    assert saved["export"]["rows"] == 300 and saved["export"]["ratio"] > 0
    assert set(NOT_MEASURED) <= set(saved["not_measured"])
    text = table(results)
    assert "lookup_phone" in text and "export 300 rows" in text
    # A second run reuses the cached database instead of building it again.
    again = run([60], runs=1, cache=tmp_path / "cache", out=out, export_rows=0, log=lambda m: None)
    assert again["sizes"]["60"]["build"]["cached"] is True
