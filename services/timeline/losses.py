"""Changed since you last looked (issue 18): the customers a staff member lost (an R3 race, a takeover, a
ruling, a back-entry) since they last confirmed the list, for their landing screen.

Read from the audit log's ``ownership.change`` rows (append-only, indexed by time); "last looked" is itself
an audit row (``changes.seen``), so nothing new is stored and the list is the same on every PC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import AuditLog, Customer
from services.customers.names import mask_name
from services.office import audit
from services.office.permissions import Actor
from services.rules.model import POOL, RULE_TITLES

SEEN = "changes.seen"
#: How far back the list reaches for someone who never confirmed it.
FIRST_LOOK = dt.timedelta(days=14)


@dataclass(frozen=True)
class LostCustomer:
    customer_id: int
    customer_name: str  # masked: the customer is someone else's now
    at: dt.datetime  # when the change was recorded
    new_owner: str  # 李四 / 公司资源池
    rule: str
    rule_title: str
    explanation: str

    @property
    def text(self) -> str:
        """ "3月2日10:00 王D 归李四(R3 先预热者得)" """
        return f"{self.at.month}月{self.at.day}日{self.at:%H:%M} {self.customer_name} 归{self.new_owner}({self.rule} {self.rule_title})"


def last_looked(app, actor: Actor) -> dt.datetime:
    row = (
        AuditLog.select(AuditLog.at)
        .where((AuditLog.user == actor.user_id) & (AuditLog.action == SEEN))
        .order_by(AuditLog.id.desc())
        .first()
    )
    return row.at if row is not None else app.clock.now() - FIRST_LOOK


def lost_since_last_look(app, actor: Actor, limit: int = 20) -> list[LostCustomer]:
    """Customers ``actor``'s staff member owned and lost since the last `mark_looked`, newest first."""
    if actor.staff_id is None:
        return []
    since = last_looked(app, actor)
    rows = (
        AuditLog.select(AuditLog.customer_id, AuditLog.at, AuditLog.old, AuditLog.new, AuditLog.rule, AuditLog.reason)
        .where((AuditLog.action == "ownership.change") & (AuditLog.at > since))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    )
    out: list[LostCustomer] = []
    seen: set[int] = set()
    for cid, at, old, new, rule, reason in rows.tuples().iterator():
        if (old or {}).get("owner") != actor.staff_id or cid in seen:
            continue
        seen.add(cid)
        owner = (new or {}).get("owner")
        name = "公司资源池" if owner == POOL else str((new or {}).get("name") or "无人")
        out.append(LostCustomer(cid, "", at, name, rule, RULE_TITLES.get(rule, ""), reason))
        if len(out) >= limit:
            break
    names = dict(
        Customer.select(Customer.id, Customer.name).where(Customer.id.in_([o.customer_id for o in out])).tuples()
    )
    return [
        LostCustomer(
            o.customer_id,
            mask_name(names.get(o.customer_id, "")),
            o.at,
            o.new_owner,
            o.rule,
            o.rule_title,
            o.explanation,
        )
        for o in out
    ]


def mark_looked(app, actor: Actor) -> None:
    """The staff member has read the list: it starts again from now (an audit row, like every action)."""
    audit.write(actor, SEEN, "user", actor.user_id, at=app.clock.now())
