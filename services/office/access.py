"""Visibility of customer cards (SPEC §2) as calls other services make, and the lookup-approval flow.

The pure rule (who sees which card in full) lives in services.customers.visibility; this module adds what
needs the database: the ownership snapshot of the card, its ABC class and approved lookups.

Lookup approval (调阅审批): a staff member or manager asks to see another department's customer in
full, with a reason; the resource director (顾客资源总监) approves for a number of hours or rejects.
Request, decision and every full view opened by an approval are written to the audit log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from models import Customer, LookupApproval, Ownership, User, db
from services.customers.service import CustomerInfo, customer_info
from services.customers.visibility import (
    approved_lookups,
    ids_in,
    sees_in_full,
    served_by,
    shown_address,
    shown_name,
    shown_phone,
)
from services.office import audit
from services.office.permissions import MANAGERS_AND_ABOVE, Actor, require
from services.platform.errors import NotFound, PermissionDenied, ValidationError

MAX_HOURS = 24 * 7
STATE_LABELS = {"pending": "待审批", "approved": "已批准", "rejected": "已驳回", "expired": "已过期"}


@dataclass(frozen=True)
class LookupRequest:
    id: int
    customer_id: int
    customer_name: str  # masked: the requester does not see the card yet
    requested_by: str
    reason: str
    requested_at: dt.datetime
    state: str  # pending | approved | rejected | expired
    state_label: str
    decided_by: str
    valid_until: dt.datetime | None


def mask_card(card: CustomerInfo) -> CustomerInfo:
    """The masked form of a card: masked phones and name, no address."""
    return dataclasses.replace(
        card,
        name=shown_name(card.name, False),
        phones=tuple(shown_phone(p, False) for p in card.phones),
        address=shown_address(card.address, False),
    )


class AccessService:
    def __init__(self, app):
        self.app = app

    # -- who sees what ---------------------------------------------------------------------------

    def full_ids(self, actor: Actor, customer_ids: Iterable[int]) -> set[int]:
        """The customers among ``customer_ids`` that ``actor`` may see in full (batched, 3 queries)."""
        ids = list(dict.fromkeys(customer_ids))
        if not ids or actor.role == "front_desk":
            return set()
        cls = dict(Customer.select(Customer.id, Customer.abc_class).where(ids_in(Customer.id, ids)).tuples())
        owners = {
            cid: (owner, dept)
            for cid, owner, dept in Ownership.select(Ownership.customer, Ownership.owner, Ownership.owner_department)
            .where(ids_in(Ownership.customer, ids))
            .tuples()
        }
        full = {cid for cid in cls if sees_in_full(actor, *owners.get(cid, (None, None)), cls[cid] or "")}
        # An approval opens another department's card; it never lifts the A-class rule (managers and above).
        rest = [cid for cid in cls if cid not in full and (cls[cid] != "A" or actor.role in MANAGERS_AND_ABOVE)]
        # The serving expert sees the customers they serve in full, A-class included (SPEC §7; DECISIONS.md).
        served = served_by(actor, [cid for cid in cls if cid not in full])
        return full | approved_lookups(actor, rest, self.app.clock.now()) | served

    def can_see_full(self, actor: Actor, customer_id: int) -> bool:
        """Own customers for staff, the department's for managers, every card for director, GM,
        admin, clerk and coordinator; A-class only managers and above; otherwise an approved,
        unexpired lookup. The front desk never sees a full card."""
        return customer_id in self.full_ids(actor, [customer_id])

    def card(self, actor: Actor, customer_id: int) -> CustomerInfo:
        """The card as ``actor`` may see it; a full view opened by an approval is audited."""
        info = customer_info(customer_id)
        if not self.can_see_full(actor, customer_id):
            return mask_card(info)
        c = Customer.get_by_id(customer_id)
        snap = Ownership.get_or_none(Ownership.customer == customer_id)
        if not sees_in_full(
            actor, snap.owner_id if snap else None, snap.owner_department_id if snap else None, c.abc_class
        ) and not served_by(actor, [customer_id]):
            audit.write(actor, "lookup.view", "customer", customer_id, customer_id=customer_id, at=self.app.clock.now())
        return info

    # -- the approval flow -----------------------------------------------------------------------------

    def _request(self, row: LookupApproval, now: dt.datetime, names: dict[int, str]) -> LookupRequest:
        state = row.state
        if state == "approved" and row.valid_until is not None and row.valid_until < now:
            state = "expired"
        return LookupRequest(
            row.id,
            row.customer_id,
            shown_name(row.customer.name, False),
            names.get(row.requested_by_id, ""),
            row.reason,
            row.requested_at,
            state,
            STATE_LABELS[state],
            names.get(row.decided_by_id, "") if row.decided_by_id else "",
            row.valid_until,
        )

    def _names(self, ids: set[int]) -> dict[int, str]:
        ids.discard(None)
        if not ids:
            return {}
        q = User.select(User.id, User.display_name, User.username).where(User.id.in_(list(ids)))
        return {uid: disp or name for uid, disp, name in q.tuples()}

    def request_lookup(self, actor: Actor, customer_id: int, reason: str) -> LookupRequest:
        """Ask the resource director to open another department's card; reason required."""
        require(actor, "lookup.request", "申请调阅顾客档案")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "申请调阅须写明原因。")
        if len(reason) > 500:
            raise ValidationError("reason", "原因太长(最多 500 个字)。")
        now = self.app.clock.now()
        with db.atomic():
            if Customer.get_or_none(Customer.id == customer_id) is None:
                raise NotFound(f"顾客档案 {customer_id} 不存在。")
            if self.can_see_full(actor, customer_id):
                raise ValidationError("customer", "您已可以查看这张档案,无须申请。")
            pending = LookupApproval.select().where(
                (LookupApproval.customer == customer_id)
                & (LookupApproval.requested_by == actor.user_id)
                & (LookupApproval.state == "pending")
            )
            if pending.exists():
                raise ValidationError("customer", "这张档案的调阅申请已在等待审批。")
            row = LookupApproval.create(
                customer=customer_id, requested_by=actor.user_id, reason=reason, requested_at=now
            )
            audit.write(actor, "lookup.request", "lookup", row.id, customer_id=customer_id, reason=reason, at=now)
            return self._request(row, now, self._names({actor.user_id}))

    def decide_lookup(
        self, actor: Actor, request_id: int, approve: bool, hours: int = 24, reason: str = ""
    ) -> LookupRequest:
        """The resource director approves (a full view for ``hours``) or rejects a request."""
        require(actor, "lookup.approve", "审批调阅申请")
        try:
            hours = int(hours)
        except (TypeError, ValueError):
            raise ValidationError("hours", "有效时长必须是整数小时。") from None
        if approve and not 1 <= hours <= MAX_HOURS:
            raise ValidationError("hours", f"有效时长须在 1 到 {MAX_HOURS} 小时之间。")
        now = self.app.clock.now()
        with db.atomic():
            row = LookupApproval.get_or_none(LookupApproval.id == request_id)
            if row is None:
                raise NotFound(f"调阅申请 {request_id} 不存在。")
            if row.state != "pending":
                raise ValidationError("request", f"这份申请已经{STATE_LABELS[row.state]},不能再次审批。")
            if actor.user_id is not None and row.requested_by_id == actor.user_id:
                raise PermissionDenied("不能审批自己的调阅申请。")
            row.state = "approved" if approve else "rejected"
            row.decided_by = actor.user_id
            row.decided_at = now
            row.valid_until = now + dt.timedelta(hours=hours) if approve else None
            row.save()
            audit.write(
                actor,
                "lookup.approve" if approve else "lookup.reject",
                "lookup",
                row.id,
                customer_id=row.customer_id,
                old={"state": "pending"},
                new={"state": row.state, "valid_until": row.valid_until.isoformat(" ") if row.valid_until else None},
                reason=(reason or "").strip(),
                at=now,
            )
            return self._request(row, now, self._names({row.requested_by_id, actor.user_id}))

    def lookup_requests(self, actor: Actor, *, pending_only: bool = True, limit: int = 200) -> list[LookupRequest]:
        """The director sees every request; anyone else only their own."""
        now = self.app.clock.now()
        q = LookupApproval.select().order_by(LookupApproval.id.desc()).limit(limit)
        if actor.role != "director":
            require(actor, "lookup.request", "查看调阅申请")
            q = q.where(LookupApproval.requested_by == actor.user_id)
        if pending_only:
            q = q.where(LookupApproval.state == "pending")
        rows = list(q)
        names = self._names({r.requested_by_id for r in rows} | {r.decided_by_id for r in rows})
        return [self._request(r, now, names) for r in rows]


__all__ = ["AccessService", "LookupRequest", "mask_card"]
