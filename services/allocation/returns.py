"""返还: the CRM center hands a processed batch back to the departments (SPEC §4, seed 一.3).

A department kepu goes back to the organising department; a large kepu gives each department
exactly the cards it collected; an activity's cards are shared evenly among the participating
departments (households together, remainders to the departments that received fewest so far).
Each card's department is stored on it, so every manager then distributes his own department's
share among its staff, independently of the others.
"""

from __future__ import annotations

from models import BatchCard, BatchDepartment, BatchParticipant, db
from services.allocation.types import EDIT_ROLES, BatchInfo, chunks, require_role
from services.office import audit
from services.office.permissions import Actor
from services.platform.errors import StaleRecord, ValidationError


class ReturnMixin:
    app: object

    def return_batch(self, actor: Actor, batch_id: int, expected_version: int) -> BatchInfo:
        """Fix each card's department and mark the batch returned; the departments' staff split comes later."""
        require_role(actor, EDIT_ROLES, "返还分配批次")
        with db.atomic():
            b = self._batch(batch_id)  # type: ignore[attr-defined]
            if b.version != expected_version:
                raise StaleRecord(f"批次“{b.name}”已被修改,请刷新后再返还。")
            if b.state != "processed":
                raise ValidationError("batch", f"批次“{b.name}”须处理完毕(且尚未返还或分配)才能返还各部门。")
            self._check_returnable(b)
            plan = self._plan(b)  # type: ignore[attr-defined]  # validates departments and staff
            by_dept: dict[int | None, list[int]] = {}
            for sid, cids in plan.by_staff.items():
                by_dept.setdefault(plan.staff_dept[sid], []).extend(cids)
            for dept, cids in by_dept.items():
                for part in chunks(cids):
                    BatchCard.update(recipient_department=dept).where(
                        (BatchCard.batch == b) & BatchCard.customer.in_(list(part))
                    ).execute()
            b.state = "returned"
            b.version += 1
            b.save()
            audit.write(
                actor,
                "batch.return",
                "batch",
                b.id,
                at=self.app.clock.now(),  # type: ignore[attr-defined]
                new={
                    "departments": {str(d): len(c) for d, c in by_dept.items()},
                    "tie_order": [d.department_id for d in plan.departments],
                },
            )
            return self._info(b)  # type: ignore[attr-defined]

    @staticmethod
    def _check_returnable(b) -> None:
        """Who receives the cards must be known before they go back: A's staff, B's and C's departments."""
        undecided = BatchCard.select().where((BatchCard.batch == b) & (BatchCard.status == "possible")).count()
        if undecided:
            raise ValidationError(
                "batch",
                f"批次“{b.name}”中还有 {undecided} 张可能重复的档案等待决定(合并、关联为家人或新顾客),不能返还。",
            )
        if b.procedure == "kepu":
            if not BatchParticipant.select().where(BatchParticipant.batch == b).exists():
                raise ValidationError(
                    "participants",
                    f"部门科普批次“{b.name}”还没有选择参加科普的员工,不能返还:请先在批次中勾选参加的员工。",
                )
            return
        if b.procedure == "kepu_large":
            missing = [
                c
                for (c,) in BatchCard.select(BatchCard.customer)
                .where((BatchCard.batch == b) & (BatchCard.status == "new") & BatchCard.collected_by.is_null())
                .order_by(BatchCard.id)
                .limit(6)
                .tuples()
            ]
            if missing:
                listed = "、".join(str(c) for c in missing[:5]) + ("…" if len(missing) > 5 else "")
                raise ValidationError(
                    "collected_by",
                    f"大型科普批次“{b.name}”中有档案没有注明收集部门(档案 {listed}),不能返还:请先注明由哪个部门收集。",
                )
        if not BatchDepartment.select().where(BatchDepartment.batch == b).exists():
            raise ValidationError("departments", f"批次“{b.name}”还没有参加的部门,不能返还:请先选择部门。")
