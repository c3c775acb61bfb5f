"""One writer at a time per customer (and per phone number) on PostgreSQL.

Recording an event reads the customer's timeline, asks the rules engine and stores the verdict. Two
PCs doing that for one customer at the same moment each read a timeline without the other's event
(READ COMMITTED) and the later commit stored a snapshot that ignored the earlier event: the wrong
owner, a missing R3 case. So every recording transaction first takes a transaction-scoped advisory
lock on its customers (`pg_advisory_xact_lock`, released at commit or rollback), in id order so two
batches cannot deadlock, before it reads. The duplicate check of a new card does the same on the
card's normalised phone numbers, so two clerks typing the same number at once cannot both pass it.

SQLite needs none of this: a transaction begins with BEGIN IMMEDIATE, so writers to one file already
run one after the other, each reading what the previous one committed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import peewee

from models import db

CUSTOMER_SPACE = 0x6B79_4355  # "kyCU": first key of the (space, customer id) advisory locks
PHONE_SPACE = 0x6B79_5048  # "kyPH": first key of the (space, crc32 of the number) advisory locks
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


def lock_phones(numbers: Iterable[str]) -> None:
    """Inside a transaction, before the duplicate check of new phone numbers (PostgreSQL only)."""
    if _postgres():
        # crc32 fits the signed int4 key after the shift; two numbers sharing a key only wait for each other.
        _lock(PHONE_SPACE, (zlib.crc32(n.encode()) - 2**31 for n in numbers))
