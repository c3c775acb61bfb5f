"""Time passing on the timeline: the deadline sweep (R2, R6–R9 applied to the snapshots as their
deadlines pass) and the full rebuild of every snapshot from the timeline."""

from __future__ import annotations

import datetime as dt

import peewee

from models import AuditLog, Event, Ownership, db
from models.bulk import insert_rows
from services.office.permissions import SYSTEM, Actor
from services.platform.serialise import lock_customers
from services.rules import engine
from services.timeline.reads import _sweep_lock, batch_case_keys, batch_owners, batch_timelines
from services.timeline.recorder import Recorder


def sweep(
    rec: Recorder, actor: Actor, now: dt.datetime | None = None, *, batch: int = 500, progress=None, cancelled=None
) -> int:
    """Apply deadlines that have passed (R2, R6–R9) to the snapshots; returns customers updated.

    Uses the index on ``next_deadline``; each batch is one transaction, so a
    cancelled or interrupted sweep leaves every snapshot either old or new.
    """
    now = now or rec.app.clock.now()
    with _sweep_lock() as mine:
        if not mine:
            return 0  # another PC is sweeping right now; its results reach this PC through the database
        done = _sweep(rec, actor, now, batch, progress, cancelled)
    callbacks = getattr(rec.app, "callbacks", None)
    if callbacks is not None and not (cancelled and cancelled()):
        callbacks.ensure_month(now)  # a new month brings each old customer's monthly callback duties
    return done


def _sweep(rec: Recorder, actor, now, batch, progress, cancelled) -> int:
    done = 0
    while True:
        ids = [
            r
            for (r,) in Ownership.select(Ownership.customer)
            .where(Ownership.next_deadline <= now)
            .order_by(Ownership.next_deadline)
            .limit(batch)
            .tuples()
        ]
        if not ids:
            return done
        with db.atomic():
            refresh(rec, actor, ids, now)
        done += len(ids)
        if progress:
            progress(done)
        if cancelled and cancelled():
            return done


def apply_passed_deadlines(rec: Recorder, ids: list[int], now: dt.datetime | None = None) -> int:
    """Apply passed deadlines to these customers at once (one transaction): those whose stored next
    deadline is at or before ``now`` are re-evaluated and stored, the lapse audited as the sweep
    would (by the system). The front desk calls it before showing a customer, so a lapsed claim is
    never shown as current whether or not a sweep has run on any PC. Returns how many changed.

    On PostgreSQL the snapshot rows are locked first (FOR UPDATE, re-checked after the wait), so two
    PCs showing the same customer at the same moment apply the lapse once; on SQLite the write lock
    is taken at the start (one program per file already serialises writers)."""
    now = now or rec.app.clock.now()
    ids = sorted({int(i) for i in ids})
    if not ids:
        return 0
    postgres = isinstance(db.obj, peewee.PostgresqlDatabase)
    with db.atomic() if postgres or db.in_transaction() else db.atomic(lock_type="IMMEDIATE"):
        lock_customers(ids)  # the same order as recording (advisory lock, then rows): no deadlock
        q = Ownership.select(Ownership.customer).where(Ownership.customer.in_(ids) & (Ownership.next_deadline <= now))
        due = [c for (c,) in (q.for_update() if postgres else q).tuples()]
        if due:
            refresh(rec, SYSTEM, due, now)
    return len(due)


def refresh(rec: Recorder, actor: Actor, ids: list[int], now: dt.datetime) -> None:
    """Re-evaluate a batch of customers at ``now`` and store their snapshots (inside the caller's
    transaction): one read of the batch's events, owners and case keys, one upsert, one audit insert."""
    lock_customers(ids)  # a recording on another PC finishes first; its event is then read here
    events = batch_timelines(ids)
    old = batch_owners(ids)
    keys = batch_case_keys(ids)
    ctx = rec.context({e.meeting for evs in events.values() for e in evs if e.meeting is not None})
    snapshots, audits = [], []
    for cid in ids:
        v = engine.evaluate(events[cid], ctx, now)
        snapshots.append(rec.snapshot(cid, v, now))
        change = rec.owner_audit(actor, cid, old.get(cid), v)
        if change is not None:
            audits.append(change)
        if v.notices:
            rec.open_cases(cid, v, keys[cid])
    insert_rows(Ownership, snapshots, upsert_on=Ownership.customer)
    insert_rows(AuditLog, audits)


def rebuild(rec: Recorder, actor: Actor, now: dt.datetime | None = None, *, batch: int = 1000, progress=None) -> int:
    """Recompute every snapshot from the timeline (after a rule-parameter change or a restore)."""
    now = now or rec.app.clock.now()
    last = 0
    done = 0
    while True:
        ids = [
            r
            for (r,) in Event.select(Event.customer)
            .where(Event.customer > last)
            .distinct()
            .order_by(Event.customer)
            .limit(batch)
            .tuples()
        ]
        if not ids:
            return done
        with db.atomic():
            refresh(rec, actor, ids, now)
        last = ids[-1]
        done += len(ids)
        if progress:
            progress(done)
