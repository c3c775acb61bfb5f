"""The card list's plans (issue 23): every shape of the filter bar, alone and in the pairs people use,
finds its first page and its count through indexes — EXPLAIN QUERY PLAN shows no full scan of customer
or ownership — and both ways of finding a page (walking the sort's index, or starting from the filters'
indexes) return the same cards in the same order. No timings here: the figures are bench/list_shapes.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import peewee
import pytest

from models import db
from models.db import SQLITE_MIN
from services.customers import search as customer_search
from services.customers.search import FILTER, WALK, CustomerQuery, count_sql, first_page_sql
from tests.conftest import T0

Q = CustomerQuery
SURNAMES = "王李张王刘陈王黄"
OCCUPATIONS = ("teacher", "teacher.middle", "medical.tcm", "boss", "", "teacher.primary")


def _shapes(office) -> list[CustomerQuery]:
    d1, s1 = office.d1, office.s1
    month = {"created_from": dt.date(2026, 3, 1), "created_to": dt.date(2026, 3, 31)}
    shapes = [
        Q(owner_id=s1),
        Q(department_id=d1),
        Q(claim_state="pending"),
        Q(claim_state="active"),
        Q(claim_state="pool"),
        Q(claim_state="none"),
        Q(channel="kepu"),
        Q(occupation="teacher"),
        Q(age_band="70s"),
        Q(income_band="3k_5k"),
        Q(abc_class="A"),
        Q(tag="养生"),
        Q(**month),
        Q(archived=True),
        Q(sort="name", descending=False),
        Q(sort="owner"),
        Q(sort="deadline", descending=False),
        Q(department_id=d1, claim_state="pending"),
        Q(department_id=d1, sort="deadline", descending=False),
        Q(department_id=d1, sort="name"),
        Q(text="王", department_id=d1),
        Q(channel="kepu", **month),
        Q(occupation="teacher", abc_class="A", age_band="70s"),
        Q(owner_id=s1, sort="deadline", descending=False),
        Q(owner_id=s1, sort="name", descending=False),
    ]
    # the text filters in every sort order
    for text in ({"text": "王"}, {"text": "wl"}, {"address": "新港区"}):
        for sort in ("created", "name", "owner", "deadline"):
            shapes.append(Q(sort=sort, descending=sort == "created", **text))
    return shapes


@pytest.fixture
def cards(app, office):
    """40 cards with every filtered column varied; a third registered in each department."""
    clerk = office.users["clerk"]
    ids = []
    for i in range(40):
        name = SURNAMES[i % 8] + "丽伟芳娜敏"[i % 5] + ("" if i % 3 else "英")
        c = app.customers.create(
            clerk,
            name,
            [f"139{i:08d}"],
            birth_year=1940 + i % 40,
            address=("江川市新港区" if i % 4 == 0 else "江川市老城区") + f"幸福路{i}号",
            source_channel="kepu" if i % 2 else "scatter",
        )
        changes = {
            "occupation": OCCUPATIONS[i % 6],
            "abc_class": "ABC"[i % 3],
            "income_band": ("3k_5k", "lt3k", "")[i % 3],
            "tags": ["养生"] if i % 5 == 0 else [],
        }
        app.customers.update(clerk, c.id, changes, expected_version=1)
        if i % 3 == 0:
            app.timeline.register(office.users["s1"], c.id, office.s1, "scatter")
        elif i % 3 == 1:
            app.timeline.register(office.users["s3"], c.id, office.s3, "kepu")
        ids.append(c.id)
    app.customers.archive(office.users["director"], ids[7], "测试归档")
    return ids


def _explain(sql: str, params) -> list[str]:
    return [str(r[-1]) for r in db.obj.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]


# customer and ownership appear as t1 / t2 in peewee's SQL; a line "SCAN t1" without an index, or with
# one that is not the page's order, reads the whole table.
_SCAN = re.compile(r"^SCAN (t\d+)\b(.*)$")


def _sqlite_only():
    if not isinstance(db.obj, peewee.SqliteDatabase):
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL plans from its statistics")


def test_every_shape_pages_and_counts_through_indexes(app, office, cards):
    _sqlite_only()
    for query in _shapes(office):
        # (a query without filters is never planned FILTER: there is nothing to start from)
        for plan in (WALK, FILTER) if customer_search._filtered(query) else (WALK,):
            *_, page_sql = first_page_sql(query, T0, plan)
            lines = _explain(*page_sql)
            shown = f"{query} {plan}: {lines}"
            scans = [m for line in lines if (m := _SCAN.match(line))]
            if plan == WALK:
                # only the outer loop may walk a table, and in the page's order: it stops after 201 rows
                assert "USE TEMP B-TREE FOR ORDER BY" not in lines, shown
                assert all(line == lines[0] for line in lines if _SCAN.match(line)), shown
                if scans and query.sort in ("owner", "deadline"):
                    assert "USING INDEX" in scans[0].group(2), shown
            else:
                assert not scans, shown  # matches found through a filter's index, then sorted
        for sql, params in count_sql(query, T0):
            lines = _explain(sql, params)
            assert not any(_SCAN.match(line) for line in lines), f"{query} count: {lines}"


def test_the_plain_list_and_its_count_use_the_key_and_the_archived_index(app, office, cards):
    _sqlite_only()
    (page,) = first_page_sql(Q(), T0)
    assert _explain(*page) == ["SCAN c"], "the primary key walked from the newest card"
    (count,) = count_sql(Q(), T0)
    assert any("COVERING INDEX customer_archived_id" in line for line in _explain(*count))


@pytest.mark.parametrize(
    "query, index",
    [
        (Q(text="王", sort="created"), "customer_name"),
        (Q(text="王", department_id=1), "customer_name"),  # the text, not the department's third of the cards
        (Q(text="wl", owner_id=1, claim_state="active"), "customer_name_initials"),
        (Q(text="wl", sort="owner"), "customer_name_initials"),
        (Q(department_id=1, claim_state="pending"), "ownership_dept_claim"),
        (Q(channel="kepu", created_from=dt.date(2026, 3, 1)), "customer_channel_created"),
        (Q(occupation="teacher", abc_class="A", age_band="70s"), "customer_abc_occupation_birth"),
        (Q(tag="养生"), "customer_tag_tag_customer"),
        (Q(claim_state="pending"), "ownership_claim_kind"),
        # 未登记: every card has its snapshot row, an unregistered one is the owner_kind 'none' range
        (Q(claim_state="none"), "ownership_kind_customer"),
        (Q(claim_state="none", sort="name"), "ownership_kind_customer"),
    ],
)
def test_few_matches_start_from_the_filters_index(app, office, cards, query, index):
    _sqlite_only()
    *_, page = first_page_sql(query, T0, FILTER)
    assert any(index in line for line in _explain(*page)), _explain(*page)


@pytest.mark.parametrize("query", [Q(text="王", department_id=1), Q(text="王", owner_id=1), Q(text="王")])
def test_a_name_prefix_probe_reads_only_indexes(app, office, cards, query):
    # The probe that chooses the plan (and the exact count) counts the name range's current cards from
    # customer(name, archived) alone (no card row read per name), and checks the owner's department or
    # owner in its covering ownership index (no snapshot row read): at a million cards 王 + a department
    # read 15,000 card rows and 15,000 snapshot rows here before.
    _sqlite_only()
    probe, *_ = first_page_sql(query, T0)
    *_, exact = count_sql(query, T0)
    for lines in (_explain(*probe), _explain(*exact)):
        assert lines[0] == "SEARCH t1 USING COVERING INDEX customer_name_archived (name>? AND name<?)", lines
        if query.department_id is not None or query.owner_id is not None:
            assert re.fullmatch(r"SEARCH t2 USING COVERING INDEX ownership_\w+ \(\w+=\? AND rowid=\?\)", lines[1]), (
                lines
            )
        assert len(lines) == (1 if query == Q(text="王") else 2), lines


@pytest.mark.parametrize(
    "query, index",
    [
        (Q(text="王"), "customer_name_pattern"),
        (Q(text="王", department_id=1), "customer_name_pattern"),
        (Q(text="wl"), "customer_initials_pattern"),
        (Q(occupation="teacher"), "customer_occupation_pattern"),
    ],
)
def test_postgresql_reads_a_prefix_as_a_range_of_its_pattern_index(app, office, cards, query, index):
    # Under a language's collation (the test cluster's C.UTF-8 like an office server's) PostgreSQL uses a
    # plain B-tree for LIKE '王%' only by reading it whole; migration 15's *_pattern_ops indexes make the
    # prefix a range (~>=~ … ~<~) in any locale. Forty cards are read whole by any sensible plan, so the
    # table scan is switched off to see which index can serve the probe.
    if isinstance(db.obj, peewee.SqliteDatabase):
        pytest.skip("PostgreSQL's collations; SQLite's case-sensitive LIKE uses the plain indexes")
    probe, *_ = first_page_sql(query, T0)
    db.obj.execute_sql("SET enable_seqscan = off")
    try:
        plan = "\n".join(r[0] for r in db.obj.execute_sql("EXPLAIN " + probe[0], probe[1]).fetchall())
    finally:
        db.obj.execute_sql("SET enable_seqscan = on")
    assert index in plan and "~>=~" in plan, plan


def test_address_contains_reads_the_trigram_index(app, office, cards):
    _sqlite_only()
    *_, page = first_page_sql(Q(address="新港区"), T0, FILTER)
    assert any("customer_address_fts VIRTUAL TABLE INDEX 0:L" in line for line in _explain(*page))


def _all(app, actor, query, limit=6):
    ids, after = [], None
    while True:
        page = app.customers.search(actor, query, after=after, limit=limit)
        ids.extend(r.id for r in page.rows)
        if page.after is None:
            return ids
        after = page.after


def test_both_plans_find_the_same_cards_in_the_same_order(app, office, cards, monkeypatch):
    manager = office.users["manager1"]
    shapes = _shapes(office)
    shapes += [dataclasses.replace(q, descending=not q.descending) for q in shapes]
    shapes += [Q(address="新港"), Q(address="幸福路1", sort="name"), Q(claim_state="none")]
    found = {}
    for plan in (WALK, FILTER):
        monkeypatch.setattr(customer_search, "_plan", lambda query, today, first, p=plan: p)
        found[plan] = {q: _all(app, manager, q) for q in shapes}
    for q in shapes:
        assert found[WALK][q] == found[FILTER][q], q
        assert len(set(found[WALK][q])) == len(found[WALK][q]), q
    # and they are the right cards: the exact count agrees, and the filters mean what they say
    for q in shapes:
        assert app.customers.count(manager, q) == len(found[WALK][q]), q
    assert found[WALK][Q(address="新港区")] and all(
        "新港区" in app.customers.card(office.users["director"], cid).address
        for cid in found[WALK][Q(address="新港区")]
    )


def test_estimate_is_exact_for_a_small_archive_or_few_matches(app, office, cards, monkeypatch):
    manager = office.users["manager1"]
    for q in (Q(), Q(department_id=office.d1), Q(text="王", channel="kepu")):
        est = app.customers.count_estimate(manager, q)
        assert est.exact and est.n == app.customers.count(manager, q), q
    # A bigger archive than the sample: few matches are still counted exactly by the probe, many estimated.
    monkeypatch.setattr(customer_search, "SAMPLE_SIZE", 8)
    monkeypatch.setattr(customer_search, "PROBE_CAP", 5)
    few = Q(tag="养生", channel="scatter")
    assert app.customers.count_estimate(manager, few) == customer_search.CountEstimate(
        app.customers.count(manager, few), True
    )
    est = app.customers.count_estimate(manager, Q())
    assert est == customer_search.CountEstimate(39, False)  # 40 ids, one card archived
    many = app.customers.count_estimate(manager, Q(channel="kepu"))  # 20 match: beyond the probe, sampled
    assert not many.exact and 0 < many.n <= 40


def test_the_estimate_samples_an_archive_of_millions_of_card_ids(app, office, cards, monkeypatch):
    # The sample visits k × step (mod the id span) for k up to SAMPLE_SIZE: at a span of a few hundred
    # thousand cards that product leaves 32 bits, and PostgreSQL stopped the count ("integer out of
    # range") — the million-card office server's list could not show its count. Here the ids are
    # said to run to five million (the forty cards are the first of them).
    manager = office.users["manager1"]
    lo, _ = customer_search._id_range()
    monkeypatch.setattr(customer_search, "_id_range", lambda: (lo, lo + 5_000_000 - 1))
    monkeypatch.setattr(customer_search, "PROBE_CAP", 0)  # past the probe: sampled
    est = app.customers.count_estimate(manager, Q(channel="kepu"))
    assert not est.exact and est.n >= 0


def test_an_sqlite_without_the_trigram_tokenizer_is_refused_at_start(tmp_path, monkeypatch):
    import sqlite3
    import sys

    from models.db import DatabaseOpenError, init_db

    monkeypatch.setattr(sys.modules["models.db"], "_sqlite_checked", False)
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    with pytest.raises(DatabaseOpenError, match="3.31.1") as err:
        init_db(str(tmp_path / "old.db"))
    assert ".".join(map(str, SQLITE_MIN)) in err.value.message
    assert not (tmp_path / "old.db").exists()  # nothing written


@pytest.mark.parametrize(
    "query, indexes",
    [
        (Q(text="王", sort="created"), ("customer_name_pattern",)),
        (Q(text="王", department_id=1), ("customer_name_pattern",)),
        (Q(text="wl", owner_id=1, claim_state="active"), ("customer_initials_pattern", "ownership_owner_customer")),
        (Q(text="wl", sort="owner"), ("customer_initials_pattern",)),
        (Q(department_id=1, claim_state="pending"), ("ownership_dept_claim", "ownership_dept_customer")),
        (Q(channel="kepu", created_from=dt.date(2026, 3, 1)), ("customer_channel_created",)),
        (
            Q(occupation="teacher", abc_class="A", age_band="70s"),
            ("customer_abc_occupation_birth", "customer_birth_year"),
        ),
        (Q(tag="养生"), ("customer_tag_tag_customer",)),
        (Q(claim_state="pending"), ("ownership_claim_kind", "ownership_kind_customer")),
        (Q(claim_state="none"), ("ownership_kind_customer",)),
        (Q(claim_state="none", sort="name"), ("ownership_kind_customer",)),
    ],
)
def test_few_matches_start_from_a_filters_index_on_postgresql(app, office, cards, query, indexes):
    # The cases of the SQLite test above on an office server. PostgreSQL plans from its statistics, and
    # forty cards are read whole by any sensible plan, so the table scan is priced out (enable_seqscan
    # off); the plan must then reach the matches through an index on the filter's own column (the
    # planner may prefer the department's index to the department + state one at this size). Whether it
    # takes that index at a million cards is the benchmark's (bench/list_shapes.py --pg).
    if isinstance(db.obj, peewee.SqliteDatabase):
        pytest.skip("PostgreSQL's plans; SQLite's are checked above")
    *_, page = first_page_sql(query, T0, FILTER)
    db.obj.execute_sql("SET enable_seqscan = off")
    try:
        plan = "\n".join(r[0] for r in db.obj.execute_sql("EXPLAIN " + page[0], page[1]).fetchall())
    finally:
        db.obj.execute_sql("SET enable_seqscan = on")
    used = re.findall(r"Index (?:Only )?Scan (?:Backward )?using (\w+)|Bitmap Index Scan on (\w+)", plan)
    assert {a or b for a, b in used} & set(indexes), plan


def test_the_card_lists_reads_are_planned_for_the_typed_prefix_every_time(app, office, cards):
    # psycopg prepares a statement that ran five times and PostgreSQL may then keep a generic plan,
    # which for `name_initials LIKE $1` cannot read the prefix as a range of its index: at a million
    # cards the pinyin probe went from ~15 ms to 100–400 ms from its sixth run on. The card list's
    # reads are never prepared (models.db.custom_plans); the front desk's lookups still are.
    if isinstance(db.obj, peewee.SqliteDatabase):
        pytest.skip("PostgreSQL's prepared statements")
    manager = office.users["manager1"]
    for _ in range(8):
        app.customers.search(manager, Q(text="wl", sort="deadline"))
        app.customers.count_estimate(manager, Q(text="wl"))
        app.customers.count(manager, Q(text="wl"))
    prepared = [r[0] for r in db.obj.execute_sql("SELECT statement FROM pg_prepared_statements").fetchall()]
    assert not [s for s in prepared if '"name_initials" LIKE' in s], prepared
    for _ in range(8):
        app.frontdesk.search(office.users["front"], "13800000001")
    prepared = [r[0] for r in db.obj.execute_sql("SELECT statement FROM pg_prepared_statements").fetchall()]
    assert prepared, "the desk's lookups keep their prepared statements"
