"""The append-only audit log: every change of a card, an ownership, a ruling, a setting, a user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models import AuditLog
from models.bulk import insert_rows
from services.office.permissions import Actor


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
) -> None:
    """Append one audit record (call inside the action's transaction)."""
    insert_rows(
        AuditLog,
        [
            dict(
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
        ],
    )
