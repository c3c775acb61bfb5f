"""Follow-up lists of 回访跟踪 (SPEC §7): no purchase for 6 or 12 months, birthdays this week, no callback
this year — each scoped to the customers the user follows and masked where the user may not see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import Callback, Customer, Event, Ownership, Phone, ServingExpert, Staff
from services.callbacks.service import VIEW_ALL
from services.customers.visibility import served_by
from services.office.permissions import Actor
from services.platform.errors import PermissionDenied
from services.rules.calendar import add_months, day_start


@dataclass(frozen=True)
class CustomerLine:
    """One row of the follow-up lists (no purchase for N months, birthdays, no callback this year)."""

    customer_id: int
    name: str
    phone: str
    staff_name: str
    detail: str


def _lines(actor: Actor, customer_ids: list[int], details: dict[int, str]) -> list[CustomerLine]:
    from services.customers.names import mask_name
    from services.customers.phones import mask_phone
    from services.customers.visibility import sees_in_full

    if not customer_ids:
        return []
    customers = {c.id: c for c in Customer.select().where(Customer.id.in_(customer_ids))}
    phones: dict[int, str] = {}
    for cid, number in (
        Phone.select(Phone.customer, Phone.number)
        .where(Phone.customer.in_(customer_ids))
        .order_by(Phone.position)
        .tuples()
    ):
        phones.setdefault(cid, number)
    snaps = {
        cid: (owner, dept)
        for cid, owner, dept in Ownership.select(Ownership.customer, Ownership.owner, Ownership.owner_department)
        .where(Ownership.customer.in_(customer_ids))
        .tuples()
    }
    owners = {cid: owner for cid, (owner, _) in snaps.items()}
    names = dict(Staff.select(Staff.id, Staff.name).tuples())
    served = served_by(actor, customer_ids)
    out = []
    for cid in customer_ids:
        c = customers.get(cid)
        if c is None or c.archived:
            continue
        full = sees_in_full(actor, *snaps.get(cid, (None, None)), c.abc_class or "") or cid in served
        phone = phones.get(cid, "")
        out.append(
            CustomerLine(
                cid,
                c.name if full else mask_name(c.name),
                phone if full else mask_phone(phone),
                names.get(owners.get(cid), ""),
                details.get(cid, ""),
            )
        )
    return out


def _owned_scope(actor: Actor):
    """Customer ids the actor's lists cover: own customers for staff, the department for managers, all else."""
    if actor.role == "expert":  # the customers they serve (SPEC §7)
        return ServingExpert.select(ServingExpert.customer).where(ServingExpert.expert == actor.staff_id)
    if actor.role == "staff":
        return Ownership.select(Ownership.customer).where(Ownership.owner == actor.staff_id)
    if actor.role == "manager":
        return Ownership.select(Ownership.customer).where(Ownership.owner_department == actor.department_id)
    if actor.role in VIEW_ALL:
        return None
    raise PermissionDenied("无权查看回访名单。")


def no_purchase_since(app, actor: Actor, months: int, limit: int = 500) -> list[CustomerLine]:
    """Old customers whose last purchase is more than ``months`` months ago (6 or 12)."""
    from peewee import fn

    cutoff = day_start(add_months(app.clock.now().date(), -months))
    q = (
        Event.select(Event.customer, fn.MAX(Event.at))
        .where(Event.type == "purchase")
        .group_by(Event.customer)
        .having(fn.MAX(Event.at) < cutoff)
    )
    scope = _owned_scope(actor)
    if scope is not None:
        q = q.where(Event.customer.in_(scope))
    rows = list(q.order_by(fn.MAX(Event.at)).limit(limit).tuples())
    details = {
        cid: f"最后购买 {last:%Y-%m-%d}" if isinstance(last, dt.datetime) else f"最后购买 {str(last)[:10]}"
        for cid, last in rows
    }
    return _lines(actor, [cid for cid, _ in rows], details)


def birthdays_this_week(app, actor: Actor, limit: int = 500) -> list[CustomerLine]:
    """Customers whose birthday (month and day) falls in the next seven days."""
    today = app.clock.now().date()
    days = [today + dt.timedelta(days=i) for i in range(7)]
    wanted = {(d.month, d.day): d for d in days}
    q = Customer.select(Customer.id, Customer.birthday).where(
        Customer.birthday.is_null(False) & (Customer.archived == False)
    )  # noqa: E712
    scope = _owned_scope(actor)
    if scope is not None:
        q = q.where(Customer.id.in_(scope))
    hits = []
    for cid, bday in q.tuples():
        if isinstance(bday, str):
            bday = dt.date.fromisoformat(bday[:10])
        key = (bday.month, bday.day)
        if key in wanted:
            hits.append((wanted[key], cid))
    hits.sort()
    hits = hits[:limit]
    return _lines(actor, [cid for _, cid in hits], {cid: f"{d.month}月{d.day}日生日" for d, cid in hits})


def no_callback_this_year(app, actor: Actor, limit: int = 500) -> list[CustomerLine]:
    """Old customers (they bought) without any callback record since 1 January."""
    start = dt.datetime(app.clock.now().year, 1, 1)
    called = Callback.select(Callback.customer).where(Callback.at >= start)
    q = (
        Event.select(Event.customer)
        .where((Event.type == "purchase") & Event.customer.not_in(called))
        .distinct()
        .order_by(Event.customer)
    )
    scope = _owned_scope(actor)
    if scope is not None:
        q = q.where(Event.customer.in_(scope))
    ids = [cid for (cid,) in q.limit(limit).tuples()]
    return _lines(actor, ids, {cid: "今年还没有回访记录" for cid in ids})
