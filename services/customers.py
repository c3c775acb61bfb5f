"""Customer cards: creation with normalised phones and the phone duplicate check (SPEC §3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models import Customer, Phone, db
from services import audit
from services.duplicates import DuplicateCandidate, find_candidates, normalize_name
from services.errors import DuplicateFound, NotFound, ValidationError
from services.names import initials, toneless
from services.permissions import Actor, require
from services.phones import normalize_phone


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    name: str
    phones: tuple[str, ...]
    sex: str
    birth_year: int | None
    address: str
    archived: bool


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
        with db.atomic():
            if not allow_duplicate:
                dups = sorted({cid for number, _ in normalised for cid in self.find_by_phone(number)})
                if dups:
                    raise DuplicateFound(f"电话号码已登记在另一张顾客档案上(档案号 {dups[0]}),请先查重处理。", dups)
            now = self.app.clock.now()
            c = Customer.create(
                name=name,
                name_initials=initials(name),
                name_pinyin=toneless(name),
                sex=sex,
                birth_year=birth_year,
                address=(address or "").strip(),
                source_channel=source_channel,
                created_at=now,
                created_by=actor.user_id,
            )
            for pos, (number, kind) in enumerate(normalised):
                Phone.create(customer=c, number=number, last4=number[-4:], kind=kind, position=pos)
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

    def get(self, customer_id: int) -> CustomerInfo:
        c = Customer.get_or_none(Customer.id == customer_id)
        if c is None:
            raise NotFound("顾客档案不存在。")
        return _info(c)

    def count(self) -> int:
        return Customer.select().where(Customer.archived == False).count()  # noqa: E712

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


__all__ = ["CustomerInfo", "CustomerService", "DuplicateCandidate"]
