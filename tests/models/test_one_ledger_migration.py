"""Migration 8 (one ledger, issue 20) on a copy of a real demo office database.

``tests/data/demo-v6-150.db.gz`` is a 150-customer demo office written by the program before the one
ledger (schema version 6): its timeline has signed home visits and expert calls, yet its callback
duties stayed open because only separate callback records closed them. After the upgrade every
visit is a callback record and no open duty is one that a visit on the timeline already satisfied.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from models import close_db, init_db
from models.migrations import LATEST

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo-v6-150.db.gz"

pytestmark = pytest.mark.sqlite_only


def _when(v: str) -> dt.datetime:
    return dt.datetime.fromisoformat(v)


def _month(at: dt.datetime) -> str:
    return f"{at.year:04d}-{at.month:02d}"


def still_satisfied(con: sqlite3.Connection) -> list[tuple]:
    """Open duties that a signed home visit (forms) or an expert's call on the timeline answers, checked
    here straight from the SQL, independently of the program's matcher."""
    experts = {sid for (sid,) in con.execute("SELECT id FROM staff WHERE position = 'expert'")}
    visits: dict[int, list[tuple]] = {}
    for cid, at, sid, details in con.execute("SELECT customer_id, at, staff_id, details FROM event WHERE type='visit'"):
        d = json.loads(details or "{}")
        visits.setdefault(cid, []).append((_when(at), sid, d.get("kind"), d.get("signed")))
    bad = []
    for tid, cid, kind, period, start, due in con.execute(
        "SELECT id, customer_id, kind, period, window_start, due_at FROM callback_task WHERE closed_at IS NULL"
    ):
        start, due = _when(start), _when(due)
        for at, sid, vkind, signed in visits.get(cid, []):
            if not start <= at < due:
                continue
            if kind == "monthly_form" and vkind == "home" and signed and period == _month(at):
                bad.append((tid, kind, cid, at))
            if kind == "monthly_expert" and vkind == "phone" and sid in experts and period == _month(at):
                bad.append((tid, kind, cid, at))
            if kind == "form_d2" and vkind == "home" and signed is not None and sid not in experts:
                bad.append((tid, kind, cid, at))
    return bad


def test_the_one_ledger_migration_closes_what_the_timeline_already_satisfied(tmp_path):
    path = tmp_path / "demo.db"
    with gzip.open(DEMO, "rb") as src, open(path, "wb") as out:
        shutil.copyfileobj(src, out)
    con = sqlite3.connect(path)
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] == 6
    before_bad = still_satisfied(con)
    events = con.execute("SELECT COUNT(*) FROM event").fetchone()[0]
    visits = con.execute("SELECT COUNT(*) FROM event WHERE type = 'visit'").fetchone()[0]
    open_before = con.execute("SELECT COUNT(*) FROM callback_task WHERE closed_at IS NULL").fetchone()[0]
    con.close()
    # The demo shows the defect of issue 20: duties that the timeline's visits satisfied are open.
    assert len(before_bad) > 20

    init_db(str(path))
    close_db()

    assert list(tmp_path.glob("demo.db.before-v*.bak"))  # the upgrade kept a copy first
    con = sqlite3.connect(path)
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] == LATEST
    assert still_satisfied(con) == []
    # Nothing was lost from the timeline; each visit is now exactly one callback record, linked to it.
    assert con.execute("SELECT COUNT(*) FROM event").fetchone()[0] == events
    linked = con.execute("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM callback WHERE event_id IS NOT NULL")
    assert linked.fetchone() == (visits, visits)
    open_after = con.execute("SELECT COUNT(*) FROM callback_task WHERE closed_at IS NULL").fetchone()[0]
    assert open_before - open_after >= len(before_bad)
    # A duty is closed by the record that satisfied it, inside its window (never after its deadline).
    late = con.execute(
        "SELECT COUNT(*) FROM callback_task t JOIN callback c ON c.id = t.closed_by_id "
        "WHERE t.closed_at >= t.due_at OR t.closed_at < t.window_start"
    ).fetchone()[0]
    assert late == 0
    # Every customer who bought in a department that has an expert now has a serving expert.
    unserved = con.execute(
        "SELECT COUNT(DISTINCT e.customer_id) FROM event e JOIN ownership o ON o.customer_id = e.customer_id "
        "WHERE e.type = 'purchase' AND o.owner_department_id IN "
        "(SELECT department_id FROM staff WHERE position = 'expert' AND active) "
        "AND e.customer_id NOT IN (SELECT customer_id FROM serving_expert)"
    ).fetchone()[0]
    assert unserved == 0
    con.close()


def test_the_joint_visits_get_their_staff_member_as_partner(tmp_path):
    """Migration 13: the expert's joint visit is owed by the expert and the staff member of the purchase."""
    path = tmp_path / "demo.db"
    with gzip.open(DEMO, "rb") as src, open(path, "wb") as out:
        shutil.copyfileobj(src, out)
    init_db(str(path))
    close_db()
    con = sqlite3.connect(path)
    pairs = con.execute(
        "SELECT j.staff_id, j.partner_id, f.staff_id FROM callback_task j JOIN callback_task f "
        "ON f.customer_id = j.customer_id AND f.period = j.period AND f.kind = 'form_d2' WHERE j.kind = 'expert_joint'"
    ).fetchall()
    assert pairs and all(p == (f if f != s else None) for s, p, f in pairs)
    experts = {sid for (sid,) in con.execute("SELECT id FROM staff WHERE position = 'expert'")}
    served = dict(con.execute("SELECT customer_id, expert_id FROM serving_expert"))
    open_joint = con.execute(
        "SELECT customer_id, staff_id, partner_id FROM callback_task WHERE kind = 'expert_joint' AND closed_at IS NULL"
    ).fetchall()
    # The open ones of customers with a serving expert are that expert's, with the staff member beside them.
    assert open_joint and all(s == served[c] and p not in experts for c, s, p in open_joint if c in served)
    assert any(p is not None for _, _, p in open_joint)
    index = con.execute("EXPLAIN QUERY PLAN SELECT id FROM callback_task WHERE partner_id = 3 AND closed_at IS NULL")
    assert "callback_task_partner_id_closed_at_due_at" in " ".join(str(r[-1]) for r in index)
    # Migration 17: the complaints past due found by (staff, kind), not by walking every missed duty.
    late = con.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM callback_task WHERE staff_id = 3 AND kind = 'complaint'"
        " AND closed_at IS NULL AND due_at <= '2026-01-01'"
    )
    assert "callback_task_staff_id_kind_closed_at_due_at" in " ".join(str(r[-1]) for r in late)
    con.close()
