"""Recording timeline events and keeping the ownership snapshot current (SPEC §5, §9).

Every public method is one user action: it checks the acting user's rights, asks
the rules engine whether the event is refused, appends the event, re-evaluates
the customer and stores the verdict, opens conflict cases for new notices and
audits ownership changes — all in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from models import (
    AuditLog,
    Complaint,
    ConflictCase,
    Customer,
    Department,
    Event,
    Meeting,
    MeetingDepartment,
    Ownership,
    Staff,
    db,
)
from models.bulk import insert_returning_id, insert_rows, rows_where
from services import audit
from services.errors import NotFound, PermissionDenied, RuleRefused, ValidationError
from services.permissions import Actor, require
from services.rules import engine
from services.rules.model import CHANNELS, POOL, Context, Ev, MeetingInfo, Refusal, Verdict

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


class TimelineService:
    def __init__(self, app):
        self.app = app
        self._staff_cache: tuple[dict, dict, dict] | None = None
        self._left: dict[int, dt.datetime | None] = {}
        self._meetings: dict[Any, MeetingInfo] = {}

    # -- context -------------------------------------------------------------------------

    def invalidate(self) -> None:
        """Forget cached staff, department and meeting facts (call after org or meeting changes).

        Other PCs change these rarely (a new staff member, a new meeting); a PC that does not know a
        staff member or meeting yet reads it from the database (see `_staff`, `context`)."""
        self._staff_cache = None
        self._left = {}
        self._meetings = {}

    def _staff_maps(self) -> tuple[dict, dict, dict]:
        if self._staff_cache is None:
            rows = list(Staff.select(Staff.id, Staff.name, Staff.department, Staff.left_at).tuples())
            depts = dict(Department.select(Department.id, Department.name).tuples())
            self._staff_cache = ({r[0]: r[2] for r in rows}, {r[0]: r[1] for r in rows}, depts)
            self._left = {r[0]: r[3] for r in rows}
        return self._staff_cache

    def context(self, meeting_ids: set[Any] | None = None) -> Context:
        staff_dept, staff_name, dept_name = self._staff_maps()
        missing = [m for m in (meeting_ids or ()) if m not in self._meetings]
        if missing:
            for m in Meeting.select(Meeting.id, Meeting.date, Meeting.slot, Meeting.joint, Meeting.name).where(
                Meeting.id.in_(missing)
            ):
                self._meetings[m.id] = MeetingInfo(m.date, m.slot, m.joint, m.name)
        meetings = {m: self._meetings[m] for m in (meeting_ids or ()) if m in self._meetings}
        return Context(staff_dept, staff_name, dept_name, meetings, self.app.settings.params())

    def events(self, customer_id: int) -> list[Ev]:
        """The customer's timeline in order (read on every action, so through a prepared statement)."""
        rows = rows_where(Event, _EVENT_COLUMNS, Event.customer, customer_id, order=(Event.at, Event.id))
        return [_ev(*row) for row in rows]

    def _ctx_for(self, evs: list[Ev], extra_meeting: Any = None) -> Context:
        ids = {e.meeting for e in evs if e.meeting is not None}
        if extra_meeting is not None:
            ids.add(extra_meeting)
        return self.context(ids)

    # -- reading ---------------------------------------------------------------------------

    def verdict(self, customer_id: int, at: dt.datetime | None = None) -> Verdict:
        """The engine's verdict for a customer at ``at`` (default now), replayed from the timeline."""
        evs = self.events(customer_id)
        return engine.evaluate(evs, self._ctx_for(evs), at or self.app.clock.now())

    def points_of(self, customer_id: int, at: dt.datetime | None = None) -> int:
        """Referral points (老带新积分) the customer has earned by ``at``."""
        at = at or self.app.clock.now()
        referred = {
            r
            for (r,) in Event.select(Event.customer)
            .where((Event.related == customer_id) & (Event.type == "register"))
            .distinct()
            .tuples()
        }
        total = 0
        for cid in referred:
            v = self.verdict(cid, at)
            if v.referrer == customer_id:
                total += sum(p for t, p in v.points_earned if t <= at)
        return total

    # -- recording ---------------------------------------------------------------------------

    def _now_or(self, at: dt.datetime | None) -> dt.datetime:
        now = self.app.clock.now()
        if at is None:
            return now
        if at > now:
            raise ValidationError("at", f"时间 {at:%Y-%m-%d %H:%M} 晚于现在,不能登记未来的事。")
        return at

    def _customer(self, customer_id: int) -> None:
        """Raise NotFound unless the card exists (runs for every event: only the id is read)."""
        if not rows_where(Customer, (Customer.id,), Customer.id, customer_id):
            raise NotFound(f"顾客档案 {customer_id} 不存在。")

    def _staff(self, staff_id: int, at: dt.datetime, field: str = "staff") -> Staff:
        """The staff member (from the cache; unknown ids are read, so another PC's new staff are found)."""
        staff_dept, staff_name, _ = self._staff_maps()
        if staff_id not in staff_name:
            self.invalidate()
            staff_dept, staff_name, _ = self._staff_maps()
            if staff_id not in staff_name:
                raise ValidationError(field, f"员工 {staff_id} 不存在。")
        left = self._left.get(staff_id)
        if left is not None and left <= at:
            raise ValidationError(field, f"{staff_name[staff_id]} 已于 {left:%Y-%m-%d} 离职,不能再登记。")
        return Staff(id=staff_id, name=staff_name[staff_id], department=staff_dept[staff_id], left_at=left)

    def _meeting(self, meeting_id: int) -> MeetingInfo:
        """The meeting's facts (cached like `context`); ValidationError when there is no such meeting."""
        info = self.context({meeting_id}).meetings.get(meeting_id)
        if info is None:
            raise ValidationError("meeting", f"会议 {meeting_id} 不存在。")
        return info

    def _require_contact(self, actor: Actor, staff: Staff, what: str) -> None:
        require(actor, "event.contact", what)
        if actor.role in ("staff", "expert") and actor.staff_id != staff.id:
            raise PermissionDenied(f"员工只能登记自己的{what.removeprefix('登记')},不能替{staff.name}登记。")
        if actor.role == "manager" and actor.department_id not in (None, staff.department_id):
            raise PermissionDenied(f"部门经理只能登记本部门员工的{what.removeprefix('登记')}。")

    def _record(
        self,
        actor: Actor,
        customer_id: int,
        etype: str,
        at: dt.datetime,
        *,
        staff: Any = None,
        channel: str | None = None,
        meeting: Any = None,
        department: Any = None,
        amount: Any = None,
        related: Any = None,
        details: dict | None = None,
        audit_action: str | None = None,
    ) -> Recorded:
        """Check, append, re-evaluate and store — inside the caller's transaction."""
        evs = self.events(customer_id)
        row = Event(
            customer=customer_id,
            type=etype,
            at=at,
            staff=staff,
            channel=channel,
            meeting=meeting,
            department=department,
            amount=amount,
            related=related,
            details=details or None,
            recorded_by=actor.user_id,
            recorded_at=self.app.clock.now(),
        )
        candidate = event_to_ev(row)
        candidate = Ev(**{**candidate.__dict__, "seq": LAST_SEQ})  # recorded after everything so far
        ctx = self._ctx_for(evs, meeting)
        try:
            engine.check(evs, ctx, candidate)
        except Refusal as refusal:
            raise RuleRefused(refusal.rule, refusal.reason) from None
        row.id = insert_returning_id(Event, {f: row.__data__[f] for f in row.__data__ if f != "id"})
        evs.append(event_to_ev(row))
        now = max(self.app.clock.now(), at)
        verdict = engine.evaluate(evs, ctx, now)
        changed, opened = self._store(actor, customer_id, verdict, now)
        callbacks = getattr(self.app, "callbacks", None)
        if callbacks is not None:
            callbacks.after_event(row, verdict)  # callback duties follow the timeline (SPEC §7)
        if audit_action:
            audit.write(
                actor,
                audit_action,
                "event",
                row.id,
                customer_id=customer_id,
                at=self.app.clock.now(),
                new={"type": etype, "at": at.isoformat(" "), **(details or {})},
            )
        return Recorded(row.id, customer_id, verdict, changed, opened)

    def store(self, actor: Actor, customer_id: int, v: Verdict, now: dt.datetime) -> bool:
        """Store a verdict computed elsewhere (rule-parameter change) inside the caller's transaction.

        Audits an owner change and opens cases like recording does; True when the owner changed.
        """
        return self._store(actor, customer_id, v, now)[0]

    def _snapshot(self, customer_id: int, v: Verdict, now: dt.datetime) -> dict[str, Any]:
        """The Ownership row for a verdict."""
        staff_dept = self._staff_maps()[0]
        owner = v.owner if v.owner_is_staff else None
        return dict(
            customer=customer_id,
            owner_kind="staff" if v.owner_is_staff else ("pool" if v.owner == POOL else "none"),
            owner=owner,
            owner_department=staff_dept.get(owner) if owner else None,
            claim_state=v.claim_state,
            rule=v.rule,
            since=v.since,
            next_deadline=v.next_deadline,
            next_rule=v.next_rule,
            next_action=v.next_action,
            explanation=v.explanation,
            pool_reason=v.pool_reason,
            must_other_department=v.must_other_department,
            computed_at=now,
        )

    @staticmethod
    def _owner_of(snap: Ownership | None) -> Any:
        if snap is None:
            return None
        return snap.owner_id if snap.owner_kind == "staff" else (POOL if snap.owner_kind == "pool" else None)

    def _owner_audit(self, actor: Actor, customer_id: int, old: Any, v: Verdict) -> dict[str, Any] | None:
        """The audit row of an ownership change, or None when the owner stayed."""
        new = v.owner if v.owner is not None else None
        if new == old:
            return None
        names = self._staff_maps()[1]
        return dict(
            at=self.app.clock.now(),
            user=actor.user_id,
            action="ownership.change",
            entity="customer",
            entity_id=customer_id,
            customer_id=customer_id,
            old={"owner": old, "name": names.get(old, old)},
            new={"owner": new, "name": names.get(new, new)},
            rule=v.rule,
            reason=v.explanation,
        )

    def _store(self, actor: Actor, customer_id: int, v: Verdict, now: dt.datetime) -> tuple[bool, tuple[int, ...]]:
        """Write the snapshot; audit an owner change; open cases for notices not seen before."""
        found = rows_where(Ownership, (Ownership.owner_kind, Ownership.owner), Ownership.customer, customer_id)
        old = found[0] if found else None
        insert_rows(Ownership, [self._snapshot(customer_id, v, now)], upsert_on=Ownership.customer)
        old_owner = None if old is None else (old[1] if old[0] == "staff" else (POOL if old[0] == "pool" else None))
        row = self._owner_audit(actor, customer_id, old_owner, v)
        if row is not None:
            insert_rows(AuditLog, [row])
        return row is not None, self._open_cases(customer_id, v)

    def _open_cases(self, customer_id: int, v: Verdict) -> tuple[int, ...]:
        if not v.notices:
            return ()
        existing = {
            k for (k,) in ConflictCase.select(ConflictCase.key).where(ConflictCase.customer == customer_id).tuples()
        }
        staff_dept = self._staff_maps()[0]
        opened = []
        for n in v.notices:
            key = f"{customer_id}:{n.kind}:{n.at:%Y%m%d%H%M%S}:{','.join(map(str, n.evidence))}"[:96]
            if key in existing:
                continue
            parties = [p for p in n.parties if p not in (None, POOL)]
            dept = staff_dept.get(parties[0]) if parties else None
            case = ConflictCase.create(
                customer=customer_id,
                kind=n.kind,
                rule=n.rule,
                opened_at=n.at,
                key=key,
                department=dept,
                parties=parties,
                summary=n.summary,
                proposed_owner=str(n.proposed_owner or ""),
                proposal=v.explanation,
                evidence=list(n.evidence),
            )
            existing.add(key)
            opened.append(case.id)
        return tuple(opened)

    # -- the actions ----------------------------------------------------------------------------

    def register(
        self,
        actor: Actor,
        customer_id: int,
        staff_id: int,
        channel: str,
        *,
        at: dt.datetime | None = None,
        referrer_id: int | None = None,
        referral_complete: bool = True,
        extra: dict[str, Any] | None = None,
    ) -> Recorded:
        """报名: a staff member records the customer as theirs through ``channel``.

        ``extra`` is kept in the event's details (e.g. the event or batch name written on the form).
        """
        if channel not in CHANNELS:
            raise ValidationError("channel", f"未知的来源渠道:{channel}")
        with db.atomic():
            at = self._now_or(at)
            self._customer(customer_id)
            staff = self._staff(staff_id, at)
            self._require_contact(actor, staff, "登记报名")
            details: dict[str, Any] = dict(extra or {})
            if channel == "referral":
                if referrer_id is None and referral_complete:
                    raise ValidationError("referrer", "转介报名须填写介绍人(老顾客)。")
                if referrer_id is not None:
                    if referrer_id == customer_id:
                        raise ValidationError("referrer", "介绍人不能是顾客本人。")
                    self._customer(referrer_id)
                    ref = self.verdict(referrer_id, at)
                    details["referrer_owner"] = ref.owner if ref.owner_is_staff else None
                details["referral_complete"] = bool(referral_complete)
            elif referrer_id is not None:
                raise ValidationError("referrer", "只有转介渠道才填写介绍人。")
            return self._record(
                actor,
                customer_id,
                "register",
                at,
                staff=staff_id,
                channel=channel,
                related=referrer_id,
                details=details,
                audit_action="event.register",
            )

    def allocate(
        self, actor: Actor, customer_id: int, staff_id: int, *, at: dt.datetime | None = None, batch: str = ""
    ) -> Recorded:
        """分配: a card from an event batch handed to a staff member."""
        require(actor, "event.allocate", "分配档案")
        with db.atomic():
            at = self._now_or(at)
            self._customer(customer_id)
            self._staff(staff_id, at)
            return self._record(
                actor,
                customer_id,
                "allocate",
                at,
                staff=staff_id,
                details={"batch": batch} if batch else None,
                audit_action="event.allocate",
            )

    def allocate_many(
        self,
        actor: Actor,
        assignments: Sequence[tuple[int, int]],
        *,
        at: dt.datetime | None = None,
        batch: str = "",
        checkpoint: Callable[[int, int], None] | None = None,
    ) -> dict[int, int]:
        """分配 a whole batch in one transaction: (customer, staff) pairs → {customer: event id}.

        The same rules as `allocate`, with the reads done once for the batch and the snapshots and
        audit rows written in bulk. ``checkpoint(done, total)`` is called every 100 cards; raising
        from it (a cancel) rolls everything back. Any refused card refuses the whole batch.
        """
        require(actor, "event.allocate", "分配档案")
        with db.atomic():
            at = self._now_or(at)
            cids = [c for c, _ in assignments]
            for sid in {s for _, s in assignments}:
                self._staff(sid, at)
            found: set[int] = set()
            events: dict[int, list[Ev]] = {c: [] for c in cids}
            snaps: dict[int, Ownership] = {}
            for part in _chunks(cids, 500):
                found |= {c for (c,) in Customer.select(Customer.id).where(Customer.id.in_(part)).tuples()}
                for e in Event.select().where(Event.customer.in_(part)).order_by(Event.at, Event.id):
                    events[e.customer_id].append(event_to_ev(e))
                snaps.update({o.customer_id: o for o in Ownership.select().where(Ownership.customer.in_(part))})
            missing = [c for c in cids if c not in found]
            if missing:
                raise NotFound(f"顾客档案 {missing[0]} 不存在。")
            ctx = self.context({e.meeting for evs in events.values() for e in evs if e.meeting is not None})
            now = max(self.app.clock.now(), at)
            details = {"batch": batch} if batch else None
            out: dict[int, int] = {}
            snapshots: list[dict[str, Any]] = []
            audits: list[dict[str, Any]] = []
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
                        recorded_at=self.app.clock.now(),
                    ),
                )
                evs.append(Ev(event_id, at, "allocate", staff=sid))
                v = engine.evaluate(evs, ctx, now)
                snapshots.append(self._snapshot(cid, v, now))
                change = self._owner_audit(actor, cid, self._owner_of(snaps.get(cid)), v)
                if change is not None:
                    audits.append(change)
                if v.notices:
                    self._open_cases(cid, v)
                out[cid] = event_id
            insert_rows(Ownership, snapshots, upsert_on=Ownership.customer)
            insert_rows(AuditLog, audits)
            audit.write(
                actor,
                "event.allocate_batch",
                "batch",
                None,
                at=self.app.clock.now(),
                new={"batch": batch, "cards": len(out), "at": at.isoformat(" ")},
            )
            return out

    def register_new_many(
        self,
        actor: Actor,
        items: Sequence[tuple[int, int, str, dict | None]],
        *,
        at: dt.datetime | None = None,
        checkpoint: Callable[[int, int], None] | None = None,
    ) -> dict[int, int]:
        """报名 of cards just created (an import): (customer, staff, channel, details) → {customer: event id}.

        The customers must have no timeline yet, so each registration is a first one (R1); the rows
        are written with prepared statements. ``checkpoint(done, total)`` may raise to cancel.
        """
        with db.atomic():
            at = self._now_or(at)
            staff_rows = {sid: self._staff(sid, at) for sid in {sid for _, sid, _, _ in items}}
            for staff in staff_rows.values():
                self._require_contact(actor, staff, "登记报名")
            cids = [c for c, _, _, _ in items]
            for part in _chunks(cids, 500):
                if Event.select().where(Event.customer.in_(part)).exists():
                    raise ValidationError("customer", "批量报名只用于刚建立、还没有任何记录的顾客档案。")
            for _, _, channel, _ in items:
                if channel not in CHANNELS:
                    raise ValidationError("channel", f"未知的来源渠道:{channel}")
            ctx = self.context()
            now = max(self.app.clock.now(), at)
            out: dict[int, int] = {}
            snapshots: list[dict[str, Any]] = []
            audits: list[dict[str, Any]] = []
            for i, (cid, sid, channel, details) in enumerate(items):
                if checkpoint and i % 200 == 0:
                    checkpoint(i, len(items))
                if channel == "referral":
                    details = {**(details or {}), "referral_complete": False}
                event_id = insert_returning_id(
                    Event,
                    dict(
                        customer=cid,
                        type="register",
                        at=at,
                        staff=sid,
                        channel=channel,
                        details=details or None,
                        recorded_by=actor.user_id,
                        recorded_at=self.app.clock.now(),
                    ),
                )
                ev = Ev(event_id, at, "register", staff=sid, channel=channel, referral_complete=channel != "referral")
                v = engine.evaluate([ev], ctx, now)
                snapshots.append(self._snapshot(cid, v, now))
                change = self._owner_audit(actor, cid, None, v)
                if change is not None:
                    audits.append(change)
                out[cid] = event_id
            insert_rows(Ownership, snapshots, upsert_on=Ownership.customer)
            insert_rows(AuditLog, audits)
            audit.write(
                actor,
                "event.register_batch",
                "customer",
                None,
                at=self.app.clock.now(),
                new={"registrations": len(out), "at": at.isoformat(" ")},
            )
            return out

    def preheat(
        self, actor: Actor, customer_id: int, staff_id: int, *, at: dt.datetime | None = None, notes: str = ""
    ) -> Recorded:
        """预热: the first warming contact."""
        with db.atomic():
            at = self._now_or(at)
            self._customer(customer_id)
            staff = self._staff(staff_id, at)
            self._require_contact(actor, staff, "登记预热")
            return self._record(
                actor, customer_id, "preheat", at, staff=staff_id, details={"notes": notes} if notes else None
            )

    def visit(
        self,
        actor: Actor,
        customer_id: int,
        staff_id: int,
        kind: str,
        *,
        at: dt.datetime | None = None,
        signed: bool | None = None,
        notes: str = "",
    ) -> Recorded:
        """回访/家访: a phone or home visit."""
        if kind not in ("home", "phone"):
            raise ValidationError("kind", "回访方式只能是家访(home)或电话(phone)。")
        with db.atomic():
            at = self._now_or(at)
            self._customer(customer_id)
            staff = self._staff(staff_id, at)
            self._require_contact(actor, staff, "登记回访")
            details: dict[str, Any] = {"kind": kind}
            if signed is not None:
                details["signed"] = bool(signed)
            if notes:
                details["notes"] = notes
            return self._record(actor, customer_id, "visit", at, staff=staff_id, details=details)

    def invite(
        self, actor: Actor, customer_id: int, staff_id: int, meeting_id: int, *, at: dt.datetime | None = None
    ) -> Recorded:
        """邀约/敲定: the customer agreed to come to a meeting.

        Refused under R11 with the reason: the invitation records nothing, and a conflict case
        tells the coordinator that another department tried (SPEC §6).
        """
        try:
            with db.atomic():
                at = self._now_or(at)
                self._customer(customer_id)
                staff = self._staff(staff_id, at)
                self._require_contact(actor, staff, "登记邀约")
                self._meeting(meeting_id)
                return self._record(actor, customer_id, "invite", at, staff=staff_id, meeting=meeting_id)
        except RuleRefused as refused:
            if refused.rule == "R11":
                self._open_refusal_case(customer_id, staff_id, meeting_id, at or self.app.clock.now(), refused)
            raise

    def _open_refusal_case(
        self, customer_id: int, staff_id: int, meeting_id: int, at: dt.datetime, refused: RuleRefused
    ) -> None:
        staff_dept, staff_name, _ = self._staff_maps()
        snap = Ownership.get_or_none(Ownership.customer == customer_id)
        owner = self._owner_of(snap)
        with db.atomic():
            ConflictCase.insert(
                customer=customer_id,
                kind="invite_refused",
                rule="R11",
                opened_at=at,
                key=f"{customer_id}:invite_refused:{at:%Y%m%d%H%M%S}:{staff_id}:{meeting_id}"[:96],
                department=staff_dept.get(staff_id),
                parties=[staff_id] + ([owner] if owner not in (None, POOL) else []),
                summary=f"{staff_name.get(staff_id, staff_id)} 的邀约被拒绝:{refused.message}",
                proposed_owner=str(owner or ""),
                proposal=snap.explanation if snap else "",
                evidence=[],
            ).on_conflict_ignore().execute()

    def attend(self, actor: Actor, customer_id: int, meeting_id: int, *, at: dt.datetime | None = None) -> Recorded:
        """到会: the customer came to the meeting; credit follows R12."""
        require(actor, "event.attendance", "登记到会")
        with db.atomic():
            at = self._now_or(at)
            self._customer(customer_id)
            self._meeting(meeting_id)
            if (
                Event.select()
                .where((Event.customer == customer_id) & (Event.meeting == meeting_id) & (Event.type == "attend"))
                .exists()
            ):
                raise ValidationError("meeting", "该顾客已登记过到会。")
            return self._record(actor, customer_id, "attend", at, meeting=meeting_id, audit_action="event.attend")

    def purchase(
        self,
        actor: Actor,
        customer_id: int,
        amount: Any,
        *,
        meeting_id: int | None = None,
        at: dt.datetime | None = None,
        products: str = "",
        staff_id: int | None = None,
        expert_id: int | None = None,
    ) -> Recorded:
        """出货: a purchase, credited to the inviter of record (R12) or the owner.

        ``staff_id`` is the service staff member and ``expert_id`` the consulting expert written on
        the shipment list; they are who the post-purchase callback duties go to.
        """
        require(actor, "event.purchase", "登记出货")
        try:
            value = Decimal(str(amount))
        except Exception:
            raise ValidationError("amount", f"金额“{amount}”不是数字。") from None
        if value <= 0:
            raise ValidationError("amount", "金额必须大于 0。")
        with db.atomic():
            at = self._now_or(at)
            self._customer(customer_id)
            if meeting_id is not None:
                self._meeting(meeting_id)
            details: dict[str, Any] = {}
            if products:
                details["products"] = products
            if staff_id is not None:
                self._staff(staff_id, at)
                details["service_staff"] = staff_id
            if expert_id is not None:
                self._staff(expert_id, at, field="expert")
                details["expert"] = expert_id
            return self._record(
                actor,
                customer_id,
                "purchase",
                at,
                meeting=meeting_id,
                amount=value,
                details=details or None,
                audit_action="event.purchase",
            )

    def complaint(
        self,
        actor: Actor,
        customer_id: int,
        code: str,
        *,
        cause: str = "other",
        staff_id: int | None = None,
        at: dt.datetime | None = None,
        notes: str = "",
    ) -> Recorded:
        """投诉: opens a complaint that must be resolved within 3 days (R9)."""
        require(actor, "event.complaint", "登记投诉")
        code = (code or "").strip()
        if not code:
            raise ValidationError("code", "请填写投诉编号。")
        if cause not in COMPLAINT_CAUSES:
            raise ValidationError("cause", f"未知的投诉原因:{cause}")
        with db.atomic():
            at = self._now_or(at)
            self._customer(customer_id)
            if Complaint.select().where(Complaint.code == code).exists():
                raise ValidationError("code", f"投诉编号 {code} 已存在。")
            from services.rules.calendar import lapse_after_days

            Complaint.create(
                customer=customer_id,
                code=code,
                cause=cause,
                staff=staff_id,
                opened_at=at,
                due_at=lapse_after_days(at, self.app.settings.params().complaint_days),
                notes=notes,
            )
            return self._record(
                actor,
                customer_id,
                "complaint",
                at,
                staff=staff_id,
                details={"complaint": code, "cause": cause},
                audit_action="complaint.open",
            )

    def resolve_complaint(self, actor: Actor, code: str, *, at: dt.datetime | None = None, notes: str = "") -> Recorded:
        require(actor, "event.complaint", "处理投诉")
        with db.atomic():
            at = self._now_or(at)
            c = Complaint.get_or_none(Complaint.code == code)
            if c is None:
                raise ValidationError("id", f"投诉编号 {code} 不存在。")
            if c.resolved_at is not None:
                raise ValidationError("id", f"投诉 {code} 已于 {c.resolved_at:%Y-%m-%d %H:%M} 处理。")
            c.resolved_at = at
            c.notes = (c.notes + "\n" + notes).strip()
            c.save()
            return self._record(
                actor,
                c.customer_id,
                "complaint_resolved",
                at,
                details={"complaint": code},
                audit_action="complaint.resolve",
            )

    def reassign(
        self, actor: Actor, customer_id: int, to: Any, reason: str, *, at: dt.datetime | None = None
    ) -> Recorded:
        """重新分配 (R10): to a staff member (new pending claim) or to the pool; reason required."""
        require(actor, "event.reassign", "重新分配顾客")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "重新分配须写明原因。")
        with db.atomic():
            at = self._now_or(at)
            self._customer(customer_id)
            if to != POOL:
                staff = self._staff(to, at, field="to")
                if actor.role == "manager" and actor.department_id not in (None, staff.department_id):
                    raise PermissionDenied("部门经理只能把顾客分配给本部门员工。")
            return self._record(
                actor,
                customer_id,
                "reassign",
                at,
                staff=None if to == POOL else to,
                details={"to": to, "reason": reason},
                audit_action="ownership.reassign",
            )

    def ruling(
        self, actor: Actor, customer_id: int, to: Any, by: str, reason: str, *, at: dt.datetime | None = None
    ) -> Recorded:
        """裁决 (R13): a coordinator's or the GM's ruling sets the owner with an active claim."""
        if by == "gm":
            require(actor, "cases.final", "作出总经理裁决")
        else:
            require(actor, "event.ruling", "作出裁决")
        if by not in ("coordinator", "gm"):
            raise ValidationError("by", "裁决人只能是协调助理(coordinator)或总经理(gm)。")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "裁决须写明理由。")
        with db.atomic():
            at = self._now_or(at)
            self._customer(customer_id)
            if to != POOL:
                self._staff(to, at, field="to")
            return self._record(
                actor,
                customer_id,
                "ruling",
                at,
                staff=None if to == POOL else to,
                details={"to": to, "by": by, "reason": reason},
                audit_action="ownership.ruling",
            )

    def staff_left(self, actor: Actor, staff_id: int, *, at: dt.datetime | None = None) -> list[Recorded]:
        """离职 (R10): the staff member leaves; every customer they own goes to the pool."""
        require(actor, "event.staff_left", "办理员工离职")
        with db.atomic():
            at = self._now_or(at)
            self._staff(staff_id, at)
            staff = Staff.get_by_id(staff_id)  # the real row: it is saved below
            candidates = {r for (r,) in Event.select(Event.customer).where(Event.staff == staff_id).distinct().tuples()}
            candidates |= {
                r for (r,) in Ownership.select(Ownership.customer).where(Ownership.owner == staff_id).tuples()
            }
            out = []
            for cid in sorted(candidates):
                v = self.verdict(cid, at)
                if v.owner == staff_id or staff_id in v.competitors:
                    out.append(self._record(actor, cid, "staff_left", at, staff=staff_id))
            staff.active = False
            staff.left_at = at
            staff.save()
            audit.write(
                actor,
                "staff.left",
                "staff",
                staff_id,
                at=self.app.clock.now(),
                new={"left_at": at.isoformat(" "), "customers_to_pool": len(out)},
            )
            self.invalidate()
            return out

    def submit_list(
        self,
        actor: Actor,
        department_id: int,
        meeting_id: int,
        customer_ids: list[int],
        *,
        at: dt.datetime | None = None,
    ):
        """R11: a department's confirmed-invitation list for a joint meeting; records whether it is on time."""
        from models import MeetingList
        from services.rules.meetings import list_day_and_on_time

        require(actor, "meeting.submit_list", "报送联合会议名单")
        if actor.role == "manager" and actor.department_id not in (None, department_id):
            raise PermissionDenied("部门经理只能报送本部门的名单。")
        with db.atomic():
            at = self._now_or(at)
            info = self._meeting(meeting_id)
            if (
                not MeetingDepartment.select()
                .where((MeetingDepartment.meeting == meeting_id) & (MeetingDepartment.department == department_id))
                .exists()
            ):
                raise ValidationError("dept", "该部门没有参加这场会议。")
            day, on_time = list_day_and_on_time(info, at, self.app.settings.params())
            lst = MeetingList.create(
                meeting=meeting_id,
                department=department_id,
                submitted_at=at,
                submitted_by=actor.user_id,
                for_day=day,
                on_time=on_time,
            )
            for cid in dict.fromkeys(customer_ids):
                self._customer(cid)
                self._record(
                    actor, cid, "listed", at, meeting=meeting_id, department=department_id, details={"list": lst.id}
                )
            audit.write(
                actor,
                "meeting.submit_list",
                "meeting_list",
                lst.id,
                at=self.app.clock.now(),
                new={
                    "meeting": meeting_id,
                    "department": department_id,
                    "customers": list(customer_ids),
                    "on_time": on_time,
                },
            )
            return lst.id, on_time

    # -- time passing -----------------------------------------------------------------------------

    def sweep(
        self, actor: Actor, now: dt.datetime | None = None, *, batch: int = 500, progress=None, cancelled=None
    ) -> int:
        """Apply deadlines that have passed (R2, R6–R9) to the snapshots; returns customers updated.

        Uses the index on ``next_deadline``; each batch is one transaction, so a
        cancelled or interrupted sweep leaves every snapshot either old or new.
        """
        now = now or self.app.clock.now()
        with _sweep_lock() as mine:
            if not mine:
                return 0  # another PC is sweeping right now; its results reach this PC through the database
            done = self._sweep(actor, now, batch, progress, cancelled)
        callbacks = getattr(self.app, "callbacks", None)
        if callbacks is not None and not (cancelled and cancelled()):
            callbacks.ensure_month(now)  # a new month brings each old customer's monthly callback duties
        return done

    def _sweep(self, actor, now, batch, progress, cancelled) -> int:
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
                for cid in ids:
                    evs = self.events(cid)
                    self._store(actor, cid, engine.evaluate(evs, self._ctx_for(evs), now), now)
            done += len(ids)
            if progress:
                progress(done)
            if cancelled and cancelled():
                return done

    def rebuild(self, actor: Actor, now: dt.datetime | None = None, *, batch: int = 1000, progress=None) -> int:
        """Recompute every snapshot from the timeline (after a rule-parameter change or a restore)."""
        now = now or self.app.clock.now()
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
                for cid in ids:
                    evs = self.events(cid)
                    self._store(actor, cid, engine.evaluate(evs, self._ctx_for(evs), now), now)
            last = ids[-1]
            done += len(ids)
            if progress:
                progress(done)
