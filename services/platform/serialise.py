"""One writer at a time per customer on PostgreSQL.

Recording an event reads the customer's timeline, asks the rules engine and stores the verdict. Two
PCs doing that for one customer at the same moment each read a timeline without the other's event
(READ COMMITTED) and the later commit stored a snapshot that ignored the earlier event: the wrong
owner, a missing R3 case. So every recording transaction first takes a transaction-scoped advisory
lock on its customers (`pg_advisory_xact_lock`, released at commit or rollback), in id order so two
batches cannot deadlock, before it reads. (Two clerks saving one new phone number at once are held
apart by the database itself: a unique index, services.customers.phone_claims.)

SQLite needs none of this: a transaction begins with BEGIN IMMEDIATE, so writers to one file already
run one after the other, each reading what the previous one committed.
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from models import db

CUSTOMER_SPACE = 0x6B79_4355  # "kyCU": first key of the (space, customer id) advisory locks
_CHUNK = 1000


def _postgres() -> bool:
    return isinstance(db.obj, peewee.PostgresqlDatabase)


def _lock(space: int, keys: Iterable[int]) -> None:
    ordered = sorted({int(k) for k in keys})
    for i in range(0, len(ordered), _CHUNK):
        part = ordered[i : i + _CHUNK]
        db.obj.execute_sql(
            "SELECT count(pg_advisory_xact_lock(%s, k)) FROM (SELECT unnest(%s::int[]) AS k) AS keys",
            (space, part),
        )


def lock_customers(customer_ids: Iterable[int]) -> None:
    """Inside a transaction, before reading the customers' timelines: wait until no other transaction
    records for them (PostgreSQL; nothing to do on SQLite)."""
    if _postgres():
        _lock(CUSTOMER_SPACE, customer_ids)
