"""The one-ledger migration's data step (migration 8), in plain SQL so that it keeps working when the
models grow later columns: a callback record for every timeline visit, the serving experts, and the
duties that the timeline's visits already satisfied closed."""

from __future__ import annotations

import datetime as dt
import json

import peewee as pw

from services.callbacks.matching import LedgerRecord, OpenDuty, satisfied

CHUNK = 1000


def _when(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _details(value) -> dict:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    try:
        return json.loads(value) or {}
    except (TypeError, ValueError):
        return {}


def _sql(database: pw.Database, text: str) -> str:
    return text.replace("?", database.param)


def callback_kind(home: bool, by_expert: bool, joint: bool) -> str:
    if by_expert:
        return "joint" if home else "expert_phone"
    if home:
        return "joint" if joint else "home"
    return "phone"


def backfill(database: pw.Database) -> dict[str, int]:
    """Returns how many callback rows, serving experts and closed duties it wrote."""
    staff = {sid: (pos, dept, bool(active)) for sid, pos, dept, active in database.execute_sql(
        "SELECT id, position, department_id, active FROM staff").fetchall()}  # fmt: skip
    experts = {sid for sid, (pos, _d, _a) in staff.items() if pos == "expert"}
    made = _callbacks_for_visits(database, experts)
    served = _serving_experts(database, staff)
    closed = _close_satisfied(database, experts)
    database.execute_sql(_sql(database, "DELETE FROM setting WHERE key = ?"), ("callbacks.month_ready",))
    return {"callbacks": made, "experts": served, "closed": closed}


def _callbacks_for_visits(database: pw.Database, experts: set[int]) -> int:
    rows = database.execute_sql(
        "SELECT e.id, e.customer_id, e.at, e.staff_id, e.details, e.recorded_by_id, e.recorded_at FROM event e "
        "WHERE e.type = 'visit' AND NOT EXISTS (SELECT 1 FROM callback c WHERE c.event_id = e.id) ORDER BY e.id"
    ).fetchall()
    insert = _sql(
        database,
        "INSERT INTO callback (customer_id, staff_id, at, kind, signed, form, satisfaction, notes, event_id, "
        "created_by_id, created_at, review_state, review_reason) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, '', '')",
    )
    for event_id, customer_id, at, staff_id, details, by, recorded_at in rows:
        d = _details(details)
        home = d.get("kind") == "home"
        signed = bool(d.get("signed")) and home
        form = home and (d.get("signed") is not None or bool(d.get("form")))
        kind = callback_kind(home, staff_id in experts, bool(d.get("expert")))
        database.execute_sql(
            insert, (customer_id, staff_id, at, kind, signed, form, d.get("notes", ""), event_id, by, recorded_at)
        )
    return len(rows)


def _serving_experts(database: pw.Database, staff: dict) -> int:
    dept_expert: dict[int, int] = {}
    for sid in sorted(staff):
        pos, dept, active = staff[sid]
        if pos == "expert" and active and dept is not None:
            dept_expert.setdefault(dept, sid)
    have = {cid for (cid,) in database.execute_sql("SELECT customer_id FROM serving_expert").fetchall()}
    owners = dict(database.execute_sql("SELECT customer_id, owner_id FROM ownership").fetchall())
    chosen: dict[int, tuple[int, str, object]] = {}
    for cid, staff_id, details, at in database.execute_sql(
        "SELECT customer_id, staff_id, details, at FROM event WHERE type = 'purchase' ORDER BY at, id"
    ).fetchall():
        d = _details(details)
        if d.get("expert") in staff:
            chosen[cid] = (d["expert"], "shipment", at)
        elif cid not in chosen or chosen[cid][1] != "shipment":
            service = d.get("service_staff") or staff_id or owners.get(cid)
            dept = staff.get(service, (None, None, None))[1]
            if dept in dept_expert:
                chosen[cid] = (dept_expert[dept], "department", at)
    insert = _sql(
        database,
        "INSERT INTO serving_expert (customer_id, expert_id, source, set_at, set_by_id, reason) "
        "VALUES (?, ?, ?, ?, NULL, '')",
    )
    n = 0
    for cid, (expert, source, at) in chosen.items():
        if cid not in have:
            database.execute_sql(insert, (cid, expert, source, at))
            n += 1
    return n


def _close_satisfied(database: pw.Database, experts: set[int]) -> int:
    customers = [
        cid
        for (cid,) in database.execute_sql(
            "SELECT DISTINCT customer_id FROM callback_task WHERE closed_at IS NULL ORDER BY customer_id"
        ).fetchall()
    ]
    update = _sql(database, "UPDATE callback_task SET closed_at = ?, closed_by_id = ? WHERE id = ?")
    closed = 0
    for i in range(0, len(customers), CHUNK):
        ids = customers[i : i + CHUNK]
        marks = ", ".join([database.param] * len(ids))
        duties: dict[int, list[OpenDuty]] = {}
        # By customer alone, the open ones picked here: with "closed_at IS NULL" in the WHERE, SQLite
        # walked the (closed_at, due_at) index over every open duty of the office for each chunk —
        # quadratic, hours at a million customers (2.5 million open duties) when moving an office in.
        for tid, cid, kind, sid, period, start, due, closed_at in database.execute_sql(
            "SELECT id, customer_id, kind, staff_id, period, window_start, due_at, closed_at FROM callback_task "
            f"WHERE customer_id IN ({marks})",
            ids,
        ).fetchall():
            if closed_at is None:
                duties.setdefault(cid, []).append(OpenDuty(tid, kind, sid, period, _when(start), _when(due)))
        for cb_id, cid, at, sid, kind, signed, form in database.execute_sql(
            f"SELECT id, customer_id, at, staff_id, kind, signed, form FROM callback WHERE customer_id IN ({marks}) "
            "ORDER BY customer_id, at, id",
            ids,
        ).fetchall():
            open_ = duties.get(cid)
            if not open_:
                continue
            home = kind in ("home", "joint")
            record = LedgerRecord(_when(at), sid, home, sid in experts, bool(form) or kind == "form",
                                  bool(signed) and kind in ("home", "joint", "form"), kind == "joint")  # fmt: skip
            hits = set(satisfied(record, open_))
            for tid in hits:
                database.execute_sql(update, (at, cb_id, tid))
            closed += len(hits)
            duties[cid] = [d for d in open_ if d.id not in hits]
    return closed
