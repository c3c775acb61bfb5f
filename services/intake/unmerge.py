"""拆分: take back a form merged into the wrong card (an Enter too many, a namesake at the same address).

Only the clerk who merged, only on the day of the merge, and only while nothing else changed the card
since (its version is the one the merge left): then the merge's own audit row says exactly what to
take back. The form becomes a new card of its own (its name and values, its interests, the phones it
had added, its scan), the tags it had added to the old card leave it again, the fields it had filled
on the old card are emptied again, and its registration moves with it — the one case where an event
changes customer, because it was recorded on the wrong person minutes ago; both cards' ownership is
computed again. Both cards' audit logs record the 拆分 with the merge it undoes.

A form merged while a batch was chosen in 录入 (an event form) is taken back the same way, and its
new card takes the merged card's place on the batch: it joins with the same collecting department,
and the merged card leaves the batch again unless it was on it before the merge (the merge's audit
row says which). Once the batch is processed or returned its result was worked out with the form on
that card, so 拆分 is refused with what to do instead (`AllocationService.check_unmerge`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models import AuditLog, Customer, CustomerTag, Event, Phone, Scan, db
from services.customers.edit import write_tags
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import NotFound, ValidationError

MERGE = "customer.merge_intake"
UNMERGE = "customer.unmerge_intake"


@dataclass(frozen=True)
class Unmerged:
    customer_id: int  # the form's new card
    batch_id: int | None = None  # the batch the new card joined in the merged card's place
    left_batch: bool = False  # the merged card left that batch (it had joined it with the merge)


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


def unmerge(app, actor: Actor, customer_id: int, reason: str = "") -> Unmerged:
    """拆分 the latest merge of ``actor`` into card ``customer_id`` today; returns the new card.

    Raises:
        NotFound: no merge of this user into this card today that could be taken back.
        ValidationError: the card changed since the merge, or the merge's batch is processed or returned.
    """
    require(actor, "customer.create", "拆分合并的档案")
    now = app.clock.now()
    with db.atomic():
        merge = last_merge(actor, customer_id, now)
        if merge is None:
            raise NotFound("今天没有由您合并到这张档案、还能拆分的表(只能拆分自己当天的合并)。")
        info: dict[str, Any] = merge.new
        target = Customer.get_by_id(customer_id)
        if target.version != info.get("version"):
            raise ValidationError("decision", f"档案 {customer_id} 在合并后又被修改过,不能自动拆分;请联系管理员核对。")
        batch_id = info.get("batch")
        # still on the batch: the new card takes its place (refused once processed or returned)
        on_batch = bool(batch_id) and app.allocation.check_unmerge(actor, batch_id, customer_id)
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
        # The interests the form had: on the new card; the tags the merge added leave the old one.
        write_tags(card.id, form.get("tags") or ())
        tags_added = set(info.get("tags_added") or ())
        if tags_added:
            kept = [
                t for (t,) in CustomerTag.select(CustomerTag.tag).where(CustomerTag.customer == customer_id).tuples()
            ]
            write_tags(customer_id, [t for t in kept if t not in tags_added])
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
        # A merge recorded before 拆分 knew batches did not say whether it put the card on the batch:
        # the card then stays (the clerk can still 移出 it).
        leaves = on_batch and bool(info.get("batch_joined"))
        if on_batch:
            app.allocation.take_place(actor, batch_id, customer_id, card.id, old_leaves=leaves, reason=why)
        for cid, other in ((customer_id, card.id), (card.id, customer_id)):
            audit.write(
                actor,
                UNMERGE,
                "customer",
                customer_id,
                customer_id=cid,
                at=now,
                old={"merged_into": customer_id, "phones": added, "tags": sorted(tags_added), "events": moved},
                new={"merge": merge.id, "new_card": card.id, "other": other, "batch": batch_id if on_batch else None},
                reason=why,
            )
        return Unmerged(card.id, batch_id if on_batch else None, leaves)


__all__ = ["Unmerged", "last_merge", "unmerge"]
