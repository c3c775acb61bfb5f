"""The hand-written, per-shape cached reads of the front desk, the 查重 and the card list (issue 9):
the cases their SQL has to get right beyond the older tests (archived cards, masking per actor,
approved lookups, first phone, padded id lists, the SQL cache per shape and backend)."""

from __future__ import annotations

import datetime as dt
import re

import peewee
import pytest

from models import Customer, Phone, db
from models.bulk import fetch_all, padded, sql_for
from services.customers.search import CustomerQuery
from services.platform.errors import NotFound


def card(app, office, name="王大爷", phone="13800000001", address="幸福路 8 号", birth_year=None):
    clerk = office.users["clerk"]
    return app.customers.create(clerk, name, [phone], address=address, birth_year=birth_year, allow_duplicate=True).id


# -- models.bulk helpers ------------------------------------------------------------------------


def test_sql_for_is_cached_per_shape_and_backend(app):
    built: list[bool] = []

    def build(pg: bool) -> str:
        built.append(pg)
        return "SELECT ?, 'a%' LIKE 'a%'"

    first = sql_for(("test", "like"), build)
    assert sql_for(("test", "like"), build) is first  # built once for this shape and backend
    assert len(built) == 1
    pg = built[0]
    assert first == ("SELECT %s, 'a%%' LIKE 'a%%'" if pg else "SELECT ?, 'a%' LIKE 'a%'")
    ((value, like),) = fetch_all(first, (7,))
    assert value == 7 and like  # the escaped % is still a literal % for the driver
    sql_for(("test", "other shape"), build)
    assert len(built) == 2


def test_padded_keeps_a_dozen_shapes():
    assert padded([]) == []
    assert padded([5]) == [5]
    assert padded([1, 2, 3]) == [1, 2, 3, None]
    assert len(padded(list(range(100)))) == 128
    assert {len(padded(list(range(n)))) for n in range(1, 1001)} == {2**k for k in range(11)}


# -- front desk ------------------------------------------------------------------------------


def test_front_desk_names_skip_archived_cards_but_phones_find_them(app, office):
    front = office.users["front"]
    kept = card(app, office, name="王大爷", phone="13800000001")
    gone = card(app, office, name="王小爷", phone="13800000002")
    app.customers.archive(office.users["director"], gone, "测试归档")
    assert [h.customer_id for h in app.frontdesk.lookup(front, "王")] == [kept]
    assert [h.customer_id for h in app.frontdesk.lookup(front, "wx")] == []
    # the desk must still learn whose a walk-in is, whatever the state of the card
    assert [h.customer_id for h in app.frontdesk.lookup(front, "13800000002")] == [gone]
    assert [h.customer_id for h in app.frontdesk.lookup(front, "0002")] == [gone]


def test_front_desk_shows_the_matching_phone_else_the_first_by_position(app, office):
    front = office.users["front"]
    cid = card(app, office, name="赵六", phone="13800000001")
    Phone.create(customer=cid, number="13911112222", last4="2222", kind="mobile", position=1)
    Phone.create(customer=cid, number="13733334444", last4="4444", kind="mobile", position=0)
    Phone.update(position=2).where(Phone.number == "13800000001").execute()
    # the typed phone matched: that one, masked
    assert [h.phone for h in app.frontdesk.lookup(front, "2222")] == ["139****2222"]
    # a name search: the card's first phone (lowest position)
    assert [h.phone for h in app.frontdesk.lookup(front, "赵")] == ["137****4444"]
    assert app.frontdesk.hit(front, cid).phone == "137****4444"
    # two phones of one card matching the same last four: one hit
    Phone.create(customer=cid, number="13655552222", last4="2222", kind="mobile", position=3)
    assert [h.customer_id for h in app.frontdesk.lookup(front, "2222")] == [cid]


def test_front_desk_limit_and_order_by_name(app, office):
    front = office.users["front"]
    ids = [card(app, office, name=f"李{'明华强'[i % 3]}{i}", phone=f"1380000{i:04d}") for i in range(9)]
    hits = app.frontdesk.lookup(front, "李", limit=4)
    names = [c.name for c in Customer.select().where(Customer.id.in_(ids)).order_by(Customer.name, Customer.id)]
    expected = [c.id for c in Customer.select().where(Customer.id.in_(ids)).order_by(Customer.name, Customer.id)]
    assert [h.customer_id for h in hits] == expected[:4]
    assert all(h.name[0] == "李" and len(h.name) == 2 for h in hits), names


def test_front_desk_owner_department_and_claim_of_every_kind(app, office):
    front = office.users["front"]
    staff_owned = card(app, office, name="钱一", phone="13800000001")
    pooled = card(app, office, name="钱二", phone="13800000002")
    card(app, office, name="钱三", phone="13800000003")
    app.timeline.register(office.users["s3"], staff_owned, office.s3, "kepu")
    app.timeline.reassign(office.users["director"], pooled, "pool", "测试")
    got = {h.name: (h.owner, h.department, h.claim, h.countdown != "") for h in app.frontdesk.lookup(front, "钱")}
    assert got == {
        "钱Y": ("王五", "二部", "待预热", True),
        "钱E": ("公司资源池", "", "公司资源池", False),
        "钱S": ("", "", "未登记", False),
    }
    with pytest.raises(NotFound):
        app.frontdesk.hit(front, 999999)


@pytest.mark.sqlite_only
def test_front_desk_hits_by_id_plan_uses_keys(app, office):
    card(app, office)
    from services.frontdesk.service import _by_ids_sql

    sql = sql_for(("frontdesk.hits", 2), lambda pg: _by_ids_sql(2))
    plan = " | ".join(str(r[-1]) for r in db.obj.execute_sql("EXPLAIN QUERY PLAN " + sql, (1, 2)).fetchall())
    assert "SCAN" not in plan and "TEMP B-TREE" not in plan, plan


# -- 查重 -------------------------------------------------------------------------------------


def test_duplicates_mask_per_actor_and_open_with_an_approved_lookup(app, office):
    s1, s3 = office.users["s1"], office.users["s3"]
    cid = card(app, office, name="孙丽", phone="13800000001", address="幸福路1号", birth_year=1950)
    app.timeline.register(s1, cid, office.s1, "kepu")
    assert app.customers.duplicate_candidates(s1, name="孙丽", birth_year=1950)[0].name == "孙丽"  # own customer
    other = app.customers.duplicate_candidates(s3, name="孙丽", birth_year=1950)[0]
    assert (other.name, other.phone_masked, other.owner_name, other.owner_department) == (
        "孙L",
        "138****0001",
        "张三",
        "一部",
    )
    request = app.access.request_lookup(s3, cid, "顾客到店,需核对")
    app.access.decide_lookup(office.users["director"], request.id, True, hours=2)
    assert app.customers.duplicate_candidates(s3, name="孙丽", birth_year=1950)[0].name == "孙丽"
    # the approval lapses: masked again
    app.clock.now = lambda: dt.datetime(2026, 3, 1, 11, 0)
    assert app.customers.duplicate_candidates(s3, name="孙丽", birth_year=1950)[0].name == "孙L"


def test_duplicates_name_on_an_archived_card_and_every_level_at_once(app, office):
    clerk = office.users["clerk"]
    same = card(app, office, name="周丽", phone="13800000001", address="幸福路 1 号")
    alike = card(app, office, name="州莉", phone="13800000002", birth_year=1960)
    by_phone = card(app, office, name="吴某", phone="13800000003")
    stranger = card(app, office, name="周丽", phone="13800000004", address="别处")
    app.customers.archive(office.users["director"], same, "测试归档")
    found = app.customers.duplicate_candidates(
        clerk, name="周丽", phones=["138 0000 0003", "123"], address="幸福路1号", birth_year=1960
    )
    assert [(c.customer_id, c.level) for c in found] == [
        (by_phone, "duplicate"),
        (same, "possible"),
        (alike, "sound_alike"),
    ]
    assert found[1].claim_state == "已归档" and found[1].reason == "姓名相同,住址相同"
    assert found[2].reason == "姓名读音相同(zhou li),出生年份 1960 相同"
    assert stranger not in [c.customer_id for c in found]
    assert [c.customer_id for c in app.customers.duplicate_candidates(clerk, phones=["13800000003"], limit=0)] == []


@pytest.mark.sqlite_only
def test_duplicate_statements_use_indexes(app, office):
    card(app, office, name="周丽", phone="13800000001", address="幸福路 1 号")
    seen: list[tuple[str, tuple]] = []
    real = db.obj.execute_sql

    def spy(sql, params=None, *a, **k):
        seen.append((sql, tuple(params or ())))
        return real(sql, params, *a, **k)

    db.obj.execute_sql = spy
    try:
        app.customers.duplicate_candidates(
            office.users["clerk"], name="周丽", phones=["13800000001"], address="幸福路1号"
        )
    finally:
        db.obj.execute_sql = real
    assert len(seen) == 2  # match, then describe
    for sql, params in seen:
        plan = " | ".join(str(r[-1]) for r in real("EXPLAIN QUERY PLAN " + sql, params).fetchall())
        # only the name subqueries' own (LIMITed) results are scanned, never a table
        tables = [m for m in re.findall(r"SCAN (\w+)", plan) if m not in ("same_name", "same_sound")]
        assert not tables and "TEMP B-TREE" not in plan, (sql, plan)


# -- card list -------------------------------------------------------------------------------


def test_list_page_masks_tags_and_pads_its_id_list(app, office):
    s1 = office.users["s1"]
    ids = [card(app, office, name=f"郑{i}", phone=f"1380000000{i}") for i in range(3)]
    app.timeline.register(s1, ids[0], office.s1, "kepu")
    app.customers.update(office.users["director"], ids[0], {"tags": ["书法"]}, 1)
    app.customers.update(office.users["director"], ids[1], {"tags": ["旅游"]}, 1)
    page = app.customers.search(s1, CustomerQuery(), limit=100)  # three ids: padded to four
    rows = {r.id: r for r in page.rows}
    assert set(rows) == set(ids)
    own, other = rows[ids[0]], rows[ids[1]]
    assert (own.full, own.phone, own.tags, own.owner_name, own.claim_state) == (
        True,
        "13800000000",
        ("书法",),
        "张三",
        "待预热",
    )
    assert (other.full, other.phone, other.tags, other.address) == (False, "138****0001", (), "")
    assert isinstance(own.created_at, dt.datetime) and isinstance(own.next_deadline, dt.datetime)
    assert own.archived is False and other.next_deadline is None


def test_front_desk_last_four_limit_counts_customers_not_phones(app, office):
    front = office.users["front"]
    first = card(app, office, name="冯一", phone="13800001234")
    Phone.create(customer=first, number="13900001234", last4="1234", kind="mobile", position=1)
    others = [card(app, office, name=f"冯{i}", phone=f"13{i}00001234") for i in range(5, 8)]
    hits = app.frontdesk.lookup(front, "1234", limit=3)
    # four phones for three customers: the limit is filled with customers, the first phone of each
    assert [h.customer_id for h in hits] == [first, *others[:2]]
    assert hits[0].phone == "138****1234"


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("archived", [False, True, None])
def test_plain_list_pages_like_the_general_path(app, office, descending, archived):
    from services.customers import search as cs

    ids = [card(app, office, name=f"陈{i}", phone=f"1380000{i:04d}") for i in range(20)]
    for cid in ids[3::4]:
        app.customers.archive(office.users["director"], cid, "测试归档")
    director = office.users["director"]
    query = CustomerQuery(archived=archived, descending=descending)
    plain, after = [], None
    while True:
        page = app.customers.search(director, query, after=after, limit=6)
        plain += [r.id for r in page.rows]
        after = page.after
        if after is None:
            break
    conds = cs._conditions(query, app.clock.now().date(), [])
    keys, nxt = cs.page_ids(conds, "created", descending, None, 1000)
    assert plain == [k[2] for k in keys] and nxt is None
    assert len(plain) == {False: 15, True: 5, None: 20}[archived]
    if isinstance(db.obj, peewee.SqliteDatabase):
        for sql, params in cs.first_page_sql(query, app.clock.now()):
            plan = " | ".join(str(r[-1]) for r in db.obj.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
            assert "TEMP B-TREE" not in plan, plan
            if archived:
                # the few archived cards are listed by their (archived, id) index, already in id order
                assert "customer_archived_id" in plan, plan
            else:
                # the current cards are nearly all: their page walks the key, the archived index kept out
                assert "archived" not in plan, plan


def test_pinyin_initials_at_the_front_desk_walk_an_index_in_card_order_on_postgresql(app, office):
    """The desk's "wl" lists the first page of 王丽… in (initials, card) order. On PostgreSQL an index on
    the initials alone made it sort every card of the prefix before the page (24 ms at a million cards);
    migration 18's (name_initials, id) index hands them over in that order. SQLite's index on the initials
    ends with the rowid, so it needs nothing (its plan is pinned by the test above)."""
    from services.frontdesk.service import _prefix_sql

    if not isinstance(db.obj, peewee.PostgresqlDatabase):
        pytest.skip("PostgreSQL's own index order; SQLite's index already ends with the rowid")
    ids = [card(app, office, name=name, phone=f"1390000{i:04d}") for i, name in enumerate(["王丽", "王磊", "汪亮"] * 4)]
    hits = app.frontdesk.lookup(office.users["front"], "wl", limit=5)
    assert [h.customer_id for h in hits] == sorted(ids)[:5]  # all three names read "wl": card order
    sql = sql_for(("frontdesk.lookup", "name_initials"), _prefix_sql("name_initials"))
    with db.obj.atomic():
        db.obj.execute_sql("SET LOCAL enable_seqscan = off")  # a dozen rows: make it choose among indexes
        plan = "\n".join(r[0] for r in db.obj.execute_sql("EXPLAIN " + sql, ("wl", "wm", 6)).fetchall())
    walk = plan.split("SubPlan")[0]  # the subplans pick each card's first phone; the walk is above them
    assert "customer_initials_id" in walk and "Sort" not in walk, plan
