"""Issue 16: one card per phone number, held by the database itself (a unique index over the numbers that
identify a card, migration 16), and the index's refusal given as the same 查重 answer a clerk gets for a
number typed twice. On SQLite and PostgreSQL. The two-process race on PostgreSQL is in test_pg_races.py.

"Another PC saved it meanwhile" is played here by a duplicate check that misses the other card — what
READ COMMITTED gives the later of two clerks whose saves overlap — and, on PostgreSQL, by a second
connection that commits between the importer's re-check and its write."""

from __future__ import annotations

import threading

import peewee
import pytest
from openpyxl import load_workbook

from models import Customer, Phone, db, init_db
from models.migrations import LATEST, MIGRATIONS, PHONE_CLAIM_INDEX, migrate_to_latest, schema_version
from services.customers.service import CustomerService
from services.intake.importer import SHEET_NAME, ImportService, write_template
from services.intake.service import Decision, IntakeForm
from services.platform.errors import DuplicateFound, ValidationError

# the schema version just before the phone claim migration (later migrations land after it)
BEFORE_CLAIM = next(i for i, m in enumerate(MIGRATIONS) if m.__name__.endswith("_phone_claim"))


def _numbers(number: str) -> list[tuple[int, bool]]:
    return sorted(Phone.select(Phone.customer, Phone.shared).where(Phone.number == number).tuples())


def test_a_number_saved_meanwhile_gets_the_duplicate_answer_not_a_second_card(app, office, monkeypatch):
    clerk = office.users["clerk"]
    first = app.customers.create(clerk, "王大爷", ["13900001111"])
    monkeypatch.setattr(CustomerService, "find_by_phone", lambda self, number: [])  # the check saw nothing yet
    with pytest.raises(DuplicateFound) as err:
        app.customers.create(clerk, "王大爷", ["139 0000 1111"])
    assert err.value.customer_ids == [first.id]
    assert f"档案号 {first.id}" in err.value.message and "查重" in err.value.message
    assert Customer.select().count() == 1 and _numbers("13900001111") == [(first.id, False)]
    # the refused save left nothing half-written: the next card saves normally
    monkeypatch.undo()
    assert app.customers.create(clerk, "李大妈", ["13900002222"]).id > first.id


def test_the_index_refuses_a_second_identifying_row_whoever_writes_it(app, office):
    a = app.customers.create(office.users["clerk"], "王大爷", ["13900001111"])
    b = app.customers.create(office.users["clerk"], "李大妈", ["13900002222"])
    with pytest.raises(peewee.IntegrityError):
        with db.atomic():
            Phone.create(customer=b.id, number="13900001111", last4="1111", position=1)
    assert _numbers("13900001111") == [(a.id, False)]


def test_a_family_shares_its_landline_and_keeps_it_through_an_edit(app, office):
    clerk = office.users["clerk"]
    husband = app.intake.save_card(
        clerk, IntakeForm(name="王大爷", phones=("010-62345678",), channel="kepu", staff_id=office.s1)
    ).customer_id
    wife = app.intake.save_card(
        clerk,
        IntakeForm(name="李大妈", phones=("010-62345678", "13900003333"), channel="kepu", staff_id=office.s1),
        decision=Decision("household", husband, "spouse"),
    ).customer_id
    assert _numbers("01062345678") == [(husband, False), (wife, True)]
    # the wife's mobile changes; the shared landline stays hers, still shared
    card = app.customers.card(office.users["gm"], wife)
    app.customers.update(office.users["gm"], wife, {"phones": ["010-62345678", "13900004444"]}, card.version)
    assert _numbers("01062345678") == [(husband, False), (wife, True)]
    assert _numbers("13900004444") == [(wife, False)]
    # a new number another card holds is still refused on an edit
    app.customers.create(clerk, "张三丰", ["13900001111"])
    with pytest.raises(DuplicateFound):
        card = app.customers.card(office.users["gm"], wife)
        app.customers.update(office.users["gm"], wife, {"phones": ["13900004444", "13900001111"]}, card.version)


def test_an_edit_adding_a_number_saved_meanwhile_is_refused(app, office, monkeypatch):
    from services.customers import edit

    clerk, gm = office.users["clerk"], office.users["gm"]
    other = app.customers.create(clerk, "王大爷", ["13900001111"])
    mine = app.customers.create(clerk, "李大妈", ["13900002222"])
    real = edit.Phone.select

    def missing_the_other(*args):  # the edit's duplicate check ran before the other card was committed
        q = real(*args)
        return q.where(Phone.customer != other.id) if args == (Phone.customer, Phone.number) else q

    card = app.customers.card(gm, mine.id)
    monkeypatch.setattr(edit.Phone, "select", missing_the_other)
    with pytest.raises(DuplicateFound) as err:
        app.customers.update(gm, mine.id, {"phones": ["13900002222", "13900001111"]}, card.version)
    monkeypatch.undo()
    assert err.value.customer_ids == [other.id]
    assert _numbers("13900001111") == [(other.id, False)] and _numbers("13900002222") == [(mine.id, False)]
    assert app.customers.card(gm, mine.id).version == card.version


# -- migration 16 on a database that already holds duplicates -------------------------------------------------


def _old_database(target: str) -> None:
    """A database as the version before the phone claim left it: no `shared` column, no index, and duplicates it allowed."""
    info = init_db(target, migrate=False)
    migrate_to_latest(info, target=BEFORE_CLAIM)
    database = db.obj
    database.execute_sql("ALTER TABLE phone DROP COLUMN shared")
    rows = [  # (name, archived, numbers)
        ("甲 archived first", True, ["13900000001"]),
        ("乙 current", False, ["13900000001", "13900000002"]),
        ("丙 family", False, ["01062345678"]),
        ("丁 family", False, ["01062345678"]),
        ("戊 twice on one card", False, ["13900000009", "13900000009"]),
    ]
    for name, archived, numbers in rows:
        database.execute_sql(
            "INSERT INTO customer (name, name_initials, name_pinyin, sex, address, occupation, income_band, abc_class,"
            " value_level, source_channel, notes, archived, created_at, version)"
            f" VALUES ('{name}', '', '', '', '', '', '', '', '', '', '', {'TRUE' if archived else 'FALSE'},"
            " '2026-03-01', 1)"
        )
        cid = database.execute_sql("SELECT max(id) FROM customer").fetchone()[0]
        for pos, number in enumerate(numbers):
            database.execute_sql(
                "INSERT INTO phone (customer_id, number, last4, kind, position)"
                f" VALUES ({cid}, '{number}', '{number[-4:]}', 'mobile', {pos})"
            )


def test_migration_keeps_every_old_duplicate_and_the_claim_goes_to_a_current_card(db_target, office_factory):
    _old_database(db_target)
    from models import close_db

    close_db()
    init_db(db_target)
    try:
        assert schema_version() == LATEST
        assert Phone.select().count() == 7  # nothing deleted
        by_name = {c.name: c.id for c in Customer.select()}
        assert _numbers("13900000001") == [(by_name["甲 archived first"], True), (by_name["乙 current"], False)]
        assert _numbers("01062345678") == [(by_name["丙 family"], False), (by_name["丁 family"], True)]
        assert [s for _, s in _numbers("13900000009")] == [False, True]
        claims = "SELECT number, count(*) FROM phone WHERE NOT shared GROUP BY number HAVING count(*) > 1"
        assert db.obj.execute_sql(claims).fetchall() == []
        # the index is there and works: the 查重 answer names the card holding the claim
        app, office = office_factory()
        with pytest.raises(DuplicateFound) as err:
            app.customers.create(office.users["clerk"], "新人", ["13900000002"])
        assert err.value.customer_ids == [by_name["乙 current"]]
        with pytest.raises(peewee.IntegrityError), db.atomic():
            Phone.create(customer=by_name["丙 family"], number="13900000002", last4="0002", position=1)
        assert PHONE_CLAIM_INDEX in _index_names()
    finally:
        close_db()


def _index_names() -> set[str]:
    if isinstance(db.obj, peewee.PostgresqlDatabase):
        return {r[0] for r in db.obj.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'phone'")}
    return {r[0] for r in db.obj.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}


@pytest.fixture
def office_factory():
    def make():
        from services.app import Services
        from services.platform.clock import FixedClock
        from tests.conftest import T0
        from tests.helpers import make_office

        app = Services(FixedClock(T0))
        return app, make_office(app, app.auth.create_first_admin("admin", "admin123", "管理员"))

    return make


# -- the import (item 2): a 20-row file, one phone saved by a clerk while it is written ---------------------------


def _sheet(tmp_path, n=20):
    path = tmp_path / "cards.xlsx"
    write_template(path)
    wb = load_workbook(path)
    ws = wb[SHEET_NAME]
    for i in range(n):
        ws.append([f"顾客{chr(0x4E00 + i)}", None, None, f"1370000{i:04d}"])
    wb.save(path)
    return path


@pytest.mark.sqlite_only
def test_import_refused_naming_the_row_a_clerk_took_meanwhile(app, office, tmp_path, monkeypatch):
    """SQLite writers queue (BEGIN IMMEDIATE), so 'meanwhile' is a re-check that missed the clerk's card."""
    path = _sheet(tmp_path)
    real = ImportService._recheck_phones
    first = []

    def recheck(self, plan, report, all_or_nothing):
        if not first:
            first.append(1)
            return plan  # the re-check missed it (on PostgreSQL: the clerk committed right after it)
        return real(self, plan, report, all_or_nothing)

    app.customers.create(office.users["clerk"], "柜台录入", ["13700000007"])
    monkeypatch.setattr(ImportService, "_plan", lambda self, actor, rows, *a: [(r, v, "new", None) for r, v in rows])
    monkeypatch.setattr(ImportService, "_recheck_phones", recheck)
    with pytest.raises(ValidationError) as err:
        app.importer.import_cards(office.users["clerk"], path, all_or_nothing=True, staff_id=office.s1)
    assert "第 9 行" in err.value.message and "没有导入任何档案" in err.value.message
    assert Customer.select().count() == 1 and _numbers("13700000007") == [(1, False)]
    first.clear()
    report = app.importer.import_cards(office.users["clerk"], path, staff_id=office.s1)
    assert report.imported == 19 and [p.row for p in report.problems] == [9]
    assert Customer.select().count() == 20 and len(_numbers("13700000007")) == 1


def test_import_refused_when_another_connection_commits_the_phone_meanwhile(app, office, tmp_path, monkeypatch):
    """PostgreSQL: a second connection (another PC) commits the clerk's card between the re-check and the write."""
    if not isinstance(db.obj, peewee.PostgresqlDatabase):
        pytest.skip("another connection cannot write while SQLite's import holds the write lock")
    from tests.conftest import PG_URL

    path = _sheet(tmp_path)
    real = ImportService._recheck_phones
    calls = []

    def other_pc():
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as con:
            cid = con.execute(
                "INSERT INTO customer (name, name_initials, name_pinyin, sex, address, occupation, income_band,"
                " abc_class, value_level, source_channel, notes, archived, created_at, version)"
                " VALUES ('柜台录入', '', '', '', '', '', '', '', '', '', '', FALSE, now(), 1) RETURNING id"
            ).fetchone()[0]
            con.execute(
                "INSERT INTO phone (customer_id, number, last4, kind, position) VALUES (%s, '13700000007', '0007', 'mobile', 0)",
                (cid,),
            )

    def recheck(self, plan, report, all_or_nothing):
        out = real(self, plan, report, all_or_nothing)
        calls.append(1)
        if len(calls) == 1:
            t = threading.Thread(target=other_pc)
            t.start()
            t.join(timeout=30)
            assert not t.is_alive()
        return out

    monkeypatch.setattr(ImportService, "_recheck_phones", recheck)
    with pytest.raises(ValidationError) as err:
        app.importer.import_cards(office.users["clerk"], path, all_or_nothing=True, staff_id=office.s1)
    assert "第 9 行" in err.value.message, err.value.message
    assert Customer.select().count() == 1  # only the clerk's card: nothing of the import
    assert len(_numbers("13700000007")) == 1
