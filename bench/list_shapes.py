"""`python -m bench.list_shapes [--sizes N ...] [--runs R] [--out FILE]`: the card list as people meet it.

For every filter the 顾客档案 filter bar offers, alone and in the pairs people use (department +
state, department + sort by deadline, name prefix + department, date range + channel, occupation +
ABC + age band), and for each role's default view, this times what the tab asks the services for
when a query changes: the first page (``customers.search``, 200 rows) and the count shown beside it
(``customers.count_estimate``, then the exact ``customers.count`` the tab refines it with in the
background). Each figure is the median of ``runs`` calls after one warm-up, with the query plan of
the page and of the count (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL) saved beside it.

The databases are bench/core's cached demo databases (KEYUAN_BENCH_CACHE=/dir to keep them outside
the source tree); a cache still at an older schema is migrated in place once (no copy: it is a
bench file). Results go to bench/list_shapes.json; `python -m bench.list_shapes --report` prints them
as the Markdown table of docs/performance.md. No assertions: figures only.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

from bench.core import CACHE, ROOT, cached_db, machine

OUT = ROOT / "bench" / "list_shapes.json"
SEED = 20260301  # the seed `python -m bench` builds its databases with
TARGET_MS = 300


def _upgrade_in_place(path: Path, card_list_only: bool = False) -> None:
    """Bring a cached bench database to the current schema without the pre-migration copy. With
    ``card_list_only``, only the card list's own migrations (9 and 12: indexes, the address index, a
    snapshot row for every card; idempotent)
    and the version left as it was, so the other migrations still run when the program next opens it:
    migration 8 back-fills the callback ledger from every visit, about 30 s per 10,000 customers here,
    and the card list reads none of it."""
    from models import close_db, db, init_db
    from models.migrations import (
        LATEST,
        MIGRATIONS,
        _m9_card_list_filters,
        _m12_card_list_snapshots,
        _set_version,
        schema_version,
    )

    init_db(str(path), migrate=False)
    if card_list_only:
        t = time.perf_counter()
        with db.obj.atomic():
            _m9_card_list_filters(db.obj)
            _m12_card_list_snapshots(db.obj)
        print(f"  card list indexes on {path.name} in {time.perf_counter() - t:.1f} s", flush=True)
        close_db()
        return
    current = schema_version(db.obj)
    for version in range(current + 1, LATEST + 1):
        t = time.perf_counter()
        with db.obj.atomic():
            MIGRATIONS[version - 1](db.obj)
            _set_version(db.obj, version)
        print(f"  migrated {path.name} to v{version} in {time.perf_counter() - t:.1f} s", flush=True)
    close_db()


# What _enrich fills where the demo left a column empty everywhere: (the test, the statements).
_ABC = (
    "SELECT 1 FROM customer WHERE abc_class != '' LIMIT 1",
    "UPDATE customer SET abc_class = CASE WHEN id * 7 % 20 < 3 THEN 'A' WHEN id * 7 % 20 < 12 THEN 'B' ELSE 'C' END",
)
_INCOME = (
    "SELECT 1 FROM customer WHERE income_band != '' LIMIT 1",
    "UPDATE customer SET income_band = CASE id * 13 % 5 WHEN 0 THEN 'lt3k' WHEN 1 THEN '3k_5k'"
    " WHEN 2 THEN '5k_8k' WHEN 3 THEN '8k_15k' ELSE 'ge15k' END",
)
_TAGS = (
    "SELECT 1 FROM customer_tag LIMIT 1",
    "INSERT INTO customer_tag (customer_id, tag) SELECT id, '养生保健' FROM customer WHERE id % 5 = 2",
    "INSERT INTO customer_tag (customer_id, tag) SELECT id, '旅游' FROM customer WHERE id % 10 = 3",
)


def _enrich_statements(has) -> list[str]:
    """The statements that fill what the database lacks (``has(sql)``: whether the test finds a row)."""
    return [sql for test, *fill in (_ABC, _INCOME, _TAGS) if not has(test) for sql in fill]


def _enrich(path: Path) -> None:
    """The v3 demo gives cards an ABC class (8 % A) and interest tags (养生保健 on ~7 %, …) but no income
    band, the v2 one none of them; the filter bar offers all three, so the bench fills what a database
    lacks, deterministically from the card id (A 15 %, B 45 %, C 40 %; five income bands; 养生保健 on a
    fifth of the cards, 旅游 on a tenth). Once per cached database, before it is measured; the card
    list's other figures do not read these columns."""
    import sqlite3

    con = sqlite3.connect(str(path))
    try:
        todo = _enrich_statements(lambda sql: con.execute(sql).fetchone() is not None)
        if not todo:
            return
        t = time.perf_counter()
        with con:
            for sql in todo:
                con.execute(sql)
        print(f"  filled ABC / income / tags of {path.name} in {time.perf_counter() - t:.1f} s", flush=True)
    finally:
        con.close()


def _enrich_pg(url: str) -> None:
    """``_enrich`` on the office server the bench measures (moved in from a demo database before it was
    enriched), so its shapes match the SQLite ones; then ANALYZE, as the planner needs."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        todo = _enrich_statements(lambda sql: con.execute(sql).fetchone() is not None)
        if not todo:
            return
        t = time.perf_counter()
        with con.transaction():
            for sql in todo:
                con.execute(sql + (" ON CONFLICT DO NOTHING" if "INSERT" in sql else ""))
        con.execute("VACUUM ANALYZE customer")
        con.execute("VACUUM ANALYZE customer_tag")
        print(f"  filled ABC / income / tags on the server in {time.perf_counter() - t:.1f} s", flush=True)


def _cards(path: Path) -> int:
    """Every card of the database, archived ones too (the size a result is filed under)."""
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM customer").fetchone()[0]
    finally:
        con.close()


def _actor(role: str, staff_id: int | None = None):
    """The first user of ``role`` (of staff member ``staff_id``); a bare Actor when the demo has none."""
    from models import Staff, User
    from services.office.auth import actor_for
    from services.office.permissions import Actor

    q = User.select().where(User.role == role).order_by(User.id)
    if staff_id is not None:
        q = q.where(User.staff == staff_id)
    user = q.first()
    if user is not None:
        return actor_for(user)
    dept = Staff.get_by_id(staff_id).department_id if staff_id else None
    return Actor(None, f"bench-{role}", role, staff_id, dept)


def shapes(now: dt.datetime) -> list[tuple[str, object, object]]:
    """(label, actor, CustomerQuery): what the bench measures. Values are the demo office's own: the
    busiest department's manager, and a staff member of it (whose default view is their own cards)."""
    from models import Customer, Ownership, db
    from services.customers.search import CustomerQuery as Q

    manager = _actor("manager")
    dept = manager.department_id
    staff_id = (
        Ownership.select(Ownership.owner)
        .where(Ownership.owner_department == dept, Ownership.owner.is_null(False))
        .order_by(Ownership.customer.desc())
        .limit(1)
        .scalar()
    )
    top = db.obj.execute_sql("SELECT max(created_at) FROM customer").fetchone()[0]
    last = dt.datetime.fromisoformat(str(top)[:19]).date().replace(day=1)
    month_from = (last - dt.timedelta(days=1)).replace(day=1)  # the last full month of entries
    month_to = last - dt.timedelta(days=1)
    channel = Customer.select(Customer.source_channel).where(Customer.id <= 10_000).group_by(Customer.source_channel)
    channel = channel.order_by(pw_count().desc()).limit(1).scalar()
    other_dept = dept + 1 if dept else None
    s = [
        ("plain (manager, director, clerk, front desk: their default)", "manager", Q()),
        ("staff member's default: own cards", "staff", Q(owner_id=staff_id)),
        ("department (own)", "manager", Q(department_id=dept)),
        ("department (another, masked)", "manager", Q(department_id=other_dept)),
        ("owner", "manager", Q(owner_id=staff_id)),
        ("claim state = pending", "manager", Q(claim_state="pending")),
        ("claim state = active", "manager", Q(claim_state="active")),
        ("claim state = pool", "manager", Q(claim_state="pool")),
        ("claim state = none", "manager", Q(claim_state="none")),
        ("channel", "manager", Q(channel=channel)),
        ("occupation group", "manager", Q(occupation="enterprise")),
        ("occupation (one)", "manager", Q(occupation="teacher.middle")),
        ("age band 70s", "manager", Q(age_band="70s")),
        ("income band", "manager", Q(income_band="3k_5k")),
        ("ABC = A", "manager", Q(abc_class="A")),
        ("tag", "manager", Q(tag="养生保健")),
        ("created in the last full month", "manager", Q(created_from=month_from, created_to=month_to)),
        ("archived cards", "manager", Q(archived=True)),
        ("sort by name", "manager", Q(sort="name", descending=False)),
        ("sort by owner", "manager", Q(sort="owner", descending=False)),
        ("sort by deadline", "manager", Q(sort="deadline", descending=False)),
        ("name starts with 王", "manager", Q(text="王")),
        ("name starts with 王, by name", "manager", Q(text="王", sort="name", descending=False)),
        ("name starts with 王, by deadline", "manager", Q(text="王", sort="deadline", descending=False)),
        ("pinyin initials wl", "manager", Q(text="wl")),
        ("pinyin initials wl, by name", "manager", Q(text="wl", sort="name", descending=False)),
        ("pinyin initials wl, by deadline", "manager", Q(text="wl", sort="deadline", descending=False)),
        ("address contains 新港区", "manager", Q(address="新港区")),
        ("address contains 新港区, by name", "manager", Q(address="新港区", sort="name", descending=False)),
        ("department + pending", "manager", Q(department_id=dept, claim_state="pending")),
        ("department by deadline", "manager", Q(department_id=dept, sort="deadline", descending=False)),
        ("department by name", "manager", Q(department_id=dept, sort="name", descending=False)),
        ("name 王 + department", "manager", Q(text="王", department_id=dept)),
        ("last month + channel", "manager", Q(created_from=month_from, created_to=month_to, channel=channel)),
        ("occupation + ABC + age band", "manager", Q(occupation="enterprise", abc_class="A", age_band="70s")),
        ("own cards by deadline (staff)", "staff", Q(owner_id=staff_id, sort="deadline", descending=False)),
        ("own cards by name (staff)", "staff", Q(owner_id=staff_id, sort="name", descending=False)),
    ]
    staff_user = _actor("staff", staff_id=staff_id)
    return [(label, staff_user if role == "staff" else manager, q) for label, role, q in s]


def pw_count():
    import peewee as pw

    return pw.fn.COUNT(pw.SQL("*"))


def _median(fn, runs: int) -> tuple[float, float, object]:
    """Median wall and CPU milliseconds of ``runs`` calls after a warm-up, and the value. CPU time is
    the figure to trust on a shared machine: wall time also counts waiting for a core."""
    result = fn()  # warm-up (and the value)
    walls, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        cpus.append((time.process_time() - c) * 1000)
        walls.append((time.perf_counter() - t) * 1000)
    return statistics.median(walls), statistics.median(cpus), result


def next_morning() -> dt.datetime:
    """10:00 on the day after the open database's last event: the morning after the demo's story ends,
    whichever demo generator wrote it (bench/figures.py measures at the same hour)."""
    from models import db
    from services.cli.demo import END

    last = db.obj.execute_sql("SELECT max(at) FROM event").fetchone()[0]
    day = dt.datetime.fromisoformat(str(last)[:19]).date() if last else END.date()
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(10))


def _plan(sql: str, params) -> str:
    from models import db

    pg = not isinstance(db.obj, __import__("peewee").SqliteDatabase)
    rows = db.obj.execute_sql(("EXPLAIN " if pg else "EXPLAIN QUERY PLAN ") + sql, params).fetchall()
    if pg:
        return " / ".join(r[0].strip() for r in rows)
    return " / ".join(str(r[-1]) for r in rows)


def measure(path_or_url: str, runs: int, log=print, migrate: bool = True, only: list[str] | None = None) -> dict:
    from models import close_db, init_db
    from services.app import Services
    from services.customers import search as customer_search
    from services.platform.clock import FixedClock

    init_db(path_or_url, migrate=migrate)
    now = next_morning()
    app = Services(FixedClock(now))
    out = []
    try:
        total = app.customers.count()
        for label, actor, query in shapes(now):
            if only and not any(o in label for o in only):
                continue
            role = actor.role
            page_ms, page_cpu, page = _median(lambda a=actor, q=query: app.customers.search(a, q, limit=200), runs)
            est_ms, est_cpu, est = _median(lambda a=actor, q=query: app.customers.count_estimate(a, q), runs)
            exact_ms, exact_cpu, exact = _median(lambda a=actor, q=query: app.customers.count(a, q), max(1, runs // 2))
            plans = [_plan(sql, p) for sql, p in customer_search.first_page_sql(query, now)]
            count_plans = [_plan(sql, p) for sql, p in customer_search.count_sql(query, now)]
            row = {
                "shape": label,
                "role": role,
                "query": {k: str(v) for k, v in dataclasses.asdict(query).items() if v != getattr(type(query)(), k)},
                "page_ms": round(page_ms, 2),
                "page_cpu_ms": round(page_cpu, 2),
                "rows": len(page.rows),
                "estimate_ms": round(est_ms, 2),
                "estimate_cpu_ms": round(est_cpu, 2),
                "estimate": est.n,
                "estimate_exact": est.exact,
                "count_ms": round(exact_ms, 2),
                "count_cpu_ms": round(exact_cpu, 2),
                "count": exact,
                "shown_ms": round(page_ms + est_ms, 2),  # what the user waits for: page + the count shown first
                "shown_cpu_ms": round(page_cpu + est_cpu, 2),
                "page_plan": plans,
                "count_plan": count_plans,
            }
            out.append(row)
            log(
                f"  {label:50} page {page_ms:7.1f} [{page_cpu:6.1f}] ms  estimate {est_ms:7.1f} [{est_cpu:6.1f}] ms"
                f" ({est.n:,}{'' if est.exact else '~'})  exact {exact_ms:8.1f} [{exact_cpu:7.1f}] ms ({exact:,})"
            )
    finally:
        close_db()
    return {"customers": total, "shapes": out}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.list_shapes")
    p.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--pg", default="", help="also measure this PostgreSQL URL (a copy of the largest size)")
    p.add_argument(
        "--pg-migrate",
        action="store_true",
        help="bring the PostgreSQL database to the latest schema first (default: measure it as it is, so a"
        " server another program version uses is left at its version)",
    )
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--cache", type=Path, default=CACHE, help="where the demo databases are (default bench/core's)")
    p.add_argument(
        "--files",
        type=Path,
        nargs="*",
        default=[],
        help="measure these SQLite databases (e.g. copies of bench databases another generator version wrote)"
        " instead of the cached demo databases of --sizes",
    )
    p.add_argument("--report", action="store_true", help="print the saved results as Markdown and stop")
    p.add_argument("--shapes", nargs="*", help="measure only the shapes whose label contains one of these")
    p.add_argument(
        "--card-list-only",
        action="store_true",
        help="apply only the card list's migration to the cached databases (see _upgrade_in_place)",
    )
    a = p.parse_args(argv)
    if a.report:
        print(report(json.loads(a.out.read_text("utf-8"))))
        return 0
    saved = json.loads(a.out.read_text("utf-8")) if a.out.exists() else {}
    results = saved.get("sizes", {})
    paths = list(a.files) or [cached_db(n, SEED, a.cache)[0] for n in a.sizes]
    for path in paths:
        _enrich(path)
        _upgrade_in_place(path, a.card_list_only)
        print(f"{path}", flush=True)
        got = measure(str(path), a.runs, migrate=not a.card_list_only, only=a.shapes)
        n = _cards(path)
        before = results.get(f"sqlite-{n}")
        if a.shapes and before:  # re-measured shapes replace their rows, the others stay
            new = {r["shape"]: r for r in got["shapes"]}
            got["shapes"] = [new.get(r["shape"], r) for r in before["shapes"]]
        results[f"sqlite-{n}"] = got
    if a.pg:
        print(f"PostgreSQL ({a.pg.split('@')[-1]})", flush=True)
        _enrich_pg(a.pg)
        results["postgresql"] = measure(a.pg, a.runs, migrate=a.pg_migrate)
    doc = {
        "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "runs": a.runs,
        "sizes": results,
    }
    a.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    print(report(doc))
    return 0


def _ms(v: float) -> str:
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def report(doc: dict) -> str:
    """Markdown: one row per shape, page + count shown (and the exact count) per size, the 1M plan."""
    sizes = [k for k in doc["sizes"]]
    head = "| shape | " + " | ".join(f"{k}: page + count shown = wall [CPU] (exact count)" for k in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(sizes)]
    by_size = {k: {r["shape"]: r for r in doc["sizes"][k]["shapes"]} for k in sizes}
    for label in by_size[sizes[0]]:
        cells = []
        for k in sizes:
            r = by_size[k].get(label)
            if r is None:
                cells.append("")
                continue
            mark = "" if r["shown_ms"] <= TARGET_MS else " **over**"
            est = "" if r["estimate_exact"] else " 约"
            cells.append(
                f"{_ms(r['page_ms'])} + {_ms(r['estimate_ms'])}{est} = {_ms(r['shown_ms'])}"
                f" [{_ms(r.get('shown_cpu_ms', 0))}] ms{mark} ({_ms(r['count_ms'])} ms)"
            )
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    sqlite = [k for k in sizes if k.startswith("sqlite-")]
    for big in [*sqlite[-1:], *(k for k in sizes if not k.startswith("sqlite-"))]:
        lines.append("")
        lines.append(f"Plans at {big} (page; count):")
        lines.append("")
        for r in doc["sizes"][big]["shapes"]:
            lines.append(f"- {r['shape']}: `{' ; '.join(r['page_plan'])}`; count `{' ; '.join(r['count_plan'])}`")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
