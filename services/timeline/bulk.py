"""Batch paths of the timeline (an allocation batch, an import): the same rules, reads done once for the
batch and writes through prepared statements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from models import (
    AuditLog,
    Event,
    Ownership,
    db,
)
from models.bulk import insert_returning_id, insert_rows
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import NotFound, RuleRefused, ValidationError
from services.platform.serialise import lock_customers
from services.rules import engine
from services.rules.model import CHANNELS, Ev, Refusal
from services.timeline import back_entry
from services.timeline.reads import (
    LAST_SEQ,
    _chunks,
    batch_existing,
    batch_owners,
    batch_timelines,
)
from services.timeline.recorder import Recorder


def allocate_many(
    rec: Recorder,
    actor: Actor,
    assignments: Sequence[tuple[int, int]],
    *,
    at: dt.datetime | None = None,
    batch: str = "",
    checkpoint: Callable[[int, int], None] | None = None,
    late_reason: str = "",
) -> dict[int, int]:
    """分配 a whole batch in one transaction: (customer, staff) pairs → {customer: event id}.

    The same rules as `allocate`, with the reads done once for the batch and the snapshots and
    audit rows written in bulk. ``checkpoint(done, total)`` is called every 100 cards; raising
    from it (a cancel) rolls everything back. Any refused card refuses the whole batch.
    """
    require(actor, "event.allocate", "分配档案")
    with db.atomic():
        at = rec.now_or(at)
        late = back_entry.check(rec.app, actor, None, at, late_reason, what="批量登记")  # SPEC §5, once per batch
        cids = [c for c, _ in assignments]
        for sid in {s for _, s in assignments}:
            rec.staff_at(sid, at)
        lock_customers(cids)  # before the timelines are read (PostgreSQL)
        found = batch_existing(cids)
        events = batch_timelines(cids)
        owners = batch_owners(cids)
        missing = [c for c in cids if c not in found]
        if missing:
            raise NotFound(f"顾客档案 {missing[0]} 不存在。")
        ctx = rec.context({e.meeting for evs in events.values() for e in evs if e.meeting is not None})
        now = max(rec.app.clock.now(), at)
        details = {"batch": batch} if batch else None
        if late is not None:  # kept on every event, as a single late entry keeps it (SPEC §5)
            details = {**(details or {}), **late.details()}
        out: dict[int, int] = {}
        snapshots: list[dict[str, Any]] = []
        audits: list[dict[str, Any]] = []
        events_audit: list[dict[str, Any]] = []  # one row per event (services.timeline.recorder.event_audit)
        for i, (cid, sid) in enumerate(assignments):
            if checkpoint and i % 100 == 0:
                checkpoint(i, len(assignments))
            evs = events[cid]
            try:
                engine.check(evs, ctx, Ev(LAST_SEQ, at, "allocate", staff=sid))
            except Refusal as refusal:
                raise RuleRefused(refusal.rule, f"顾客档案 {cid}:{refusal.reason}") from None
            event_id = insert_returning_id(
                Event,
                dict(
                    customer=cid,
                    type="allocate",
                    at=at,
                    staff=sid,
                    details=details,
                    recorded_by=actor.user_id,
                    recorded_at=rec.app.clock.now(),
                ),
            )
            events_audit.append(
                rec.event_audit(
                    actor, event_id, cid, "allocate", at, details, "event.allocate", late_reason if late else ""
                )
            )
            evs.append(Ev(event_id, at, "allocate", staff=sid))
            v = engine.evaluate(evs, ctx, now)
            snapshots.append(rec.snapshot(cid, v, now))
            change = rec.owner_audit(actor, cid, owners.get(cid), v)
            if change is not None:
                audits.append(change)
            if v.notices:
                rec.open_cases(cid, v)
            if late is not None:  # a manager's late batch: each card whose owner it changed is reviewed
                back_entry.after(rec, actor, cid, event_id, "allocate", at, late.of(owners.get(cid)), v)
            out[cid] = event_id
        insert_rows(Ownership, snapshots, upsert_on=Ownership.customer)
        insert_rows(AuditLog, audits)
        insert_rows(AuditLog, events_audit)
        audit.write(
            actor,
            "event.allocate_batch",
            "batch",
            None,
            at=rec.app.clock.now(),
            new={"batch": batch, "cards": len(out), "at": at.isoformat(" ")},
        )
        return out


def register_new_many(
    rec: Recorder,
    actor: Actor,
    items: Sequence[tuple],
    *,
    at: dt.datetime | None = None,
    checkpoint: Callable[[int, int], None] | None = None,
    late_reason: str = "",
) -> dict[int, int]:
    """报名 of cards just created (an import): (customer, staff, channel, details[, at]) → {customer: event id}.

    The customers must have no timeline yet, so each registration is a first one (R1); the rows
    are written with prepared statements. An item's own time (an archive's 登记日期) overrides ``at``
    (default now); it is recorded now, by ``actor``. ``checkpoint(done, total)`` may raise to cancel.

    Back-entry (SPEC §5) is checked against the oldest item: older than the limit, only a manager or above
    with ``late_reason`` may record it, and every late item keeps the reason on its event and audit row.
    No 补录改变归属 case opens: a card without a timeline had no owner whom the entry could displace.
    """
    with db.atomic():
        at = rec.now_or(at)
        items = [(*item[:4], item[4] if len(item) > 4 and item[4] is not None else at) for item in items]
        if items:
            rec.now_or(max(item[4] for item in items))  # SPEC §5: never in the future
        oldest = min((item[4] for item in items), default=at)
        what = "批量登记" if oldest == at else f"批量登记中最早的一条({oldest:%Y-%m-%d}登记)"
        late = back_entry.check(rec.app, actor, None, oldest, late_reason, what=what)  # SPEC §5
        limit = dt.timedelta(hours=back_entry.limit_hours(rec.app))
        first_at: dict[int, dt.datetime] = {}
        for _, sid, _, _, when in items:
            first_at[sid] = min(first_at.get(sid, when), when)
        staff_rows = {sid: rec.staff_at(sid, when) for sid, when in first_at.items()}
        for staff in staff_rows.values():
            rec.require_contact(actor, staff, "登记报名")
        cids = [c for c, *_ in items]
        lock_customers(cids)
        for part in _chunks(cids, 500):
            if Event.select().where(Event.customer.in_(part)).exists():
                raise ValidationError("customer", "批量报名只用于刚建立、还没有任何记录的顾客档案。")
        for _, _, channel, _, _ in items:
            if channel not in CHANNELS:
                raise ValidationError("channel", f"未知的来源渠道:{channel}")
        ctx = rec.context()
        out: dict[int, int] = {}
        snapshots: list[dict[str, Any]] = []
        audits: list[dict[str, Any]] = []
        events_audit: list[dict[str, Any]] = []  # one row per event (services.timeline.recorder.event_audit)
        back_dated = 0
        for i, (cid, sid, channel, details, when) in enumerate(items):
            now = max(rec.app.clock.now(), when)
            back_dated += when != at
            if checkpoint and i % 200 == 0:
                checkpoint(i, len(items))
            if channel == "referral":
                details = {**(details or {}), "referral_complete": False}
            item_late = late is not None and rec.app.clock.now() - when > limit
            if item_late:
                details = {**(details or {}), **late.details(rec.app.clock.now() - when)}
            event_id = insert_returning_id(
                Event,
                dict(
                    customer=cid,
                    type="register",
                    at=when,
                    staff=sid,
                    channel=channel,
                    details=details or None,
                    recorded_by=actor.user_id,
                    recorded_at=rec.app.clock.now(),
                ),
            )
            events_audit.append(
                rec.event_audit(
                    actor, event_id, cid, "register", when, details, "event.register", late.reason if item_late else ""
                )
            )
            ev = Ev(event_id, when, "register", staff=sid, channel=channel, referral_complete=channel != "referral")
            v = engine.evaluate([ev], ctx, now)
            snapshots.append(rec.snapshot(cid, v, now))
            change = rec.owner_audit(actor, cid, None, v)
            if change is not None:
                audits.append(change)
            out[cid] = event_id
        insert_rows(Ownership, snapshots, upsert_on=Ownership.customer)
        insert_rows(AuditLog, audits)
        insert_rows(AuditLog, events_audit)
        audit.write(
            actor,
            "event.register_batch",
            "customer",
            None,
            at=rec.app.clock.now(),
            new={"registrations": len(out), "at": at.isoformat(" "), "dated_otherwise": back_dated},
        )
        return out
