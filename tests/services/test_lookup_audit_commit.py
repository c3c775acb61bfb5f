"""The front desk's lookup audit row (issue 18) is written on every search in one statement whose commit
does not wait for the disk on PostgreSQL (issue 22: a search over the LAN costs one round trip more than
the bare query, not a disk flush). The row is still there, still append-only, and the relaxed commit
stays with that one statement: inside a transaction the row follows the transaction."""

from __future__ import annotations

import pytest

from models import AuditLog, db
from models.bulk import insert_unflushed


def lookups() -> int:
    return AuditLog.select().where(AuditLog.action == "frontdesk.lookup").count()


def test_each_search_leaves_one_audit_row(app, office):
    app.customers.create(office.users["clerk"], "王大爷", ["13800000001"])
    front = office.users["front"]
    before = lookups()
    assert [h.customer_id for h in app.frontdesk.search(front, "0001").hits]
    app.frontdesk.search(front, "王")
    assert lookups() == before + 2
    row = AuditLog.select().where(AuditLog.action == "frontdesk.lookup").order_by(AuditLog.id.desc()).first()
    assert row.user_id == front.user_id and row.new["text"] == "王"
    if db.obj.__class__.__name__.startswith("Postgres"):
        # set_config(…, true) lasted for that statement's own transaction only
        assert db.execute_sql("SHOW synchronous_commit").fetchone()[0] == "on"


def test_inside_a_transaction_the_row_goes_with_it(app, office):
    before = lookups()
    with pytest.raises(RuntimeError):
        with db.atomic():
            insert_unflushed(
                AuditLog, dict(user=office.users["front"].user_id, action="frontdesk.lookup", entity="lookup")
            )
            raise RuntimeError("rolled back")
    assert lookups() == before
    if db.obj.__class__.__name__.startswith("Postgres"):
        assert db.execute_sql("SHOW synchronous_commit").fetchone()[0] == "on"
