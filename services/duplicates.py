"""The live duplicate check (查重, SPEC §3): candidates for a card being typed or imported.

Three levels, strongest first:

* ``duplicate``   — a normalised phone is already on another card;
* ``possible``    — same normalised name and the same address or birth year;
* ``sound_alike`` — same tone-less pinyin (张丽 / 章莉: handwriting copied by ear) and the
  same address or birth year.

Only indexed lookups are used (Phone.number, Customer.name, Customer.name_pinyin), so the check
stays in the millisecond range at a million cards. Phones that do not normalise yet (the clerk
is still typing) are skipped here; the save path reports them as field errors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from peewee import JOIN

from models import Customer, Department, Ownership, Phone, Staff
from services.errors import ValidationError
from services.names import toneless
from services.permissions import Actor
from services.phones import mask_phone, normalize_phone
from services.visibility import approved_lookups, claim_label, ids_in, sees_in_full, shown_name

LEVELS = ("duplicate", "possible", "sound_alike")
LEVEL_LABELS = {"duplicate": "重复", "possible": "疑似重复", "sound_alike": "读音相同"}
# Same-name rows examined per check; a name shared by more cards than this is matched on the
# first ones only (the phone check still catches true duplicates).
NAME_SCAN_CAP = 2000
_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing card that may be the person being entered."""

    customer_id: int
    level: str  # duplicate | possible | sound_alike
    reason: str  # Chinese, e.g. "电话 138****0001 相同"
    name: str  # masked when the actor may not see the card in full
    phone_masked: str
    owner_name: str  # "" when none, "公司资源池" for the pool
    owner_department: str
    claim_state: str  # Chinese label


def normalize_name(name: str) -> str:
    """What "same name" compares: full-width → half-width, trimmed; a Chinese name loses its
    inner spaces (张 丽 = 张丽), a Latin one keeps single spaces."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", name or "")).strip()
    if _CJK.search(text):
        text = text.replace(" ", "")
    return text


def normalize_address(address: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", address or "")).lower()


def _valid_numbers(phones: Sequence[str]) -> list[str]:
    numbers: list[str] = []
    for raw in phones:
        try:
            number, _ = normalize_phone(raw)
        except ValidationError:
            continue
        if number not in numbers:
            numbers.append(number)
    return numbers


def _also_matches(row_address: str, row_year: int | None, address: str, birth_year: int | None) -> str:
    """The second fact a name match needs (same address, else same birth year), as reason text."""
    if address and normalize_address(row_address) == address:
        return "住址相同"
    if birth_year is not None and row_year == birth_year:
        return f"出生年份 {birth_year} 相同"
    return ""


def find_candidates(
    actor: Actor,
    now,
    *,
    name: str = "",
    phones: Sequence[str] = (),
    address: str = "",
    birth_year: int | None = None,
    exclude_id: int | None = None,
    limit: int = 10,
) -> list[DuplicateCandidate]:
    """See `CustomerService.duplicate_candidates`."""
    found: dict[int, tuple[int, str]] = {}  # customer id -> (level rank, reason)

    def add(cid: int, level: str, reason: str) -> None:
        rank = LEVELS.index(level)
        if cid != exclude_id and (cid not in found or found[cid][0] > rank):
            found[cid] = (rank, reason)

    numbers = _valid_numbers(phones)
    matched_phone: dict[int, str] = {}
    if numbers:
        for cid, number in Phone.select(Phone.customer, Phone.number).where(Phone.number.in_(numbers)).tuples():
            matched_phone.setdefault(cid, number)
            add(cid, "duplicate", f"电话 {mask_phone(number)} 相同")

    norm = normalize_name(name)
    addr = normalize_address(address)
    if norm and (addr or birth_year is not None):
        same = Customer.select(Customer.id, Customer.address, Customer.birth_year).where(Customer.name == norm)
        for cid, row_addr, row_year in same.limit(NAME_SCAN_CAP).tuples():
            why = _also_matches(row_addr, row_year, addr, birth_year)
            if why:
                add(cid, "possible", f"姓名相同,{why}")
        sound = toneless(norm)
        if sound:
            alike = Customer.select(Customer.id, Customer.name, Customer.address, Customer.birth_year).where(
                (Customer.name_pinyin == sound) & (Customer.name != norm)
            )
            for cid, _row_name, row_addr, row_year in alike.limit(NAME_SCAN_CAP).tuples():
                why = _also_matches(row_addr, row_year, addr, birth_year)
                if why:
                    add(cid, "sound_alike", f"姓名读音相同({sound}),{why}")

    if not found:
        return []
    ordered = sorted(found, key=lambda cid: (found[cid][0], -cid))[: max(limit, 0)]
    return _describe(actor, now, ordered, found, matched_phone)


def _describe(
    actor: Actor, now, ids: list[int], found: dict[int, tuple[int, str]], matched_phone: dict[int, str]
) -> list[DuplicateCandidate]:
    """Turn matched ids into candidates with owner and claim state, masked as SPEC §2 demands."""
    rows = {
        r[0]: r
        for r in Customer.select(
            Customer.id,
            Customer.name,
            Customer.abc_class,
            Customer.archived,
            Ownership.owner_kind,
            Ownership.owner,
            Ownership.owner_department,
            Ownership.claim_state,
            Staff.name,
            Department.name,
        )
        .join(Ownership, on=(Ownership.customer == Customer.id), join_type=JOIN.LEFT_OUTER)
        .join(Staff, on=(Staff.id == Ownership.owner), join_type=JOIN.LEFT_OUTER)
        .switch(Ownership)
        .join(Department, on=(Department.id == Ownership.owner_department), join_type=JOIN.LEFT_OUTER)
        .where(ids_in(Customer.id, ids))
        .tuples()
    }
    first_phone: dict[int, str] = {}
    for cid, number in (
        Phone.select(Phone.customer, Phone.number)
        .where(ids_in(Phone.customer, ids))
        .order_by(Phone.customer, Phone.position)
        .tuples()
    ):
        first_phone.setdefault(cid, number)
    opened = approved_lookups(actor, ids, now)
    out = []
    for cid in ids:
        _, name, abc, archived, kind, owner, dept, state, owner_name, dept_name = rows[cid]
        full = cid in opened or sees_in_full(actor, owner, dept, abc or "")
        rank, reason = found[cid]
        phone = matched_phone.get(cid) or first_phone.get(cid, "")
        label = "已归档" if archived else claim_label(kind, state)
        out.append(
            DuplicateCandidate(
                customer_id=cid,
                level=LEVELS[rank],
                reason=reason,
                name=shown_name(name, full),
                phone_masked=mask_phone(phone) if phone else "",
                owner_name="公司资源池" if kind == "pool" else (owner_name or ""),
                owner_department=dept_name or "",
                claim_state=label,
            )
        )
    return out


__all__ = ["DuplicateCandidate", "LEVELS", "LEVEL_LABELS", "find_candidates", "normalize_address", "normalize_name"]
