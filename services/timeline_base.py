"""Shared pieces of the timeline service: the result of recording, event conversion, the sweep lock."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from models import (
    Event,
    db,
)
from services.rules.model import Ev, Verdict

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
    d = e.details or {}
    return Ev(
        seq=e.id,
        at=e.at,
        type=e.type,
        staff=e.staff_id,
        channel=e.channel,
        meeting=e.meeting_id,
        dept=e.department_id,
        amount=float(e.amount) if e.amount is not None else None,
        referrer=e.related_id,
        referral_complete=d.get("referral_complete", True),
        referrer_owner=d.get("referrer_owner"),
        kind=d.get("kind"),
        signed=d.get("signed"),
        to=d.get("to"),
        by=d.get("by"),
        reason=d.get("reason", ""),
        complaint=d.get("complaint"),
    )
