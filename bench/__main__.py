"""`python -m bench [--quick] [--full] [--sizes N ...]`: measure, print a table, write bench/results.json.

Default sizes: 10,000, 100,000 and 1,000,000 customers (a database missing from bench/cache/ is
built first; 1,000,000 takes hours, see docs/performance.md).
--quick   10,000 customers only, fewer runs (CI-safe; no timing assertions anywhere)
--full    rebuild-all snapshots at every size (otherwise only up to 100,000)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

from bench.core import CACHE, ROOT, bare, cached_db, machine

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
REBUILD_LIMIT = 100_000  # rebuilding 1M snapshots takes long: only with --full
EXPORT_ROWS = 100_000

# Figures of issue 9 this suite cannot measure, and why.
NOT_MEASURED = {
    "start_to_main_window": "not measured: feature missing (start-up timing hook not in the code yet)",
    "import_50k_rows": "not measured: not yet in this suite (services/importer.py is new)",
    "pdf_1000_visit_forms": "not measured here: bench/bench_output.py measures it beside bare reportlab",
    "allocate_10k_batch": "not measured here: bench/bench_allocation.py measures it separately",
    "due_lists": "not measured: feature missing (callback due lists not in the services yet)",
    "peak_memory": "not measured: not yet in this suite",
}


def measure_size(cached: Path, runs: int, rebuild: bool, log) -> dict:
    from bench import figures

    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        b = figures.Bench(cached, Path(tmp), runs)
        try:
            steps = [
                ("list_first_page", lambda: figures.list_first_page(b)),
                ("lookup_phone", lambda: figures.front_desk_lookup(b, "phone")),
                ("lookup_last4", lambda: figures.front_desk_lookup(b, "last4")),
                ("lookup_name_prefix", lambda: figures.front_desk_lookup(b, "name")),
                ("duplicate_check", lambda: figures.duplicate_check(b)),
                ("record_event", lambda: figures.record_event(b)),
                ("verdict_explained", lambda: figures.verdict(b)),
                ("deadline_sweep", lambda: figures.sweep(b)),
            ]
            if rebuild:
                steps.append(("rebuild_all_snapshots", lambda: figures.rebuild(b)))
            for name, fn in steps:
                log(f"  {name} …")
                out[name] = fn()
        finally:
            b.close()
    if not rebuild:
        out["rebuild_all_snapshots"] = {"status": f"not measured: only up to {REBUILD_LIMIT:,} unless --full"}
    return out


def run(
    sizes: list[int],
    *,
    runs: int = 5,
    full: bool = False,
    seed: int = 20260301,
    cache: Path = CACHE,
    out: Path = ROOT / "bench" / "results.json",
    export_rows: int = EXPORT_ROWS,
    export_runs: int = 3,
    log=print,
) -> dict:
    """Measure every size and write ``out``; returns the results dictionary."""
    from bench.export_figure import export_figure

    results: dict = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "seed": seed,
        "runs": runs,
        "sizes": {},
        "not_measured": dict(NOT_MEASURED),
    }
    largest = None
    for n in sizes:
        log(f"{n:,} customers")
        path, build = cached_db(n, seed, cache, log)
        entry = {"build": build, "database_mb": round(path.stat().st_size / 2**20, 1)}
        entry["figures"] = measure_size(path, runs, full or n <= REBUILD_LIMIT, log)
        results["sizes"][str(n)] = entry
        largest = path
    if largest is not None and export_rows:
        log(f"export of {export_rows:,} rows …")
        con = bare(largest)
        try:
            results["export"] = export_figure(con, export_rows, export_runs)
        finally:
            con.close()
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return results


def table(results: dict) -> str:
    sizes = list(results["sizes"])
    names: list[str] = []
    for entry in results["sizes"].values():
        names += [k for k in entry["figures"] if k not in names]
    head = f"{'wall [cpu] ×ratio to bare':<26}" + "".join(f"{int(n):>30,}" for n in sizes)
    lines = [head, "-" * len(head)]
    for name in names:
        cells = []
        for n in sizes:
            f = results["sizes"][n]["figures"].get(name, {})
            cells.append(_cell(f))
        lines.append(f"{name:<26}" + "".join(f"{c:>30}" for c in cells))
    lines.append(
        f"{'build (customers/s)':<26}"
        + "".join(f"{results['sizes'][n]['build'].get('customers_per_second', 'cached')!s:>30}" for n in sizes)
    )
    if "export" in results:
        e = results["export"]
        lines.append(
            f"export {e['rows']:,} rows: {e['ms'] / 1000:.1f} s vs bare openpyxl {e['baseline_ms'] / 1000:.1f} s"
        )
        lines[-1] += f" (ratio {e['ratio']}; CPU ratio {e['cpu_ratio']})"
    for name, why in results["not_measured"].items():
        lines.append(f"{name}: {why}")
    return "\n".join(lines)


def _cell(f: dict) -> str:
    if "status" in f:
        return "n/a"
    if "ms" not in f:
        return "-"
    text = _ms(f["ms"])
    if "cpu_ms" in f:
        text += f" [{_ms(f['cpu_ms'])}]"
    if f.get("ratio") is not None:
        text += f" ×{f['ratio']}"
    return text


def _ms(value: float) -> str:
    return f"{value:.2f}ms" if value < 1000 else f"{value / 1000:.1f}s"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--quick", action="store_true", help="10,000 customers only (CI)")
    p.add_argument("--full", action="store_true", help="rebuild-all snapshots at every size")
    p.add_argument("--sizes", type=int, nargs="+", help="customer counts to measure")
    p.add_argument("--runs", type=int, help="runs per figure (median)")
    p.add_argument("--export-rows", type=int, default=EXPORT_ROWS, help="rows of the export figure (0: skip)")
    p.add_argument("--export-runs", type=int, help="runs of the export figure (default 3, --quick 1)")
    p.add_argument("--cache", type=Path, default=CACHE)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = p.parse_args(argv)
    if args.sizes:
        sizes = args.sizes
    elif args.quick:
        sizes = [10_000]
    else:
        sizes = list(DEFAULT_SIZES)
    runs = args.runs or (3 if args.quick else 5)
    results = run(
        sizes, runs=runs, full=args.full, cache=args.cache, out=args.out, export_rows=args.export_rows,
        export_runs=args.export_runs or (1 if args.quick else 3), log=lambda m: print(m, file=sys.stderr, flush=True),
    )  # fmt: skip
    print(table(results))
    print(f"\nresults: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
