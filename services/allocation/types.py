"""What the allocation services (档案分配) return, their labels and the helpers they share.

Only plain dataclasses leave the services, so ui/ never sees a peewee row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from peewee import fn

from models import BatchCard, Customer, HouseholdLink, Phone
from services.office.permissions import Actor
from services.platform.errors import PermissionDenied

PROCEDURES = {
    "kepu": "A 部门科普",
    "kepu_large": "B 大型科普",
    "activity": "C 赠书等活动",
    "pool": "公司资源池分配",
}
PROCEDURE_RULES = {
    "kepu": "处理后的档案平均分配给参加本次科普的员工",
    "kepu_large": "各部门领回本部门收集的档案,再平均分配给本部门全部在职员工",
    "activity": "处理后的档案先平均分配给参加活动的部门,再由各部门平均分配给本部门员工",
    "pool": "公司资源池顾客按同一平均算法重新分配(R10)",
}
EVEN_RULE = "平均分配:同一批次每人张数相差不超过 1(同一家庭的档案分给同一人时,不超过最大家庭人数);余数先给历次分得最少的人,相同时按下列顺序"
STATES = {
    "open": "录入中",
    "processed": "已处理",
    "returned": "已返还各部门",
    "distributed": "已分配",
    "deleted": "已删除",
}
#: The channel a card typed into a batch of this procedure is registered under (SPEC §1).
BATCH_CHANNELS = {"kepu": "kepu", "kepu_large": "kepu_large", "activity": "activity"}
CARD_STATUS = {
    "new": "待分配",
    "duplicate": "重复档案",
    "owned": "已有归属",
    "pool": "在公司资源池",
    "allocated": "已分配",
    "removed": "已移出批次",
    "possible": "可能重复",
}
POOL_REASONS = {
    "R4": "R4 争议归公司",
    "R9": "R9 投诉三日未处理",
    "R10": "R10 离职上交/重新分配",
    "R13": "R13 裁决归公司",
}

#: Who may do what here (SPEC §2): the CRM center processes, managers distribute their department's
#: cards, the resource director everything.
EDIT_ROLES = frozenset({"clerk", "director", "admin"})
VIEW_ROLES = frozenset({"clerk", "manager", "director", "gm", "admin"})
DISTRIBUTE_ROLES = frozenset({"manager", "director", "gm", "admin"})

CHUNK = 500  # ids per IN (...) list: far below SQLite's and PostgreSQL's parameter limits


def require_role(actor: Actor, roles: frozenset[str], what: str) -> None:
    if actor.role not in roles:
        raise PermissionDenied(f"{actor.role_name}无权{what}。")


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


@dataclass(frozen=True)
class BatchInfo:
    id: int
    name: str
    procedure: str
    procedure_name: str
    event_date: dt.date | None
    organiser_id: int | None
    organiser_name: str
    handed_in_by_id: int | None
    handed_in_by_name: str
    state: str
    state_name: str
    card_count: int
    processed_count: int
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    version: int
    department_ids: tuple[int, ...]
    department_names: tuple[str, ...]
    participant_ids: tuple[int, ...]
    participant_names: tuple[str, ...]
    confirmed_by_name: str = ""
    # A returned batch, per department: (department, cards, of which still to distribute).
    shares: tuple[tuple[str, int, int], ...] = ()

    @property
    def progress_text(self) -> str:
        """The real state in words: for a returned batch which departments have distributed their share."""
        if self.state == "distributed" and self.confirmed_at is not None:
            who = f"{self.confirmed_by_name} " if self.confirmed_by_name else ""
            return f"{self.state_name}({who}{self.confirmed_at:%Y-%m-%d %H:%M} 确认)"
        if self.state == "returned" and self.shares:
            parts = [f"{d} {n} 张待分配" if left else f"{d} {n} 张已分配" for d, n, left in self.shares]
            return f"{self.state_name}:" + "、".join(parts)
        return self.state_name


@dataclass(frozen=True)
class BatchPage:
    rows: tuple[BatchInfo, ...]
    next_after: int | None  # pass back as ``after`` for the next page; None = no more


@dataclass(frozen=True)
class CardInfo:
    """One card of a batch as shown: name in full, phone masked unless the user sees the card in full."""

    customer_id: int
    name: str
    phone: str
    household: int | None
    status: str
    status_name: str
    collected_by_name: str
    existing_owner_name: str
    recipient_name: str
    swap_reason: str
    possible_of: int | None = None  # status possible: the existing card that may be the same person
    possible_text: str = ""

    @property
    def note(self) -> str:
        if self.status == "possible":
            return f"可能与档案 {self.possible_of}({self.possible_text})是同一人:请选择合并、关联为家人或确认为新顾客"
        if self.status == "owned":
            return f"已归 {self.existing_owner_name} 所有"
        if self.status == "pool":
            return "在公司资源池,须由经理或资源总监重新分配"
        if self.status == "duplicate":
            return "重复档案,新表格已并入原档案"
        return ""


@dataclass(frozen=True)
class CardPage:
    rows: tuple[CardInfo, ...]
    next_after: int | None


@dataclass(frozen=True)
class AddResult:
    added: int
    already_in_batch: int


@dataclass(frozen=True)
class ProcessResult:
    batch: BatchInfo
    to_allocate: int
    not_allocated: tuple[CardInfo, ...]  # owned by someone, in the pool, or a duplicate


@dataclass(frozen=True)
class PlanCard:
    customer_id: int
    name: str
    phone: str
    household: int | None
    swap_reason: str


@dataclass(frozen=True)
class RecipientPlan:
    """One staff member's share; ``tie_rank`` is their place in the remainder order (1 = first)."""

    staff_id: int
    staff_name: str
    department_id: int | None
    department_name: str
    history: int
    tie_rank: int
    cards: tuple[PlanCard, ...]

    @property
    def count(self) -> int:
        return len(self.cards)


@dataclass(frozen=True)
class DepartmentPlan:
    """Procedures B and C: a department's share before it is split among its staff."""

    department_id: int
    department_name: str
    history: int
    tie_rank: int
    count: int


@dataclass(frozen=True)
class AllocationPreview:
    """What confirming would write; nothing has been written yet."""

    batch_id: int
    batch_name: str
    version: int
    procedure: str
    procedure_name: str
    rule_text: str
    recipients: tuple[RecipientPlan, ...]  # in tie order within each department
    departments: tuple[DepartmentPlan, ...]  # B and C only
    not_allocated: tuple[CardInfo, ...]

    @property
    def total(self) -> int:
        return sum(r.count for r in self.recipients)

    def tie_order_text(self) -> str:
        return "、".join(f"{r.tie_rank}. {r.staff_name}(此前 {r.history} 张)" for r in self.recipients)

    @property
    def even_limit(self) -> int:
        """How far counts may differ and still be even (SPEC §4): 1, or the largest household's size."""
        sizes: dict[int, int] = {}
        for r in self.recipients:
            for c in r.cards:
                if c.household is not None:
                    sizes[c.household] = sizes.get(c.household, 0) + 1
        return max([1, *sizes.values()])

    def counts_after_swap(self, customer_id: int, to_staff_id: int) -> dict[int, int]:
        """Each recipient's count if ``customer_id`` (with its household) moved to ``to_staff_id``."""
        counts = {r.staff_id: r.count for r in self.recipients}
        for r in self.recipients:
            card = next((c for c in r.cards if c.customer_id == customer_id), None)
            if card is None or r.staff_id == to_staff_id or to_staff_id not in counts:
                continue
            moved = [c for c in r.cards if card.household is not None and c.household == card.household] or [card]
            counts[r.staff_id] -= len(moved)
            counts[to_staff_id] += len(moved)
        return counts

    def uneven_text(self, counts: dict[int, int] | None = None) -> str:
        """Empty while the counts are even; else a sentence naming them (per department for B and C)."""
        counts = counts if counts is not None else {r.staff_id: r.count for r in self.recipients}
        limit = self.even_limit
        groups: dict[int | None, list[RecipientPlan]] = {}
        for r in self.recipients:
            groups.setdefault(r.department_id, []).append(r)
        out = []
        for people in groups.values():
            got = [counts.get(r.staff_id, 0) for r in people]
            if len(got) > 1 and max(got) - min(got) > limit:
                listed = "、".join(f"{r.staff_name} {counts.get(r.staff_id, 0)} 张" for r in people)
                out.append(f"{listed}(相差 {max(got) - min(got)} 张,平均分配最多相差 {limit} 张)")
        return ";".join(out)


@dataclass(frozen=True)
class PoolRow:
    customer_id: int
    name: str
    phone: str
    reason: str
    reason_name: str
    since: dt.datetime | None
    must_other_department: bool
    explanation: str


@dataclass(frozen=True)
class PoolPage:
    rows: tuple[PoolRow, ...]
    next_after: int | None


@dataclass(frozen=True)
class PoolPlan:
    """An even redistribution of pool customers, previewed (``batch_id`` None) or done."""

    recipients: tuple[RecipientPlan, ...]
    batch_id: int | None = None


def first_phones(customer_ids: Sequence[int]) -> dict[int, str]:
    """Each customer's first phone number (by position)."""
    out: dict[int, str] = {}
    for part in chunks(list(customer_ids)):
        q = (
            Phone.select(Phone.customer, Phone.number)
            .where(Phone.customer.in_(list(part)))
            .order_by(Phone.customer, Phone.position)
            .tuples()
        )
        for cid, number in q:
            out.setdefault(cid, number)
    return out


def names_of(customer_ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for part in chunks(list(customer_ids)):
        out.update(Customer.select(Customer.id, Customer.name).where(Customer.id.in_(list(part))).tuples())
    return out


def households(customer_ids: Iterable[int]) -> dict[int, int]:
    """家庭 inside a set of customers: customer id → the smallest id of its household (only households ≥ 2)."""
    ids = list(dict.fromkeys(customer_ids))
    members = set(ids)
    parent = {c: c for c in ids}

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for part in chunks(ids):
        q = HouseholdLink.select(HouseholdLink.customer, HouseholdLink.other).where(
            HouseholdLink.customer.in_(list(part)) & HouseholdLink.ended_at.is_null()
        )
        for a, b in q.tuples():
            if b in members:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    roots = {c: find(c) for c in ids}
    sizes: dict[int, int] = {}
    for r in roots.values():
        sizes[r] = sizes.get(r, 0) + 1
    return {c: r for c, r in roots.items() if sizes[r] > 1}


def staff_history(staff_ids: Iterable[int]) -> dict[int, int]:
    """Cards each staff member has received from allocations so far (every confirmed batch)."""
    ids = list(staff_ids)
    out: dict[int, int] = {}
    for part in chunks(ids):
        q = (
            BatchCard.select(BatchCard.recipient, fn.COUNT(BatchCard.id))
            .where((BatchCard.recipient.in_(list(part))) & (BatchCard.status == "allocated"))
            .group_by(BatchCard.recipient)
            .tuples()
        )
        out.update(q)
    return out


def department_history(dept_ids: Iterable[int]) -> dict[int, int]:
    ids = list(dept_ids)
    if not ids:
        return {}
    q = (
        BatchCard.select(BatchCard.recipient_department, fn.COUNT(BatchCard.id))
        .where((BatchCard.recipient_department.in_(ids)) & (BatchCard.status == "allocated"))
        .group_by(BatchCard.recipient_department)
        .tuples()
    )
    return dict(q)
