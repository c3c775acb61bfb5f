"""冲突仲裁 — conflict cases (SPEC §6): the queue, the case view, rulings and the register.

The rules engine opens cases (services.timeline.service); here the coordinator (协调助理) accepts
the engine's verdict, overrides it with a written reason (a `ruling` event, R13) or
escalates to the GM, who gives the final ruling. Cases are never deleted; every action
is one transaction and one audit record, and a ruled case cannot be ruled again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from peewee import JOIN

from models import AuditLog, ConflictCase, Customer, Department, Event, Meeting, Ownership, Staff, User, db
from services.cases import register as case_register
from services.cases.views import (
    KIND_LABELS,
    PARTY_EVENT_TYPES,
    SLOT_LABELS,
    STATE_LABELS,
    CaseDetail,
    CaseRow,
    EventLine,
    Side,
    event_text,
    proposed_text,
)
from services.customers.names import mask_name
from services.customers.visibility import approved_lookups, sees_in_full
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import NotFound, PermissionDenied, StaleRecord, ValidationError
from services.rules.calendar import fmt
from services.rules.model import POOL, RULE_TITLES
from services.timeline.back_entry import recorded_note, user_names
from services.timeline.ownership_view import owner_key, view_from_verdict

#: Roles that see every case; a manager sees the cases of their own department only.
SEE_ALL_CASES = frozenset({"coordinator", "director", "gm", "admin"})


class CaseService:
    """``app.cases``: everything the 冲突仲裁 tab does."""

    def __init__(self, app):
        self.app = app

    # -- visibility ---------------------------------------------------------------------

    def _scope(self, actor: Actor, department_id: int | None) -> int | None:
        """The department filter the actor may use (managers are pinned to their own)."""
        require(actor, "cases.view", "查看冲突案件")
        if actor.role in SEE_ALL_CASES:
            return department_id
        if actor.department_id is None:
            raise PermissionDenied("部门经理账号未指定部门,无法查看冲突案件。")
        if department_id not in (None, actor.department_id):
            raise PermissionDenied("部门经理只能查看本部门的冲突案件。")
        return actor.department_id

    def _full_names(self, actor: Actor, customer_ids: list[int]) -> set[int]:
        """Customers whose names this actor may see in full (SPEC §2, services.customers.visibility).

        A coordinator always sees the name: ruling on a case needs it ("the facts needed"),
        and the case shows no phone or address.
        """
        ids = list(dict.fromkeys(customer_ids))
        if actor.role in SEE_ALL_CASES or not ids:
            return set(ids)
        q = (
            Customer.select(Customer.id, Customer.abc_class, Ownership.owner, Ownership.owner_department)
            .join(Ownership, JOIN.LEFT_OUTER, on=(Ownership.customer == Customer.id))
            .where(Customer.id.in_(ids))
            .tuples()
        )
        full = {cid for cid, abc, owner, dept in q if sees_in_full(actor, owner, dept, abc or "")}
        return full | approved_lookups(actor, ids, self.app.clock.now())

    # -- reading ------------------------------------------------------------------------------

    def _select(self):
        return (
            ConflictCase.select(ConflictCase, Customer.id, Customer.name, User.id, User.display_name, User.username)
            .join(Customer, on=(ConflictCase.customer == Customer.id))
            .switch(ConflictCase)
            .join(User, on=(ConflictCase.resolved_by == User.id), join_type=JOIN.LEFT_OUTER)
        )

    def _rows(self, actor: Actor, cases: list[ConflictCase]) -> list[CaseRow]:
        staff_ids: set[int] = set()
        for c in cases:
            staff_ids.update(int(p) for p in c.parties or [])
            if c.proposed_owner and c.proposed_owner != POOL:
                staff_ids.add(int(c.proposed_owner))
        names = dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_(list(staff_ids))).tuples())
        depts = dict(Department.select(Department.id, Department.name).tuples())
        full = self._full_names(actor, [c.customer_id for c in cases])
        escalations = self._escalations([c.id for c in cases if c.state != "open"])
        out = []
        for c in cases:
            name = c.customer.name if c.customer_id in full else mask_name(c.customer.name)
            parties = tuple(int(p) for p in c.parties or [])
            resolver = c.resolved_by.display_name or c.resolved_by.username if c.resolved_by_id else ""
            title = RULE_TITLES.get(c.rule, "")
            out.append(
                CaseRow(
                    id=c.id,
                    customer_id=c.customer_id,
                    customer_name=name,
                    kind=c.kind,
                    kind_label=KIND_LABELS.get(c.kind, c.kind),
                    rule=c.rule,
                    rule_title=title,
                    opened_at=c.opened_at,
                    state=c.state,
                    state_label=STATE_LABELS.get(c.state, c.state),
                    party_ids=parties,
                    party_names=tuple(names.get(p, str(p)) for p in parties),
                    department_id=c.department_id,
                    department_name=depts.get(c.department_id, ""),
                    summary=c.summary,
                    proposed_owner=c.proposed_owner,
                    proposed_text=proposed_text(c.proposed_owner, c.rule, title, names),
                    proposal=c.proposal,
                    resolution=c.resolution,
                    resolved_at=c.resolved_at,
                    resolved_by=resolver,
                    escalation=escalations.get(c.id, ""),
                )
            )
        return out

    @staticmethod
    def _escalations(case_ids: list[int]) -> dict[int, str]:
        """Who escalated each case to the GM, when and why (from the audit log's case.escalate rows)."""
        if not case_ids:
            return {}
        rows = list(
            AuditLog.select(AuditLog.entity_id, AuditLog.user, AuditLog.at, AuditLog.reason)
            .where(
                (AuditLog.entity == "conflict_case")
                & (AuditLog.action == "case.escalate")
                & AuditLog.entity_id.in_(case_ids)
            )
            .tuples()
        )
        names = user_names(r[1] for r in rows)
        return {cid: f"{names.get(uid, '')} {fmt(at)} 上报:{reason}".strip() for cid, uid, at, reason in rows}

    def queue(
        self,
        actor: Actor,
        state: str | None = None,
        department_id: int | None = None,
        after: tuple[dt.datetime, int] | None = None,
        limit: int = 100,
    ) -> list[CaseRow]:
        """One page of cases, newest first; pass the last row's ``cursor`` as ``after`` for the next.

        Keyset paging on (opened_at, id), both indexed, so a page costs the same at any depth.
        """
        dept = self._scope(actor, department_id)
        if state is not None and state not in STATE_LABELS:
            raise ValidationError("state", f"未知的案件状态:{state}")
        q = self._select()
        if state is not None:
            q = q.where(ConflictCase.state == state)
        if dept is not None:
            q = q.where(ConflictCase.department == dept)
        if after is not None:
            at, last_id = after
            q = q.where((ConflictCase.opened_at < at) | ((ConflictCase.opened_at == at) & (ConflictCase.id < last_id)))
        q = q.order_by(ConflictCase.opened_at.desc(), ConflictCase.id.desc()).limit(max(1, min(int(limit), 1000)))
        return self._rows(actor, list(q))

    def count(self, actor: Actor, state: str | None = None, department_id: int | None = None) -> int:
        """How many cases the queue holds with these filters (for the tab's status line)."""
        dept = self._scope(actor, department_id)
        q = ConflictCase.select()
        if state is not None:
            q = q.where(ConflictCase.state == state)
        if dept is not None:
            q = q.where(ConflictCase.department == dept)
        return q.count()

    def _case(self, actor: Actor, case_id: int) -> ConflictCase:
        c = self._select().where(ConflictCase.id == case_id).first()
        if c is None:
            raise NotFound(f"冲突案件 {case_id} 不存在。")
        dept = self._scope(actor, None)
        if dept is not None and c.department_id != dept:
            raise PermissionDenied("部门经理只能查看本部门的冲突案件。")
        return c

    def get(self, actor: Actor, case_id: int) -> CaseRow:
        return self._rows(actor, [self._case(actor, case_id)])[0]

    def detail(self, actor: Actor, case_id: int) -> CaseDetail:
        """Both sides' timelines, the engine's current verdict, the proposal and the evidence."""
        c = self._case(actor, case_id)
        row = self._rows(actor, [c])[0]
        events = list(Event.select().where(Event.customer == c.customer_id).order_by(Event.at, Event.id))
        staff_ids = {e.staff_id for e in events if e.staff_id} | set(row.party_ids)
        for e in events:
            to = (e.details or {}).get("to")
            if isinstance(to, int):
                staff_ids.add(to)
        staff = {s.id: s for s in Staff.select().where(Staff.id.in_(list(staff_ids)))}
        names = {sid: s.name for sid, s in staff.items()}
        depts = dict(Department.select(Department.id, Department.name).tuples())
        meeting_ids = {e.meeting_id for e in events if e.meeting_id}
        meetings = {
            m.id: f"{m.name or '会议'} {m.date:%m-%d}{SLOT_LABELS.get(m.slot, '')}"
            for m in Meeting.select().where(Meeting.id.in_(list(meeting_ids)))
        }
        evidence_ids = {int(i) for i in c.evidence or []}
        recorders = user_names(e.recorded_by_id for e in events)
        parties = set(row.party_ids)
        lines = [
            EventLine(
                id=e.id,
                at=e.at,
                type=e.type,
                label=event_text(e.type, "", None, None, None, "", {}),
                staff_id=e.staff_id,
                staff_name=names.get(e.staff_id, "") if e.staff_id else "",
                text=event_text(
                    e.type,
                    names.get(e.staff_id, ""),
                    e.channel,
                    e.details,
                    float(e.amount) if e.amount is not None else None,
                    meetings.get(e.meeting_id, ""),
                    names,
                ),
                shared=not (e.type in PARTY_EVENT_TYPES and e.staff_id in parties),
                evidence=e.id in evidence_ids,
                recorded=recorded_note(e.at, e.recorded_at, recorders.get(e.recorded_by_id, "")),
            )
            for e in events
        ]
        sides = []
        for pid in row.party_ids or ():
            s = staff.get(pid)
            own = tuple(ln for ln in lines if ln.shared or ln.staff_id == pid)
            sides.append(Side(pid, names.get(pid, str(pid)), depts.get(s.department_id, "") if s else "", own))
        if not sides:
            sides.append(Side(None, "全部事件", "", tuple(lines)))
        verdict = self.app.timeline.verdict(c.customer_id)
        view = view_from_verdict(c.customer_id, verdict)
        changed = ""
        if c.state != "ruled" and c.proposed_owner and owner_key(verdict) != c.proposed_owner:
            rule = f"{view.rule} {view.rule_title}".strip()
            changed = f"立案后时间线有变化:立案时{row.proposed_text},现在规则引擎判定归{view.owner_label}({rule})。"
        return CaseDetail(
            case=row,
            sides=tuple(sides),
            evidence=tuple(ln for ln in lines if ln.evidence),
            ownership=view,
            ruling_event_id=c.ruling_event_id,
            proposal_changed=changed,
        )

    # -- acting -------------------------------------------------------------------------------

    def _open_for(self, actor: Actor, case_id: int, *, escalated: bool = False) -> ConflictCase:
        c = self._case(actor, case_id)
        if c.state == "ruled":
            when = f"于 {c.resolved_at:%Y-%m-%d %H:%M} " if c.resolved_at else ""
            raise ValidationError("state", f"冲突案件 {case_id} 已{when}裁决,不能再次裁决。")
        if escalated and c.state != "escalated":
            raise ValidationError("state", f"冲突案件 {case_id} 未上报总经理,请按协调助理的方式处理。")
        if not escalated and c.state == "escalated":
            raise ValidationError("state", f"冲突案件 {case_id} 已上报总经理,等待总经理终裁。")
        return c

    def _close(self, actor: Actor, c: ConflictCase, old_state: str, resolution: str, event_id: int | None) -> None:
        """Mark ruled, guarded on the state read, so two people ruling at once cannot both win."""
        n = (
            ConflictCase.update(
                state="ruled",
                resolved_at=self.app.clock.now(),
                resolved_by=actor.user_id,
                resolution=resolution,
                ruling_event=event_id,
            )
            .where((ConflictCase.id == c.id) & (ConflictCase.state == old_state))
            .execute()
        )
        if n != 1:
            raise ValidationError("state", f"冲突案件 {c.id} 刚被他人处理过,请刷新后再看。")

    @staticmethod
    def _target(to: Any) -> Any:
        """A ruling's target: "pool" or a staff id (the staff member's existence is checked by the ruling)."""
        if to == POOL:
            return POOL
        if isinstance(to, bool) or not isinstance(to, int | str) or not str(to).isdigit():
            raise ValidationError("to", "裁决须指定归属的员工或公司资源池。")
        return int(to)

    def _owner_name(self, to: Any) -> str:
        if to == POOL:
            return "公司资源池"
        s = Staff.get_or_none(Staff.id == to)
        return s.name if s else str(to)

    def _current_verdict(self, c: ConflictCase, expected_owner: str | None):
        """The engine's verdict now; StaleRecord when it is no longer the one the user saw (``expected_owner``,
        as `owner_key`): the timeline changed after the case view was drawn."""
        v = self.app.timeline.verdict(c.customer_id)
        if expected_owner is not None and owner_key(v) != str(expected_owner):
            now = view_from_verdict(c.customer_id, v)
            raise StaleRecord(
                f"冲突案件 {c.id} 的时间线在您查看后有变化:系统建议现为归{now.owner_label}"
                f"({v.rule} {RULE_TITLES.get(v.rule, '')}),请查看刷新后的建议再决定。".replace(" )", ")")
            )
        return v

    def _close_others(self, actor: Actor, c: ConflictCase, resolution: str, event_id: int | None) -> list[int]:
        """A ruling on a customer settles the customer's other open cases: each is closed, linked to this one
        by its resolution, and audited (issue 18)."""
        others = list(
            ConflictCase.select(ConflictCase.id, ConflictCase.state)
            .where(
                (ConflictCase.customer == c.customer_id)
                & (ConflictCase.id != c.id)
                & ConflictCase.state.in_(["open", "escalated"])
            )
            .order_by(ConflictCase.id)
        )
        now = self.app.clock.now()
        closed = []
        for o in others:
            text = f"随冲突案件 {c.id} 一并结案:{resolution}"
            n = (
                ConflictCase.update(
                    state="ruled", resolved_at=now, resolved_by=actor.user_id, resolution=text, ruling_event=event_id
                )
                .where((ConflictCase.id == o.id) & (ConflictCase.state == o.state))
                .execute()
            )
            if n == 1:
                audit.write(
                    actor,
                    "case.closed_with",
                    "conflict_case",
                    o.id,
                    customer_id=c.customer_id,
                    old={"state": o.state},
                    new={"state": "ruled", "case": c.id},
                    reason=text,
                    at=now,
                )
                closed.append(o.id)
        return closed

    def accept(self, actor: Actor, case_id: int, note: str = "", expected_owner: str | None = None) -> CaseRow:
        """接受建议: the engine's verdict stands; the case is ruled and nothing changes hands.

        ``expected_owner`` is the owner the case view showed (`owner_key`: staff id, "pool" or ""); when the
        timeline changed since, the proposal is no longer the one shown and StaleRecord asks to look again."""
        require(actor, "cases.rule", "处理冲突案件")
        with db.atomic():
            c = self._open_for(actor, case_id)
            v = self._current_verdict(c, expected_owner)
            owner = view_from_verdict(c.customer_id, v)
            resolution = f"接受系统建议:{owner.owner_label}({v.rule} {RULE_TITLES.get(v.rule, '')})".replace(" )", ")")
            if note.strip():
                resolution += f";备注:{note.strip()}"
            self._close(actor, c, "open", resolution, None)
            self._close_others(actor, c, resolution, None)
            audit.write(
                actor,
                "case.accept",
                "conflict_case",
                c.id,
                customer_id=c.customer_id,
                old={"state": "open"},
                new={"state": "ruled", "owner": owner.owner_label},
                reason=note.strip(),
                rule=v.rule,
                at=self.app.clock.now(),
            )
        return self.get(actor, case_id)

    def override(self, actor: Actor, case_id: int, to: Any, reason: str) -> CaseRow:
        """改判: a `ruling` event (R13) sets the owner ``to`` (staff id or "pool"); reason required."""
        require(actor, "cases.rule", "改判冲突案件")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "改判须写明理由。")
        to = self._target(to)
        with db.atomic():
            c = self._open_for(actor, case_id)
            by = "gm" if actor.role == "gm" else "coordinator"
            rec = self.app.timeline.ruling(actor, c.customer_id, to, by, reason)
            resolution = f"改判归{self._owner_name(to)}:{reason}"
            self._close(actor, c, "open", resolution, rec.event_id)
            self._close_others(actor, c, resolution, rec.event_id)
            audit.write(
                actor,
                "case.override",
                "conflict_case",
                c.id,
                customer_id=c.customer_id,
                old={"state": "open", "proposed_owner": c.proposed_owner},
                new={"state": "ruled", "owner": to, "ruling_event": rec.event_id},
                reason=reason,
                rule="R13",
                at=self.app.clock.now(),
            )
        return self.get(actor, case_id)

    def escalate(self, actor: Actor, case_id: int, reason: str) -> CaseRow:
        """上报总经理: the case waits in the GM's queue."""
        require(actor, "cases.rule", "上报冲突案件")
        if actor.role == "gm":
            raise PermissionDenied("总经理可直接裁决,无需上报。")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "上报总经理须写明原因。")
        with db.atomic():
            c = self._open_for(actor, case_id)
            n = (
                ConflictCase.update(state="escalated")
                .where((ConflictCase.id == c.id) & (ConflictCase.state == "open"))
                .execute()
            )
            if n != 1:
                raise ValidationError("state", f"冲突案件 {c.id} 刚被他人处理过,请刷新后再看。")
            audit.write(
                actor,
                "case.escalate",
                "conflict_case",
                c.id,
                customer_id=c.customer_id,
                old={"state": "open"},
                new={"state": "escalated"},
                reason=reason,
                at=self.app.clock.now(),
            )
        return self.get(actor, case_id)

    def gm_rule(
        self, actor: Actor, case_id: int, to_or_accept: Any, reason: str, expected_owner: str | None = None
    ) -> CaseRow:
        """总经理终裁 of an escalated case: ``"accept"`` keeps the engine's verdict, else a ruling by the GM."""
        require(actor, "cases.final", "终裁冲突案件")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "总经理终裁须写明理由。")
        with db.atomic():
            c = self._open_for(actor, case_id, escalated=True)
            if to_or_accept == "accept":
                v = self._current_verdict(c, expected_owner)
                owner = view_from_verdict(c.customer_id, v).owner_label
                resolution, event_id, rule, new_owner = (
                    f"总经理终裁:维持系统建议,归{owner}:{reason}",
                    None,
                    v.rule,
                    owner,
                )
            else:
                to_or_accept = self._target(to_or_accept)
                rec = self.app.timeline.ruling(actor, c.customer_id, to_or_accept, "gm", reason)
                name = self._owner_name(to_or_accept)
                resolution, event_id, rule, new_owner = f"总经理终裁:归{name}:{reason}", rec.event_id, "R13", name
            self._close(actor, c, "escalated", resolution, event_id)
            self._close_others(actor, c, resolution, event_id)
            audit.write(
                actor,
                "case.gm_rule",
                "conflict_case",
                c.id,
                customer_id=c.customer_id,
                old={"state": "escalated"},
                new={"state": "ruled", "owner": new_owner, "ruling_event": event_id},
                reason=reason,
                rule=rule,
                at=self.app.clock.now(),
            )
        return self.get(actor, case_id)

    # -- the register ---------------------------------------------------------------------------

    def iter_register(
        self, actor: Actor, state: str | None = None, department_id: int | None = None, page: int = 500
    ) -> Iterator[CaseRow]:
        """Every case the actor may see, newest first, page by page."""
        after = None
        while True:
            rows = self.queue(actor, state, department_id, after, page)
            yield from rows
            if len(rows) < page:
                return
            after = rows[-1].cursor

    def export_register(
        self,
        actor: Actor,
        path: str,
        state: str | None = None,
        department_id: int | None = None,
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """案件登记簿 to .xlsx (services.cases.register); returns the number of cases written."""
        self._scope(actor, department_id)  # refuse before creating anything
        return case_register.export_register(self, actor, path, state, department_id, progress, cancelled)
