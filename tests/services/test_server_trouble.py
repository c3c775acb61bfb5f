"""Server trouble (issue 22): while the office server cannot be reached an action says so in plain
Chinese and records nothing; once the server is back the same action goes through, recorded once.

Against a real 本店服务器 (tests.office_server_fixture), stopped and started again: each test puts it
back in ``finally`` for the other tests of the session.
"""

from __future__ import annotations

import psycopg
import pytest

from models import AuditLog, Customer, Event, Ownership, Phone, close_db, db, init_db
from services.app import Services
from services.platform.errors import StorageProblem
from tests.helpers import make_office
from tests.office_server_fixture import fresh_database


@pytest.fixture
def on_server(office_server):
    """A program on the office server (as tests/ui/test_live.py opens one), with the office's users."""
    fresh_database(office_server)
    init_db(office_server.url())
    app = Services()
    office = make_office(app, app.auth.create_first_admin("admin", "admin123"))
    yield app, office
    if not office_server.status().running:
        office_server.start()
    close_db()


def unreachable(exc_info) -> None:
    """The error a user is shown: the program's own, in Chinese, saying the server is out of reach."""
    exc = exc_info.value
    assert isinstance(exc, StorageProblem) and exc.kind == "unreachable"
    assert "连不上本店服务器" in exc.message and "没有保存" in exc.message


def card_rows(name: str, phone: str) -> dict[str, int]:
    """How much of the card ``name`` is on the server: cards, their phones, snapshots, audit rows."""
    ids = [c.id for c in Customer.select(Customer.id).where(Customer.name == name)]
    return {
        "cards": len(ids),
        "phones": Phone.select().where(Phone.number == phone).count(),
        "snapshots": Ownership.select().where(Ownership.customer.in_(ids)).count() if ids else 0,
        "audits": AuditLog.select().where(AuditLog.action == "customer.create", AuditLog.entity_id.in_(ids)).count()
        if ids
        else 0,
    }


def register_rows(cid: int) -> dict[str, int]:
    return {
        "events": Event.select().where(Event.customer == cid, Event.type == "register").count(),
        "audits": AuditLog.select().where(AuditLog.customer_id == cid, AuditLog.action == "event.register").count(),
    }


ONE_CARD = {"cards": 1, "phones": 1, "snapshots": 1, "audits": 1}
NO_CARD = {"cards": 0, "phones": 0, "snapshots": 0, "audits": 0}


def test_saving_while_the_server_is_down_says_so_and_the_same_save_goes_through_once_it_is_back(
    office_server, on_server
):
    app, office = on_server
    clerk, s1 = office.users["clerk"], office.users["s1"]
    known = app.customers.create(clerk, "李阿姨", ["13800000001"]).id  # the connection has been used
    try:
        office_server.stop()
        with pytest.raises(StorageProblem) as got:
            app.customers.create(clerk, "王大爷", ["13800000002"])
        unreachable(got)
        with pytest.raises(StorageProblem) as got:
            app.timeline.register(s1, known, office.s1, "kepu")
        unreachable(got)
        office_server.start()
        # The program connects again by itself: the very same actions now go through.
        cid = app.customers.create(clerk, "王大爷", ["13800000002"]).id
        app.timeline.register(s1, known, office.s1, "kepu")
    finally:
        if not office_server.status().running:
            office_server.start()
    assert card_rows("王大爷", "13800000002") == ONE_CARD
    assert app.customers.card(clerk, cid).phones == ("13800000002",)
    assert register_rows(known) == {"events": 1, "audits": 1}
    assert Ownership.get_by_id(known).owner_id == office.s1  # the snapshot follows the recorded event


def test_the_first_read_and_save_after_a_restart_go_through_though_the_server_dropped_the_connection(
    office_server, on_server
):
    """The server restarted while nobody was saving: the program's idle connection is dead, which it
    finds out only when it next uses it. Neither the user's next search nor their next save fails."""
    app, office = on_server
    clerk = office.users["clerk"]
    app.customers.create(clerk, "李阿姨", ["13800000001"])
    try:
        office_server.stop()
        office_server.start()
        assert app.customers.find_by_phone("13800000001")  # a read outside any action
        office_server.stop()
        office_server.start()
        app.customers.create(clerk, "王大爷", ["13800000002"])  # an action: BEGIN on a dead connection
    finally:
        if not office_server.status().running:
            office_server.start()
    assert card_rows("王大爷", "13800000002") == ONE_CARD


def cut_off_before(monkeypatch, office_server, owner, name: str) -> list[int]:
    """Make ``owner.name`` first cut this program's connection, as the server going away half-way
    through an action would (the rows written before it are sent; what follows is not). Returns the
    list of cuts made."""
    real = getattr(owner, name)
    cuts: list[int] = []

    def cut_then_call(*args, **kwargs):
        if not cuts:
            pid = db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
            with psycopg.connect(office_server.admin_url(), autocommit=True, connect_timeout=5) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            cuts.append(pid)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, cut_then_call)
    return cuts


def test_a_connection_lost_half_way_through_an_action_leaves_nothing_of_it(monkeypatch, office_server, on_server):
    from services.customers import service as customer_service
    from services.timeline import recorder

    app, office = on_server
    clerk, s1 = office.users["clerk"], office.users["s1"]
    known = app.customers.create(clerk, "李阿姨", ["13800000001"]).id

    # The card, its phone and its snapshot are written; the connection goes before the audit row.
    cuts = cut_off_before(monkeypatch, office_server, customer_service.audit, "write")
    with pytest.raises(StorageProblem) as got:
        app.customers.create(clerk, "王大爷", ["13800000002"])
    unreachable(got)
    assert cuts and card_rows("王大爷", "13800000002") == NO_CARD
    app.customers.create(clerk, "王大爷", ["13800000002"])
    assert card_rows("王大爷", "13800000002") == ONE_CARD

    # The event is written; the connection goes before its audit row.
    cuts = cut_off_before(monkeypatch, office_server, recorder, "insert_rows")
    with pytest.raises(StorageProblem) as got:
        app.timeline.register(s1, known, office.s1, "kepu")
    unreachable(got)
    assert cuts and register_rows(known) == {"events": 0, "audits": 0}
    app.timeline.register(s1, known, office.s1, "kepu")
    assert register_rows(known) == {"events": 1, "audits": 1}


def test_a_lookup_answered_just_before_the_server_went_away_keeps_its_audit_row(office_server, on_server):
    # The desk's lookup row is sent by the writer thread (models.later). If the server goes away before
    # it is sent, the row waits and is sent once the server is back — the audit view's read waits for it.
    from models import later
    from models.bulk import insert_unflushed

    app, office = on_server
    front = office.users["front"]
    app.customers.create(office.users["clerk"], "李阿姨", ["13800000001"])
    app.frontdesk.search(front, "0001")
    later.flush()
    before = AuditLog.select().where(AuditLog.action == "frontdesk.lookup").count()
    try:
        office_server.stop()
        # what search() queues after its answer, as if the server had gone in between
        insert_unflushed(
            AuditLog, dict(user=front.user_id, action="frontdesk.lookup", entity="lookup", new={"text": "李"})
        )
        assert not later.flush(0.5)  # it cannot be sent now: it waits
        office_server.start()
    finally:
        if not office_server.status().running:
            office_server.start()
    assert later.flush(30)  # sent soon after the server is back
    assert AuditLog.select().where(AuditLog.action == "frontdesk.lookup").count() == before + 1


def test_the_card_list_says_the_server_is_away_and_lists_again_once_it_is_back(office_server, on_server):
    # The card list's reads run with prepared statements off (models.db.custom_plans); that must not
    # open a connection of its own, past the office server's "连不上" handling.
    from services.customers.search import CustomerQuery

    app, office = on_server
    app.customers.create(office.users["clerk"], "李阿姨", ["13800000001"])
    manager = office.users["manager1"]
    query = CustomerQuery(text="李")
    assert len(app.customers.search(manager, query).rows) == 1
    try:
        office_server.stop()
        db.close()  # as after the server dropped the connection and the program let it go
        with pytest.raises(StorageProblem) as got:
            app.customers.search(manager, query)
        assert got.value.kind == "unreachable"
        office_server.start()
    finally:
        if not office_server.status().running:
            office_server.start()
    assert len(app.customers.search(manager, query).rows) == 1
    assert app.customers.count(manager, query) == 1
