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
    "due_lists_staff",
    "due_lists_manager",
    "due_lists_director",
    "start_to_main_window",
    "peak_memory",
}


def test_bench_runs_on_a_tiny_database_and_writes_results(tmp_path):
    out = tmp_path / "results.json"
    results = run(
        [60], runs=1, cache=tmp_path / "cache", out=out, export_rows=300, export_runs=1, import_rows=200,
        pdf_forms=3, allocation=(120, 6), once_runs=1, log=lambda m: None,
    )  # fmt: skip
    saved = json.loads(out.read_text("utf-8"))
    assert saved == json.loads(json.dumps(results, ensure_ascii=False))
    assert {"date", "machine", "sizes", "not_measured", "export"} <= set(saved)
    assert saved["machine"]["cpus"] >= 1
    entry = saved["sizes"]["60"]
    assert entry["build"]["customers"] == 60 and entry["build"]["cached"] is False
    assert set(entry["figures"]) == FIGURES
    for name, figure in entry["figures"].items():
        assert "ms" in figure or "mb" in figure or figure.get("status", "").startswith("not measured"), name
        if "ratio" in figure:
            assert figure["baseline_ms"] > 0 and figure["ratio"] > 0, name
    # Every card with a timeline is rebuilt; the demo's cards waiting in an unprocessed batch have none yet.
    assert 50 <= entry["figures"]["rebuild_all_snapshots"]["customers"] <= 60
    assert saved["export"]["rows"] == 300 and saved["export"]["ratio"] > 0
    assert saved["export"]["peak_rss_mb"] > 10  # a real process was measured
    assert set(NOT_MEASURED) <= set(saved["not_measured"])

    # Start-up: a real program process reached the main window with the customer list's first page.
    start = entry["figures"]["start_to_main_window"]
    assert start["role"] == "clerk" and start["rows"] > 0
    assert start["ms"] >= start["login_ms"] > 0 and start["baseline_ms"] > 0 and start["first_start_ms"] > 0
    assert start["peak_rss_mb"] > start["baseline_peak_rss_mb"] > 10

    # Due lists: the service's page and the bare query return the same number of rows.
    for role in ("staff", "manager", "director"):
        due = entry["figures"][f"due_lists_{role}"]
        assert "ms" in due or due["status"].startswith("not measured"), role
        if "ms" in due:
            assert due["rows"] == due["baseline_rows"], role

    memory = entry["figures"]["peak_memory"]
    assert memory["rebuild_all_snapshots_mb"] > 10 and memory["mb"] >= memory["start_to_main_window_mb"]
    assert memory["target_mb"] == 400

    once = saved["once"]
    imp = once["import_rows"]
    assert imp["rows"] == 200 and imp["imported"] + imp["rejected"] == 200 and imp["baseline_ms"] > 0
    pdf = once["pdf_visit_forms"]
    assert pdf["forms"] == 3 and pdf["ratio"] > 0 and pdf["baseline_cpu_ms"] > 0
    alloc = once["allocate_batch"]
    assert alloc["cards"] == 120 and alloc["staff"] == 6 and alloc["each"] == "20–20" and alloc["ms"] > 0
    for figure in once.values():
        assert figure["peak_rss_mb"] > 10 and figure["runs"] == 1
    total = saved["peak_memory"]
    assert {"bench_process_mb", "export_mb", "import_rows_mb", "pdf_visit_forms_mb", "allocate_batch_mb"} <= set(total)
    assert total["mb"] == max(v for k, v in total.items() if k.endswith("_mb") and k != "target_mb")

    text = table(results)
    assert "lookup_phone" in text and "export 300 rows" in text
    for words in ("start_to_main_window", "due_lists_staff", "import 200 rows", "pdf 3 回访表", "allocate 120 cards"):
        assert words in text, words
    assert "peak memory" in text
    # The Markdown tables of docs/performance.md come from the same results.
    from bench.report import once_table, per_size_table

    md = per_size_table(saved)
    assert "| 60 customers |" in md and "| front desk: full phone |" in md
    phone_row = next(line for line in md.splitlines() if "front desk: full phone" in line)
    assert "—" not in phone_row and "×" in phone_row  # measured, beside its bare baseline
    assert "import 200 rows" in once_table(saved) and "export 300 rows" in once_table(saved)
    # A second run reuses the cached database instead of building it again.
    again = run(
        [60], runs=1, cache=tmp_path / "cache", out=out, export_rows=0, import_rows=0, pdf_forms=0,
        allocation=(0, 0), log=lambda m: None,
    )  # fmt: skip
    assert again["sizes"]["60"]["build"]["cached"] is True
