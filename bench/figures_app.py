"""The figures of issue 9 that need a whole program or a fresh process: start-up, peak memory, the
callback due lists, and the size-independent jobs (import 50,000 rows, 1,000 回访表 as PDF, one
10,000-card allocation).

Start-up and the heavy jobs run in child processes (bench/startup_probe.py, bench/job.py), so
their wall time starts at the spawn and their peak resident memory (ru_maxrss) is their own.
Every figure is a median over its runs; a figure with a bare-library baseline carries
``baseline_ms`` and ``ratio``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.core import ROOT, working_copy
from bench.job import run_job

START_TARGET_MS = 2000
MEMORY_TARGET_MB = 400
PROBE = ROOT / "bench" / "startup_probe.py"
PROBE_TIMEOUT_S = 600


# -- start to a usable main window -------------------------------------------------------------------


def _probe_env(home: Path) -> dict:
    """Offscreen Qt, and settings and data folders of its own: the probe never reads or writes the
    user's stored language, window layout or data folder."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "data")
    return env


def probe_once(args: list[str], env: dict) -> dict:
    """Spawn one probe; wall milliseconds from the spawn to its READY line, and what it printed."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(PROBE), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    line = ""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(("READY ", "FAILED")):
            break
    wall = (time.perf_counter() - started) * 1000
    try:
        _out, err = proc.communicate(timeout=PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
    if not line.startswith("READY "):
        tail = " | ".join((line.strip(), *err.strip().splitlines()[-4:]))
        raise RuntimeError(f"start-up probe failed ({proc.returncode}): {tail}")
    if proc.returncode != 0:
        raise RuntimeError(f"start-up probe exited with {proc.returncode}: {err.strip().splitlines()[-3:]}")
    return {**json.loads(line[len("READY ") :]), "wall_ms": wall}


def start_to_main_window(cached: Path, workdir: Path, runs: int, login: str = "clerk") -> dict:
    """Program start to the main window showing the customer list's first page, from the parent's
    spawn of a fresh process. One first start (cold file cache, daily backup due) is kept apart;
    the median is over the ``runs`` starts after it. Baseline: bare PySide6 + sqlite3 showing the
    same page in a plain table."""
    from services.cli import demo

    password = {x.username: x.password for x in (demo.ADMIN_LOGIN, *demo.OFFICE_LOGINS)}[login]
    folder = workdir / "startup"
    folder.mkdir(exist_ok=True)
    db = working_copy(cached, folder, "start.db")
    env = _probe_env(folder)
    first = probe_once([str(db), login, password], env)
    starts = [probe_once([str(db), login, password], env) for _ in range(runs)]
    bare = [probe_once(["--bare", str(db)], env) for _ in range(runs)]
    ms = statistics.median(s["wall_ms"] for s in starts)
    base = statistics.median(s["wall_ms"] for s in bare)
    login_ms = statistics.median(s["login_ms"] for s in starts)
    return {
        "ms": round(ms, 1),
        "inside_process_ms": round(statistics.median(s["ms"] for s in starts), 1),
        "login_ms": round(login_ms, 1),
        "without_login_ms": round(ms - login_ms, 1),
        "baseline_ms": round(base, 1),
        "ratio": round(ms / base, 1) if base else None,
        "phases_ms": {
            k: round(statistics.median(s["phases_ms"][k] for s in starts), 1) for k in starts[0]["phases_ms"]
        },
        "first_start_ms": round(first["wall_ms"], 1),
        "peak_rss_mb": max(s["peak_rss_mb"] for s in starts),
        "baseline_peak_rss_mb": max(s["peak_rss_mb"] for s in bare),
        "rows": starts[0]["rows"],
        "role": starts[0]["role"],
        "runs": runs,
        "target_ms": START_TARGET_MS,
        "note": (
            "spawn → main window painted with the customer list's first page (offscreen Qt; sign-in via "
            "auth.login, login_ms = the scrypt check); first_start_ms = the run before, cold, daily backup due; "
            "baseline = bare PySide6 table of the same 200 rows by sqlite3"
        ),
    }


# -- the callback due lists ----------------------------------------------------------------------------

_TASKS_SQL = (
    "SELECT t.id, t.customer_id, c.name, c.address, p.number, t.kind, t.staff_id, s.name, t.window_start, "
    "t.due_at, t.closed_at, t.period, o.owner_id, o.next_deadline, o.next_rule FROM callback_task t "
    "JOIN customer c ON c.id = t.customer_id LEFT JOIN phone p ON p.customer_id = c.id AND p.position = 0 "
    "LEFT JOIN ownership o ON o.customer_id = t.customer_id LEFT JOIN staff s ON s.id = t.staff_id "
    "WHERE t.closed_at IS NULL AND t.window_start <= ? AND (t.due_at > ? OR t.kind = 'complaint') "
    "AND t.due_at <= ? {scope} "
    "ORDER BY t.due_at, t.id LIMIT ?"
)
DUE_PAGE = 200  # the 回访跟踪 tab's page


def due_list(b, role: str) -> dict:
    """The 回访跟踪 tab's first page (今天到期: missed duties are off the to-do list) for a staff member, a department
    manager or the director, through ``callbacks.tasks``; baseline: the same rows by one sqlite3 query."""
    import datetime as dt

    from models import User
    from services.office.auth import actor_for

    if role == "staff":  # the staff member with the most open duties: the longest list there is
        busiest = b.con.execute(
            "SELECT t.staff_id FROM callback_task t JOIN user u ON u.staff_id = t.staff_id AND u.role = 'staff' "
            "WHERE t.closed_at IS NULL GROUP BY t.staff_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        if busiest is None:
            return {"status": "not measured: no staff member has open callback duties in this database"}
        actor = actor_for(User.get((User.staff == busiest[0]) & (User.role == "staff")))
        scope, extra = "AND t.staff_id = ?", (actor.staff_id,)
    elif role == "manager":
        actor = b.actor("manager")
        scope = "AND t.staff_id IN (SELECT id FROM staff WHERE department_id = ?)"
        extra = (actor.department_id,)
    else:
        actor = b.actor(role)
        scope, extra = "", ()
    now = b.now
    today_end = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
    sql = _TASKS_SQL.format(scope=scope)
    args = (now.isoformat(" "), now.isoformat(" "), today_end.isoformat(" "), *extra, DUE_PAGE)
    rows = len(b.app.callbacks.tasks(actor, when="today", now=now, limit=DUE_PAGE))
    service = [lambda: b.app.callbacks.tasks(actor, when="today", now=now, limit=DUE_PAGE)]
    baseline = [lambda: b.con.execute(sql, args).fetchall()]
    out = b.ratio(service, baseline, f"callbacks.tasks today, first page of {DUE_PAGE} ({role}) vs one sqlite3 query")
    bare_rows = len(b.con.execute(sql, args).fetchall())
    return {**out, "rows": rows, "baseline_rows": bare_rows}


# -- peak memory of the heavy jobs ------------------------------------------------------------------


def rebuild_job(db: str, now: str) -> dict:
    """(In a child process) rebuild every snapshot of ``db``; the caller gives a throw-away copy."""
    import datetime as dt
    import time

    from models import close_db, init_db
    from services.app import Services
    from services.office.permissions import SYSTEM
    from services.platform.clock import FixedClock

    at = dt.datetime.fromisoformat(now)
    init_db(db)
    try:
        cpu = time.process_time()
        done = Services(FixedClock(at)).timeline.rebuild(SYSTEM, at)
        return {"customers": done, "cpu_ms": round((time.process_time() - cpu) * 1000, 1)}
    finally:
        close_db()


def rebuild_memory(cached: Path, workdir: Path, now) -> dict:
    db = working_copy(cached, workdir, "rebuild-memory.db")
    try:
        job = run_job("bench.figures_app", "rebuild_job", db=str(db), now=now.isoformat(" "))
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    result = job["result"]
    return {
        "peak_rss_mb": job["peak_rss_mb"],
        "ms": job["ms"],
        "cpu_ms": result["cpu_ms"],
        "customers": result["customers"],
    }


def export_job(db: str, rows: int, out: str) -> dict:
    """(In a child process) the list export's writer (services.output.export.write_xlsx) fed ``rows`` rows from
    ``db`` by a generator, as the card-list export feeds it (cycled when the database holds fewer)."""
    import datetime as dt
    import sqlite3

    from bench.export_figure import COLUMNS
    from services.output.export import Column, write_xlsx

    # immutable: read without locks or -wal/-shm files beside it (the cached database is only read)
    con = sqlite3.connect(f"{Path(db).resolve().as_uri()}?immutable=1", uri=True)
    sql = (
        "SELECT c.id, c.name, p.number, c.sex, c.birth_year, c.address, c.occupation, c.source_channel, "
        "s.name, d.name, o.claim_state, c.created_at FROM customer c "
        "LEFT JOIN phone p ON p.customer_id = c.id AND p.position = 0 "
        "LEFT JOIN ownership o ON o.customer_id = c.id LEFT JOIN staff s ON s.id = o.owner_id "
        "LEFT JOIN department d ON d.id = o.owner_department_id ORDER BY c.id"
    )

    def feed():
        done = 0
        while done < rows:
            for r in con.execute(sql):
                r = list(r)
                r[11] = dt.datetime.fromisoformat(r[11]) if isinstance(r[11], str) else r[11]
                yield tuple(r)
                done += 1
                if done >= rows:
                    return

    columns = [Column(t) for t in COLUMNS[:-1]] + [Column(COLUMNS[-1], number_format="yyyy-mm-dd hh:mm")]
    try:
        written = write_xlsx(Path(out), "顾客名单", columns, feed())
    finally:
        con.close()
    return {"rows": written, "file_mb": round(Path(out).stat().st_size / 2**20, 1)}


def export_memory(cached: Path, rows: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        job = run_job("bench.figures_app", "export_job", db=str(cached), rows=rows, out=str(Path(tmp) / "e.xlsx"))
    return {"peak_rss_mb": job["peak_rss_mb"], "ms": job["ms"], **job["result"]}


# -- size-independent jobs, each run in a fresh process -------------------------------------------------


def _median_of(results: list[dict]) -> dict:
    """Field-wise median of numeric fields over runs (other fields from the first run)."""
    out = dict(results[0])
    for key, value in results[0].items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = round(statistics.median(r[key] for r in results), 3)
    return out


def import_figure(rows: int, runs: int) -> dict:
    """Import of ``rows`` template rows (every check) vs bare openpyxl + sqlite3 inserts."""
    jobs = [run_job("bench.import_cards", "measure", rows=rows) for _ in range(runs)]
    r = _median_of([j["result"] for j in jobs])
    return {
        "ms": round(r["s"] * 1000, 1),
        "cpu_ms": round(r["cpu_s"] * 1000, 1),
        "baseline_ms": round(r["baseline_s"] * 1000, 1),
        "baseline_cpu_ms": round(r["baseline_cpu_s"] * 1000, 1),
        "ratio": round(r["s"] / r["baseline_s"], 1) if r["baseline_s"] else None,
        "rows": rows,
        "imported": r["imported"],
        "rejected": r["rejected"],
        "check_ms": round(r["check_s"] * 1000, 1),
        "commit_ms": round(r["commit_s"] * 1000, 1),
        "peak_rss_mb": max(j["peak_rss_mb"] for j in jobs),
        "runs": runs,
        "target_ms": 60_000 * rows / 50_000,
        "note": (
            "importer.import_cards (read, check, duplicates, write) vs openpyxl read-only + sqlite3 inserts of "
            "the same columns (pinyin columns by the same helpers), no checks"
        ),
    }


def pdf_job(forms: int) -> dict:
    """(In a child process) bench_output's 回访表 figure: the service and bare reportlab, one run each."""
    from bench.bench_output import pdf_figures

    with tempfile.TemporaryDirectory() as tmp:
        return pdf_figures(forms, 1, Path(tmp), log=lambda m: None)


def pdf_figure(forms: int, runs: int) -> dict:
    """``forms`` 回访表 in one PDF (services.output.pdf) vs bare reportlab drawing the same; CPU ratio (as
    bench/bench_output.py reports it: the machine is shared)."""
    jobs = [run_job("bench.figures_app", "pdf_job", forms=forms) for _ in range(runs)]
    r = _median_of([j["result"] for j in jobs])
    return {
        "ms": round(r["wall_s"] * 1000, 1),
        "cpu_ms": round(r["cpu_s"] * 1000, 1),
        "baseline_ms": round(r["baseline_wall_s"] * 1000, 1),
        "baseline_cpu_ms": round(r["baseline_cpu_s"] * 1000, 1),
        "ratio": r["ratio"],
        "ratio_same_streams": r["ratio_same_streams"],
        "forms": forms,
        "file_mb": r["file_mb"],
        "peak_rss_mb": max(j["peak_rss_mb"] for j in jobs),
        "runs": runs,
        "target_ratio": 1.5,
        "note": "callback_forms_pdf vs bare reportlab canvas (ratio of CPU time, median over fresh processes)",
    }


def allocation_figure(cards: int, staff: int, runs: int) -> dict:
    """Process, preview and confirm one batch of ``cards`` to ``staff`` (no bare baseline: the sharing out
    and the events are the program's own rules)."""
    jobs = [run_job("bench.bench_allocation", "measure", n_cards=cards, n_staff=staff) for _ in range(runs)]
    r = _median_of([j["result"] for j in jobs])
    return {
        "ms": round(r["s"] * 1000, 1),
        "cpu_ms": round(r["cpu_s"] * 1000, 1),
        "process_ms": round(r["process_s"] * 1000, 1),
        "preview_ms": round(r["preview_s"] * 1000, 1),
        "confirm_ms": round(r["confirm_s"] * 1000, 1),
        "add_cards_ms": round(r["add_cards_s"] * 1000, 1),
        "cards": cards,
        "staff": staff,
        "each": f"{int(r['each_min'])}–{int(r['each_max'])}",
        "peak_rss_mb": max(j["peak_rss_mb"] for j in jobs),
        "runs": runs,
        "target_ms": 3000,
        "note": "allocation.process + preview + confirm (setup and add_cards not counted); no bare baseline",
    }
