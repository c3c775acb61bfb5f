"""公司资源池 (R10): the pool list with why and since when, even redistribution, one-by-one assignment.

Pool customers are assigned only by ``reassign`` (R10); the rules engine refuses a same-department
reassignment of an R9 customer, and that refusal reaches the user with the customer named. An even
redistribution is recorded as a batch of procedure ``pool`` so it counts in everyone's history and
has an allocation sheet like any other batch. Resignation handover: after ``staff_left`` the
resigned member's customers are in the pool with reason R10; ``pool_list(left_staff_id=...)`` shows
just those.
"""

from __future__ import annotations

from collections.abc import Sequence

from models import Batch, BatchCard, BatchDepartment, Customer, Event, Ownership, Staff, db
from services.allocation import fair
from services.allocation.plan import Plan, ranks, recipient_plans
from services.allocation.types import (
    DISTRIBUTE_ROLES,
    POOL_REASONS,
    PoolPage,
    PoolPlan,
    PoolRow,
    chunks,
    first_phones,
    households,
    require_role,
    staff_history,
)
from services.customers.visibility import sees_in_full, shown_name, shown_phone
from services.office import audit
from services.office.permissions import Actor
from services.platform.errors import PermissionDenied, RuleRefused, ValidationError


class PoolMixin:
    app: object

    def pool_list(
        self, actor: Actor, after: int | None = None, limit: int = 200, *, left_staff_id: int | None = None
    ) -> PoolPage:
        """Every pool customer with the reason (R4, R9, R10, R13) and since when, keyset-paged by customer id."""
        require_role(actor, DISTRIBUTE_ROLES, "查看公司资源池")
        fields = (
            Ownership.customer,
            Customer.name,
            Customer.abc_class,
            Ownership.pool_reason,
            Ownership.since,
            Ownership.must_other_department,
            Ownership.explanation,
        )
        q = (
            Ownership.select(*fields)
            .join(Customer, on=(Ownership.customer == Customer.id))
            .where((Ownership.owner_kind == "pool") & (Customer.archived == False))  # noqa: E712
        )
        if after is not None:
            q = q.where(Ownership.customer > after)
        if left_staff_id is not None:
            left = Event.select(Event.customer).where((Event.staff == left_staff_id) & (Event.type == "staff_left"))
            q = q.where(Ownership.customer.in_(left) & (Ownership.pool_reason == "R10"))
        rows = list(q.order_by(Ownership.customer).limit(limit + 1).tuples())
        more = len(rows) > limit
        rows = rows[:limit]
        phones = first_phones([r[0] for r in rows])
        out = []
        for cid, name, abc, reason, since, must_other, explanation in rows:
            full = sees_in_full(actor, None, None, abc)
            phone = phones.get(cid, "")
            out.append(
                PoolRow(
                    customer_id=cid,
                    name=shown_name(name, full),
                    phone=shown_phone(phone, full) if phone else "",
                    reason=reason,
                    reason_name=POOL_REASONS.get(reason, reason or "公司资源池"),
                    since=since,
                    must_other_department=must_other,
                    explanation=explanation,
                )
            )
        return PoolPage(tuple(out), rows[-1][0] if more else None)

    def _pool_plan(self, actor: Actor, customer_ids: Sequence[int], staff_ids: Sequence[int]) -> Plan:
        ids = list(dict.fromkeys(int(c) for c in customer_ids))
        staff = list(dict.fromkeys(int(s) for s in staff_ids))
        if not ids:
            raise ValidationError("customers", "请先选择要分配的资源池顾客。")
        if not staff:
            raise ValidationError("staff", "请选择接收顾客的员工。")
        found = {s.id: s for s in Staff.select().where(Staff.id.in_(staff))}
        for sid in staff:
            s = found.get(sid)
            if s is None:
                raise ValidationError("staff", f"员工 {sid} 不存在。")
            if not s.active or s.left_at is not None:
                raise ValidationError("staff", f"{s.name} 已离职,不能接收顾客。")
            if actor.role == "manager" and s.department_id != actor.department_id:
                raise PermissionDenied(f"部门经理只能把资源池顾客分给本部门员工,{s.name}不是本部门员工。")
        in_pool: set[int] = set()
        for part in chunks(ids):
            in_pool |= {
                c
                for (c,) in Ownership.select(Ownership.customer)
                .where(Ownership.customer.in_(list(part)) & (Ownership.owner_kind == "pool"))
                .tuples()
            }
        missing = [c for c in ids if c not in in_pool]
        if missing:
            raise ValidationError("customers", f"顾客档案 {missing[0]} 不在公司资源池中。")
        house = households(ids)
        hist = staff_history(staff)
        dist = fair.distribute([fair.Card(c, house.get(c)) for c in ids], staff, hist)
        return Plan(
            by_staff=dist.assignment,
            staff_dept={s: found[s].department_id for s in staff},
            tie_rank=ranks(dist.tie_order),
            history=dist.history,
            departments=[],
            households=house,
            swaps={},
        )

    def pool_preview(self, actor: Actor, customer_ids: Sequence[int], staff_ids: Sequence[int]) -> PoolPlan:
        """The even redistribution of the chosen pool customers among the chosen staff. Writes nothing."""
        require_role(actor, DISTRIBUTE_ROLES, "分配资源池顾客")
        plan = self._pool_plan(actor, customer_ids, staff_ids)
        order = sorted(plan.by_staff, key=lambda s: plan.tie_rank[s])
        return PoolPlan(recipient_plans(plan, actor, order))

    def distribute_pool(
        self, actor: Actor, customer_ids: Sequence[int], staff_ids: Sequence[int], reason: str
    ) -> PoolPlan:
        """Reassign the chosen pool customers evenly (R10), recorded as a batch of procedure ``pool``."""
        require_role(actor, DISTRIBUTE_ROLES, "分配资源池顾客")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "分配资源池顾客须写明原因。")
        with db.atomic():
            plan = self._pool_plan(actor, customer_ids, staff_ids)
            now = self.app.clock.now()  # type: ignore[attr-defined]
            batch_id = self._record_pool_batch(actor, f"公司资源池分配 {now:%Y-%m-%d %H:%M}", plan, reason)
            order = sorted(plan.by_staff, key=lambda s: plan.tie_rank[s])
            return PoolPlan(recipient_plans(plan, actor, order), batch_id)

    def assign_one(self, actor: Actor, customer_id: int, staff_id: int, reason: str) -> int:
        """Give one pool customer to a chosen staff member by hand (R10; reason required).

        Recorded as a small batch like an even redistribution, so the card counts in the staff
        member's 此前分得 and the hand-out has a sheet with who did it and why. Returns its id.
        """
        require_role(actor, DISTRIBUTE_ROLES, "分配资源池顾客")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "指定分配须写明原因。")
        with db.atomic():
            snap = Ownership.get_or_none(Ownership.customer == customer_id)
            if snap is None or snap.owner_kind != "pool":
                raise ValidationError("customer", f"顾客档案 {customer_id} 不在公司资源池中。")
            staff = Staff.get_or_none(Staff.id == staff_id)
            if staff is None:
                raise ValidationError("staff", "请选择接收顾客的员工。")
            if actor.role == "manager" and staff.department_id != actor.department_id:
                raise PermissionDenied(f"部门经理只能把资源池顾客分给本部门员工,{staff.name}不是本部门员工。")
            plan = Plan(
                by_staff={staff_id: [customer_id]},
                staff_dept={staff_id: staff.department_id},
                tie_rank={staff_id: 1},
                history=staff_history([staff_id]),
                departments=[],
                households={},
                swaps={},
            )
            now = self.app.clock.now()  # type: ignore[attr-defined]
            return self._record_pool_batch(actor, f"指定分配 {now:%Y-%m-%d %H:%M} 给 {staff.name}", plan, reason)

    def _record_pool_batch(self, actor: Actor, name: str, plan: Plan, reason: str) -> int:
        """Reassign every card of ``plan`` (R10) and keep it as a distributed batch of procedure ``pool``."""
        now = self.app.clock.now()  # type: ignore[attr-defined]
        total = sum(len(c) for c in plan.by_staff.values())
        b = Batch.create(
            name=name,
            procedure="pool",
            event_date=now.date(),
            state="distributed",
            processed_count=total,
            created_at=now,
            created_by=actor.user_id,
            confirmed_at=now,
            confirmed_by=actor.user_id,
            notes=reason,
        )
        # The receiving departments take part in the batch: their managers see it and its sheet.
        for dept in sorted({d for d in plan.staff_dept.values() if d is not None}):
            BatchDepartment.create(batch=b, department=dept)
        names = dict(
            Customer.select(Customer.id, Customer.name)
            .where(Customer.id.in_([c for cs in plan.by_staff.values() for c in cs]))
            .tuples()
        )
        for sid, cids in plan.by_staff.items():
            for cid in cids:
                try:
                    rec = self.app.timeline.reassign(actor, cid, sid, reason, at=now)  # type: ignore[attr-defined]
                except RuleRefused as e:
                    raise RuleRefused(e.rule, f"顾客{names.get(cid, cid)}(档案 {cid}):{e.message}") from None
                BatchCard.create(
                    batch=b,
                    customer=cid,
                    status="allocated",
                    recipient=sid,
                    recipient_department=plan.staff_dept[sid],
                    household_key=plan.households.get(cid),
                    allocate_event=rec.event_id,
                )
        order = sorted(plan.by_staff, key=lambda s: plan.tie_rank[s])
        audit.write(
            actor,
            "batch.confirm",
            "batch",
            b.id,
            at=now,
            reason=reason,
            new={
                "cards": total,
                "counts": {str(s): len(c) for s, c in plan.by_staff.items()},
                "tie_order": order,
                "history": {str(s): plan.history.get(s, 0) for s in order},
            },
        )
        return b.id
