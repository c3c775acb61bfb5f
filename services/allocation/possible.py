"""Possible duplicates found by 处理 (SPEC §3, §4): the clerk decides merge / household / new.

A card of the batch with the same name as an existing card and the same address or birth year
(the ``possible`` level of 查重) may be the same person. 处理 leaves it out of the allocation
(status ``possible``) until the clerk decides:

* ``new``       — a different person: it is allocated like any new card;
* ``household`` — a family member: the two cards are linked (家庭), it is allocated with its family;
* ``merge``     — the same person: the batch's card (never registered) is folded into the existing
  one — its phones, scans and missing fields move over, it is archived with the reason, and the
  existing card takes its place in the batch (listed "already owned by X" if it has an owner).

Each decision is audited on the batch and 处理 runs again in the same transaction, so what the
clerk sees afterwards is the batch as it will be returned.
"""

from __future__ import annotations

from collections.abc import Sequence

from models import AuditLog, Batch, BatchCard, Customer, Event, HouseholdLink, Phone, Scan, db
from services.allocation.types import EDIT_ROLES, CardInfo, ProcessResult, require_role
from services.customers.duplicates import DuplicateCandidate
from services.office import audit
from services.office.permissions import Actor
from services.platform.errors import ValidationError

DECISIONS = ("new", "household", "merge")
RELATIONS = ("spouse", "parent", "child")
#: 处理 checks at most this many new cards for possible duplicates (each check is index-only, ~1 ms).
MAX_CHECKED = 5000


class PossibleMixin:
    app: object

    def _decided(self, b: Batch) -> set[int]:
        """Cards of ``b`` the clerk already declared a different person or a family member."""
        q = AuditLog.select(AuditLog.customer_id).where(
            (AuditLog.entity == "batch") & (AuditLog.entity_id == b.id) & (AuditLog.action == "batch.decide")
        )
        return {c for (c,) in q.tuples() if c is not None}

    def _candidate(self, actor: Actor, customer_id: int) -> DuplicateCandidate | None:
        """The existing card that may be this person (same name and address or birth year), if any."""
        c = Customer.get_or_none(Customer.id == customer_id)
        if c is None:
            return None
        found = self.app.customers.duplicate_candidates(  # type: ignore[attr-defined]
            actor, name=c.name, address=c.address, birth_year=c.birth_year, exclude_id=customer_id, limit=5
        )
        linked = {
            o
            for (o,) in HouseholdLink.select(HouseholdLink.other)
            .where((HouseholdLink.customer == customer_id) & HouseholdLink.ended_at.is_null())
            .tuples()
        } | {
            o
            for (o,) in HouseholdLink.select(HouseholdLink.customer)
            .where((HouseholdLink.other == customer_id) & HouseholdLink.ended_at.is_null())
            .tuples()
        }
        return next((f for f in found if f.level == "possible" and f.customer_id not in linked), None)

    def _possible_duplicates(self, actor: Actor, b: Batch, ids: Sequence[int]) -> dict[int, int]:
        """New cards of ``b`` that may be an existing card, not yet decided: card → that card."""
        decided = self._decided(b)
        out: dict[int, int] = {}
        for cid in [c for c in ids if c not in decided][:MAX_CHECKED]:
            found = self._candidate(actor, cid)
            if found is not None:
                out[cid] = found.customer_id
        return out

    def possible_infos(self, actor: Actor, infos: list[CardInfo]) -> list[CardInfo]:
        """Name, for each possible duplicate shown, the card it may be (masked as the actor must see it)."""
        from dataclasses import replace

        out = []
        for info in infos:
            if info.status == "possible":
                found = self._candidate(actor, info.customer_id)
                if found is not None:
                    owner = f",{found.owner_name}" if found.owner_name else ""
                    info = replace(
                        info, possible_of=found.customer_id, possible_text=f"{found.name},{found.reason}{owner}"
                    )
            out.append(info)
        return out

    def decide(
        self,
        actor: Actor,
        batch_id: int,
        customer_id: int,
        kind: str,
        *,
        other_id: int | None = None,
        relation: str = "",
    ) -> ProcessResult:
        """The clerk's decision on a possible duplicate; the batch is processed again at once."""
        require_role(actor, EDIT_ROLES, "处理可能重复的档案")
        if kind not in DECISIONS:
            raise ValidationError("decision", f"未知的查重处理方式:{kind}")
        with db.atomic():
            b = self._batch(batch_id)  # type: ignore[attr-defined]
            row = BatchCard.get_or_none((BatchCard.batch == b) & (BatchCard.customer == customer_id))
            if row is None or row.status != "possible" or b.state not in ("open", "processed"):
                raise ValidationError("customer", f"档案 {customer_id} 不是本批次中待决定的可能重复档案。")
            if kind != "new":
                other = Customer.get_or_none((Customer.id == other_id) & (Customer.archived == False))  # noqa: E712
                if other is None or other_id == customer_id:
                    raise ValidationError("other", "请选择要合并或关联的已有档案。")
            if kind == "household":
                if relation not in RELATIONS:
                    raise ValidationError("relation", "请选择家庭关系:配偶、父母或子女。")
                self.app.customers.link_household(actor, customer_id, other_id, relation)  # type: ignore[attr-defined]
            elif kind == "merge":
                self._fold_into(actor, b, row, other)
            audit.write(
                actor,
                "batch.decide",
                "batch",
                b.id,
                customer_id=customer_id if kind != "merge" else None,
                at=self.app.clock.now(),  # type: ignore[attr-defined]
                new={"customer": customer_id, "decision": kind, "other": other_id, "relation": relation},
            )
            return self.process(actor, batch_id)  # type: ignore[attr-defined]

    def _fold_into(self, actor: Actor, b: Batch, row: BatchCard, target: Customer) -> None:
        """Merge the batch's card into ``target``: phones, scans, missing fields; archive it; target joins."""
        card = Customer.get_by_id(row.customer_id)
        if Event.select().where(Event.customer == card.id).exists():
            raise ValidationError(
                "decision", f"档案 {card.id} 已有登记或联系记录,不能在批次里合并;请在“顾客档案”中处理。"
            )
        have = {n for (n,) in Phone.select(Phone.number).where(Phone.customer == target).tuples()}
        position = len(have)
        moved = []
        for phone in Phone.select().where(Phone.customer == card).order_by(Phone.position):
            if phone.number not in have:
                Phone.update(customer=target, position=position).where(Phone.id == phone.id).execute()
                position += 1
                moved.append(phone.number)
        Scan.update(customer=target).where(Scan.customer == card).execute()
        filled = {}
        for key in ("sex", "birth_year", "address", "occupation"):
            if getattr(card, key) and not getattr(target, key):
                setattr(target, key, getattr(card, key))
                filled[key] = getattr(card, key)
        target.version += 1
        target.save()
        reason = f"批次“{b.name}”处理:与档案 {target.id} 是同一人,已合并"
        self.app.customers.archive(actor, card.id, reason)  # type: ignore[attr-defined]
        audit.write(
            actor,
            "customer.merge_batch",
            "customer",
            target.id,
            customer_id=target.id,
            at=self.app.clock.now(),  # type: ignore[attr-defined]
            old={"customer": card.id},
            new={"phones_added": moved, "filled": filled},
            reason=reason,
        )
        self._add(b, [target.id], row.collected_by_id)  # type: ignore[attr-defined]
