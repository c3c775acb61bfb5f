"""Who may see a customer card in full (SPEC §2) and the masked form everyone else sees.

Rule of thumb: staff/experts see their own customers in full, managers their department's,
director / GM / admin / coordinator / clerk every card. A-class cards are full only to managers
and above — and to the customer's serving expert (`served_by`, SPEC §7). An approved lookup
(LookupApproval, still valid) opens one card to its requester, never an A-class one.
Everything else shows the masked card: phone 138****0001, surname + given-name initial, no address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from peewee import SQL, NodeList

from models import Customer, LookupApproval, ServingExpert
from services.customers.names import mask_name
from services.customers.phones import mask_phone
from services.office.permissions import MANAGERS_AND_ABOVE, SEE_ALL, Actor

CLAIM_LABELS = {
    "pending": "待预热",
    "active": "有效",
    "lapsed": "已失效",
    "": "",
}
POOL_LABEL = "公司资源池"


def ids_in(column, ids: list[int]):
    """``column IN (?, ?, …)`` for a list of integer ids, with one SQL fragment for the whole list
    (peewee's ``in_`` wraps each value separately: ~50 µs per id, 30 ms for a page of 200)."""
    ids = [int(i) for i in ids]
    if not ids:
        return SQL("0 = 1")
    placeholders = ", ".join([Customer._meta.database.param] * len(ids))
    return NodeList((column, SQL("IN"), SQL(f"({placeholders})", ids)))


def claim_label(owner_kind: str | None, claim_state: str | None) -> str:
    """Chinese label of an ownership snapshot's claim state (no snapshot: 未登记)."""
    if owner_kind == "pool":
        return POOL_LABEL
    if not owner_kind or owner_kind == "none":
        return "未登记"
    return CLAIM_LABELS.get(claim_state or "", claim_state or "")


def sees_in_full(actor: Actor, owner_id: int | None, owner_department_id: int | None, abc_class: str) -> bool:
    """True when ``actor`` may see this card unmasked (before lookup approvals)."""
    if abc_class == "A" and actor.role not in MANAGERS_AND_ABOVE:
        return False
    if actor.role in SEE_ALL:
        return True
    if actor.role == "manager":
        return actor.department_id is not None and owner_department_id == actor.department_id
    if actor.role in ("staff", "expert"):
        return actor.staff_id is not None and owner_id == actor.staff_id
    return False


def approved_lookups(actor: Actor, customer_ids: Iterable[int], now: dt.datetime) -> set[int]:
    """Customers among ``customer_ids`` opened to ``actor`` by an approved, still valid lookup."""
    ids = list(customer_ids)
    if not ids or actor.user_id is None:
        return set()
    q = LookupApproval.select(LookupApproval.customer).where(
        (LookupApproval.requested_by == actor.user_id)
        & (LookupApproval.state == "approved")
        & ids_in(LookupApproval.customer, ids)
        & ((LookupApproval.valid_until.is_null()) | (LookupApproval.valid_until >= now))
    )
    return {cid for (cid,) in q.tuples()}


def shown_name(name: str, full: bool) -> str:
    return name if full else mask_name(name)


def shown_phone(number: str, full: bool) -> str:
    return number if full else mask_phone(number)


def shown_address(address: str, full: bool) -> str:
    # Not even a prefix: a short address prefix can identify a household.
    return address if full else ""


def served_by(actor: Actor, customer_ids: Iterable[int]) -> set[int]:
    """Customers among ``customer_ids`` whose serving expert is ``actor``: SPEC §7, the expert sees the
    customers they serve in full — A-class ones too (docs/DECISIONS.md, "A-class and the serving expert":
    the regulations hand the shipment's customers to the expert and make the expert phone each of them
    every month; the A-class rule of SPEC §2 still masks every other customer to them)."""
    ids = list(customer_ids)
    if not ids or actor.role != "expert" or actor.staff_id is None:
        return set()
    q = ServingExpert.select(ServingExpert.customer).where(
        (ServingExpert.expert == actor.staff_id) & ids_in(ServingExpert.customer, ids)
    )
    return {cid for (cid,) in q.tuples()}
