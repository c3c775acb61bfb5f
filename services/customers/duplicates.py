"""The live duplicate check (查重, SPEC §3): candidates for a card being typed or imported.

Three levels, strongest first:

* ``duplicate``   — a normalised phone is already on another card;
* ``possible``    — same normalised name and a similar address or the same birth year; or a
  sound-alike name (same tone-less pinyin: 张丽 / 章莉, handwriting copied by ear) and a similar
  address: the same home written twice is rarely a coincidence;
* ``sound_alike`` — a sound-alike name and the same birth year (shown, does not stop a save).

Addresses are compared after `services.customers.addresses.normalize_address` (full-width, spaces,
单元/单, 号楼/栋/幢, 室, district prefix) and by similarity (``11栋2单1603`` is ``11栋2单元1603室``;
1604 is the neighbour): docs/duplicates.md has its precision and recall.

Only indexed lookups are used (Phone.number, Customer.name, Customer.name_pinyin), in two hand-written
statements cached per shape (match, then describe), so the check stays in the millisecond range at a
million cards. Phones that do not normalise yet (the clerk is still typing) are skipped here; the
save path reports them as field errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models import LookupApproval
from models.bulk import fetch_all, marks, sql_for
from services.customers.addresses import normalize_address, similar_addresses
from services.customers.names import normalize_name, toneless
from services.customers.phones import mask_phone, normalize_phone
from services.customers.visibility import claim_label, sees_in_full, served_by, shown_name
from services.office.permissions import Actor
from services.platform.errors import ValidationError

LEVELS = ("duplicate", "possible", "sound_alike")
LEVEL_LABELS = {"duplicate": "重复", "possible": "疑似重复", "sound_alike": "读音相同"}
# Same-name rows examined per check; a name shared by more cards than this is matched on the
# first ones only (the phone check still catches true duplicates).
NAME_SCAN_CAP = 2000


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


def _valid_numbers(phones: Sequence[str]) -> list[str]:
    numbers: list[str] = []
    for raw in phones:
        if isinstance(raw, str) and len(raw) == 11 and raw[0] == "1" and raw.isascii() and raw.isdigit():
            number = raw  # already normal (what normalize_phone returns for it), the usual case
        else:
            try:
                number, _ = normalize_phone(raw)
            except ValidationError:
                continue
        if number not in numbers:
            numbers.append(number)
    return numbers


def _also_matches(row_address: str, row_year: int | None, address: str, birth_year: int | None) -> tuple[str, bool]:
    """The second fact a name match needs, as reason text, and whether it was the address (a similar
    address, else the same birth year)."""
    if address and row_address:
        other = normalize_address(row_address)
        if other == address:
            return "住址相同", True
        if similar_addresses(address, other):
            return "住址几乎相同", True
    if birth_year is not None and row_year == birth_year:
        return f"出生年份 {birth_year} 相同", False
    return "", False


# Hand-written reads cached per shape (models.bulk.sql_for): through peewee each check cost ~1.7 ms
# of query building for ~20 µs of SQLite work. A card's first phone is the lowest position, then the
# lowest id (walks the customer_id index, no sort); shared with the front desk and the card list.
FIRST_PHONE_SQL = (
    "(SELECT p.number FROM phone p WHERE p.customer_id = c.id AND p.position ="
    " (SELECT min(q.position) FROM phone q WHERE q.customer_id = c.id) ORDER BY p.id LIMIT 1)"
)
# Whether the acting user holds a current approved lookup of card c (parameters: user id, now).
APPROVED_LOOKUP_SQL = (
    f"EXISTS (SELECT 1 FROM {LookupApproval._meta.table_name} la WHERE la.customer_id = c.id"
    " AND la.requested_by_id = ? AND la.state = 'approved'"
    " AND (la.valid_until IS NULL OR la.valid_until >= ?))"
)
# Card c's ownership snapshot (o), its owner (s) and the snapshot's department (d).
OWNER_JOINS_SQL = (
    " LEFT JOIN ownership o ON o.customer_id = c.id"
    " LEFT JOIN staff s ON s.id = o.owner_id"
    " LEFT JOIN department d ON d.id = o.owner_department_id"
)


def _match_sql(numbers: int, by_name: bool, by_sound: bool):
    """One statement for every level asked: (level rank, id, matched phone, address, birth year) rows;
    the name levels read at most NAME_SCAN_CAP cards each, through the name / pinyin index."""

    def build(pg: bool) -> str:
        parts = []
        if numbers:
            parts.append(
                f"SELECT 0, p.customer_id, p.number, NULL, NULL FROM phone p WHERE p.number IN ({marks(numbers)})"
            )
        if by_name:
            parts.append(
                "SELECT * FROM (SELECT 1, c.id, NULL, c.address, c.birth_year FROM customer c"
                f" WHERE c.name = ? LIMIT {NAME_SCAN_CAP}) AS same_name"
            )
        if by_sound:
            parts.append(
                "SELECT * FROM (SELECT 2, c.id, NULL, c.address, c.birth_year FROM customer c"
                f" WHERE c.name_pinyin = ? AND c.name <> ? LIMIT {NAME_SCAN_CAP}) AS same_sound"
            )
        return " UNION ALL ".join(parts)

    return build


def _describe_sql(n: int):
    """The candidates' cards with snapshot, owner, department, first phone, and whether an approved,
    still valid lookup opened the card to the acting user (parameters: user id, now, the ids)."""

    def build(pg: bool) -> str:
        return (
            "SELECT c.id, c.name, c.abc_class, c.archived, o.owner_kind, o.owner_id, o.owner_department_id,"
            f" o.claim_state, s.name, d.name, {FIRST_PHONE_SQL}, {APPROVED_LOOKUP_SQL}"
            f" FROM customer c{OWNER_JOINS_SQL} WHERE c.id IN ({marks(n)})"
        )

    return build


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
    numbers = _valid_numbers(phones)
    norm = normalize_name(name)
    addr = normalize_address(address)
    by_name = bool(norm) and (bool(addr) or birth_year is not None)
    sound = toneless(norm) if by_name else ""
    if not numbers and not by_name:
        return []
    params: list = list(numbers)
    if by_name:
        params.append(norm)
    if sound:
        params += [sound, norm]
    shape = ("duplicates.match", len(numbers), by_name, bool(sound))
    matched_phone: dict[int, str] = {}
    for rank, cid, number, row_addr, row_year in fetch_all(sql_for(shape, _match_sql(*shape[1:])), params):
        if cid == exclude_id or (cid in found and found[cid][0] <= rank):
            continue
        if rank == 0:
            matched_phone.setdefault(cid, number)
            found[cid] = (0, f"电话 {mask_phone(number)} 相同")
            continue
        why, by_address = _also_matches(row_addr, row_year, addr, birth_year)
        if not why:
            continue
        reason = f"姓名相同,{why}" if rank == 1 else f"姓名读音相同({sound}),{why}"
        if rank == 2 and by_address:
            rank = 1  # a sound-alike name at (nearly) the same home: a possible duplicate
            if cid in found and found[cid][0] <= rank:
                continue
        found[cid] = (rank, reason)

    if not found:
        return []
    ordered = sorted(found, key=lambda cid: (found[cid][0], -cid))[: max(limit, 0)]
    return _describe(actor, now, ordered, found, matched_phone)


def _describe(
    actor: Actor, now, ids: list[int], found: dict[int, tuple[int, str]], matched_phone: dict[int, str]
) -> list[DuplicateCandidate]:
    """Turn matched ids into candidates with owner and claim state, masked as SPEC §2 demands."""
    if not ids:
        return []
    sql = sql_for(("duplicates.describe", len(ids)), _describe_sql(len(ids)))
    params = [actor.user_id, LookupApproval.valid_until.db_value(now), *ids]
    rows = {r[0]: r for r in fetch_all(sql, params)}
    served = served_by(actor, ids)  # an expert sees the customers they serve (SPEC §7)
    out = []
    for cid in ids:
        _, name, abc, archived, kind, owner, dept, state, owner_name, dept_name, first, opened = rows[cid]
        full = bool(opened) or sees_in_full(actor, owner, dept, abc or "") or cid in served  # A-class too
        rank, reason = found[cid]
        phone = matched_phone.get(cid) or first or ""
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


__all__ = [
    "DuplicateCandidate",
    "FIRST_PHONE_SQL",
    "LEVELS",
    "LEVEL_LABELS",
    "find_candidates",
    "normalize_address",
    "normalize_name",
]
