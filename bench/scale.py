"""Chain-scale benchmark databases: a demo database's stories told again with new people.

The demo generator records every event through the services (about 80 customers per second), so
a 1,000,000-customer database would take three and a half hours to build. `tile` makes one from a smaller demo
database in minutes instead: the source's customers are copied ``factor - 1`` more times, each copy
with new people (names, pinyin, phones and addresses from the same people maker; spouses keep a
shared address) and the same timelines — events, ownership snapshots, callback duties, complaints,
conflict cases and the customers' audit rows — with every customer, event and callback id shifted
into the copy's range. The office, its staff and its meeting calendar are shared, so every copied
timeline is as valid under the rules as its original, and the copied snapshot is what the engine
says of it: `verify` re-evaluates a sample through the timeline service and compares.

Bench code only: it writes SQL directly to a file nobody uses yet, never through a running program.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

# Big tables whose indexes are dropped while copying and created again afterwards (much faster).
_INDEXED = ("customer", "phone", "household_link", "event", "ownership", "callback_task", "callback",
            "complaint", "conflict_case", "audit_log", "customer_tag")  # fmt: skip
# callback_task periods that name the event the duty came from (see services/callbacks.py).
_EVENT_PERIODS = ("form_d2", "home_d3", "home_d15", "home_d30", "expert_joint", "r7_home")


def tile(source: Path, dest: Path, factor: int, seed: int, log: Callable[[str], None] = print) -> dict:
    """Write ``dest``: ``source`` plus ``factor - 1`` copies of its customers. Returns what was made."""
    from models.timeline import fill_missing_snapshots_sql
    from services.cli.demo_people import PeopleMaker
    from services.customers.names import initials, toneless

    if factor < 2:
        raise ValueError("factor must be at least 2")
    started, cpu = time.perf_counter(), time.process_time()
    with sqlite3.connect(str(source)) as src, sqlite3.connect(str(dest)) as copy:
        src.backup(copy)  # includes anything still in the source's write-ahead log
    src.close()
    copy.close()
    con = sqlite3.connect(str(dest), isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")  # a throw-away file until it is renamed into the cache
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-200000")
    con.execute("BEGIN")
    indexes = con.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({','.join('?' * len(_INDEXED))})",
        _INDEXED,
    ).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')

    def top(table: str) -> int:
        return con.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]

    n_cust, n_event, n_callback = top("customer"), top("event"), top("callback")
    customers = con.execute(
        "SELECT id, name, name_initials, name_pinyin, sex, birth_year, birthday, address, occupation, income_band, "
        "abc_class, value_level, source_channel, notes, archived, archived_at, created_at, created_by_id, "
        "collected_by_department_id, version FROM customer ORDER BY id"
    ).fetchall()
    phones = con.execute("SELECT customer_id, kind, position FROM phone ORDER BY customer_id, position").fetchall()
    partner = {}
    ended = any(c == "ended_at" for (_, c, *_) in con.execute("PRAGMA table_info(household_link)"))
    for a, b in con.execute(
        "SELECT customer_id, other_id FROM household_link" + (" WHERE ended_at IS NULL" if ended else "")
    ):
        partner.setdefault(a, b)
        partner.setdefault(b, a)
    creates = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT entity_id, at, user_id, reason, rule FROM audit_log WHERE action = 'customer.create'"
        )
    }
    cases = con.execute(
        "SELECT customer_id, kind, rule, opened_at, key, state, department_id, parties, summary, proposed_owner, "
        "proposal, evidence, resolved_at, resolved_by_id, resolution, ruling_event_id FROM conflict_case"
    ).fetchall()

    people = PeopleMaker(random.Random(seed))
    people.reserve_phones(n for (n,) in con.execute("SELECT number FROM phone"))
    keys: dict[str, tuple[str, str]] = {}

    def name_keys(name: str) -> tuple[str, str]:
        if name not in keys:
            keys[name] = (initials(name), toneless(name))
        return keys[name]

    for k in range(1, factor):
        off_c, off_e, off_cb = k * n_cust, k * n_event, k * n_callback
        names, numbers, addresses = [], [], {}
        for row in customers:
            cid, sex = row[0], row[4]
            name = people.name(sex if sex in ("M", "F") else "F")
            address = addresses.get(partner.get(cid)) or people.address()
            addresses[cid] = address
            ini, pin = name_keys(name)
            names.append((cid + off_c, name, ini, pin, *row[4:7], address, *row[8:]))
        con.executemany(f"INSERT INTO customer VALUES ({','.join('?' * 20)})", names)
        for cid, kind, position in phones:
            number = people.phone()
            numbers.append((cid + off_c, number, number[-4:], kind, position))
        con.executemany("INSERT INTO phone (customer_id, number, last4, kind, position) VALUES (?,?,?,?,?)", numbers)
        _copy_sql(con, n_cust, off_c, off_e, off_cb)
        new_name = {r[0] - off_c: r[1] for r in names}
        first = {c - off_c: n for c, n, _, _, p in numbers if p == 0}
        con.executemany(
            "INSERT INTO audit_log (at, user_id, action, entity, entity_id, customer_id, old, new, reason, rule) "
            "VALUES (?, ?, 'customer.create', 'customer', ?, ?, NULL, ?, ?, ?)",
            [
                (at, user, cid + off_c, cid + off_c,
                 json.dumps({"name": new_name[cid], "phones": [first.get(cid)]}, ensure_ascii=False), reason, rule)
                for cid, (at, user, reason, rule) in creates.items()
            ],
        )  # fmt: skip
        con.executemany(
            "INSERT INTO conflict_case (customer_id, kind, rule, opened_at, key, state, department_id, parties, "
            "summary, proposed_owner, proposal, evidence, resolved_at, resolved_by_id, resolution, ruling_event_id) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [_shift_case(c, off_c, off_e) for c in cases],
        )
        log(f"  tiled copy {k}/{factor - 1} ({(k + 1) * n_cust:,} customers, {time.perf_counter() - started:.0f} s)")
    con.execute(*fill_missing_snapshots_sql())  # a source from before migration 12: every card its snapshot row
    log("  creating indexes …")
    for _, sql in indexes:
        con.execute(sql)
    con.execute("COMMIT")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("customer", "event")}
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    return {
        "customers": counts["customer"],
        "events": counts["event"],
        "made_by": f"{source.name} tiled ×{factor} with new people (bench/scale.py)",
        "seconds": round(time.perf_counter() - started, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
    }


def _copy_sql(con: sqlite3.Connection, n_cust: int, off_c: int, off_e: int, off_cb: int) -> None:
    """Copy the original customers' rows that need no new values, with their ids shifted (one statement each)."""

    def code(expr: str) -> str:  # a complaint code "TS20260624-2849" names its customer after the dash
        return f"substr({expr}, 1, instr({expr}, '-')) || (customer_id + {off_c})"

    src = f"WHERE customer_id <= {n_cust}"
    periods = ", ".join(f"'{k}'" for k in _EVENT_PERIODS)
    con.execute(
        "INSERT INTO event (id, customer_id, type, at, staff_id, channel, meeting_id, department_id, amount, "
        "related_id, details, recorded_by_id, recorded_at) "
        f"SELECT id + {off_e}, customer_id + {off_c}, type, at, staff_id, channel, meeting_id, department_id, "
        f"amount, related_id + {off_c}, CASE WHEN type IN ('complaint', 'complaint_resolved') THEN "
        f"json_set(details, '$.complaint', {code(chr(34).join(['json_extract(details, ', '$.complaint', ')']))}) "
        f"ELSE details END, recorded_by_id, recorded_at FROM event {src}"
    )
    # Every column but the card by name: the columns a later schema adds (lapsed_rules) are copied too.
    cols = [c for (_, c, *_) in con.execute("PRAGMA table_info(ownership)") if c != "customer_id"]
    con.execute(
        f"INSERT INTO ownership (customer_id, {', '.join(cols)}) SELECT customer_id + ?, {', '.join(cols)} "
        f"FROM ownership {src}",
        (off_c,),
    )
    extra = [c for (_, c, *_) in con.execute("PRAGMA table_info(household_link)")]
    extra = "".join(f", {c}" for c in extra if c not in ("id", "customer_id", "other_id", "relation", "created_at"))
    con.execute(
        f"INSERT INTO household_link (customer_id, other_id, relation, created_at{extra}) "
        f"SELECT customer_id + {off_c}, other_id + {off_c}, relation, created_at{extra} FROM household_link {src}"
    )
    con.execute(
        f"INSERT INTO customer_tag (customer_id, tag) SELECT customer_id + {off_c}, tag FROM customer_tag {src}"
    )
    con.execute(
        "INSERT INTO complaint (customer_id, code, cause, staff_id, opened_at, due_at, resolved_at, notes, to_gm) "
        f"SELECT customer_id + {off_c}, {code('code')}, cause, staff_id, opened_at, due_at, resolved_at, notes, "
        f"to_gm FROM complaint {src}"
    )
    con.execute(
        "INSERT INTO callback (id, customer_id, staff_id, at, kind, signed, form, scan_id, confirmed_by_id, "
        "satisfaction, notes, event_id, meeting_id, created_by_id, created_at, extra, review_state, reviewed_by_id, "
        "reviewed_at, review_reason) "
        f"SELECT id + {off_cb}, customer_id + {off_c}, staff_id, at, kind, signed, form, scan_id, confirmed_by_id, "
        f"satisfaction, notes, event_id + {off_e}, meeting_id, created_by_id, created_at, extra, review_state, "
        f"reviewed_by_id, reviewed_at, review_reason FROM callback {src}"
    )
    con.execute(
        "INSERT INTO callback_task (customer_id, staff_id, partner_id, kind, period, window_start, due_at, "
        "source_event_id, closed_at, closed_by_id, created_at) "
        f"SELECT customer_id + {off_c}, staff_id, partner_id, kind, "
        f"CASE WHEN kind IN ({periods}) AND period NOT GLOB '*[^0-9]*' THEN CAST(CAST(period AS INTEGER) + {off_e} "
        f"AS TEXT) WHEN kind = 'complaint' THEN {code('period')} ELSE period END, window_start, due_at, "
        f"source_event_id + {off_e}, closed_at, closed_by_id + {off_cb}, created_at FROM callback_task {src}"
    )
    con.execute(  # the serving experts (SPEC §7): a copy is served by the same expert as its original
        "INSERT INTO serving_expert (customer_id, expert_id, source, set_at, set_by_id, reason) "
        f"SELECT customer_id + {off_c}, expert_id, source, set_at, set_by_id, reason FROM serving_expert {src}"
    )
    con.execute(
        "INSERT INTO audit_log (at, user_id, action, entity, entity_id, customer_id, old, new, reason, rule) "
        f"SELECT at, user_id, action, entity, CASE entity WHEN 'customer' THEN entity_id + {off_c} "
        f"WHEN 'event' THEN entity_id + {off_e} ELSE entity_id END, customer_id + {off_c}, old, new, reason, rule "
        f"FROM audit_log {src} AND action != 'customer.create'"
    )


def _shift_case(row: tuple, off_c: int, off_e: int) -> tuple:
    """A conflict case of the copy: its key is made exactly as the timeline service makes it, so a later
    sweep or rebuild recognises the case instead of opening it again."""
    cid, kind, rule, opened_at, key, state, dept, parties, summary, proposed, proposal, evidence, *rest = row
    ids = [e + off_e for e in json.loads(evidence)]
    stamp = key.split(":")[2]
    new_key = f"{cid + off_c}:{kind}:{stamp}:{','.join(map(str, ids))}"[:96]
    resolved_at, resolved_by, resolution, ruling = rest
    ruling = ruling + off_e if ruling is not None else None
    return (cid + off_c, kind, rule, opened_at, new_key, state, dept, parties, summary, proposed, proposal,
            json.dumps(ids), resolved_at, resolved_by, resolution, ruling)  # fmt: skip


def verify(path: Path, sample: int = 200, seed: int = 7) -> int:
    """Re-evaluate ``sample`` copied customers through the timeline service at their snapshot's time and
    compare owner and claim state with the copied snapshot. Returns how many were checked; raises
    AssertionError naming the first customer whose copy disagrees with the engine."""
    import datetime as dt

    from models import Ownership, close_db, init_db
    from services.app import Services
    from services.platform.clock import FixedClock

    init_db(str(path))
    try:
        top = Ownership.select().order_by(Ownership.customer.desc()).first().customer_id
        rng = random.Random(seed)
        ids = list(range(1, top + 1)) if sample >= top else sorted(rng.sample(range(1, top + 1), sample))
        app = Services(FixedClock(dt.datetime(2100, 1, 1)))
        rows = {o.customer_id: o for o in Ownership.select().where(Ownership.customer.in_(ids))}
        for cid in ids:
            snap = rows.get(cid)
            if snap is None:  # a card waiting in a batch has no timeline and no snapshot yet
                continue
            v = app.timeline.verdict(cid, snap.computed_at)
            owner = snap.owner_id if snap.owner_kind == "staff" else snap.owner_kind
            expected = v.owner if v.owner_is_staff else ("pool" if v.owner == "pool" else "none")
            if (owner, snap.claim_state) != (expected, v.claim_state):
                raise AssertionError(
                    f"customer {cid}: copied snapshot {owner}/{snap.claim_state}, engine {v.owner}/{v.claim_state}"
                )
        return len(ids)
    finally:
        close_db()
