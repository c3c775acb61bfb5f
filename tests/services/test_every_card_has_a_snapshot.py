"""Every card has its ownership snapshot row from the moment it is created (issue 23): a card nobody has
registered carries the engine's verdict on an empty timeline, so "未登记" in the card list is an index
range and not a search for missing rows. Every writer of cards keeps it — typing a card, a card typed
into a batch, the import, the front desk's walk-in — and migration 12 gives an older database's cards
theirs. (The demo generator and the bench's tiled copies: tests/test_bench_scale.py.)"""

from __future__ import annotations

import sqlite3

import pytest

from models import Customer, Ownership, close_db, db, init_db
from models.migrations import LATEST
from models.timeline import UNREGISTERED_EXPLANATION, unregistered_snapshot
from services.customers.search import CustomerQuery
from services.rules import engine
from tests.conftest import T0
from tests.services.test_batch_intake import form, kepu_draft
from tests.services.test_importer import sheet


def cards_without_snapshot() -> list[int]:
    rows = db.obj.execute_sql(
        "SELECT c.id FROM customer c WHERE NOT EXISTS (SELECT 1 FROM ownership o WHERE o.customer_id = c.id)"
    ).fetchall()
    return [r[0] for r in rows]


def _row(cid: int) -> dict:
    snap = Ownership.get_by_id(cid)
    return {k: v for k, v in snap.__data__.items() if k not in ("customer", "computed_at")}


def test_the_unregistered_row_is_what_the_engine_says_of_an_empty_timeline(app, office):
    recorder = app.timeline.recorder
    said = recorder.snapshot(1, engine.evaluate([], recorder.context(), T0), T0)
    assert unregistered_snapshot(1, T0) == said
    assert said["explanation"] == UNREGISTERED_EXPLANATION


def test_every_writer_of_cards_gives_each_card_its_snapshot(app, office, tmp_path):
    app.data_dir = tmp_path / "data"
    clerk, manager = office.users["clerk"], office.users["manager1"]
    typed = app.customers.create(clerk, "张丽", ["13900000001"]).id
    in_batch = app.intake.save_card(
        clerk, form(name="王芳", phones=("13900000002",), batch_id=kepu_draft(app, office).id)
    )
    report = app.importer.import_cards(
        clerk, sheet(tmp_path, [["李强", "男", 1950, "13900000003"], ["赵敏", "女", 1951, "13900000004"]])
    )
    assert report.imported == 2 and report.committed
    walk_in = app.frontdesk.walk_in(office.users["front"], "孙洁", "13900000005", duty_staff_id=None)
    registered = app.customers.create(clerk, "周华", ["13900000006"]).id
    app.timeline.register(office.users["s1"], registered, office.s1, "scatter")

    assert Customer.select().count() == 6
    assert cards_without_snapshot() == []
    unregistered = {typed, in_batch.customer_id}
    unregistered |= {c for (c,) in Customer.select(Customer.id).where(Customer.name.in_(["李强", "赵敏"])).tuples()}
    empty = {k: v for k, v in unregistered_snapshot(0, T0).items() if k not in ("customer", "computed_at")}
    for cid in unregistered:
        assert _row(cid) == empty, cid
    assert Ownership.get_by_id(walk_in.customer_id).owner_kind == "pool"  # nobody on duty: the visit's verdict
    assert Ownership.get_by_id(registered).owner_kind == "staff"

    # and the list's 未登记 filter finds exactly those cards, counted the same
    found = {r.id for r in app.customers.search(manager, CustomerQuery(claim_state="none")).rows}
    assert found == unregistered
    assert app.customers.count(manager, CustomerQuery(claim_state="none")) == 4


def test_a_refused_import_leaves_no_snapshot_behind(app, office, tmp_path):
    clerk = office.users["clerk"]
    path = sheet(tmp_path, [["李强", "男", 1950, "13900000003"], ["", "女", 1951, "bad"]])
    report = app.importer.import_cards(clerk, path, all_or_nothing=True)
    assert not report.committed
    assert Customer.select().count() == 0 and Ownership.select().count() == 0


@pytest.mark.sqlite_only
def test_migration_12_gives_an_older_databases_cards_their_snapshot(tmp_path):
    path = tmp_path / "old.db"
    init_db(str(path))
    close_db()
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "INSERT INTO customer (id, name, name_initials, name_pinyin, sex, address, occupation, income_band,"
            " abc_class, value_level, source_channel, notes, archived, created_at, version)"
            " VALUES (7, '钱芳', 'qf', 'qianfang', 'F', '', '', '', '', '', 'kepu', '', 0, '2025-05-06 09:00:00', 1)"
        )
        con.execute("DROP INDEX customer_name_archived")
        con.execute("UPDATE schema_version SET version = 11")
    con.close()
    init_db(str(path))  # a copy is kept before migrating, as for every older file
    try:
        assert db.obj.execute_sql("SELECT version FROM schema_version").fetchone()[0] == LATEST
        assert cards_without_snapshot() == []
        snap = Ownership.get_by_id(7)
        assert (snap.owner_kind, snap.claim_state, snap.explanation) == ("none", "", UNREGISTERED_EXPLANATION)
        assert snap.computed_at.isoformat(" ") == "2025-05-06 09:00:00"  # as of the card's creation
        indexes = {r[0] for r in db.obj.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "customer_name_archived" in indexes
    finally:
        close_db()
    assert (tmp_path / f"old.db.before-v{LATEST}.bak").exists()  # named by the version it was migrated to
