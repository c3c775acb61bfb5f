"""Editing customer cards: the full card for the editor, optimistic-locked updates, household
links (家庭) and the card's timeline for display (SPEC §3).

Every change is one transaction and one audit record with the old and new values of the fields
that changed. A save made on a stale copy is refused (StaleRecord) naming who saved in between.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import peewee as pw

from models import AuditLog, Customer, CustomerTag, HouseholdLink, Phone, Scan, User
from services.customers.phone_claims import claiming
from services.customers.phones import mask_phone, normalize_phone
from services.customers.taxonomy import ABC_CLASSES, INCOME_BANDS, MAX_TAG, VALUE_LEVELS, is_occupation
from services.customers.visibility import (
    approved_lookups,
    sees_in_full,
    served_by,
    shown_address,
    shown_name,
    shown_phone,
)
from services.office.permissions import Actor, can
from services.platform.errors import DuplicateFound, NotFound, PermissionDenied, StaleRecord, ValidationError
from services.platform.text import clean_text
from services.rules.model import CHANNELS

RELATIONS = {"spouse": "配偶", "parent": "父母", "child": "子女"}
_INVERSE = {"spouse": "spouse", "parent": "child", "child": "parent"}
#: Audit actions that change a card's version (what a stale save reports).
CARD_ACTIONS = ("customer.create", "customer.update", "customer.archive", "customer.restore")
EDITABLE = (
    "name",
    "sex",
    "birth_year",
    "birthday",
    "address",
    "occupation",
    "income_band",
    "abc_class",
    "value_level",
    "source_channel",
    "notes",
    "phones",
    "tags",
)
FIELD_LABELS = {
    "name": "姓名",
    "sex": "性别",
    "birth_year": "出生年份",
    "birthday": "生日",
    "address": "住址",
    "occupation": "职业",
    "income_band": "收入",
    "abc_class": "ABC分类",
    "value_level": "价值等级",
    "source_channel": "来源渠道",
    "notes": "备注",
    "phones": "电话",
    "tags": "兴趣标签",
}


def clean_tags(values: Iterable[Any], *, field: str = "tags", label: str = "") -> list[str]:
    """Tags as stored: control characters dropped, trimmed, each once, sorted. A tag longer than
    MAX_TAG is a `ValidationError` on ``field``, its message opening with ``label`` when given."""
    tags: list[str] = []
    for t in values or []:
        t = clean_text(t)
        if len(t) > MAX_TAG:
            raise ValidationError(field, f"{label}标签“{t[:10]}…”太长(最多 {MAX_TAG} 个字符)。")
        if t and t not in tags:
            tags.append(t)
    return sorted(tags)


def write_tags(customer_id: int, tags: Iterable[str], *, keep_existing: bool = False) -> list[str]:
    """The one writer of a card's tags (card editor, 录入), inside the caller's transaction: the card
    gets exactly ``tags`` (cleaned by `clean_tags`), or with ``keep_existing`` the ones it lacks are
    added to those it has. Returns the tags that were added."""
    tags = list(tags)
    have = {t for (t,) in CustomerTag.select(CustomerTag.tag).where(CustomerTag.customer == customer_id).tuples()}
    if not keep_existing:
        gone = have - set(tags)
        if gone:
            CustomerTag.delete().where(
                (CustomerTag.customer == customer_id) & CustomerTag.tag.in_(sorted(gone))
            ).execute()
    added = [t for t in tags if t not in have]
    for tag in added:
        CustomerTag.create(customer=customer_id, tag=tag)
    return added


@dataclass(frozen=True)
class HouseholdMember:
    customer_id: int
    name: str  # masked when the actor may not see that card
    relation: str  # spouse | parent | child: what the member is to the card being viewed
    relation_label: str


@dataclass(frozen=True)
class ScanInfo:
    id: int
    original_name: str
    page: int
    added_at: dt.datetime


@dataclass(frozen=True)
class CustomerCard:
    """Everything the card editor shows. Masked (``full`` False) fields are blank or masked."""

    id: int
    version: int
    full: bool
    editable: bool
    name: str
    sex: str
    birth_year: int | None
    birthday: dt.date | None
    address: str
    phones: tuple[str, ...]
    occupation: str
    income_band: str
    abc_class: str
    value_level: str
    source_channel: str
    notes: str
    tags: tuple[str, ...]
    archived: bool
    archived_at: dt.datetime | None
    created_at: dt.datetime
    household: tuple[HouseholdMember, ...]
    scans: tuple[ScanInfo, ...]


def get_customer(customer_id: int) -> Customer:
    c = Customer.get_or_none(Customer.id == customer_id)
    if c is None:
        raise NotFound(f"顾客档案 {customer_id} 不存在。")
    return c


def _owner(customer_id: int) -> tuple[int | None, int | None]:
    from models import Ownership

    row = Ownership.select(Ownership.owner, Ownership.owner_department).where(Ownership.customer == customer_id)
    got = row.tuples().first()
    return (got[0], got[1]) if got else (None, None)


def full_view(actor: Actor, c: Customer, now: dt.datetime) -> bool:
    """The card in full: own / department / all by role (SPEC §2), an approved lookup, or the customer's
    serving expert (SPEC §7; A-class too). Seeing is not editing: experts have no customer.edit."""
    owner, dept = _owner(c.id)
    return (
        sees_in_full(actor, owner, dept, c.abc_class or "")
        or c.id in approved_lookups(actor, [c.id], now)
        or c.id in served_by(actor, [c.id])
    )


def household(actor: Actor, customer_id: int, now: dt.datetime) -> list[HouseholdMember]:
    """Family members of a card, each link seen from this card (A spouse of B ⇔ B spouse of A)."""
    pairs: list[tuple[int, str]] = []
    for other, rel in (
        HouseholdLink.select(HouseholdLink.other, HouseholdLink.relation)
        .where((HouseholdLink.customer == customer_id) & HouseholdLink.ended_at.is_null())
        .tuples()
    ):
        pairs.append((other, _INVERSE[rel]))  # this card is rel of other → other is inverse(rel) of this card
    for other, rel in (
        HouseholdLink.select(HouseholdLink.customer, HouseholdLink.relation)
        .where((HouseholdLink.other == customer_id) & HouseholdLink.ended_at.is_null())
        .tuples()
    ):
        pairs.append((other, rel))  # other is rel of this card
    if not pairs:
        return []
    ids = [p for p, _ in pairs]
    info = {
        r.id: r for r in Customer.select(Customer.id, Customer.name, Customer.abc_class).where(Customer.id.in_(ids))
    }
    opened = approved_lookups(actor, ids, now)
    out = []
    for other, rel in pairs:
        c = info[other]
        owner, dept = _owner(other)
        full = other in opened or sees_in_full(actor, owner, dept, c.abc_class or "")
        out.append(HouseholdMember(other, shown_name(c.name, full), rel, RELATIONS[rel]))
    return sorted(out, key=lambda m: (list(RELATIONS).index(m.relation), m.customer_id))


def card(actor: Actor, customer_id: int, now: dt.datetime) -> CustomerCard:
    c = get_customer(customer_id)
    full = full_view(actor, c, now)
    phones = tuple(
        shown_phone(n, full)
        for (n,) in Phone.select(Phone.number).where(Phone.customer == c.id).order_by(Phone.position).tuples()
    )
    tags = tuple(
        t
        for (t,) in CustomerTag.select(CustomerTag.tag)
        .where(CustomerTag.customer == c.id)
        .order_by(CustomerTag.tag)
        .tuples()
    )
    scans = tuple(
        ScanInfo(s.id, s.original_name or s.stored_name, s.page, s.added_at)
        for s in Scan.select().where(Scan.customer == c.id).order_by(Scan.added_at, Scan.id)
    )
    return CustomerCard(
        id=c.id,
        version=c.version,
        full=full,
        editable=full and can(actor, "customer.edit") and not c.archived,
        name=shown_name(c.name, full),
        sex=c.sex or "",
        birth_year=c.birth_year if full else None,
        birthday=c.birthday if full else None,
        address=shown_address(c.address, full),
        phones=phones,
        occupation=c.occupation or "",
        income_band=(c.income_band or "") if full else "",
        abc_class=c.abc_class or "",
        value_level=(c.value_level or "") if full else "",
        source_channel=c.source_channel or "",
        notes=(c.notes or "") if full else "",
        tags=tags if full else (),
        archived=c.archived,
        archived_at=c.archived_at,
        created_at=c.created_at,
        household=tuple(household(actor, c.id, now)),
        scans=scans if full else (),
    )


def require_edit(actor: Actor, c: Customer, now: dt.datetime, what: str = "修改顾客档案") -> None:
    if not can(actor, "customer.edit"):
        raise PermissionDenied(f"{actor.role_name}无权{what}。")
    if not full_view(actor, c, now):
        raise PermissionDenied(f"您看不到顾客档案 {c.id} 的完整信息,不能{what}。")


def _clean(field: str, value: Any, this_year: int) -> Any:
    """Validate one edited field; returns the stored form (phones: list of (number, kind))."""
    label = FIELD_LABELS[field]
    if field == "name":
        from services.customers.duplicates import normalize_name

        name = normalize_name(str(value or ""))
        if not name:
            raise ValidationError("name", "请填写顾客姓名。")
        if len(name) > 64:
            raise ValidationError("name", "姓名太长(最多 64 个字符)。")
        return name
    if field == "sex":
        if value not in ("M", "F", ""):
            raise ValidationError("sex", "性别只能是男、女或不填。")
        return value
    if field == "birth_year":
        if value in (None, ""):
            return None
        try:
            year = int(value)
        except (TypeError, ValueError):
            raise ValidationError("birth_year", f"出生年份“{value}”不是数字。") from None
        if not 1900 <= year <= this_year:
            raise ValidationError("birth_year", f"出生年份 {year} 不合理。")
        return year
    if field == "birthday":
        if value in (None, ""):
            return None
        if not isinstance(value, dt.date):
            raise ValidationError("birthday", "生日须是一个日期。")
        return value
    if field in ("address", "notes"):
        text = clean_text(value, multiline=field == "notes")
        limit = 255 if field == "address" else 4000
        if len(text) > limit:
            raise ValidationError(field, f"{label}太长(最多 {limit} 个字符)。")
        return text
    choices = {
        "occupation": None,
        "income_band": INCOME_BANDS,
        "abc_class": ABC_CLASSES,
        "value_level": VALUE_LEVELS,
        "source_channel": dict.fromkeys(CHANNELS),
    }
    if field in choices:
        value = str(value or "")
        ok = is_occupation(value) if field == "occupation" else value in choices[field]  # type: ignore[operator]
        if value and not ok:
            raise ValidationError(field, f"{label}“{value}”不在可选范围内。")
        return value
    if field == "phones":
        out: list[tuple[str, str]] = []
        for i, raw in enumerate(value or []):
            if not str(raw).strip():
                continue
            number, kind = normalize_phone(str(raw), field=f"phone{i + 1}")
            if number not in (n for n, _ in out):
                out.append((number, kind))
        return out
    if field == "tags":
        return clean_tags(value)
    raise ValidationError(field, f"字段“{field}”不能修改。")


def _last_change(customer_id: int) -> str:
    row = (
        AuditLog.select(AuditLog.at, User.display_name, User.username)
        .join(User, pw.JOIN.LEFT_OUTER, on=(User.id == AuditLog.user))
        .where((AuditLog.customer_id == customer_id) & AuditLog.action.in_(CARD_ACTIONS))
        .order_by(AuditLog.id.desc())
        .tuples()
        .first()
    )
    if not row:
        return "其他人"
    at, display, username = row
    return f"{display or username or '系统'} 于 {at:%Y-%m-%d %H:%M}"


def current_values(c: Customer) -> dict[str, Any]:
    values: dict[str, Any] = {f: getattr(c, f) for f in EDITABLE if f not in ("phones", "tags")}
    values["phones"] = [
        n for (n,) in Phone.select(Phone.number).where(Phone.customer == c.id).order_by(Phone.position).tuples()
    ]
    values["tags"] = sorted(
        t for (t,) in CustomerTag.select(CustomerTag.tag).where(CustomerTag.customer == c.id).tuples()
    )
    return values


def apply_update(
    actor: Actor, customer_id: int, changes: dict[str, Any], expected_version: int, now: dt.datetime
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validate and write ``changes``; returns (old, new) of the fields that changed.

    Call inside a transaction. Raises StaleRecord, ValidationError, DuplicateFound.
    """
    c = get_customer(customer_id)
    require_edit(actor, c, now)
    if c.archived:
        raise ValidationError("archived", "该档案已归档,不能修改;请先恢复。")
    unknown = [f for f in changes if f not in EDITABLE]
    if unknown:
        raise ValidationError(unknown[0], f"字段“{unknown[0]}”不能修改。")
    if c.version != expected_version:
        raise StaleRecord(f"该档案已被 {_last_change(c.id)} 修改过,您的修改未保存;请重新打开档案后再改。")
    cleaned = {f: _clean(f, v, now.year) for f, v in changes.items()}
    before = current_values(c)
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for f, v in cleaned.items():
        stored = [n for n, _ in v] if f == "phones" else v
        if stored != before[f]:
            old[f], new[f] = before[f], stored
    if not new:
        return {}, {}
    kept_shared: set[str] = set()
    if "phones" in new:
        # A number the card keeps keeps its row's standing (a family's shared landline stays shared);
        # only numbers new to the card are checked against the other cards.
        kept_shared = {n for (n,) in Phone.select(Phone.number).where((Phone.customer == c.id) & Phone.shared).tuples()}
        added = [n for n in new["phones"] if n not in before["phones"]]
        others = (
            Phone.select(Phone.customer, Phone.number)
            .where(Phone.number.in_(added) & (Phone.customer != c.id))
            .tuples()
            .first()
        )
        if others:
            raise DuplicateFound(
                f"电话 {mask_phone(others[1])} 已登记在顾客档案 {others[0]} 上,请先查重处理。", [others[0]]
            )
    columns = {f: v for f, v in new.items() if f not in ("phones", "tags")}
    if "name" in columns:
        from services.customers.names import initials, toneless

        columns["name_initials"] = initials(columns["name"])
        columns["name_pinyin"] = toneless(columns["name"])
    # The version guard in the WHERE clause closes the gap between the check above and this write.
    updated = (
        Customer.update(version=Customer.version + 1, **columns)
        .where((Customer.id == c.id) & (Customer.version == expected_version))
        .execute()
    )
    if updated != 1:
        raise StaleRecord(f"该档案已被 {_last_change(c.id)} 修改过,您的修改未保存;请重新打开档案后再改。")
    if "phones" in new:
        with claiming(new["phones"], exclude=c.id):  # another PC may have saved a new number meanwhile
            Phone.delete().where(Phone.customer == c.id).execute()
            for pos, (number, kind) in enumerate(cleaned["phones"]):
                Phone.create(
                    customer=c.id,
                    number=number,
                    last4=number[-4:],
                    kind=kind,
                    position=pos,
                    shared=number in kept_shared,
                )
    if "tags" in new:
        write_tags(c.id, new["tags"])
    return _jsonable(old), _jsonable(new)


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in d.items()}


def link_between(a: int, b: int, active: bool) -> HouseholdLink | None:
    """The link between two cards in either direction: the active one, or (``active=False``) an ended one."""
    q = HouseholdLink.select().where(
        (((HouseholdLink.customer == a) & (HouseholdLink.other == b))
         | ((HouseholdLink.customer == b) & (HouseholdLink.other == a)))
        & (HouseholdLink.ended_at.is_null() if active else HouseholdLink.ended_at.is_null(False))
    )  # fmt: skip
    return q.first()


def check_link(a: int, b: int, relation: str) -> None:
    if relation not in RELATIONS:
        raise ValidationError("relation", f"家庭关系“{relation}”无效(只能是配偶、父母或子女)。")
    if a == b:
        raise ValidationError("relation", "不能把顾客与自己关联为家人。")
    if link_between(a, b, active=True) is not None:
        raise ValidationError("relation", f"顾客档案 {a} 与 {b} 已经是家人关系。")


__all__ = [
    "CustomerCard",
    "HouseholdMember",
    "RELATIONS",
    "ScanInfo",
    "clean_tags",
    "write_tags",
]
