"""拆分: take back a form merged into the wrong card (an Enter too many, a namesake at the same address).

Only the clerk who merged, only on the day of the merge, and only while nothing else changed the card
since (its version is the one the merge left): then the merge's own audit row says exactly what to
take back. The form becomes a new card of its own (its name and values, the phones it had added, its
scan), the fields it had filled on the old card are emptied again, and its registration moves with it
— the one case where an event changes customer, because it was recorded on the wrong person minutes
ago; both cards' ownership is computed again. Both cards' audit logs record the 拆分 with the merge it
undoes. Merges inside an allocation batch are taken back in the batch panel instead.
"""

from __future__ import annotations

from typing import Any

from models import AuditLog, Customer, Event, Phone, Scan, db
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import NotFound, ValidationError

MERGE = "customer.merge_intake"
UNMERGE = "customer.unmerge_intake"


def last_merge(actor: Actor, customer_id: int, now) -> AuditLog | None:
    """This user's latest intake merge into the card today that was not taken back yet."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        AuditLog.select()
        .where(
            (AuditLog.action == MERGE)
            & (AuditLog.entity_id == customer_id)
            & (AuditLog.user == actor.user_id)
            & (AuditLog.at >= day)
        )
        .order_by(AuditLog.id.desc())
    )
    undone = {
        (r.new or {}).get("merge")
        for r in AuditLog.select(AuditLog.new).where((AuditLog.action == UNMERGE) & (AuditLog.entity_id == customer_id))
    }
    return next((r for r in rows if r.id not in undone and (r.new or {}).get("form")), None)


def unmerge(app, actor: Actor, customer_id: int, reason: str = "") -> int:
    """拆分 the latest merge of ``actor`` into card ``customer_id`` today; returns the new card's id.

    Raises:
        NotFound: no merge of this user into this card today that could be taken back.
        ValidationError: the card changed since the merge, or the merge was inside a batch.
    """
    require(actor, "customer.create", "拆分合并的档案")
    now = app.clock.now()
    with db.atomic():
        merge = last_merge(actor, customer_id, now)
        if merge is None:
            raise NotFound("今天没有由您合并到这张档案、还能拆分的表(只能拆分自己当天的合并)。")
        info: dict[str, Any] = merge.new
        if info.get("batch"):
            raise ValidationError("decision", "这次合并在批次里,请在批次框里把档案移出批次后再处理。")
        target = Customer.get_by_id(customer_id)
        if target.version != info.get("version"):
            raise ValidationError("decision", f"档案 {customer_id} 在合并后又被修改过,不能自动拆分;请联系管理员核对。")
        form = info["form"]
        added = list(info.get("phones_added") or [])
        shared = [n for n in form["numbers"] if n not in added]
        card = app.customers.create(
            actor,
            form["name"],
            shared,
            sex=form["sex"],
            birth_year=form["birth_year"],
            address=form["address"],
            source_channel=form["channel"],
            allow_duplicate=True,  # a phone the two share stays on both: the clerk says they are two people
        )
        Customer.update(occupation=form["occupation"] or "", notes=form["notes"] or "").where(
            Customer.id == card.id
        ).execute()
        position = len(shared)
        for number in added:
            Phone.update(customer=card.id, position=position).where(
                (Phone.customer == customer_id) & (Phone.number == number)
            ).execute()
            position += 1
        for key, value in (info.get("filled") or {}).items():
            setattr(target, key, value)
        target.notes = info.get("notes_before", target.notes)
        target.version += 1
        target.save()
        if info.get("scan"):
            Scan.update(customer=card.id).where(Scan.id == info["scan"]).execute()
        moved = []
        if info.get("event"):
            Event.update(customer=card.id).where(
                (Event.id == info["event"]) & (Event.customer == customer_id)
            ).execute()
            moved.append(info["event"])
        for cid in (customer_id, card.id):
            app.timeline.store(actor, cid, app.timeline.verdict(cid, now), now)
        why = reason.strip() or "录入时误合并,拆分为另一个人"
        for cid, other in ((customer_id, card.id), (card.id, customer_id)):
            audit.write(
                actor,
                UNMERGE,
                "customer",
                customer_id,
                customer_id=cid,
                at=now,
                old={"merged_into": customer_id, "phones": added, "events": moved},
                new={"merge": merge.id, "new_card": card.id, "other": other},
                reason=why,
            )
        return card.id


__all__ = ["last_merge", "unmerge"]
