"""Customer cards: creation with normalised phones and the phone duplicate check (SPEC §3)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from models import AuditLog, Customer, HouseholdLink, Ownership, Phone, db
from models.bulk import insert_returning_id, insert_rows
from models.db import custom_plans
from models.timeline import unregistered_snapshot
from services.customers import edit as customer_edit
from services.customers import phone_claims
from services.customers import search as customer_search
from services.customers.duplicates import DuplicateCandidate, find_candidates, normalize_name
from services.customers.edit import CustomerCard, HouseholdMember
from services.customers.names import initials, toneless
from services.customers.phone_claims import claiming
from services.customers.phones import normalize_phone
from services.customers.search import CustomerQuery, CustomerRow, Page
from services.customers.timeline_view import TimelineRow, timeline_rows
from services.office import audit
from services.office.permissions import Actor, require
from services.platform.errors import DuplicateFound, NotFound, ValidationError
from services.platform.text import clean_text


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    name: str
    phones: tuple[str, ...]
    sex: str
    birth_year: int | None
    address: str
    archived: bool


@dataclass(frozen=True)
class PhoneMatch:
    customer_id: int
    name: str  # masked unless the acting user may see the card in full
    cards: int  # how many cards hold the number


def customer_info(customer_id: int) -> CustomerInfo:
    """The full card, for services that check visibility themselves (`AccessService.card`)."""
    c = Customer.get_or_none(Customer.id == customer_id)
    if c is None:
        raise NotFound("顾客档案不存在。")
    return _info(c)


def _info(c: Customer) -> CustomerInfo:
    phones = tuple(p.number for p in Phone.select().where(Phone.customer == c).order_by(Phone.position))
    return CustomerInfo(c.id, c.name, phones, c.sex, c.birth_year, c.address, c.archived)


class CustomerService:
    def __init__(self, app):
        self.app = app

    def find_by_phone(self, number: str) -> list[int]:
        """Ids of cards holding this (already normalised) phone number."""
        return [r for (r,) in Phone.select(Phone.customer).where(Phone.number == number).distinct().tuples()]

    def create(
        self,
        actor: Actor,
        name: str,
        phones: list[str],
        *,
        sex: str = "",
        birth_year: int | None = None,
        address: str = "",
        source_channel: str = "",
        allow_duplicate: bool = False,
    ) -> CustomerInfo:
        """Create a card. A phone already on another card raises `DuplicateFound` (nothing created)."""
        require(actor, "customer.create", "新建顾客档案")
        return self.create_checked_elsewhere(
            actor,
            name,
            phones,
            sex=sex,
            birth_year=birth_year,
            address=address,
            source_channel=source_channel,
            allow_duplicate=allow_duplicate,
        )

    def create_checked_elsewhere(
        self,
        actor: Actor,
        name: str,
        phones: list[str],
        *,
        sex: str = "",
        birth_year: int | None = None,
        address: str = "",
        source_channel: str = "",
        allow_duplicate: bool = False,
    ) -> CustomerInfo:
        """`create` for a service that has checked the actor's right itself (the front desk's walk-in,
        services.frontdesk): the same checks of the card, the same audit."""
        name = normalize_name(name)
        if not name:
            raise ValidationError("name", "请填写顾客姓名。")
        if len(name) > 64:
            raise ValidationError("name", "姓名太长(最多 64 个字符)。")
        normalised: list[tuple[str, str]] = []
        for i, raw in enumerate(phones):
            number, kind = normalize_phone(raw, field=f"phone{i + 1}")
            if number not in (n for n, _ in normalised):
                normalised.append((number, kind))
        if birth_year is not None and not 1900 <= int(birth_year) <= self.app.clock.now().year:
            raise ValidationError("birth_year", f"出生年份 {birth_year} 不合理。")
        # Two clerks saving the same new number at the same moment both pass the check below (on
        # PostgreSQL neither sees the other's uncommitted card); the unique index then refuses the
        # later one, and `claiming` gives it the same answer as the check (phone_claims).
        with claiming(n for n, _ in normalised):
            shared: set[str] = set()
            if allow_duplicate:  # the clerk decided: a family's landline, a card split out of a merge
                shared = phone_claims.shared_numbers(n for n, _ in normalised)
            else:
                dups = sorted({cid for number, _ in normalised for cid in self.find_by_phone(number)})
                if dups:
                    raise DuplicateFound(phone_claims.duplicate_message(dups[0]), dups)
            now = self.app.clock.now()
            c = Customer.create(
                name=name,
                name_initials=initials(name),
                name_pinyin=toneless(name),
                sex=sex,
                birth_year=birth_year,
                address=clean_text(address),
                source_channel=source_channel,
                created_at=now,
                created_by=actor.user_id,
            )
            for pos, (number, kind) in enumerate(normalised):
                Phone.create(
                    customer=c, number=number, last4=number[-4:], kind=kind, position=pos, shared=number in shared
                )
            insert_rows(Ownership, [unregistered_snapshot(c.id, now)])  # every card has its snapshot row
            audit.write(
                actor,
                "customer.create",
                "customer",
                c.id,
                customer_id=c.id,
                at=now,
                new={"name": name, "phones": [n for n, _ in normalised]},
            )
            return _info(c)

    def create_many(
        self,
        actor: Actor,
        cards: Sequence[dict],
        *,
        checkpoint: Callable[[int, int], None] | None = None,
    ) -> list[int]:
        """Create many cards in one transaction (an import whose rows were checked for duplicates).

        Each card is a dict with name, phones and optionally sex, birth_year, address, source_channel, created_at,
        occupation, notes, allow_duplicate (a family member who may share a number an existing card holds).
        The same checks as `create` except the duplicate check, which the caller made; prepared
        statements for the writes.
        Returns the new ids in order. ``checkpoint(done, total)`` may raise to cancel.
        """
        require(actor, "customer.create", "新建顾客档案")
        year = self.app.clock.now().year
        prepared = []
        for n, card in enumerate(cards, start=1):
            name = normalize_name(card.get("name", ""))
            if not name or len(name) > 64:
                raise ValidationError("name", f"第 {n} 张档案:姓名为空或太长。")
            numbers: list[tuple[str, str]] = []
            for i, raw in enumerate(card.get("phones", ())):
                number, kind = normalize_phone(raw, field=f"phone{i + 1}")
                if number not in (x for x, _ in numbers):
                    numbers.append((number, kind))
            birth = card.get("birth_year")
            if birth is not None and not 1900 <= int(birth) <= year:
                raise ValidationError("birth_year", f"第 {n} 张档案:出生年份 {birth} 不合理。")
            prepared.append((name, numbers, card))
        ids: list[int] = []
        # A number another PC saved since the caller's duplicate check: the unique index refuses the
        # whole transaction and `claiming` answers DuplicateFound (the importer then re-checks its rows).
        with claiming(n for _, numbers, _ in prepared for n, _ in numbers):
            # Only a card the caller links to a family (``allow_duplicate``) may share a number.
            shared = phone_claims.shared_numbers(
                n for _, numbers, card in prepared if card.get("allow_duplicate") for n, _ in numbers
            )
            now = self.app.clock.now()
            phones: list[dict] = []
            audits: list[dict] = []
            for i, (name, numbers, card) in enumerate(prepared):
                if checkpoint and i % 200 == 0:
                    checkpoint(i, len(prepared))
                cid = insert_returning_id(
                    Customer,
                    dict(
                        name=name,
                        name_initials=initials(name),
                        name_pinyin=toneless(name),
                        sex=card.get("sex", ""),
                        birth_year=card.get("birth_year"),
                        address=clean_text(card.get("address")),
                        source_channel=card.get("source_channel", ""),
                        occupation=card.get("occupation", ""),
                        notes=clean_text(card.get("notes"), multiline=True),
                        archived=False,
                        created_at=card.get("created_at") or now,  # an archive keeps its 登记日期
                        created_by=actor.user_id,
                        version=1,
                    ),
                )
                ids.append(cid)
                share = bool(card.get("allow_duplicate"))
                phones += [
                    dict(
                        customer=cid,
                        number=num,
                        last4=num[-4:],
                        kind=kind,
                        position=pos,
                        shared=share and num in shared,
                    )
                    for pos, (num, kind) in enumerate(numbers)
                ]
                audits.append(
                    dict(
                        at=now,
                        user=actor.user_id,
                        action="customer.create",
                        entity="customer",
                        entity_id=cid,
                        customer_id=cid,
                        old=None,
                        new={"name": name, "phones": [x for x, _ in numbers]},
                        reason="",
                        rule="",
                    )
                )
            insert_rows(Phone, phones)
            insert_rows(Ownership, [unregistered_snapshot(cid, now) for cid in ids])
            insert_rows(AuditLog, audits)
        return ids

    def duplicate_candidates(
        self,
        actor: Actor,
        *,
        name: str = "",
        phones: Sequence[str] = (),
        address: str = "",
        birth_year: int | None = None,
        exclude_id: int | None = None,
        limit: int = 10,
    ) -> list[DuplicateCandidate]:
        """The live 查重 of SPEC §3: existing cards that may be this person, strongest first.

        ``duplicate`` = a phone already on a card; ``possible`` = same name and same address
        or birth year; ``sound_alike`` = same tone-less pinyin (张丽/章莉) and same address or
        birth year. Phones that do not normalise yet are ignored (the save reports them).
        Names are masked where ``actor`` may not see the card in full; phones always are.
        Read-only and index-only, so it may run on every pause in typing.
        """
        return find_candidates(
            actor,
            self.app.clock.now(),
            name=name,
            phones=phones,
            address=address,
            birth_year=birth_year,
            exclude_id=exclude_id,
            limit=limit,
        )

    def get(self, actor: Actor, customer_id: int) -> CustomerInfo:
        """The card as ``actor`` may see it (masked outside their customers, SPEC §2)."""
        return self.app.access.card(actor, customer_id)

    def by_phone(self, actor: Actor, number: str) -> PhoneMatch | None:
        """The card holding this (already normalised) phone, named as ``actor`` may see it: the
        lookup of the complaint, invitation and shipment dialogs. None when no card has it."""
        ids = self.find_by_phone(number)
        if not ids:
            return None
        info = self.get(actor, ids[0])
        return PhoneMatch(info.id, info.name, len(ids))

    # -- the card list ------------------------------------------------------------------------

    def search(self, actor: Actor, query: CustomerQuery, after=None, limit: int = 200) -> Page:
        """One page of the card list, keyset-paged: pass ``page.after`` to get the next one."""
        with custom_plans():  # planned for the typed values (models.db.custom_plans)
            return customer_search.search(actor, query, self.app.clock.now(), after, limit)

    def count(self, actor: Actor | None = None, query: CustomerQuery | None = None) -> int:
        """Cards matching ``query`` (without a query: all current cards)."""
        if query is None:
            return Customer.select().where(Customer.archived == False).count()  # noqa: E712
        with custom_plans():
            return customer_search.count(actor, query, self.app.clock.now())

    def count_estimate(self, actor: Actor, query: CustomerQuery) -> customer_search.CountEstimate:
        """The count to show at once (a bounded read): exact when few cards match or the archive is small,
        else estimated from a sample (``exact`` False) — the list refines it with `count` in the background."""
        with custom_plans():
            return customer_search.count_estimate(actor, query, self.app.clock.now())

    # -- one card ------------------------------------------------------------------------------

    def card(self, actor: Actor, customer_id: int) -> CustomerCard:
        """The card for the editor, masked where ``actor`` may not see it in full."""
        return customer_edit.card(actor, customer_id, self.app.clock.now())

    def update(
        self, actor: Actor, customer_id: int, changes: dict, expected_version: int, *, reason: str = ""
    ) -> CustomerCard:
        """Save edited fields of a card (see customer_edit.EDITABLE); ``phones`` and ``tags`` are lists.

        Raises:
            StaleRecord: the card changed since ``expected_version`` was read; nothing saved.
            ValidationError: naming the field (phones as ``phone1``, ``phone2``…).
            DuplicateFound: a new phone is on another card.
        """
        now = self.app.clock.now()
        with db.atomic():
            old, new = customer_edit.apply_update(actor, customer_id, changes, expected_version, now)
            if new:
                audit.write(
                    actor, "customer.update", "customer", customer_id, customer_id=customer_id,
                    old=old, new=new, reason=reason, at=now,
                )  # fmt: skip
        return self.card(actor, customer_id)

    def link_household(self, actor: Actor, a: int, b: int, relation: str) -> list[HouseholdMember]:
        """家庭: record that card ``a`` is the ``relation`` (spouse | parent | child) of card ``b``."""
        now = self.app.clock.now()
        with db.atomic():
            ca, cb = customer_edit.get_customer(a), customer_edit.get_customer(b)
            customer_edit.require_edit(actor, ca, now, "关联家庭成员")
            customer_edit.require_edit(actor, cb, now, "关联家庭成员")
            customer_edit.check_link(a, b, relation)
            ended = customer_edit.link_between(a, b, active=False)
            if ended is None:
                HouseholdLink.create(customer=a, other=b, relation=relation, created_at=now)
            else:
                # Linked again after an ended link: the same row, current again (its end is in the audit log).
                HouseholdLink.update(
                    customer=a, other=b, relation=relation, created_at=now, ended_at=None, end_reason=""
                ).where(HouseholdLink.id == ended.id).execute()
            for cid in (a, b):
                audit.write(
                    actor, "customer.household", "customer", cid, customer_id=cid,
                    new={"customer": a, "other": b, "relation": relation}, at=now,
                )  # fmt: skip
        return customer_edit.household(actor, a, now)

    def unlink_household(self, actor: Actor, a: int, b: int, reason: str) -> list[HouseholdMember]:
        """解除家庭关联: end the link between cards ``a`` and ``b`` (entered by mistake, or no longer
        true). The link row stays, marked ended with the reason; both cards' audit logs say so.
        Returns ``a``'s household after the change."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("reason", "解除家庭关联须写明原因。")
        now = self.app.clock.now()
        with db.atomic():
            ca, cb = customer_edit.get_customer(a), customer_edit.get_customer(b)
            customer_edit.require_edit(actor, ca, now, "解除家庭关联")
            customer_edit.require_edit(actor, cb, now, "解除家庭关联")
            link = customer_edit.link_between(a, b, active=True)
            if link is None:
                raise ValidationError("relation", f"顾客档案 {a} 与 {b} 没有家人关系,无需解除。")
            HouseholdLink.update(ended_at=now, end_reason=reason).where(HouseholdLink.id == link.id).execute()
            old = {"customer": link.customer_id, "other": link.other_id, "relation": link.relation}
            for cid in (a, b):
                audit.write(
                    actor, "customer.household_end", "customer", cid, customer_id=cid, old=old, reason=reason, at=now,
                )  # fmt: skip
        return customer_edit.household(actor, a, now)

    def household(self, actor: Actor, customer_id: int) -> list[HouseholdMember]:
        customer_edit.get_customer(customer_id)
        return customer_edit.household(actor, customer_id, self.app.clock.now())

    def timeline_view(self, actor: Actor, customer_id: int, types: Sequence[str] | None = None) -> list[TimelineRow]:
        """The card's events, newest first, for display; ``types`` limits to those event types.

        A masked card (another department's customer, no approved lookup: SPEC §2) shows no timeline —
        nothing beyond what the front desk may see (owner, department, claim), which the ownership box shows."""
        c = customer_edit.get_customer(customer_id)
        if not customer_edit.full_view(actor, c, self.app.clock.now()):
            return []
        return timeline_rows(customer_id, types, True)

    def restore(self, actor: Actor, customer_id: int, reason: str) -> None:
        """Bring an archived card back to the daily lists."""
        require(actor, "customer.edit", "恢复顾客档案")
        if not (reason or "").strip():
            raise ValidationError("reason", "恢复归档档案须写明原因。")
        now = self.app.clock.now()
        with db.atomic():
            c = customer_edit.get_customer(customer_id)
            if not c.archived:
                return
            Customer.update(archived=False, archived_at=None, version=Customer.version + 1).where(
                Customer.id == c.id
            ).execute()
            audit.write(
                actor, "customer.restore", "customer", c.id, customer_id=c.id, reason=reason,
                old={"archived": True}, new={"archived": False}, at=now,
            )  # fmt: skip

    def archive(self, actor: Actor, customer_id: int, reason: str) -> None:
        require(actor, "customer.edit", "归档顾客档案")
        if not (reason or "").strip():
            raise ValidationError("reason", "归档须写明原因。")
        with db.atomic():
            c = Customer.get_or_none(Customer.id == customer_id)
            if c is None:
                raise NotFound("顾客档案不存在。")
            c.archived = True
            c.archived_at = self.app.clock.now()
            c.version += 1
            c.save()
            audit.write(
                actor,
                "customer.archive",
                "customer",
                c.id,
                customer_id=c.id,
                reason=reason,
                old={"archived": False},
                new={"archived": True},
            )


__all__ = [
    "CustomerCard",
    "CustomerInfo",
    "CustomerQuery",
    "CustomerRow",
    "CustomerService",
    "DuplicateCandidate",
    "HouseholdMember",
    "Page",
    "TimelineRow",
]
