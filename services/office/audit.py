"""The append-only audit log: every change of a card, an ownership, a ruling, a setting, a user."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from models import AuditLog, db
from models.bulk import insert_rows, insert_unflushed
from services.office.permissions import Actor

log = logging.getLogger(__name__)


def write(
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    old: Any = None,
    new: Any = None,
    reason: str = "",
    rule: str = "",
    customer_id: int | None = None,
    at: dt.datetime | None = None,
    event_at: dt.datetime | None = None,
    unflushed: bool = False,
) -> None:
    """Append one audit record (call inside the action's transaction). ``unflushed``: a record of a read
    written on its own, whose commit does not wait for the disk (models.bulk.insert_unflushed)."""
    row = dict(
        at=at or dt.datetime.now().replace(microsecond=0),
        user=actor.user_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        customer_id=customer_id,
        old=old,
        new=new,
        reason=reason,
        rule=rule,
        event_at=event_at,
    )
    if unflushed:
        insert_unflushed(AuditLog, row)
    else:
        insert_rows(AuditLog, [row])


def refused(actor: Actor, exc: Exception, *, customer_id: int | None = None) -> None:
    """Audit a refused permission (SPEC §2, issue 18) once, where it can stay: outside any transaction (a
    row written inside the action's transaction would be rolled back with it). The service entry points
    call this again after their transaction; an exception already audited is not written twice."""
    if getattr(exc, "audited", False) or db.in_transaction():
        return
    try:
        write(
            actor,
            "permission.denied",
            "permission",
            customer_id=customer_id,
            new={"role": actor.role, "username": actor.username},
            reason=str(exc),
        )
    except Exception:  # a busy or read-only database must not turn the refusal into another error
        log.warning("could not audit a refused permission", exc_info=True)
        return
    exc.audited = True  # type: ignore[attr-defined]
