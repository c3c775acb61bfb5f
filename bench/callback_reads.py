"""`python -m bench.callback_reads [--sizes N ...] [--db PATH] [--runs R]`: the 回访 reads of issue 20.

Two figures, each the median of ``runs`` calls after one warm-up, wall and CPU time:
- the staff member's due list, first page (``callbacks.tasks``, 200 rows, as the 回访跟踪 tab asks for
  it: 今天到期, its default, and 全部可办) for the staff member with the most open duties — target ≤ 100 ms;
- the department overview (``callbacks.overview.department_overview``, the manager's landing page) of the
  department with the most open duties — target ≤ 300 ms.
Beside each figure: every SQL statement the call ran, with its EXPLAIN QUERY PLAN (EXPLAIN on PostgreSQL).

The databases are bench/core's cached demo databases (KEYUAN_BENCH_CACHE=/dir), or ``--db`` files; a
database at an older schema is migrated in place first (no copy: bench files), and the month's duties are
created as the first sweep of the morning does (``callbacks.ensure_month``), so the lists hold what an
office sees. Results go to bench/callback_reads.json; ``--report`` prints the Markdown table of
docs/performance.md. No assertions: figures only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

from bench.core import CACHE, ROOT, cached_db, machine

OUT = ROOT / "bench" / "callback_reads.json"
SEED = 20260301
PAGE = 200
TARGETS_MS = {"due_list_today": 100, "due_list_open": 100, "department_overview": 300}
LABELS = {
    "due_list_today": "due list, first page: staff member, 今天到期",
    "due_list_open": "due list, first page: staff member, 全部可办",
    "department_overview": "department overview (manager's landing page)",
}


class Statements:
    """Records every statement the database runs while active (to explain them afterwards)."""

    def __init__(self, database):
        self.database = database
        self.seen: list[tuple[str, tuple]] = []

    def __enter__(self):
        inner = self.database.execute_sql

        def recording(sql, params=None, *args, **kwargs):
            self.seen.append((sql, tuple(params or ())))
            return inner(sql, params, *args, **kwargs)

        self.database.execute_sql = recording
        return self

    def __exit__(self, *exc):
        del self.database.execute_sql  # back to the class's method
        return False


def plans(database, statements: list[tuple[str, tuple]]) -> list[dict]:
    import peewee as pw

    pg = isinstance(database, pw.PostgresqlDatabase)
    out, seen = [], set()
    for sql, params in statements:
        if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
            continue
        seen.add(sql)
        rows = database.execute_sql(("EXPLAIN " if pg else "EXPLAIN QUERY PLAN ") + sql, params).fetchall()
        plan = " / ".join((r[0] if pg else str(r[-1])).strip() for r in rows)
        out.append({"sql": sql, "plan": plan})
    return out


def _median(fn, runs: int) -> tuple[float, float, object]:
    import statistics

    value = fn()  # warm-up (and the value)
    walls, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        cpus.append((time.process_time() - c) * 1000)
        walls.append((time.perf_counter() - t) * 1000)
    return statistics.median(walls), statistics.median(cpus), value


def _busiest_staff(now: dt.datetime):
    """The staff member (with an account) who owes the most duties that can still be done."""
    from models import db

    row = db.obj.execute_sql(
        "SELECT t.staff_id FROM callback_task t JOIN staff s ON s.id = t.staff_id AND s.position = 'staff' "
        "WHERE t.closed_at IS NULL AND t.due_at > ? GROUP BY t.staff_id ORDER BY count(*) DESC LIMIT 1",
        (now.isoformat(" "),),
    ).fetchone()
    return _actor("staff", row[0]) if row else None


def _busiest_manager(now: dt.datetime):
    from models import db

    row = db.obj.execute_sql(
        "SELECT s.department_id FROM callback_task t JOIN staff s ON s.id = t.staff_id "
        "WHERE t.closed_at IS NULL AND s.department_id IS NOT NULL GROUP BY s.department_id "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    return _actor("manager", department_id=row[0]) if row else None


def _actor(role: str, staff_id: int | None = None, department_id: int | None = None):
    from models import Staff, User
    from services.office.auth import actor_for

    q = User.select().join(Staff, on=(User.staff == Staff.id)).where(User.role == role)
    if staff_id is not None:
        q = q.where(User.staff == staff_id)
    if department_id is not None:
        q = q.where(Staff.department == department_id)
    user = q.order_by(User.id).first()
    return actor_for(user) if user is not None else None


def _upgrade(path: str) -> list[str]:
    """Migrate a bench database in place (no pre-migration copy), each step timed."""
    from models import close_db, db, init_db
    from models.migrations import LATEST, MIGRATIONS, _set_version, schema_version

    init_db(path, migrate=False)
    done = []
    try:
        for version in range(schema_version(db.obj) + 1, LATEST + 1):
            t, c = time.perf_counter(), time.process_time()
            with db.obj.atomic():
                MIGRATIONS[version - 1](db.obj)
                _set_version(db.obj, version)
            line = f"v{version}: {time.perf_counter() - t:.1f} s [{time.process_time() - c:.1f} s CPU]"
            print(f"  migrated {Path(path).name} to {line}", flush=True)
            done.append(line)
    finally:
        close_db()
    return done


def measure(path: str, runs: int, log=print) -> dict:
    from models import Customer, db, init_db
    from services.app import Services
    from services.callbacks.overview import department_overview
    from services.cli.demo import END
    from services.platform.clock import FixedClock

    now = END + dt.timedelta(days=1, hours=-8)  # the next morning, 10:00 (as bench/list_shapes.py)
    migrated = _upgrade(path)
    init_db(path)
    try:
        app = Services(FixedClock(now))
        t = time.perf_counter()
        month = app.callbacks.ensure_month(now)
        month_s = time.perf_counter() - t
        staff, manager = _busiest_staff(now), _busiest_manager(now)
        out = {
            "customers": Customer.select().count(),
            "now": now.isoformat(" "),
            "migrations": migrated,
            "month_duties": {"customers": month, "seconds": round(month_s, 1)},
            "figures": {},
        }
        calls = {}
        if staff is not None:
            for when in ("today", "open"):
                calls[f"due_list_{when}"] = (
                    staff,
                    lambda w=when: app.callbacks.tasks(staff, when=w, now=now, limit=PAGE),
                    lambda rows: len(rows),
                )
        if manager is not None:
            calls["department_overview"] = (
                manager,
                lambda: department_overview(app, manager, now=now),
                lambda lines: len(lines),
            )
        for name, (actor, fn, size) in calls.items():
            ms, cpu, value = _median(fn, runs)
            with Statements(db.obj) as rec:
                fn()
            out["figures"][name] = {
                "ms": round(ms, 2),
                "cpu_ms": round(cpu, 2),
                "rows": size(value),
                "who": f"{actor.username} ({actor.role}, staff {actor.staff_id}, department {actor.department_id})",
                "statements": len(rec.seen),
                "plans": plans(db.obj, rec.seen),
                "target_ms": TARGETS_MS[name],
            }
            log(f"  {LABELS[name]:55} {ms:8.1f} ms [{cpu:7.1f} ms CPU], {size(value)} rows, {len(rec.seen)} statements")
    finally:
        from models import close_db

        close_db()
    return out


def report(doc: dict) -> str:
    sizes = list(doc["sizes"])
    lines = [
        "| figure | " + " | ".join(f"{int(k):,} customers" for k in sizes) + " | target |",
        "|---|" + "---|" * (len(sizes) + 1),
    ]
    for name, label in LABELS.items():
        cells = []
        for k in sizes:
            f = doc["sizes"][k]["figures"].get(name)
            cells.append(f"{f['ms']:.1f} ms [{f['cpu_ms']:.1f}] ({f['rows']} rows)" if f else "")
        lines.append(f"| {label} | " + " | ".join(cells) + f" | ≤ {TARGETS_MS[name]} ms |")
    big = sizes[-1]
    lines += ["", f"Query plans at {int(big):,} customers (every SELECT the call ran, in order):", ""]
    for name, f in doc["sizes"][big]["figures"].items():
        lines.append(f"- {LABELS[name]} ({f['who']}, {f['statements']} statements):")
        for p in f["plans"]:
            sql = " ".join(p["sql"].split())
            lines.append(f"  - `{sql[:160]}{'…' if len(sql) > 160 else ''}` → `{p['plan']}`")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.callback_reads")
    p.add_argument("--sizes", type=int, nargs="*", default=[10_000, 1_000_000])
    p.add_argument("--db", nargs="*", default=[], help="measure these database files instead of the cached sizes")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--cache", type=Path, default=CACHE)
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--report", action="store_true", help="print the saved results as Markdown and stop")
    a = p.parse_args(argv)
    if a.report:
        print(report(json.loads(a.out.read_text("utf-8"))))
        return 0
    paths = [Path(d) for d in a.db] or [cached_db(n, SEED, a.cache)[0] for n in a.sizes]
    results = {}
    for path in paths:
        print(f"{path}", flush=True)
        got = measure(str(path), a.runs)
        got["database"] = path.name
        results[str(got["customers"])] = got
    doc = {
        "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "runs": a.runs,
        "sizes": dict(sorted(results.items(), key=lambda kv: int(kv[0]))),
    }
    a.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    print(report(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
