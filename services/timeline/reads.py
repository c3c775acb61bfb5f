"""Shared pieces of the timeline service: the result of recording, event conversion, the sweep lock."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from models import (
    Event,
    db,
)
from models.bulk import datetime_value, fetch_all, marks, padded, sql_for
from services.rules.model import POOL, Ev, Verdict

LAST_SEQ = 2**62
COMPLAINT_CAUSES = {
    "service": "服务不到位",
    "selfish": "员工自私",
    "attitude": "工作态度",
    "dispute": "部门争执",
    "other": "其他",
}


@dataclass(frozen=True)
class Recorded:
    """What one recorded event changed."""

    event_id: int
    customer_id: int
    verdict: Verdict
    owner_changed: bool
    cases_opened: tuple[int, ...]


SWEEP_LOCK_KEY = 0x6B79_5357  # "kySW": one advisory lock for the deadline sweep across all PCs


@contextmanager
def _sweep_lock():
    """On PostgreSQL, let only one PC sweep at a time (a session advisory lock); SQLite's own
    write lock already serialises writers to one file."""
    import peewee

    database = db.obj
    if not isinstance(database, peewee.PostgresqlDatabase):
        yield True
        return
    got = database.execute_sql("SELECT pg_try_advisory_lock(%s)", (SWEEP_LOCK_KEY,)).fetchone()[0]
    try:
        yield bool(got)
    finally:
        if got:
            database.execute_sql("SELECT pg_advisory_unlock(%s)", (SWEEP_LOCK_KEY,))


def _chunks(items: Sequence, size: int):
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


_EVENT_COLUMNS = (
    Event.id,
    Event.at,
    Event.type,
    Event.staff,
    Event.channel,
    Event.meeting,
    Event.department,
    Event.amount,
    Event.related,
    Event.details,
)


def _ev(seq, at, etype, staff, channel, meeting, department, amount, related, details) -> Ev:
    d = details or {}
    return Ev(
        seq=seq,
        at=at,
        type=etype,
        staff=staff,
        channel=channel,
        meeting=meeting,
        dept=department,
        amount=float(amount) if amount is not None else None,
        referrer=related,
        referral_complete=d.get("referral_complete", True),
        referrer_owner=d.get("referrer_owner"),
        kind=d.get("kind"),
        signed=d.get("signed"),
        to=d.get("to"),
        by=d.get("by"),
        reason=d.get("reason", ""),
        complaint=d.get("complaint"),
    )


def event_to_ev(e: Event) -> Ev:
    return _ev(
        e.id, e.at, e.type, e.staff_id, e.channel, e.meeting_id, e.department_id, e.amount, e.related_id, e.details
    )


BATCH = 500  # customers per read of a batch (padded to 512 values in the IN list)


def _in_batches(name: str, select: str, ids: Sequence[int]):
    """Rows of ``select`` (ending in ``IN (%s)``) for ``ids``, a chunk at a time, through cached statements."""
    for part in _chunks(list(ids), BATCH):
        values = padded(part)
        sql = sql_for((name, len(values)), lambda pg, n=len(values): select % marks(n))
        yield from fetch_all(sql, values)


def batch_timelines(ids: Sequence[int]) -> dict[int, list[Ev]]:
    """Each customer's timeline in order, for a batch (an allocation, a sweep, a rebuild): one prepared
    read per 500 customers instead of peewee building a query with 500 values each time."""
    out: dict[int, list[Ev]] = {c: [] for c in ids}
    details, amount = Event.details.python_value, Event.amount.python_value
    select = (
        "SELECT customer_id, id, at, type, staff_id, channel, meeting_id, department_id, amount, related_id, "
        "details FROM event WHERE customer_id IN (%s) ORDER BY customer_id, at, id"
    )
    for cid, seq, at, etype, staff, channel, meeting, dept, amt, related, det in _in_batches(
        "batch.events", select, ids
    ):
        out[cid].append(
            _ev(
                seq,
                datetime_value(Event.at, at),
                etype,
                staff,
                channel,
                meeting,
                dept,
                amount(amt),
                related,
                details(det),
            )
        )
    return out


def batch_owners(ids: Sequence[int]) -> dict[int, Any]:
    """The stored owner of each customer that has a snapshot (staff id, POOL or None)."""
    select = "SELECT customer_id, owner_kind, owner_id FROM ownership WHERE customer_id IN (%s)"
    return {
        cid: owner if kind == "staff" else (POOL if kind == "pool" else None)
        for cid, kind, owner in _in_batches("batch.owners", select, ids)
    }


def batch_existing(ids: Sequence[int]) -> set[int]:
    """Which of ``ids`` are customer cards."""
    return {cid for (cid,) in _in_batches("batch.customers", "SELECT id FROM customer WHERE id IN (%s)", ids)}


def batch_case_keys(ids: Sequence[int]) -> dict[int, set[str]]:
    """The keys of every conflict case of each customer (so a re-evaluation opens no case twice)."""
    out: dict[int, set[str]] = {c: set() for c in ids}
    select = "SELECT customer_id, key FROM conflict_case WHERE customer_id IN (%s)"
    for cid, key in _in_batches("batch.case_keys", select, ids):
        out[cid].add(key)
    return out
