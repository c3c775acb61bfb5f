"""Chain-scale benchmark databases (bench/scale.py): copies of demo stories with new people must be
databases the program treats exactly like the original — every copied snapshot is what the engine says
of the copied timeline, new people are findable, and a sweep or rebuild opens no case twice."""

from __future__ import annotations

import sqlite3

from bench.core import cached_db
from bench.scale import verify


def test_a_tiled_database_is_three_offices_worth_of_valid_timelines(tmp_path):
    base, _ = cached_db(40, 11, tmp_path, lambda m: None)
    path, built = cached_db(120, 11, tmp_path, lambda m: None, tile_base=40)
    assert built["customers"] == 120 and "tiled ×3" in built["made_by"]
    src, con = sqlite3.connect(base), sqlite3.connect(path)
    events = src.execute("SELECT count(*) FROM event").fetchone()[0]
    assert built["events"] == 3 * events
    # Every table that belongs to customers grew threefold; nothing points outside the copy it belongs to.
    for table in ("ownership", "callback_task", "conflict_case", "household_link", "phone"):
        n = src.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 3 * n, table
    assert (
        con.execute("SELECT count(*) FROM event e JOIN customer c ON c.id = e.customer_id").fetchone()[0] == 3 * events
    )
    strays = con.execute(
        "SELECT count(*) FROM event e WHERE related_id IS NOT NULL AND (related_id - 1) / 40 != (customer_id - 1) / 40"
    ).fetchone()[0]
    assert strays == 0
    # Every card has its snapshot row, in the demo's database and in each copy (issue 23).
    for c in (src, con):
        assert c.execute(
            "SELECT count(*) FROM customer c WHERE NOT EXISTS (SELECT 1 FROM ownership o WHERE o.customer_id = c.id)"
        ).fetchone() == (0,)
    # New people: every phone number is used once, names differ from the original's.
    assert con.execute("SELECT count(DISTINCT number) = count(*) FROM phone").fetchone()[0] == 1
    originals = [r[0] for r in src.execute("SELECT name FROM customer ORDER BY id")]
    copies = [r[0] for r in con.execute("SELECT name FROM customer WHERE id > 80 ORDER BY id")]
    assert len(copies) == 40 and sum(a != b for a, b in zip(originals, copies, strict=True)) > 30
    # Spouses of a copy still share an address.
    for a, b in con.execute(
        "SELECT c.address, o.address FROM household_link h JOIN customer c ON c.id = h.customer_id "
        "JOIN customer o ON o.id = h.other_id"
    ):
        assert a == b
    con.close()
    src.close()
    # The engine agrees with every copied snapshot.
    assert verify(path, sample=400) == 120


def test_sweep_and_rebuild_of_a_tiled_database_open_no_case_again(tmp_path):
    import datetime as dt

    from models import ConflictCase, close_db, init_db
    from services.app import Services
    from services.cli.demo import END
    from services.office.permissions import SYSTEM
    from services.platform.clock import FixedClock

    path, _ = cached_db(80, 12, tmp_path, lambda m: None, tile_base=40)
    init_db(str(path))
    try:
        before = ConflictCase.select().count()
        app = Services(FixedClock(END + dt.timedelta(hours=2)))
        app.timeline.rebuild(SYSTEM, END)
        assert ConflictCase.select().count() == before
        # The card of a copied person is found by their new phone number.
        from models import Phone, User
        from services.office.auth import actor_for

        phone = Phone.select().where(Phone.customer > 40).first()
        front = actor_for(User.get(User.username == "front"))
        hits = app.frontdesk.lookup(front, phone.number)
        assert [h.customer_id for h in hits] == [phone.customer_id]
    finally:
        close_db()
