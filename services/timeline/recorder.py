"""The recording transaction of the timeline (SPEC §5): the one object every timeline action goes through.

`Recorder.record` checks an event against the rules engine, appends it, re-evaluates the customer,
stores the verdict in the ownership snapshot, audits an owner change and opens conflict cases — inside
the caller's transaction. It also keeps the cached facts the engine needs (staff, departments,
meetings, rule parameters) and the checks every action shares (the card exists, the staff member
had not left, the acting user may record for them). The actions themselves live in
`services.timeline.actions`, the batch paths in `services.timeline.bulk`, time passing in
`services.timeline.sweep`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models import (
    AuditLog,
    ConflictCase,
    Customer,
    Department,
    Event,
    Meeting,
    Ownership,
    Staff,
)
from models.bulk import insert_returning_id, insert_rows, rows_where
from services.office.permissions import Actor, require
from services.platform.errors import NotFound, PermissionDenied, RuleRefused, ValidationError
from services.platform.serialise import lock_customers
from services.rules import engine
from services.rules.model import EVENT_NAMES, POOL, Context, Ev, MeetingInfo, Refusal, Verdict
from services.timeline import back_entry
from services.timeline.reads import _EVENT_COLUMNS, LAST_SEQ, Recorded, _ev, event_to_ev


class Recorder:
    """Holds the recording transaction and the facts it needs; one per `Services` container."""

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

    def staff_maps(self) -> tuple[dict, dict, dict]:
        if self._staff_cache is None:
            rows = list(Staff.select(Staff.id, Staff.name, Staff.department, Staff.left_at).tuples())
            depts = dict(Department.select(Department.id, Department.name).tuples())
            self._staff_cache = ({r[0]: r[2] for r in rows}, {r[0]: r[1] for r in rows}, depts)
            self._left = {r[0]: r[3] for r in rows}
        return self._staff_cache

    def context(self, meeting_ids: set[Any] | None = None) -> Context:
        staff_dept, staff_name, dept_name = self.staff_maps()
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

    def verdicts(self, customer_ids: list[int], at: dt.datetime) -> dict[int, Verdict]:
        """The verdicts of several customers at ``at``, their timelines read in one query (the front
        desk explains every lapsed claim on a page of hits: one query per customer was most of a lookup)."""
        ids = sorted({int(i) for i in customer_ids})
        if not ids:
            return {}
        columns = (Event.customer, *_EVENT_COLUMNS)
        q = Event.select(*columns).where(Event.customer.in_(ids)).order_by(Event.customer, Event.at, Event.id)
        timelines: dict[int, list[Ev]] = {i: [] for i in ids}
        for cid, *row in q.tuples():
            timelines[cid].append(_ev(*row))
        return {cid: engine.evaluate(evs, self.ctx_for(evs), at) for cid, evs in timelines.items()}

    def ctx_for(self, evs: list[Ev], extra_meeting: Any = None) -> Context:
        ids = {e.meeting for e in evs if e.meeting is not None}
        if extra_meeting is not None:
            ids.add(extra_meeting)
        return self.context(ids)

    # -- reading ---------------------------------------------------------------------------

    def verdict(
        self, customer_id: int, at: dt.datetime | None = None, *, known_at: dt.datetime | None = None
    ) -> Verdict:
        """The engine's verdict for a customer at ``at`` (default now), replayed from the timeline.

        With ``known_at``, only the events recorded by then count: the answer the office saw at that
        instant (SPEC §9), before any later back-entry (SPEC §5)."""
        if known_at is None:
            evs = self.events(customer_id)
        else:
            q = (
                Event.select(*_EVENT_COLUMNS)
                .where((Event.customer == customer_id) & (Event.recorded_at <= known_at))
                .order_by(Event.at, Event.id)
                .tuples()
            )
            evs = [_ev(*row) for row in q]
        return engine.evaluate(evs, self.ctx_for(evs), at or self.app.clock.now())

    # -- recording ---------------------------------------------------------------------------

    def now_or(self, at: dt.datetime | None) -> dt.datetime:
        now = self.app.clock.now()
        if at is None:
            return now
        if at > now:
            raise ValidationError("at", f"时间 {at:%Y-%m-%d %H:%M} 晚于现在,不能登记未来的事。")
        return at

    def check_customer(self, customer_id: int) -> None:
        """Raise NotFound unless the card exists (runs for every event: only the id is read)."""
        if not rows_where(Customer, (Customer.id,), Customer.id, customer_id):
            raise NotFound(f"顾客档案 {customer_id} 不存在。")

    def staff_at(self, staff_id: int, at: dt.datetime, field: str = "staff") -> Staff:
        """The staff member (from the cache; unknown ids are read, so another PC's new staff are found)."""
        staff_dept, staff_name, _ = self.staff_maps()
        if staff_id not in staff_name:
            self.invalidate()
            staff_dept, staff_name, _ = self.staff_maps()
            if staff_id not in staff_name:
                raise ValidationError(field, f"员工 {staff_id} 不存在。")
        left = self._left.get(staff_id)
        if left is not None and left <= at:
            raise ValidationError(field, f"{staff_name[staff_id]} 已于 {left:%Y-%m-%d} 离职,不能再登记。")
        return Staff(id=staff_id, name=staff_name[staff_id], department=staff_dept[staff_id], left_at=left)

    def meeting(self, meeting_id: int) -> MeetingInfo:
        """The meeting's facts (cached like `context`); ValidationError when there is no such meeting."""
        info = self.context({meeting_id}).meetings.get(meeting_id)
        if info is None:
            raise ValidationError("meeting", f"会议 {meeting_id} 不存在。")
        return info

    def require_contact(self, actor: Actor, staff: Staff, what: str) -> None:
        require(actor, "event.contact", what)
        if actor.role in ("staff", "expert") and actor.staff_id != staff.id:
            raise PermissionDenied(f"员工只能登记自己的{what.removeprefix('登记')},不能替{staff.name}登记。")
        if actor.role == "manager" and actor.department_id not in (None, staff.department_id):
            raise PermissionDenied(f"部门经理只能登记本部门员工的{what.removeprefix('登记')}。")

    def record(
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
        late_reason: str = "",
    ) -> Recorded:
        """Check, append, re-evaluate and store — inside the caller's transaction.

        ``late_reason`` is the reason a manager or above gives for recording a fact older than the
        back-entry limit (SPEC §5, services.timeline.back_entry); a staff member cannot.
        """
        lock_customers([customer_id])  # PostgreSQL: one recording transaction per customer at a time
        late = back_entry.check(self.app, actor, customer_id, at, late_reason, what=EVENT_NAMES.get(etype, etype))
        if late is not None:
            details = {**(details or {}), **late.details()}
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
        ctx = self.ctx_for(evs, meeting)
        try:
            engine.check(evs, ctx, candidate)
        except Refusal as refusal:
            raise RuleRefused(refusal.rule, refusal.reason) from None
        row.id = insert_returning_id(Event, {f: row.__data__[f] for f in row.__data__ if f != "id"})
        evs.append(event_to_ev(row))
        now = max(self.app.clock.now(), at)
        verdict = engine.evaluate(evs, ctx, now)
        changed, opened = self.store_verdict(actor, customer_id, verdict, now)
        if late is not None:
            opened += back_entry.after(self, actor, customer_id, row.id, etype, at, late, verdict)
        callbacks = getattr(self.app, "callbacks", None)
        if callbacks is not None:
            callbacks.after_event(row, verdict)  # callback duties follow the timeline (SPEC §7)
        reason = late.reason if late is not None else ""
        insert_rows(AuditLog, [self.event_audit(actor, row.id, customer_id, etype, at, details, audit_action, reason)])
        return Recorded(row.id, customer_id, verdict, changed, opened)

    def event_audit(
        self,
        actor: Actor,
        event_id: int,
        customer_id: int,
        etype: str,
        at: dt.datetime,
        details: dict | None,
        action: str | None = None,
        reason: str = "",
    ) -> dict[str, Any]:
        """The audit row of one timeline event: who recorded what for whom, when it happened (``event_at``)
        and when it was recorded (``at``); every path that appends an event writes exactly one."""
        return dict(
            at=self.app.clock.now(),
            user=actor.user_id,
            action=action or f"event.{etype}",
            entity="event",
            entity_id=event_id,
            customer_id=customer_id,
            old=None,
            new={"type": etype, "at": at.isoformat(" "), **(details or {})},
            reason=reason,
            rule="",
            event_at=at,
        )

    def store(self, actor: Actor, customer_id: int, v: Verdict, now: dt.datetime) -> bool:
        """Store a verdict computed elsewhere (rule-parameter change) inside the caller's transaction.

        Audits an owner change and opens cases like recording does; True when the owner changed.
        """
        return self.store_verdict(actor, customer_id, v, now)[0]

    def snapshot(self, customer_id: int, v: Verdict, now: dt.datetime) -> dict[str, Any]:
        """The Ownership row for a verdict."""
        staff_dept = self.staff_maps()[0]
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
            lapsed_rules=",".join(v.lapsed_rules) if v.claim_state == "lapsed" else "",
        )

    @staticmethod
    def owner_of(snap: Ownership | None) -> Any:
        if snap is None:
            return None
        return snap.owner_id if snap.owner_kind == "staff" else (POOL if snap.owner_kind == "pool" else None)

    def owner_audit(self, actor: Actor, customer_id: int, old: Any, v: Verdict) -> dict[str, Any] | None:
        """The audit row of an ownership change, or None when the owner stayed."""
        new = v.owner if v.owner is not None else None
        if new == old:
            return None
        names = self.staff_maps()[1]
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

    def store_verdict(
        self, actor: Actor, customer_id: int, v: Verdict, now: dt.datetime
    ) -> tuple[bool, tuple[int, ...]]:
        """Write the snapshot; audit an owner change; open cases for notices not seen before."""
        found = rows_where(Ownership, (Ownership.owner_kind, Ownership.owner), Ownership.customer, customer_id)
        old = found[0] if found else None
        insert_rows(Ownership, [self.snapshot(customer_id, v, now)], upsert_on=Ownership.customer)
        old_owner = None if old is None else (old[1] if old[0] == "staff" else (POOL if old[0] == "pool" else None))
        row = self.owner_audit(actor, customer_id, old_owner, v)
        if row is not None:
            insert_rows(AuditLog, [row])
        return row is not None, self.open_cases(customer_id, v)

    def open_cases(self, customer_id: int, v: Verdict, existing: set[str] | None = None) -> tuple[int, ...]:
        if not v.notices:
            return ()
        if existing is None:
            existing = {
                k for (k,) in ConflictCase.select(ConflictCase.key).where(ConflictCase.customer == customer_id).tuples()
            }
        staff_dept = self.staff_maps()[0]
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
