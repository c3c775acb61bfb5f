"""The clerk's side of a batch before it goes back to the departments (SPEC §3, §4).

A clerk starts a batch for a stack of event forms (or picks one still open), types the forms in
录入 — each card joins the batch unregistered, its owner will come from the allocation — takes a
wrong card out again while the batch is unprocessed, corrects the batch's details, or deletes an
empty draft. Nothing is deleted from the database: a card taken out is marked ``removed`` on the
batch and a deleted batch is marked ``deleted``, both with an audit record saying who and why.

``waiting`` answers the manager's question "what has come back for my department to distribute".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from peewee import JOIN, fn

from models import AuditLog, Batch, BatchCard, BatchDepartment, BatchParticipant, Department, Ownership, Staff, db
from services.allocation.types import (
    BATCH_CHANNELS,
    DISTRIBUTE_ROLES,
    EDIT_ROLES,
    PROCEDURES,
    STATES,
    BatchInfo,
    require_role,
)
from services.office import audit
from services.office.permissions import Actor
from services.platform.errors import StaleRecord, ValidationError

#: Unset marker for ``update_batch``: None is a real value there (no date, nobody handed it in).
KEEP = object()


@dataclass(frozen=True)
class WaitingBatch:
    """A returned batch with cards still to distribute, as a manager's landing page lists it."""

    batch_id: int
    name: str
    procedure_name: str
    cards: int
    returned_at: dt.datetime | None

    @property
    def text(self) -> str:
        when = f",{self.returned_at:%m-%d %H:%M} 返还" if self.returned_at else ""
        return f"{self.name}({self.procedure_name},{self.cards} 张待分配{when})"


class DraftMixin:
    app: object

    # -- choosing a batch in 录入 ---------------------------------------------------------------------

    def open_batches(self, actor: Actor, limit: int = 50) -> list[BatchInfo]:
        """Batches the clerk can still type cards into (录入中 or 已处理), newest first."""
        require_role(actor, EDIT_ROLES, "录入分配批次")
        q = Batch.select().where(Batch.state.in_(["open", "processed"])).order_by(Batch.id.desc()).limit(limit)
        return [self._info(b) for b in q]  # type: ignore[attr-defined]

    def intake_channel(self, batch_id: int) -> str:
        """The source channel of the forms of this batch (kepu, kepu_large or activity)."""
        b = self._batch(batch_id)  # type: ignore[attr-defined]
        return BATCH_CHANNELS.get(b.procedure, "")

    def join(self, actor: Actor, batch_id: int, customer_id: int, collected_by: int | None = None) -> bool:
        """A card typed in 录入 joins the batch (inside the intake's transaction); False if it was in already."""
        require_role(actor, EDIT_ROLES, "向批次录入档案")
        b = self._batch(batch_id)  # type: ignore[attr-defined]
        if b.procedure not in BATCH_CHANNELS:
            raise ValidationError("batch", f"“{b.name}”不是活动批次,不能录入档案。")
        return self._add(b, [customer_id], collected_by).added == 1  # type: ignore[attr-defined]

    def standing(self, actor: Actor, customer_id: int) -> tuple[str, str]:
        """What processing will make of this card, as the clerk should hear it when the form is saved:
        ("owned", owner's name) or ("pool", "") — both listed and left out of the allocation, whatever
        the state of the claim (a lapsed claim keeps its owner, SPEC §4/§5) — or ("", "") to allocate."""
        require_role(actor, EDIT_ROLES, "向批次录入档案")
        row = (
            Ownership.select(Ownership.owner_kind, Staff.name)
            .join(Staff, on=(Ownership.owner == Staff.id), join_type=JOIN.LEFT_OUTER)
            .where((Ownership.customer == customer_id) & (Ownership.owner_kind != "none"))
            .tuples()
            .first()
        )
        if row is None:
            return "", ""
        kind, name = row
        return ("owned", name or "") if kind == "staff" else ("pool", "")

    def check_joinable(self, actor: Actor, batch_id: int, collected_by: int | None) -> None:
        """Refuse before anything is written when a card could not join this batch."""
        require_role(actor, EDIT_ROLES, "向批次录入档案")
        b = self._batch(batch_id)  # type: ignore[attr-defined]
        if b.state not in ("open", "processed"):
            raise ValidationError("batch", f"批次“{b.name}”已{STATES.get(b.state, b.state)},不能再录入档案。")
        if b.procedure == "kepu_large" and collected_by is None:
            raise ValidationError("collected_by", "大型科普的每张表须注明由哪个部门收集:请先选择收集部门。")

    # -- correcting a batch ---------------------------------------------------------------------------

    def _check_setup(
        self, procedure: str, organiser_id: int | None, participant_ids: Sequence[int], department_ids: Sequence[int]
    ) -> tuple[list[int], list[int]]:
        """Check who takes part; a draft may leave A's staff and B's departments for later (返还 needs them)."""
        people = list(dict.fromkeys(int(s) for s in participant_ids))
        depts = list(dict.fromkeys(int(d) for d in department_ids))
        if procedure == "kepu":
            if organiser_id is None:
                raise ValidationError("organiser", "部门科普须选择组织科普的部门。")
            found = list(Staff.select().where(Staff.id.in_(people))) if people else []
            if len(found) != len(people):
                raise ValidationError("participants", "参加科普的员工中有不存在的人。")
            for s in found:
                if s.department_id != organiser_id:
                    raise ValidationError("participants", f"{s.name} 不是组织部门的员工。")
                if not s.active:
                    raise ValidationError("participants", f"{s.name} 已离职,不能参加分配。")
            return people, []
        if procedure == "activity" and not depts:
            raise ValidationError("departments", "请选择参加活动的部门。")
        if depts and Department.select().where(Department.id.in_(depts)).count() != len(depts):
            raise ValidationError("departments", "参加活动的部门中有不存在的部门。")
        return [], depts

    def update_batch(
        self,
        actor: Actor,
        batch_id: int,
        expected_version: int,
        *,
        name: object = KEEP,
        event_date: object = KEEP,
        handed_in_by_id: object = KEEP,
        participant_ids: object = KEEP,
        department_ids: object = KEEP,
    ) -> BatchInfo:
        """Rename a batch or correct its date, who handed it in, A's staff or B/C's departments.

        Allowed until the batch is returned; every change is audited (old → new).
        """
        require_role(actor, EDIT_ROLES, "修改分配批次")
        with db.atomic():
            b = self._batch(batch_id)  # type: ignore[attr-defined]
            if b.version != expected_version:
                raise StaleRecord(f"批次“{b.name}”已被修改,请刷新后再改。")
            if b.state not in ("open", "processed"):
                raise ValidationError("batch", f"批次“{b.name}”已{STATES.get(b.state, b.state)},不能再修改。")
            before = self._info(b)  # type: ignore[attr-defined]
            old: dict = {}
            new: dict = {}
            if name is not KEEP:
                text = str(name or "").strip()
                if not text:
                    raise ValidationError("name", "请填写批次名称(例如科普活动的名称)。")
                if len(text) > 128:
                    raise ValidationError("name", "批次名称太长(最多 128 个字符)。")
                if text != b.name:
                    old["name"], new["name"] = b.name, text
                    b.name = text
            if event_date is not KEEP and event_date != b.event_date:
                old["event_date"], new["event_date"] = str(b.event_date or ""), str(event_date or "")
                b.event_date = event_date
            if handed_in_by_id is not KEEP and handed_in_by_id != b.handed_in_by_id:
                if handed_in_by_id is not None and Staff.get_or_none(Staff.id == handed_in_by_id) is None:
                    raise ValidationError("handed_in_by", "交档案的员工不存在。")
                old["handed_in_by"], new["handed_in_by"] = b.handed_in_by_id, handed_in_by_id
                b.handed_in_by = handed_in_by_id
            people = before.participant_ids if participant_ids is KEEP else participant_ids
            depts = before.department_ids if department_ids is KEEP else department_ids
            people, depts = self._check_setup(b.procedure, b.organiser_id, people, depts)  # type: ignore[arg-type]
            if b.procedure == "kepu_large":
                collected = {
                    d
                    for (d,) in BatchCard.select(BatchCard.collected_by)
                    .where((BatchCard.batch == b) & (BatchCard.status != "removed"))
                    .distinct()
                    .tuples()
                    if d is not None
                }
                gone = collected - set(depts)
                if gone:
                    names = dict(Department.select(Department.id, Department.name).tuples())
                    raise ValidationError(
                        "departments", f"本批次有{names.get(min(gone), '')}收集的档案,不能去掉这个部门。"
                    )
            if set(people) != set(before.participant_ids):
                old["participants"], new["participants"] = list(before.participant_ids), people
                BatchParticipant.delete().where(BatchParticipant.batch == b).execute()
                if people:
                    BatchParticipant.insert_many(
                        [(b.id, s) for s in people], fields=[BatchParticipant.batch, BatchParticipant.staff]
                    ).execute()
            if set(depts) != set(before.department_ids) and b.procedure != "kepu":
                old["departments"], new["departments"] = list(before.department_ids), depts
                BatchDepartment.delete().where(BatchDepartment.batch == b).execute()
                if depts:
                    BatchDepartment.insert_many(
                        [(b.id, d) for d in depts], fields=[BatchDepartment.batch, BatchDepartment.department]
                    ).execute()
            if not new:
                return before
            if b.state == "processed" and ("participants" in new or "departments" in new):
                b.state = "open"  # who shares the cards changed: process again before returning
            b.version += 1
            b.save()
            audit.write(actor, "batch.update", "batch", b.id, at=self.app.clock.now(), old=old, new=new)  # type: ignore[attr-defined]
            return self._info(b)  # type: ignore[attr-defined]

    def delete_batch(self, actor: Actor, batch_id: int, reason: str) -> None:
        """Delete a mistaken draft: only while it is open and holds no card. The row stays, marked 已删除."""
        require_role(actor, EDIT_ROLES, "删除分配批次")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "删除批次须写明原因。")
        with db.atomic():
            b = self._batch(batch_id)  # type: ignore[attr-defined]
            if b.state != "open":
                raise ValidationError("batch", f"批次“{b.name}”已{STATES.get(b.state, b.state)},不能删除。")
            n = BatchCard.select().where((BatchCard.batch == b) & (BatchCard.status != "removed")).count()
            if n:
                raise ValidationError("batch", f"批次“{b.name}”中还有 {n} 张档案:请先把它们移出批次,再删除。")
            b.state = "deleted"
            b.version += 1
            b.save()
            audit.write(
                actor,
                "batch.delete",
                "batch",
                b.id,
                at=self.app.clock.now(),  # type: ignore[attr-defined]
                old={"state": "open", "name": b.name},
                new={"state": "deleted"},
                reason=reason,
            )

    def remove_card(self, actor: Actor, batch_id: int, customer_id: int, reason: str) -> BatchInfo:
        """Take a wrongly entered card out of a batch that is not processed yet (the card itself stays)."""
        require_role(actor, EDIT_ROLES, "从批次移出档案")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "移出档案须写明原因,例如“不是本次活动的表”。")
        with db.atomic():
            b = self._batch(batch_id)  # type: ignore[attr-defined]
            if b.state != "open":
                raise ValidationError(
                    "batch",
                    f"批次“{b.name}”已{STATES.get(b.state, b.state)},不能再移出档案:"
                    "处理结果已定,移出会让分配表和处理记录对不上。",
                )
            row = BatchCard.get_or_none(
                (BatchCard.batch == b) & (BatchCard.customer == customer_id) & (BatchCard.status != "removed")
            )
            if row is None:
                raise ValidationError("customer", f"档案 {customer_id} 不在批次“{b.name}”中。")
            row.status = "removed"
            row.save()
            b.version += 1
            b.save()
            audit.write(
                actor,
                "batch.remove_card",
                "batch",
                b.id,
                customer_id=customer_id,
                at=self.app.clock.now(),  # type: ignore[attr-defined]
                old={"customer": customer_id},
                reason=reason,
            )
            return self._info(b)  # type: ignore[attr-defined]

    # -- 拆分 of a form merged while typing into the batch (services.intake.unmerge) -----------------

    def check_unmerge(self, actor: Actor, batch_id: int, customer_id: int) -> bool:
        """Before 拆分 takes a form back off card ``customer_id``: True when the card is on the batch
        (the form's own card will take its place there), False when the clerk took it out since
        (nothing to do on the batch). Refused once the batch is processed or returned: its result
        was worked out with the form on that card."""
        require_role(actor, EDIT_ROLES, "拆分批次里合并的表")
        b = self._batch(batch_id)  # type: ignore[attr-defined]
        on_batch = (
            BatchCard.select()
            .where((BatchCard.batch == b) & (BatchCard.customer == customer_id) & (BatchCard.status != "removed"))
            .exists()
        )
        if not on_batch or b.state == "open":
            return on_batch
        if b.state == "processed":
            why, also = "处理结果是按合并后的档案算的,拆分会让分配表和处理记录对不上", ""
        else:
            why, also = f"档案 {customer_id} 已随批次交给部门", ";分配给谁有误时请部门经理处理"
        raise ValidationError(
            "batch",
            f"批次“{b.name}”已{STATES.get(b.state, b.state)},这次合并不能再拆分:{why}。"
            f"请在“顾客档案”里打开档案 {customer_id},把这张表误加的电话和资料改回(修改记入审计日志),"
            f"再把这位顾客作为新档案录入{also}。",
        )

    def take_place(
        self, actor: Actor, batch_id: int, old_id: int, new_id: int, *, old_leaves: bool, reason: str
    ) -> None:
        """拆分 (inside the caller's transaction, after `check_unmerge`): the form's new card joins the
        batch in place of card ``old_id`` the form had been merged into, with the same collecting
        department; ``old_id`` leaves (marked removed, as 移出 does) unless it was on the batch before
        the merge. Both steps are audited on the batch."""
        b = self._batch(batch_id)  # type: ignore[attr-defined]
        row = BatchCard.get((BatchCard.batch == b) & (BatchCard.customer == old_id) & (BatchCard.status != "removed"))
        BatchCard.insert(batch=b.id, customer=new_id, collected_by=row.collected_by_id).execute()
        now = self.app.clock.now()  # type: ignore[attr-defined]
        if old_leaves:
            row.status = "removed"
            row.save()
            audit.write(
                actor,
                "batch.remove_card",
                "batch",
                b.id,
                customer_id=old_id,
                at=now,
                old={"customer": old_id},
                reason=f"拆分:表格另建为档案 {new_id},代替档案 {old_id} 留在批次里",
            )
        b.version += 1
        b.save()
        audit.write(
            actor,
            "batch.unmerge",
            "batch",
            b.id,
            customer_id=new_id,
            at=now,
            old={"customer": old_id},
            new={"customer": new_id, "removed": old_leaves},
            reason=reason,
        )

    # -- what came back ------------------------------------------------------------------------------

    def waiting(self, actor: Actor, department_id: int | None = None) -> list[WaitingBatch]:
        """Returned batches with cards still to share: a manager's department's, or (above) one
        department's or every department's."""
        require_role(actor, DISTRIBUTE_ROLES, "查看待分配的批次")
        where = (Batch.state == "returned") & (BatchCard.status == "new")
        if actor.role == "manager":
            department_id = actor.department_id
        if department_id is not None:
            where &= BatchCard.recipient_department == department_id
        q = (
            BatchCard.select(Batch.id, Batch.name, Batch.procedure, fn.COUNT(BatchCard.id))
            .join(Batch)
            .where(where)
            .group_by(Batch.id, Batch.name, Batch.procedure)
            .order_by(Batch.id)
            .tuples()
        )
        rows = list(q)
        returned = dict(
            AuditLog.select(AuditLog.entity_id, fn.MAX(AuditLog.at))
            .where(
                (AuditLog.entity == "batch")
                & (AuditLog.action == "batch.return")
                & AuditLog.entity_id.in_([r[0] for r in rows] or [0])
            )
            .group_by(AuditLog.entity_id)
            .tuples()
        )
        return [
            WaitingBatch(bid, name, PROCEDURES.get(proc, proc), n, returned.get(bid)) for bid, name, proc, n in rows
        ]
