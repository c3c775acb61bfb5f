"""bench/bench_output.py keeps working (CI): tiny sizes, every figure present. No timing is asserted."""

from __future__ import annotations

import json

from bench import bench_output


def test_output_bench_measures_export_and_forms_and_writes_json(tmp_path, capsys):
    out = tmp_path / "output.json"
    assert bench_output.main(["--rows", "300", "--forms", "3", "--out", str(out)]) == 0
    saved = json.loads(out.read_text("utf-8"))
    export, forms = saved["export"], saved["pdf"]
    assert export["rows"] == 300 and export["ratio"] > 0 and export["baseline_cpu_s"] > 0
    assert set(export["memory_by_rows"]) == {"300"}
    assert export["memory_by_rows"]["300"]["service_rss_mb"] > 10  # a real process was measured
    assert forms["forms"] == 3 and forms["ratio"] > 0 and forms["ratio_same_streams"] > 0
    assert forms["file_mb"] > 0


def test_bare_forms_print_the_same_words_as_the_service(tmp_path):
    import shutil
    import subprocess

    import pytest

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils missing")
    items = bench_output.forms(2)
    words = []
    for name, fn in (("s", bench_output.service_forms), ("b", bench_output.bare_forms)):
        path = fn(tmp_path / f"{name}.pdf", items)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        words.append(sorted("".join(text.split())))
    assert words[0] == words[1]  # the baseline draws the same content, not less
