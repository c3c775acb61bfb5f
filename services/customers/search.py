"""The card list (顾客档案): filtered, sorted, keyset-paged search over up to a million cards.

Paging is keyset (sort key + id), never OFFSET: each page starts where the previous one ended,
so page 5,000 costs what page 1 costs. Lookups use indexes — phone (Phone.number), last four
digits (Phone.last4), name prefix (Customer.name), pinyin initials (Customer.name_initials),
owner / department / next deadline (Ownership). The address substring search is the exception:
``LIKE '%…%'`` cannot use an index, so it scans (acceptable combined with other filters; alone
it takes a fraction of a second per page at a million cards).

Rows come back masked per SPEC §2 (see services.customers.visibility): everyone may find a card, but only
those allowed see its full name, phones and address.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from models import Customer, CustomerTag, LookupApproval, Ownership, Phone
from models.bulk import datetime_value, fetch_all, marks, padded, sql_for
from services.customers.duplicates import APPROVED_LOOKUP_SQL, OWNER_JOINS_SQL, normalize_name
from services.customers.phones import normalize_phone
from services.customers.taxonomy import (
    ABC_CLASSES,
    AGE_BANDS,
    INCOME_BANDS,
    SEX_LABELS,
    age_band_years,
    occupation_label,
)
from services.customers.visibility import (
    claim_label,
    ids_in,
    sees_in_full,
    served_by,
    shown_address,
    shown_name,
    shown_phone,
)
from services.office.permissions import Actor
from services.platform.errors import ValidationError
from services.rules.model import CHANNEL_NAMES

SORTS = ("name", "created", "owner", "deadline")
CLAIM_FILTERS = ("pending", "active", "lapsed", "pool", "none")
# A phone prefix or last-four search fetches at most this many matching cards.
PHONE_MATCH_CAP = 5000
MAX_PAGE = 1000  # rows per page at most, whatever the caller asks
_FULLWIDTH = {
    ord(c): ord(c) - 0xFEE0
    for c in "０１２３４５６７８９＋（）－ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
}
_PHONE_CHARS = re.compile(r"[\d\s\-+()（）]+")
_LIKE_SPECIAL = re.compile(r"[%_\\]")
_RULE = re.compile(r"R\d{1,2}")


#: The customers about to lapse (部门概况's 归属 lines, the list's 将失效 filter): their next deadline under
#: one of these rules falls within LAPSE_DAYS.
LAPSE_RULES = {
    "R2": "未预热将失效(R2)",
    "R6": "预热后未跟进将失效(R6)",
    "R7": "会后未登门将失效(R7)",
    "R8": "三个月服务不到位将失效(R8)",
}
LAPSE_DAYS = 3


def lapsing_filter(now: dt.datetime, rule: str = "") -> dict:
    """The CustomerQuery fields of the customers an 归属 line counts: their next deadline within
    LAPSE_DAYS of ``now``, under ``rule`` (R2, R6–R8) or, without one, any of them."""
    if rule and rule not in LAPSE_RULES:
        raise ValidationError("rule", f"未知的失效规则“{rule}”。")
    return {
        "deadline_from": now,
        "deadline_to": now + dt.timedelta(days=LAPSE_DAYS),
        "deadline_rules": (rule,) if rule else tuple(LAPSE_RULES),
    }


@dataclass(frozen=True)
class CustomerQuery:
    """What the list shows. Empty fields do not filter."""

    text: str = ""  # the one search box: digits → phone / last four, letters → initials, Chinese → name
    name: str = ""  # name prefix
    phone: str = ""  # full phone, or a prefix of at least 3 digits
    last4: str = ""
    address: str = ""  # substring (scans)
    initials: str = ""  # pinyin initials prefix, e.g. "zl"
    department_id: int | None = None  # the owner's department
    owner_id: int | None = None
    channel: str = ""
    occupation: str = ""  # a taxonomy code; a group includes its sub-codes
    age_band: str = ""
    income_band: str = ""
    abc_class: str = ""
    claim_state: str = ""  # pending | active | lapsed | pool | none
    tag: str = ""
    created_from: dt.date | None = None
    created_to: dt.date | None = None  # inclusive
    archived: bool | None = False  # None = archived and current
    # The next ownership deadline (Ownership.next_deadline): after ``deadline_from``, by ``deadline_to``
    # (inclusive), of one of ``deadline_rules`` (R2, R6 …) — the customers about to lapse (部门概况).
    deadline_from: dt.datetime | None = None
    deadline_to: dt.datetime | None = None
    deadline_rules: tuple[str, ...] = ()
    sort: str = "created"  # name | created | owner | deadline
    descending: bool = True


@dataclass(frozen=True)
class CustomerRow:
    """One line of the card list, already masked for the actor."""

    id: int
    name: str
    full: bool  # False: the actor sees the masked card
    phone: str
    phone_count: int
    sex: str  # Chinese label
    birth_year: int | None
    address: str
    occupation: str  # Chinese label
    income_band: str
    abc_class: str
    channel: str
    owner_name: str
    owner_department: str
    claim_state: str
    next_deadline: dt.datetime | None
    created_at: dt.datetime
    tags: tuple[str, ...]
    archived: bool


@dataclass(frozen=True)
class Page:
    rows: tuple[CustomerRow, ...]
    after: tuple[Any, ...] | None = None  # pass to the next search(); None = this was the last page
    notes: tuple[str, ...] = field(default=())  # e.g. "电话号码不完整" when the search box was read loosely


def interpret_text(text: str) -> dict[str, str]:
    """What the single search box means: ``{"phone"|"last4"|"initials"|"name": value}``."""
    t = (text or "").translate(_FULLWIDTH).strip()
    if not t:
        return {}
    if _PHONE_CHARS.fullmatch(t):
        digits = re.sub(r"\D", "", t)
        if len(digits) == 4:
            return {"last4": digits}
        return {"phone": t}
    if t.isascii() and t.replace(" ", "").isalpha():
        return {"initials": t.replace(" ", "").lower()}
    return {"name": t}


def _like(column: Any, pattern: str) -> Any:
    """``column LIKE ?`` as SQL LIKE on every backend (peewee renders its LIKE as GLOB on SQLite)."""
    return pw.NodeList((column, pw.SQL("LIKE"), pattern))


def _sqlite() -> bool:
    return isinstance(Customer._meta.database.obj, pw.SqliteDatabase)


def _unindexed(column: Any) -> Any:
    """The column with SQLite's index use switched off (unary plus), so a filter checked on each card
    does not lure the planner away from the index the plan walks. PostgreSQL plans from its statistics."""
    if _sqlite():
        return pw.NodeList((pw.SQL("+"), column), glue="")
    return column


def _unordered(column: Any) -> Any:
    """The sort column of a FILTER plan, so that no index can hand the rows over in its order: the
    matches are found through the filters' indexes and sorted. SQLite: unary plus. PostgreSQL: a no-op
    of the column's type (its planner, misjudging how many match, otherwise walks the order's index and
    checks the filter card by card: at a million cards "pinyin initials wl, by name" read ~40,000 cards
    in name order, 620 ms, where sorting the 9,382 matches takes 20)."""
    if _sqlite():
        return pw.NodeList((pw.SQL("+"), column), glue="")
    if isinstance(column, pw.CharField | pw.TextField):
        return pw.NodeList((column, pw.SQL("|| ''")))
    if isinstance(column, pw.DateTimeField | pw.DateField):
        return pw.NodeList((column, pw.SQL("+ interval '0 seconds'")))
    return pw.NodeList((column, pw.SQL("+ 0")))


def _like_prefix(value: str) -> str:
    # The pattern itself is the bound parameter: SQLite uses the index only then (PLATFORM.md).
    return _LIKE_SPECIAL.sub("", value) + "%"


def _phone_ids(query: CustomerQuery, notes: list[str]) -> list[int] | None:
    """Customer ids matching the phone / last-four parts of the query (None: not asked)."""
    phone = query.phone.strip()
    last4 = re.sub(r"\D", "", query.last4.translate(_FULLWIDTH))
    if not phone and not last4:
        return None
    cond = None
    if phone:
        try:
            number, _ = normalize_phone(phone)
            cond = Phone.number == number
        except ValidationError:
            digits = re.sub(r"\D", "", phone.translate(_FULLWIDTH))
            if digits.startswith("86") and phone.lstrip().startswith("+"):
                digits = digits[2:]
            if len(digits) < 3:
                notes.append("电话号码至少输入 3 位数字才能按号码开头查找。")
                return []
            cond = _like(Phone.number, _like_prefix(digits))
    if last4:
        if len(last4) != 4:
            notes.append("尾号须为 4 位数字。")
            return []
        cond = (Phone.last4 == last4) if cond is None else (cond & (Phone.last4 == last4))
    q = Phone.select(Phone.customer).where(cond).distinct().limit(PHONE_MATCH_CAP)
    ids = [cid for (cid,) in q.tuples()]
    if len(ids) >= PHONE_MATCH_CAP:
        notes.append(f"号码匹配的档案超过 {PHONE_MATCH_CAP} 张,只列出其中一部分,请输入更多数字。")
    return ids


def _clean(query: CustomerQuery) -> CustomerQuery:
    """Drop control characters (NUL and the like) from typed text: no card holds them, and PostgreSQL
    refuses a NUL byte in a text parameter outright."""
    changes = {}
    for f in dataclasses.fields(query):
        value = getattr(query, f.name)
        if isinstance(value, str) and any(unicodedata.category(ch) == "Cc" for ch in value):
            changes[f.name] = "".join(ch for ch in value if unicodedata.category(ch) != "Cc")
    return dataclasses.replace(query, **changes) if changes else query


def _resolved(query: CustomerQuery) -> CustomerQuery:
    """The query with control characters dropped and the search box read into its field."""
    q = _clean(query)
    if q.text:
        parts = interpret_text(q.text)
        q = CustomerQuery(**{**q.__dict__, "text": "", **{k: v for k, v in parts.items() if not getattr(q, k)}})
    return q


# -- plans --------------------------------------------------------------------------------------
#
# A page is found one of two ways. WALK: along the sort's index, each filter checked on the cards
# passed (SQLite's unary plus keeps the filters' indexes out of it), stopping at the page's end — the
# cost grows with 200 ÷ the share of cards that match, so it suits filters that match many. FILTER:
# from the filters' indexes, the matches sorted — the cost grows with the matches, so it suits filters
# that match few. A probe decides: the matches counted through the filters' indexes, up to PROBE_CAP.
# Beyond that a walk reads at most 200 × cards ÷ PROBE_CAP cards (40,000 at a million).
# COUNT: every index usable, no order.
WALK, FILTER, COUNT = "walk", "filter", "count"
PROBE_CAP = 5000
PROBE_CAP_INITIALS = 30_000
# The count's estimate reads this many cards, every n-th card id of the archive.
SAMPLE_SIZE = 10_000
# Filters whose index a walk keeps when the sort is on the snapshot (their index holds that order).
_OWNER_SORT_KEEPS = {
    "created": ("department", "owner"),
    "deadline": ("department", "owner", "deadline"),
    "owner": ("owner",),
}
_ADDRESS_FTS = "customer_address_fts"
_TRIGRAM = 3  # a trigram index finds substrings of three characters or more


def _conditions(
    query: CustomerQuery, today: dt.date, notes: list[str], mode: str = FILTER, keep: tuple[str, ...] = ()
) -> list[Any] | None:
    """WHERE terms for ``query`` shaped for ``mode`` (None: nothing can match). In a WALK every filter
    column is unindexed but those named in ``keep``; in a FILTER plan only ``archived`` (it matches
    nearly every card) and, when the query has a text filter (phone, name, initials, address, tag —
    the ones that narrow most), every other column, so the planner starts from the text's index
    (without statistics SQLite would prefer any equality, e.g. a department of a third of the cards);
    in a COUNT nothing."""
    q = _resolved(query)
    texty = _texty(q)
    # customer first (SQLite): the owner's department or owner is then checked in its covering index
    owner_index = ("department", "owner") if _join(query, mode) == _CUSTOMER_FIRST else ()

    def col(column: Any, name: str = "") -> Any:
        if mode == WALK:
            off = name not in keep
        elif mode == FILTER:
            off = name == "archived" or (texty and name not in ("name", "initials", *owner_index))
        else:
            off = False
        return _unindexed(column) if off else column

    conds: list[Any] = []
    ids = _phone_ids(q, notes)
    if ids is not None:
        if not ids:
            return None
        conds.append(ids_in(Customer.id, ids))
    if q.name.strip():
        conds.append(_like(col(Customer.name, "name"), _like_prefix(normalize_name(q.name))))
    if q.initials.strip():
        conds.append(_like(col(Customer.name_initials, "initials"), _like_prefix(q.initials.strip().lower())))
    if q.address.strip():
        conds.append(_address_condition(_LIKE_SPECIAL.sub("", q.address.strip()), mode == WALK))
    if q.archived is not None:
        conds.append(col(Customer.archived, "archived") == q.archived)
    if q.department_id is not None:
        conds.append(col(Ownership.owner_department, "department") == q.department_id)
    if q.owner_id is not None:
        conds.append(col(Ownership.owner, "owner") == q.owner_id)
    if q.channel:
        conds.append(col(Customer.source_channel) == q.channel)
    if q.occupation:
        # the group and its sub-codes ("teacher", "teacher.middle"): one index range
        occupation = col(Customer.occupation)
        conds.append((occupation == q.occupation) | _like(occupation, _like_prefix(q.occupation + ".")))
    if q.age_band:
        if q.age_band not in AGE_BANDS:
            raise ValidationError("age_band", f"未知的年龄段“{q.age_band}”。")
        earliest, latest = age_band_years(q.age_band, today.year)
        conds.append(col(Customer.birth_year) <= latest)
        if earliest is not None:
            conds.append(col(Customer.birth_year) >= earliest)
    if q.income_band:
        if q.income_band not in INCOME_BANDS:
            raise ValidationError("income_band", f"未知的收入段“{q.income_band}”。")
        conds.append(col(Customer.income_band) == q.income_band)
    if q.abc_class:
        if q.abc_class not in ABC_CLASSES:
            raise ValidationError("abc_class", f"未知的顾客分类“{q.abc_class}”。")
        conds.append(col(Customer.abc_class) == q.abc_class)
    if q.claim_state:
        conds.append(_claim_condition(q.claim_state, col))
    if q.deadline_from is not None:
        conds.append(col(Ownership.next_deadline, "deadline") > q.deadline_from)
    if q.deadline_to is not None:
        conds.append(col(Ownership.next_deadline, "deadline") <= q.deadline_to)
    if q.deadline_rules:
        if not all(isinstance(r, str) and _RULE.fullmatch(r) for r in q.deadline_rules):
            raise ValidationError("deadline_rules", f"未知的规则“{'、'.join(map(str, q.deadline_rules))}”。")
        conds.append(col(Ownership.next_rule).in_(list(q.deadline_rules)))
    if q.tag.strip():
        if mode == WALK:  # checked on each card through the (customer, tag) key
            tagged = CustomerTag.select(pw.SQL("1")).where(
                CustomerTag.customer == Customer.id, CustomerTag.tag == q.tag.strip()
            )
            conds.append(pw.fn.EXISTS(tagged))
        else:
            tagged = CustomerTag.select(CustomerTag.customer).where(CustomerTag.tag == q.tag.strip())
            conds.append(Customer.id.in_(tagged))
    if q.created_from:
        conds.append(col(Customer.created_at) >= dt.datetime.combine(q.created_from, dt.time()))
    if q.created_to:
        conds.append(col(Customer.created_at) < dt.datetime.combine(q.created_to + dt.timedelta(days=1), dt.time()))
    return conds


def _texty(q: CustomerQuery) -> bool:
    """Whether the (resolved) query has a text filter — phone, name, initials, address of a trigram or
    more, tag: the ones that narrow most, whose index a FILTER plan starts from."""
    return (
        bool(q.phone or q.last4 or q.name.strip() or q.initials.strip() or q.tag.strip())
        or len(q.address.strip()) >= _TRIGRAM
    )


# How a query joins the snapshot: LEFT (False), INNER (True), or on SQLite, for a FILTER plan that starts
# from a text filter's index and also filters on the snapshot, CROSS: SQLite then keeps customer as the
# outer loop, so the owner's department or owner can be checked in its covering ownership index (one
# index step per card) instead of its unary plus making each card read its whole snapshot row. At a
# million cards 王 + a department checks ~15,000 cards in the probe: 64 -> 38 ms (bare sqlite3).
_CUSTOMER_FIRST = "cross"


def _join(query: CustomerQuery, mode: str) -> bool | str:
    if mode == FILTER and _sqlite() and _texty(_resolved(query)) and _has_owner_terms(query):
        return _CUSTOMER_FIRST
    return _needs_snapshot(query)


def _address_condition(text: str, walk: bool) -> Any:
    """Address contains ``text``: on SQLite through the trigram FTS5 table (three characters or more,
    unless the plan walks and checks each card), on PostgreSQL a LIKE its pg_trgm index serves."""
    pattern = "%" + text + "%"
    if _sqlite():
        if walk or len(text) < _TRIGRAM:
            return _like(_unindexed(Customer.address), pattern)
        found = pw.SQL(f"(SELECT rowid FROM {_ADDRESS_FTS} WHERE address LIKE ?)", [pattern])
        return pw.NodeList((Customer.id, pw.SQL("IN"), found))
    return _like(Customer.address, pattern)


def _claim_condition(state: str, col=lambda c, name="": c) -> Any:
    if state not in CLAIM_FILTERS:
        raise ValidationError("claim_state", f"未知的归属状态“{state}”。")
    if state == "pool":
        return col(Ownership.owner_kind) == "pool"
    if state == "none":
        # every card has its snapshot row from creation (models.timeline.unregistered_snapshot):
        # an unregistered card is the ownership_kind_customer range, not a missing row
        return col(Ownership.owner_kind) == "none"
    return (col(Ownership.claim_state) == state) & (col(Ownership.owner_kind) == "staff")


def _filtered(query: CustomerQuery) -> bool:
    """Whether ``query`` filters by more than ``archived``."""
    return dataclasses.replace(query, archived=False, sort="created", descending=True) != _PLAIN


def _has_owner_terms(query: CustomerQuery) -> bool:
    return (
        query.department_id is not None
        or query.owner_id is not None
        or bool(query.claim_state)
        or query.deadline_from is not None
        or query.deadline_to is not None
        or bool(query.deadline_rules)
    )


def _needs_snapshot(query: CustomerQuery) -> bool:
    """Whether the query filters on the snapshot (the join is then inner, and the planner free to
    start from an ownership index; every card has its snapshot row)."""
    return _has_owner_terms(query)


@dataclass(frozen=True)
class _SortSpec:
    key: Any  # the sort column
    tie: Any | None  # the id column that breaks ties (None: the key is an id itself)
    nullable: bool  # blanks come after every value, in a second phase ordered by id
    inner: bool  # phase 0 joins Ownership inner, so SQLite can walk the Ownership index


def _sort_spec(sort: str, by_owner: bool = False) -> _SortSpec:
    """How each sort pages. "created" is entry order — the card id, which grows with every card
    entered — so it walks the primary key instead of sorting a million created_at values. With a
    department or owner filter it walks that Ownership index instead, whose entries are already in
    card-id order (the Ownership key is the card id): no sort of half a million cards."""
    if sort == "name":
        return _SortSpec(Customer.name, Customer.id, False, False)
    if sort == "created":
        if by_owner:
            return _SortSpec(Ownership.customer, None, False, True)
        return _SortSpec(Customer.id, None, False, False)
    if sort == "owner":
        return _SortSpec(Ownership.owner, Ownership.customer, True, True)
    if sort == "deadline":
        return _SortSpec(Ownership.next_deadline, Ownership.customer, True, True)
    raise ValidationError("sort", f"未知的排序方式“{sort}”。")


def _base(conds: list[Any], *columns: Any, inner: bool | str = False) -> pw.ModelSelect:
    if inner == _CUSTOMER_FIRST:  # (peewee writes a cross join without ON: the join's term is a WHERE)
        q = Customer.select(*columns).join(Ownership, pw.JOIN.CROSS).where(Ownership.customer == Customer.id)
    else:
        join = pw.JOIN.INNER if inner else pw.JOIN.LEFT_OUTER
        q = Customer.select(*columns).join(Ownership, join, on=(Ownership.customer == Customer.id))
    for c in conds:
        q = q.where(c)
    return q


def _phase_query(
    conds: list[Any],
    spec: _SortSpec,
    phase: int,
    descending: bool,
    cursor: Any,
    mode: str = WALK,
    inner: bool | str = False,
) -> pw.ModelSelect:
    """One phase of a page. In a FILTER plan the order's columns are unindexed: the matches are sorted."""
    fix = _unordered if mode == FILTER else (lambda c: c)
    key, tie = spec.key, spec.tie
    if phase == 1:  # the cards without a value, by id
        q = _base(conds, Customer.id, key, inner=inner).where(_unindexed(key).is_null())
        if cursor:
            q = q.where(fix(Customer.id) < cursor[2] if descending else fix(Customer.id) > cursor[2])
        return q.order_by(fix(Customer.id).desc() if descending else fix(Customer.id).asc())
    q = _base(conds, Customer.id, key, inner=inner if inner == _CUSTOMER_FIRST else (spec.inner or inner))
    if spec.nullable:
        q = q.where(fix(key).is_null(False))
    if cursor:
        value = pw.Value(cursor[1], converter=key.db_value)
        if tie is None:
            q = q.where(fix(key) < value if descending else fix(key) > value)
        else:
            left, right = pw.Tuple(fix(key), fix(tie)), pw.Tuple(value, cursor[2])
            q = q.where(left < right if descending else left > right)
    cols = (key,) if tie is None else (key, tie)
    return q.order_by(*(fix(c).desc() if descending else fix(c).asc() for c in cols))


def _count_query(conds: list[Any], query: CustomerQuery, *columns: Any, mode: str = FILTER) -> pw.ModelSelect:
    """The matching cards, joined to their snapshot only when a term needs it (``mode``: the conditions')."""
    if _has_owner_terms(query):
        return _base(conds, *(columns or (Customer.id,)), inner=_join(query, mode))
    q = Customer.select(*(columns or (Customer.id,)))
    for c in conds:
        q = q.where(c)
    return q


def _probe_query(query: CustomerQuery, today: dt.date, cap: int | None = None) -> pw.ModelSelect | None:
    conds = _conditions(query, today, [], FILTER)
    if conds is None:
        return None
    return _count_query(conds, query, pw.SQL("1")).limit((cap or PROBE_CAP) + 1)


def _probe(query: CustomerQuery, today: dt.date, cap: int | None = None) -> int:
    """The matches of ``query`` counted through the filters' indexes, up to PROBE_CAP + 1. Never
    remembered: a count the list shows as exact must see the card typed in a second ago."""
    text = _LIKE_SPECIAL.sub("", _clean(query).address.strip())
    if _sqlite() and len(text) >= _TRIGRAM:
        # The address's matches come from the trigram index as an IN list, which SQLite builds whole
        # before any LIMIT: count them first, up to the cap (a stream), and call many "many".
        sql = f"SELECT count(*) FROM (SELECT rowid FROM {_ADDRESS_FTS} WHERE address LIKE ? LIMIT ?)"
        (n,) = Customer._meta.database.execute_sql(sql, ("%" + text + "%", (cap or PROBE_CAP) + 1)).fetchone()
        if n > (cap or PROBE_CAP):
            return n
    q = _probe_query(query, today, cap)
    return 0 if q is None else q.count()


# The plan chosen for a query's first page, for the pages after it (the choice only moves the cost).
_plan_memory: dict[tuple, str] = {}


def _plan(query: CustomerQuery, today: dt.date, first: bool) -> str:
    if not _filtered(query):
        return WALK
    q = _resolved(query)
    if q.phone or q.last4:
        return FILTER  # at most PHONE_MATCH_CAP ids
    key = (dataclasses.replace(query, descending=True), today)
    if not first and key in _plan_memory:
        return _plan_memory[key]
    cap = PROBE_CAP
    if query.sort != "created" and q.initials and not q.name:
        # a pinyin-initials filter matches names that lie together in name order (wl: 王丽, 王磊 …), so
        # a walk of the name index meets them late; sorting up to PROBE_CAP_INITIALS of them is cheaper.
        # The same by owner or deadline: a walk of that index looks up each card it passes (on the
        # office server at a million cards "wl, by deadline" read ~21,000 cards, 630 ms; the 9,382
        # matches sorted, 20–100 ms)
        cap = PROBE_CAP_INITIALS
    plan = FILTER if _probe(query, today, cap) <= cap else WALK
    if len(_plan_memory) > 256:
        _plan_memory.clear()
    _plan_memory[key] = plan
    return plan


def _page_conditions(query: CustomerQuery, today: dt.date, notes: list[str], plan: str) -> list[Any] | None:
    keep = _OWNER_SORT_KEEPS.get(query.sort, ()) if plan == WALK else ()
    if plan == WALK and query.sort == "name":
        keep = ("name",)  # a name prefix is a range of the very index the walk follows
    return _conditions(query, today, notes, plan, keep)


def page_ids(
    conds: list[Any],
    sort: str,
    descending: bool,
    after: tuple[Any, ...] | None,
    limit: int,
    by_owner: bool = False,
    mode: str = WALK,
    inner: bool | str = False,
) -> tuple[list[tuple[int, Any, int]], tuple[Any, ...] | None]:
    """Up to ``limit`` (phase, key, id) after the cursor, and the cursor of the next page.

    A nullable key (owner, deadline) is paged in two phases: cards with a value in key order,
    then the cards without one by id — blanks always last, and each phase keeps its index.
    """
    spec = _sort_spec(sort, by_owner)
    phases = (0, 1) if spec.nullable else (0,)
    start = after[0] if after else 0
    out: list[tuple[int, Any, int]] = []
    more = False
    for phase in phases[start:]:
        need = limit - len(out)
        cursor = after if (after and phase == start) else None
        q = _phase_query(conds, spec, phase, descending, cursor, mode, inner)
        got = [(phase, k, cid) for cid, k in q.limit(need + 1).tuples()]
        if len(got) > need:
            out.extend(got[:need])
            more = True
            break
        out.extend(got)
    return out, (out[-1] if more and out else None)


def _describe_sql(n: int):
    """The rows of ``n`` cards (the page's ids, padded): card, snapshot, owner, department, and whether an
    approved, still valid lookup opened the card to the acting user (parameters: user id, now, ids)."""

    def build(pg: bool) -> str:
        return (
            "SELECT c.id, c.name, c.sex, c.birth_year, c.address, c.occupation, c.income_band, c.abc_class,"
            " c.source_channel, c.created_at, c.archived, o.owner_kind, o.owner_id, o.owner_department_id,"
            f" o.claim_state, o.next_deadline, s.name, d.name, {APPROVED_LOOKUP_SQL}"
            f" FROM customer c{OWNER_JOINS_SQL} WHERE c.id IN ({marks(n)})"
        )

    return build


def _phones_sql(n: int):
    return lambda pg: f"SELECT customer_id, number FROM phone WHERE customer_id IN ({marks(n)}) ORDER BY position, id"


def _tags_sql(n: int):
    return lambda pg: f"SELECT customer_id, tag FROM {CustomerTag._meta.table_name} WHERE customer_id IN ({marks(n)})"


_DEADLINE, _CREATED = Ownership.next_deadline, Customer.created_at


def describe(actor: Actor, ids: list[int], now: dt.datetime) -> list[CustomerRow]:
    """The rows for ``ids`` in that order, masked for ``actor``.

    Three hand-written reads cached per shape (models.bulk.sql_for) with the id list padded to a power
    of two: through peewee's query objects and row conversion a page of 100 cost ~5 ms, ten times the
    SQL itself.
    """
    if not ids:
        return []
    keys = padded(ids)
    n = len(keys)
    sql = sql_for(("customer_search.describe", n), _describe_sql(n))
    by_id = {r[0]: r for r in fetch_all(sql, [actor.user_id, LookupApproval.valid_until.db_value(now), *keys])}
    phones: dict[int, list[str]] = {}
    for cid, number in fetch_all(sql_for(("customer_search.phones", n), _phones_sql(n)), keys):
        phones.setdefault(cid, []).append(number)
    tags: dict[int, list[str]] = {}
    for cid, tag in fetch_all(sql_for(("customer_search.tags", n), _tags_sql(n)), keys):
        tags.setdefault(cid, []).append(tag)
    served = served_by(actor, ids)  # an expert sees the customers they serve (SPEC §7)
    rows = []
    for cid in ids:
        r = by_id.get(cid)
        if r is None:
            continue
        (_, name, sex, year, address, occ, income, abc, channel, created, archived) = r[:11]
        kind, owner, dept, state, deadline, owner_name, dept_name, opened = r[11:]
        full = bool(opened) or sees_in_full(actor, owner, dept, abc or "") or cid in served  # A-class too
        nums = phones.get(cid, [])
        rows.append(
            CustomerRow(
                id=cid,
                name=shown_name(name, full),
                full=full,
                phone=shown_phone(nums[0], full) if nums else "",
                phone_count=len(nums),
                sex=SEX_LABELS.get(sex or "", sex or ""),
                birth_year=year,
                address=shown_address(address, full),
                occupation=occupation_label(occ),
                income_band=INCOME_BANDS.get(income or "", income or ""),
                abc_class=abc or "",
                channel=CHANNEL_NAMES.get(channel or "", channel or ""),
                owner_name="公司资源池" if kind == "pool" else (owner_name or ""),
                owner_department=dept_name or "",
                claim_state=claim_label(kind, state),
                next_deadline=datetime_value(_DEADLINE, deadline) if deadline is not None else None,
                created_at=datetime_value(_CREATED, created),
                tags=tuple(sorted(tags[cid])) if full and cid in tags else (),
                archived=bool(archived),
            )
        )
    return rows


def search(actor: Actor, query: CustomerQuery, now: dt.datetime, after=None, limit: int = 200) -> Page:
    notes: list[str] = []
    if query.sort not in SORTS:
        raise ValidationError("sort", f"未知的排序方式“{query.sort}”。")
    limit = min(max(1, limit), MAX_PAGE)
    after = tuple(after) if after else None
    if dataclasses.replace(query, archived=False, descending=True) == _PLAIN:
        keys, nxt = _plain_page_ids(query, after, limit)
    else:
        plan = _plan(query, now.date(), first=after is None)
        conds = _page_conditions(query, now.date(), notes, plan)
        if conds is None:
            return Page((), None, tuple(notes))
        keys, nxt = page_ids(
            conds, query.sort, query.descending, after, limit, _by_owner(query), plan, _join(query, plan)
        )
    return Page(tuple(describe(actor, [k[2] for k in keys], now)), nxt, tuple(notes))


# The list as it opens (and the export of every card): no filter but archived, in entry order.
_PLAIN = CustomerQuery()


def _plain_ids_sql(descending: bool, archived: bool | None, cursor: bool):
    """`page_ids` of the plain list in one cached statement: the primary key walked from the cursor,
    ``archived + 0`` on SQLite so the (archived, id) index does not replace that walk."""

    def build(pg: bool) -> str:
        terms = []
        if archived is not None:
            # archived cards are few: their (archived, id) index lists them in id order; the current
            # ones are nearly all, so their page walks the key with the index kept out (+ 0)
            terms.append("c.archived = ?" if pg or archived else "(c.archived + 0) = ?")
        if cursor:
            terms.append("c.id < ?" if descending else "c.id > ?")
        where = (" WHERE " + " AND ".join(terms)) if terms else ""
        return f"SELECT c.id FROM customer c{where} ORDER BY c.id {'DESC' if descending else 'ASC'} LIMIT ?"

    return build


def _plain_page_ids(
    query: CustomerQuery, after: tuple[Any, ...] | None, limit: int
) -> tuple[list[tuple[int, Any, int]], tuple[Any, ...] | None]:
    """What `page_ids` returns for the plain list (sort "created": the key is the card id)."""
    if after is not None and after[0] != 0:
        return [], None  # (no second phase in entry order)
    shape = ("customer_search.plain", query.descending, query.archived, after is not None)
    params: list[Any] = []
    if query.archived is not None:
        params.append(Customer.archived.db_value(query.archived))
    if after is not None:
        params.append(int(after[1]))
    got = [(0, cid, cid) for (cid,) in fetch_all(sql_for(shape, _plain_ids_sql(*shape[1:])), [*params, limit + 1])]
    if len(got) > limit:
        return got[:limit], got[limit - 1]
    return got, None


def _by_owner(query: CustomerQuery) -> bool:
    return query.department_id is not None or query.owner_id is not None


def count(actor: Actor, query: CustomerQuery, now: dt.datetime) -> int:
    """How many cards match (the same for every role: masking hides details, not cards). Exact; at a
    million cards it can take a second — the list shows `count_estimate` first."""
    if not _filtered(query):
        # archived alone: the (archived, id) index counted, no join
        q = Customer.select(Customer.id)
        if query.archived is not None:
            q = q.where(Customer.archived == query.archived)
        return q.count()
    conds = _conditions(query, now.date(), [], FILTER)
    if conds is None:
        return 0
    return _count_query(conds, query).count()


@dataclass(frozen=True)
class CountEstimate:
    n: int
    exact: bool  # False: ``n`` is estimated from a sample of the archive ("约 33 万")


def count_estimate(actor: Actor, query: CustomerQuery, now: dt.datetime) -> CountEstimate:
    """The count the list shows at once: exact when few cards match (the probe through the filters'
    indexes stops at PROBE_CAP) or the archive is small, otherwise estimated from SAMPLE_SIZE card
    ids evenly spread over the archive — a bounded read whatever the filters."""
    today = now.date()
    lo, hi = _id_range()
    if lo is None:
        return CountEstimate(0, True)
    span = hi - lo + 1
    if span <= SAMPLE_SIZE:
        return CountEstimate(count(actor, query, now), True)
    if not _filtered(query):
        # Card ids are given out one after another and cards are never deleted: the id span is the
        # number of cards (a rolled-back insert leaves a gap, hence "about"), the archived ones an index count.
        archived = Customer.select().where(Customer.archived == True).count()  # noqa: E712
        if query.archived is True:
            return CountEstimate(archived, True)
        return CountEstimate(span - (archived if query.archived is False else 0), False)
    found = _probe(query, today)
    if found <= PROBE_CAP:
        return CountEstimate(found, True)
    q = _sample_query(query, today, lo, span)
    if q is None:
        return CountEstimate(0, True)
    return CountEstimate(round(q.count() * span / min(SAMPLE_SIZE, span)), False)


def _id_range() -> tuple[int | None, int | None]:
    """The lowest and highest card id: two statements, each one step down the primary key (SQLite
    reads the whole table for ``SELECT min(id), max(id)``: its shortcut takes one aggregate only)."""
    lo = Customer.select(pw.fn.MIN(Customer.id)).scalar()
    hi = Customer.select(pw.fn.MAX(Customer.id)).scalar()
    return lo, hi


def _sample_step(span: int) -> int:
    """A step coprime with ``span`` near span × 0.618 (the golden ratio): ``k × step mod span`` for
    k = 0, 1, … visits the archive evenly but in no regular pattern, so a filter whose matches recur
    every n cards (an import's rows, a bench database's copied stories) is not sampled at one phase."""
    step = max(1, int(span * 0.6180339887))
    while math.gcd(step, span) != 1:
        step += 1
    return step


def _sample_query(query: CustomerQuery, today: dt.date, lo: int, span: int) -> pw.ModelSelect | None:
    """The matching cards among SAMPLE_SIZE distinct card ids spread over the archive (see
    `_sample_step`): each looked up by its key, every filter checked on it."""
    conds = _conditions(query, today, [], WALK)
    if conds is None:
        return None
    p = Customer._meta.database.param
    mod = "%%" if p == "%s" else "%"  # psycopg reads a lone % as a placeholder
    # k × step reaches SAMPLE_SIZE × 0.618 × span: past 2³¹ from ~350,000 cards, so 64-bit arithmetic
    # (PostgreSQL's INTEGER would stop the count with "integer out of range"; SQLite's is 64-bit anyway).
    ids = pw.SQL(
        f"(WITH RECURSIVE sample(k) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT k + 1 FROM sample"
        f" WHERE k + 1 < {p}) SELECT {p} + (k * {p}) {mod} {p} FROM sample)",
        [min(SAMPLE_SIZE, span), lo, _sample_step(span), span],
    )
    return _count_query([*conds, pw.NodeList((Customer.id, pw.SQL("IN"), ids))], query, mode=WALK)


def first_page_sql(query: CustomerQuery, now: dt.datetime, plan: str | None = None) -> list[tuple[str, tuple]]:
    """The SQL (with parameters) that a first page of ``query`` runs to find its ids — the probe that
    chooses the plan, the phone lookup, the page — for the EXPLAIN QUERY PLAN checks of the tests and
    the benchmark. ``plan`` forces WALK or FILTER (default: what `search` would choose here)."""
    if dataclasses.replace(query, archived=False, descending=True) == _PLAIN:
        build = _plain_ids_sql(query.descending, query.archived, False)
        sql = sql_for(("customer_search.plain", query.descending, query.archived, False), build)
        params = [] if query.archived is None else [Customer.archived.db_value(query.archived)]
        return [(sql, (*params, 201))]
    today = now.date()
    out = []
    chosen = plan or _plan(query, today, first=True)
    q = _resolved(query)
    if _filtered(query) and not (q.phone or q.last4) and plan is None:
        probe = _probe_query(query, today)
        if probe is not None:
            out.append(probe.sql())
    if q.phone or q.last4:
        number = q.phone
        try:
            number = normalize_phone(number)[0] if number else ""
        except ValidationError:
            pass
        cond = (Phone.number == number) if number else (Phone.last4 == q.last4)
        out.append(Phone.select(Phone.customer).where(cond).distinct().limit(PHONE_MATCH_CAP).sql())
    conds = _page_conditions(query, today, [], chosen) or []
    spec = _sort_spec(query.sort, _by_owner(query))
    page = _phase_query(conds, spec, 0, query.descending, None, chosen, _join(query, chosen))
    out.append(page.limit(201).sql())
    return [(sql, tuple(params)) for sql, params in out]


def count_sql(query: CustomerQuery, now: dt.datetime) -> list[tuple[str, tuple]]:
    """The statements behind the count the list shows: the probe and the sample of `count_estimate`
    (and the exact count the list refines it with), for the plan checks and the benchmark."""
    today = now.date()
    out = []
    if _filtered(query):
        probe = _probe_query(query, today)
        if probe is not None:
            out.append(probe.sql())
        lo, hi = _id_range()
        sample = _sample_query(query, today, lo or 1, max((hi or 0) - (lo or 1) + 1, SAMPLE_SIZE * 2))
        if sample is not None:
            out.append(sample.select(pw.fn.COUNT(pw.SQL("*"))).sql())
        conds = _conditions(query, today, [], FILTER)
        if conds is not None:
            out.append(_count_query(conds, query, pw.fn.COUNT(pw.SQL("*"))).sql())
    else:
        q = Customer.select(pw.fn.COUNT(pw.SQL("*")))
        if query.archived is not None:
            q = q.where(Customer.archived == query.archived)
        out.append(q.sql())
    return [(sql, tuple(params)) for sql, params in out]
