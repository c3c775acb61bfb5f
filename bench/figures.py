"""The figures: each runs against one demo database and returns milliseconds (and a baseline).

A figure returns a dict: ``ms`` (median), optionally ``baseline_ms`` and ``ratio`` (service ÷
bare library), ``runs`` and a ``note``. Figures whose service is not in the code return
``{"status": "not measured: feature missing"}``.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.core import bare, median_ms, program_gc, timed2, working_copy

MISSING = {"status": "not measured: feature missing"}
LOOKUP_KEYS = 20


class Bench:
    """Services bound to a working copy of one cached database, plus a bare connection to it."""

    def __init__(self, cached: Path, workdir: Path, runs: int):
        from models import init_db
        from services.app import Services
        from services.cli.demo import END
        from services.platform.clock import FixedClock

        self.cached = cached
        self.workdir = workdir
        self.runs = runs
        self.now = END + dt.timedelta(hours=1, minutes=30)  # the demo day, 10:00
        self.path = working_copy(cached, workdir)
        init_db(str(self.path))
        self.app = Services(FixedClock(self.now))
        self.con = bare(self.path)
        self.rng = random.Random(4)
        self.max_id = self.con.execute("SELECT max(id) FROM customer").fetchone()[0]

    def close(self) -> None:
        from models import close_db

        self.con.close()
        close_db()

    def actor(self, role: str, **where):
        from models import User
        from services.office.auth import actor_for

        q = User.select().where(User.role == role)
        for key, value in where.items():
            q = q.where(getattr(User, key) == value)
        return actor_for(q.first())

    def sample_ids(self, n: int) -> list[int]:
        return [self.rng.randint(1, self.max_id) for _ in range(n)]

    def ratio(self, service: list[Callable], baseline: list[Callable], note: str = "") -> dict:
        ms, cpu = median_ms(service, self.runs)
        base, base_cpu = median_ms(baseline, self.runs)
        out = {"ms": round(ms, 3), "cpu_ms": round(cpu, 3), "baseline_ms": round(base, 3)}
        out["baseline_cpu_ms"] = round(base_cpu, 3)
        out["ratio"] = round(ms / base, 1) if base else None
        out["runs"] = self.runs * len(service)
        if note:
            out["note"] = note
        return out


# -- lookups ------------------------------------------------------------------------------------

_OWNER_SQL = (
    "SELECT c.id, c.name, p.number, o.claim_state, o.next_deadline, s.name, d.name FROM {src} "
    "LEFT JOIN ownership o ON o.customer_id = c.id LEFT JOIN staff s ON s.id = o.owner_id "
    "LEFT JOIN department d ON d.id = o.owner_department_id "
)


def _phones(b: Bench, n: int) -> list[str]:
    ids = b.sample_ids(n)
    q = f"SELECT number FROM phone WHERE customer_id IN ({','.join('?' * len(ids))})"
    return [r[0] for r in b.con.execute(q, ids)]


def front_desk_lookup(b: Bench, kind: str) -> dict:
    """The front desk's one search box (phone / last four / name prefix) against the same bare query."""
    if getattr(b.app, "frontdesk", None) is None:
        return MISSING
    front = b.actor("front_desk")
    phones = _phones(b, LOOKUP_KEYS)
    if kind == "phone":
        keys = phones
        sql = _OWNER_SQL.format(src="phone p JOIN customer c ON c.id = p.customer_id") + "WHERE p.number = ? LIMIT 20"
        args = [(k,) for k in keys]
    elif kind == "last4":
        keys = [p[-4:] for p in phones]
        sql = _OWNER_SQL.format(src="phone p JOIN customer c ON c.id = p.customer_id") + "WHERE p.last4 = ? LIMIT 20"
        args = [(k,) for k in keys]
    else:
        ids = b.sample_ids(LOOKUP_KEYS)
        names = b.con.execute(f"SELECT name FROM customer WHERE id IN ({','.join('?' * len(ids))})", ids)
        keys = [n[0][:2] for n in names]  # surname + first given-name character, as typed
        sql = (
            _OWNER_SQL.format(src="customer c LEFT JOIN phone p ON p.customer_id = c.id AND p.position = 0")
            + "WHERE c.name >= ? AND c.name < ? AND (c.archived + 0) = 0 ORDER BY c.name, c.id LIMIT 20"
        )
        args = [(k, k[:-1] + chr(ord(k[-1]) + 1)) for k in keys]
    service = [lambda k=k: b.app.frontdesk.lookup(front, k) for k in keys]
    baseline = [lambda a=a: b.con.execute(sql, a).fetchall() for a in args]
    return b.ratio(service, baseline, "frontdesk.lookup (masked hits with owner) vs the same rows by sqlite3")


def duplicate_check(b: Bench) -> dict:
    """The live 查重 while typing, with the phone, name, address and birth year of an existing card.

    The baseline reads by sqlite3 what the check has to read: the cards sharing the phone, the cards
    sharing the name and those sharing its tone-less pinyin (address or birth year compared in Python,
    as raw text here), then the matches' owner, department and claim state.
    """
    if not hasattr(b.app.customers, "duplicate_candidates"):
        return MISSING
    clerk = b.actor("clerk")
    ids = b.sample_ids(LOOKUP_KEYS)
    rows = b.con.execute(
        "SELECT c.name, c.address, c.birth_year, p.number, c.name_pinyin FROM customer c "
        f"JOIN phone p ON p.customer_id = c.id WHERE c.id IN ({','.join('?' * len(ids))})",
        ids,
    ).fetchall()
    service = [
        lambda r=r: b.app.customers.duplicate_candidates(
            clerk, name=r[0], phones=(r[3],), address=r[1], birth_year=r[2]
        )
        for r in rows
    ]

    def bare_check(r) -> None:
        found = [cid for (cid,) in b.con.execute("SELECT customer_id FROM phone WHERE number = ?", (r[3],))]
        for cid, address, year in (
            b.con.execute("SELECT id, address, birth_year FROM customer WHERE name = ? LIMIT 2000", (r[0],)).fetchall()
            + b.con.execute(
                "SELECT id, address, birth_year FROM customer WHERE name_pinyin = ? AND name <> ? LIMIT 2000",
                (r[4], r[0]),
            ).fetchall()
        ):
            if address == r[1] or year == r[2]:
                found.append(cid)
        found = found[:10]
        b.con.execute(
            "SELECT c.id, c.name, o.owner_kind, o.claim_state, s.name, d.name FROM customer c "
            "LEFT JOIN ownership o ON o.customer_id = c.id LEFT JOIN staff s ON s.id = o.owner_id "
            f"LEFT JOIN department d ON d.id = o.owner_department_id WHERE c.id IN ({','.join('?' * len(found))})",
            found,
        ).fetchall()

    baseline = [lambda r=r: bare_check(r) for r in rows]
    return b.ratio(service, baseline, "duplicate_candidates vs phone, name, pinyin and owner reads by sqlite3")


def list_first_page(b: Bench) -> dict:
    if not hasattr(b.app.customers, "search"):
        return MISSING
    from services.customers.search import CustomerQuery

    director = b.actor("director")
    sql = (
        _OWNER_SQL.format(src="customer c LEFT JOIN phone p ON p.customer_id = c.id AND p.position = 0")
        + "WHERE (c.archived + 0) = 0 ORDER BY c.created_at DESC, c.id DESC LIMIT 100"
    )
    service = [lambda: b.app.customers.search(director, CustomerQuery(), limit=100)]
    baseline = [lambda: b.con.execute(sql).fetchall()]
    return b.ratio(service, baseline, "customers.search first page of 100 (director) vs one sqlite3 query")


# -- writes and the rules ---------------------------------------------------------------------------


def record_event(b: Bench) -> dict:
    """A phone visit recorded by the owner through the timeline service (check, append, re-evaluate)."""
    from models import Ownership, Staff, User
    from services.office.auth import actor_for

    rows = (
        Ownership.select(Ownership.customer, Ownership.owner)
        .join(Staff, on=(Ownership.owner == Staff.id))
        .where((Ownership.owner_kind == "staff") & Staff.left_at.is_null())
        .order_by(Ownership.customer)
        .limit(LOOKUP_KEYS * (b.runs + 1))
        .tuples()
    )
    actors = {u.staff_id: actor_for(u) for u in User.select().where(User.staff.is_null(False))}
    calls = [
        lambda c=cid, s=owner: b.app.timeline.visit(actors[s], c, s, "phone", notes="电话回访")
        for cid, owner in rows
        if owner in actors
    ]
    with program_gc():
        pairs = [timed2(c) for c in calls]
    return {**_medians(pairs, 3), "runs": len(pairs), "note": "timeline.visit, one transaction each"}


def _medians(pairs: list[tuple[float, float]], digits: int) -> dict:
    walls = sorted(w for w, _ in pairs)
    cpus = sorted(c for _, c in pairs)
    return {"ms": round(walls[len(walls) // 2], digits), "cpu_ms": round(cpus[len(cpus) // 2], digits)}


def verdict(b: Bench) -> dict:
    ids = b.sample_ids(LOOKUP_KEYS)
    service = [lambda c=c: b.app.timeline.verdict(c).explanation for c in ids]
    ms, cpu = median_ms(service, b.runs)
    return {
        "ms": round(ms, 3),
        "cpu_ms": round(cpu, 3),
        "runs": b.runs * len(ids),
        "note": "timeline.verdict + explanation",
    }


def sweep(b: Bench) -> dict:
    """The deadline sweep the next morning, each run on a fresh copy of the database.

    The month's monthly callback duties are prepared first (in the office that happened at the first
    sweep of the month, weeks before); that once-a-month job is reported beside as ``month_duties_ms``.
    """
    from models import close_db, init_db
    from services.app import Services
    from services.office.permissions import SYSTEM
    from services.platform.clock import FixedClock

    pairs, changed, month = [], [], []
    runs = max(1, min(b.runs, 3))
    with tempfile.TemporaryDirectory(dir=b.workdir) as tmp:
        for i in range(runs):
            close_db()
            init_db(str(working_copy(b.cached, Path(tmp), f"sweep{i}.db")))
            app = Services(FixedClock(b.now))
            month.append(timed2(lambda app=app: app.callbacks.ensure_month(b.now)))
            pairs.append(timed2(lambda app=app: changed.append(app.timeline.sweep(SYSTEM, b.now))))
            close_db()
            Path(tmp, f"sweep{i}.db").unlink()
    init_db(str(b.path))
    month_ms, month_cpu = _medians(month, 1).values()
    return {
        **_medians(pairs, 1),
        "runs": runs,
        "changed": changed[0],
        "month_duties_ms": month_ms,
        "month_duties_cpu_ms": month_cpu,
        "note": "deadline sweep the next morning (month's duties prepared before: month_duties_ms)",
    }
