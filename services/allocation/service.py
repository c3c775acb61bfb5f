"""档案分配 (SPEC §4): event batches through the CRM center, fair distribution, the company pool.

The path of a batch: ``create_batch`` (from a kepu, a large kepu or an activity) → ``add_cards``
→ ``process`` (the CRM center's 处理: duplicates inside the batch and against the archive; cards
of customers who already have an owner are listed "already owned by X", not allocated) →
optionally ``return_batch`` (返还: each card's department fixed, each manager then distributes
his own department's share) →
``preview`` (nothing written) → ``swap`` single cards with a reason → ``confirm`` (the ``allocate``
events, so pre-heat deadlines start). The pool (公司资源池) part lives in services.allocation.pool,
the printed/exported sheet in services.allocation.sheet, the plan in services.allocation.plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from peewee import fn

from models import (
    Batch,
    BatchCard,
    BatchDepartment,
    BatchParticipant,
    Customer,
    Department,
    Ownership,
    Phone,
    Scan,
    Staff,
    db,
)
from services.allocation.drafts import DraftMixin
from services.allocation.plan import PlanMixin
from services.allocation.pool import PoolMixin
from services.allocation.possible import PossibleMixin
from services.allocation.returns import ReturnMixin
from services.allocation.sheet import SheetMixin
from services.allocation.types import (
    CARD_STATUS,
    EDIT_ROLES,
    PROCEDURES,
    STATES,
    VIEW_ROLES,
    AddResult,
    BatchInfo,
    BatchPage,
    CardInfo,
    CardPage,
    ProcessResult,
    chunks,
    first_phones,
    households,
    require_role,
)
from services.customers.visibility import sees_in_full, shown_name, shown_phone
from services.office import audit
from services.office.org import person_names
from services.office.permissions import Actor
from services.platform.errors import NotFound, PermissionDenied, ValidationError

EVENT_PROCEDURES = ("kepu", "kepu_large", "activity")


class AllocationService(DraftMixin, PossibleMixin, PlanMixin, ReturnMixin, PoolMixin, SheetMixin):
    def __init__(self, app):
        self.app = app

    # -- reading ---------------------------------------------------------------------------------

    def _batch(self, batch_id: int) -> Batch:
        b = Batch.get_or_none(Batch.id == batch_id)
        if b is None:
            raise NotFound(f"批次 {batch_id} 不存在。")
        return b

    def _info(self, b: Batch) -> BatchInfo:
        depts = list(
            BatchDepartment.select(Department.id, Department.name)
            .join(Department)
            .where(BatchDepartment.batch == b)
            .order_by(Department.id)
            .tuples()
        )
        people = list(
            BatchParticipant.select(Staff.id, Staff.name)
            .join(Staff)
            .where(BatchParticipant.batch == b)
            .order_by(Staff.id)
            .tuples()
        )
        return BatchInfo(
            id=b.id,
            name=b.name,
            procedure=b.procedure,
            procedure_name=PROCEDURES.get(b.procedure, b.procedure),
            event_date=b.event_date,
            organiser_id=b.organiser_id,
            organiser_name=b.organiser.name if b.organiser_id else "",
            handed_in_by_id=b.handed_in_by_id,
            handed_in_by_name=b.handed_in_by.name if b.handed_in_by_id else "",
            state=b.state,
            state_name=STATES.get(b.state, b.state),
            card_count=BatchCard.select().where((BatchCard.batch == b) & (BatchCard.status != "removed")).count(),
            processed_count=b.processed_count,
            created_at=b.created_at,
            confirmed_at=b.confirmed_at,
            version=b.version,
            department_ids=tuple(d for d, _ in depts),
            department_names=tuple(n for _, n in depts),
            participant_ids=tuple(s for s, _ in people),
            participant_names=tuple(n for _, n in people),
            confirmed_by_name=self._user_name(b.confirmed_by_id),
            shares=self._shares(b) if b.state == "returned" else (),
        )

    @staticmethod
    def _user_name(user_id: int | None) -> str:
        return person_names([user_id]).get(user_id, "") if user_id is not None else ""

    @staticmethod
    def _shares(b: Batch) -> tuple[tuple[str, int, int], ...]:
        """A returned batch per department: (department, its cards, of which not yet distributed)."""
        q = (
            BatchCard.select(BatchCard.recipient_department, BatchCard.status, fn.COUNT(BatchCard.id))
            .where((BatchCard.batch == b) & BatchCard.status.in_(["new", "allocated"]))
            .group_by(BatchCard.recipient_department, BatchCard.status)
            .tuples()
        )
        counts: dict[int | None, list[int]] = {}
        for dept, status, n in q:
            c = counts.setdefault(dept, [0, 0])
            c[0] += n
            if status == "new":
                c[1] += n
        names = dict(Department.select(Department.id, Department.name).tuples())
        return tuple((names.get(d, ""), n, left) for d, (n, left) in sorted(counts.items(), key=lambda kv: kv[0] or 0))

    def _departments_of(self, b: Batch) -> set[int]:
        """Every department a batch hands cards to."""
        depts = {
            d for (d,) in BatchDepartment.select(BatchDepartment.department).where(BatchDepartment.batch == b).tuples()
        }
        if b.organiser_id and b.procedure == "kepu":
            depts.add(b.organiser_id)
        return depts

    def _check_view(self, actor: Actor, b: Batch) -> None:
        require_role(actor, VIEW_ROLES, "查看分配批次")
        if actor.role == "manager" and actor.department_id not in self._departments_of(b):
            raise PermissionDenied("部门经理只能查看本部门参与的分配批次。")

    def batches(self, actor: Actor, after: int | None = None, limit: int = 100, state: str | None = None) -> BatchPage:
        """Newest first, keyset-paged by id; a manager sees the batches his department takes part in."""
        require_role(actor, VIEW_ROLES, "查看分配批次")
        q = Batch.select().where(Batch.state != "deleted")
        if after is not None:
            q = q.where(Batch.id < after)
        if state:
            q = q.where(Batch.state == state)
        if actor.role == "manager":
            mine = BatchDepartment.select(BatchDepartment.batch).where(
                BatchDepartment.department == actor.department_id
            )
            q = q.where((Batch.organiser == actor.department_id) | (Batch.id.in_(mine)))
        rows = list(q.order_by(Batch.id.desc()).limit(limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        return BatchPage(tuple(self._info(b) for b in rows), rows[-1].id if more else None)

    def get(self, actor: Actor, batch_id: int) -> BatchInfo:
        b = self._batch(batch_id)
        self._check_view(actor, b)
        return self._info(b)

    def card_infos(self, actor: Actor, rows: Sequence[BatchCard]) -> list[CardInfo]:
        """Display rows for batch cards: a few queries for the whole list, none per row.

        A card is shown in full only to who may see it (SPEC §2): a manager sees in full the cards
        that come to his department, never another department's customer listed as "already owned".
        """
        ids = [r.customer_id for r in rows]
        owned: dict[int, tuple[int | None, int | None, str]] = {}
        for part in chunks(ids):
            q = Ownership.select(
                Ownership.customer, Ownership.owner, Ownership.owner_department, Ownership.owner_kind
            ).where(Ownership.customer.in_(list(part)))
            owned.update({c: (o, d, k) for c, o, d, k in q.tuples()})
        phones = first_phones(ids)
        custs = {}
        for part in chunks(ids):
            custs.update(
                {
                    c: (n, a)
                    for c, n, a in Customer.select(Customer.id, Customer.name, Customer.abc_class)
                    .where(Customer.id.in_(list(part)))
                    .tuples()
                }
            )
        staff_ids = {r.existing_owner_id for r in rows} | {r.recipient_id for r in rows}
        staff_names = dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_([s for s in staff_ids if s])).tuples())
        dept_names = dict(Department.select(Department.id, Department.name).tuples())
        out = []
        for r in rows:
            name, abc = custs.get(r.customer_id, ("", ""))
            phone = phones.get(r.customer_id, "")
            owner, owner_dept, kind = owned.get(r.customer_id, (None, None, "none"))
            if kind == "none" and r.status in ("new", "allocated", "removed"):
                # Nobody owns it yet: it goes to the departments of this batch.
                owner_dept = r.recipient_department_id or r.collected_by_id or actor.department_id
            full = sees_in_full(actor, owner, owner_dept, abc)
            out.append(
                CardInfo(
                    customer_id=r.customer_id,
                    name=shown_name(name, full),
                    phone=shown_phone(phone, full) if phone else "",
                    household=r.household_key,
                    status=r.status,
                    status_name=CARD_STATUS.get(r.status, r.status),
                    collected_by_name=dept_names.get(r.collected_by_id, ""),
                    existing_owner_name=staff_names.get(r.existing_owner_id, ""),
                    recipient_name=staff_names.get(r.recipient_id, ""),
                    swap_reason=r.swap_reason,
                )
            )
        return self.possible_infos(actor, out)

    def cards(self, actor: Actor, batch_id: int, after: int | None = None, limit: int = 200) -> CardPage:
        """The batch's cards in the order they were added, keyset-paged by row id."""
        b = self._batch(batch_id)
        self._check_view(actor, b)
        q = BatchCard.select().where((BatchCard.batch == b) & (BatchCard.status != "removed"))
        if after is not None:
            q = q.where(BatchCard.id > after)
        rows = list(q.order_by(BatchCard.id).limit(limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        return CardPage(tuple(self.card_infos(actor, rows)), rows[-1].id if more else None)

    # -- building a batch --------------------------------------------------------------------------

    def create_batch(
        self,
        actor: Actor,
        name: str,
        procedure: str,
        *,
        event_date: dt.date | None = None,
        organiser_id: int | None = None,
        handed_in_by_id: int | None = None,
        department_ids: Sequence[int] = (),
        participant_ids: Sequence[int] = (),
        notes: str = "",
    ) -> BatchInfo:
        """A batch from an event: A kepu (organiser + participating staff), B large kepu, C activity (departments)."""
        require_role(actor, EDIT_ROLES, "新建分配批次")
        name = (name or "").strip()
        if not name:
            raise ValidationError("name", "请填写批次名称(例如科普活动的名称)。")
        if procedure not in EVENT_PROCEDURES:
            raise ValidationError("procedure", "请选择分配程序:部门科普、大型科普或赠书等活动。")
        with db.atomic():
            if organiser_id is not None and Department.get_or_none(Department.id == organiser_id) is None:
                raise ValidationError("organiser", "组织部门不存在。")
            if handed_in_by_id is not None and Staff.get_or_none(Staff.id == handed_in_by_id) is None:
                raise ValidationError("handed_in_by", "交档案的员工不存在。")
            people, depts = self._check_setup(procedure, organiser_id, participant_ids, department_ids)
            b = Batch.create(
                name=name,
                procedure=procedure,
                event_date=event_date,
                organiser=organiser_id,
                handed_in_by=handed_in_by_id,
                created_at=self.app.clock.now(),
                created_by=actor.user_id,
                notes=notes,
            )
            BatchDepartment.insert_many(
                [(b.id, d) for d in depts], fields=[BatchDepartment.batch, BatchDepartment.department]
            ).execute() if depts else None
            if people:
                BatchParticipant.insert_many(
                    [(b.id, s) for s in people], fields=[BatchParticipant.batch, BatchParticipant.staff]
                ).execute()
            audit.write(
                actor,
                "batch.create",
                "batch",
                b.id,
                at=self.app.clock.now(),
                new={"name": name, "procedure": procedure, "departments": depts, "participants": people},
            )
            return self._info(b)

    def add_cards(
        self, actor: Actor, batch_id: int, customer_ids: Sequence[int], *, collected_by: int | None = None
    ) -> AddResult:
        """Add cards; a card already in the batch is counted, not added twice. B needs the collecting department."""
        require_role(actor, EDIT_ROLES, "向批次添加档案")
        ids = list(dict.fromkeys(int(c) for c in customer_ids))
        if not ids:
            raise ValidationError("customers", "请至少添加一张顾客档案。")
        with db.atomic():
            b = self._batch(batch_id)
            existing = set()
            for part in chunks(ids):
                existing |= {c for (c,) in Customer.select(Customer.id).where(Customer.id.in_(list(part))).tuples()}
            missing = [c for c in ids if c not in existing]
            if missing:
                raise ValidationError("customers", f"顾客档案 {missing[0]} 不存在。")
            result = self._add(b, ids, collected_by)
            audit.write(
                actor,
                "batch.add_cards",
                "batch",
                b.id,
                at=self.app.clock.now(),
                new={"added": result.added, "collected_by": collected_by},
            )
            return result

    def _add(self, b: Batch, ids: Sequence[int], collected_by: int | None) -> AddResult:
        """Put existing cards into ``b`` (inside the caller's transaction); a removed card comes back."""
        if b.state in ("returned", "distributed", "deleted"):
            raise ValidationError("batch", f"批次“{b.name}”已{STATES[b.state]},不能再添加档案。")
        if b.procedure == "kepu_large":
            if collected_by is None:
                raise ValidationError("collected_by", "大型科普的每张档案须注明由哪个部门收集。")
            if Department.get_or_none(Department.id == collected_by) is None:
                raise ValidationError("collected_by", "收集部门不存在。")
            # The collecting departments are the large kepu's departments: a new one joins the batch.
            BatchDepartment.insert(batch=b.id, department=collected_by).on_conflict_ignore().execute()
        present: dict[int, str] = {}
        for part in chunks(list(ids)):
            present.update(
                BatchCard.select(BatchCard.customer, BatchCard.status)
                .where((BatchCard.batch == b) & (BatchCard.customer.in_(list(part))))
                .tuples()
            )
        revived = [c for c in ids if present.get(c) == "removed"]
        new = [c for c in ids if c not in present]
        fields = [BatchCard.batch, BatchCard.customer, BatchCard.collected_by]
        for part in chunks(new):
            BatchCard.insert_many([(b.id, c, collected_by) for c in part], fields=fields).execute()
        for part in chunks(revived):
            BatchCard.update(status="new", collected_by=collected_by, swap_reason="", recipient=None).where(
                (BatchCard.batch == b) & BatchCard.customer.in_(list(part))
            ).execute()
        added = len(new) + len(revived)
        if added and b.state == "processed":
            b.state = "open"  # new cards must go through 处理 before anything is distributed
        b.version += 1
        b.save()
        return AddResult(added, len(ids) - added)

    # -- 处理 ----------------------------------------------------------------------------------------

    def process(self, actor: Actor, batch_id: int) -> ProcessResult:
        """The CRM center's processing: mark duplicates and already-owned cards, find households."""
        require_role(actor, EDIT_ROLES, "处理分配批次")
        with db.atomic():
            b = self._batch(batch_id)
            if b.state in ("returned", "distributed", "deleted"):
                raise ValidationError("batch", f"批次“{b.name}”已{STATES[b.state]},不能再处理。")
            live = (BatchCard.batch == b) & (BatchCard.status != "removed")
            rows = list(BatchCard.select().where(live).order_by(BatchCard.id))
            if not rows:
                raise ValidationError("batch", f"批次“{b.name}”还没有档案。")
            ids = [r.customer_id for r in rows]
            dup_of = self._phone_duplicates(ids)
            # A card merged into another one (archived) is a duplicate too: never allocated.
            merged: set[int] = set()
            for part in chunks(ids):
                merged |= {
                    c
                    for (c,) in Customer.select(Customer.id)
                    .where(Customer.id.in_(list(part)) & (Customer.archived == True))  # noqa: E712
                    .tuples()
                }
            # A duplicate whose original card is outside the batch: the original takes its place.
            in_batch = set(ids)
            extra = sorted({orig for orig in dup_of.values() if orig not in in_batch})
            removed = {
                c
                for (c,) in BatchCard.select(BatchCard.customer)
                .where((BatchCard.batch == b) & (BatchCard.status == "removed") & BatchCard.customer.in_(extra))
                .tuples()
            }
            if removed:  # an original card the clerk had taken out comes back as the one the form is about
                BatchCard.update(status="new").where(
                    (BatchCard.batch == b) & BatchCard.customer.in_(sorted(removed))
                ).execute()
            extra_new = [c for c in extra if c not in removed]
            collected = {r.customer_id: r.collected_by_id for r in rows}
            for dup, orig in dup_of.items():
                if orig in extra and orig not in collected:
                    collected[orig] = collected[dup]
            if extra_new:
                fields = [BatchCard.batch, BatchCard.customer, BatchCard.collected_by]
                BatchCard.insert_many([(b.id, c, collected[c]) for c in extra_new], fields=fields).execute()
            candidates = [c for c in ids + extra if c not in dup_of and c not in merged]
            owners: dict[int, tuple[str, int | None]] = {}
            for part in chunks(candidates):
                q = Ownership.select(Ownership.customer, Ownership.owner_kind, Ownership.owner).where(
                    Ownership.customer.in_(list(part)) & (Ownership.owner_kind != "none")
                )
                owners.update({c: (k, o) for c, k, o in q.tuples()})
            new_ids = [c for c in candidates if c not in owners]
            possible = self._possible_duplicates(actor, b, new_ids)  # the clerk decides these
            new_ids = [c for c in new_ids if c not in possible]
            house = households(new_ids)
            # Set-based updates, not one statement per card: a batch can hold thousands.
            BatchCard.update(status="new", existing_owner=None, household_key=None).where(live).execute()
            for status, cs in (("duplicate", set(dup_of) | merged), ("possible", set(possible))):
                for part in chunks(sorted(cs)):
                    BatchCard.update(status=status).where(
                        (BatchCard.batch == b) & BatchCard.customer.in_(list(part))
                    ).execute()
            by_owner: dict[tuple[str, int | None], list[int]] = {}
            for c, key in owners.items():
                by_owner.setdefault(key, []).append(c)
            for (kind, owner), cs in by_owner.items():
                status = "owned" if kind == "staff" else "pool"
                for part in chunks(cs):
                    BatchCard.update(status=status, existing_owner=owner).where(
                        (BatchCard.batch == b) & BatchCard.customer.in_(list(part))
                    ).execute()
            members: dict[int, list[int]] = {}
            for c, key in house.items():
                members.setdefault(key, []).append(c)
            for key, cs in members.items():
                BatchCard.update(household_key=key).where((BatchCard.batch == b) & BatchCard.customer.in_(cs)).execute()
            for dup, orig in dup_of.items():
                # The new form (its scan) is attached to the card the customer already has.
                moved = Scan.update(customer=orig).where(Scan.customer == dup).execute()
                if moved:
                    audit.write(
                        actor,
                        "scan.attach",
                        "customer",
                        orig,
                        customer_id=orig,
                        at=self.app.clock.now(),
                        old={"customer": dup},
                        new={"customer": orig},
                        reason=f"批次“{b.name}”处理:重复档案",
                    )
            b.state = "processed"
            b.processed_count = len(new_ids)
            b.version += 1
            b.save()
            audit.write(
                actor,
                "batch.process",
                "batch",
                b.id,
                at=self.app.clock.now(),
                new={
                    "to_allocate": len(new_ids),
                    "duplicates": len(dup_of) + len(merged),
                    "owned_or_pool": len(owners),
                    "possible": len(possible),
                },
            )
            left_out = list(
                BatchCard.select()
                .where((BatchCard.batch == b) & BatchCard.status.not_in(["new", "removed"]))
                .order_by(BatchCard.id)
            )
            return ProcessResult(self._info(b), len(new_ids), tuple(self.card_infos(actor, left_out)))

    def _phone_duplicates(self, ids: list[int]) -> dict[int, int]:
        """Cards sharing a phone with an older card (in the batch or the archive): card → the older card."""
        numbers: dict[int, set[str]] = {}
        for part in chunks(ids):
            for cid, number in (
                Phone.select(Phone.customer, Phone.number).where(Phone.customer.in_(list(part))).tuples()
            ):
                numbers.setdefault(cid, set()).add(number)
        all_numbers = sorted({n for ns in numbers.values() for n in ns})
        holders: dict[str, int] = {}  # number → the oldest (smallest id) card that is not archived
        for part in chunks(all_numbers):
            q = (
                Phone.select(Phone.number, Phone.customer)
                .join(Customer)
                .where(Phone.number.in_(list(part)) & (Customer.archived == False))  # noqa: E712
                .tuples()
            )
            for number, cid in q:
                if number not in holders or cid < holders[number]:
                    holders[number] = cid
        out = {}
        for cid in ids:
            older = min((holders[n] for n in numbers.get(cid, ()) if n in holders), default=cid)
            if older < cid:
                out[cid] = older
        return out
