"""Issue 16, item 5: two PCs at the same moment on PostgreSQL. Two processes wait behind a barrier and
then act together, 40 trials each: registering one customer, pre-heating one customer, saving cards
with one phone number, and wrong passwords. Afterwards every stored snapshot must equal the engine's
verdict over the timeline, every competing registration must have its case, no phone may be on two
cards, and the account must be locked. Runs against the server that ./test.sh starts (KEYUAN_TEST_PG)."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_URL, reset_postgres

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs KEYUAN_TEST_PG (./test.sh starts a server)")

TRIALS = 40
ROOT = Path(__file__).resolve().parents[2]
T0 = dt.datetime(2026, 3, 1, 9, 0)


def _services():
    sys.path.insert(0, str(ROOT))
    from models import init_db
    from services.app import Services
    from services.platform.clock import FixedClock

    init_db(PG_URL)
    return Services(FixedClock(T0))


def _actor(username: str):
    from models import User
    from services.office.auth import actor_for

    return actor_for(User.get(User.username == username))


def _worker(kind: str, who: int, barrier, customers: list[int], results) -> None:
    """One PC: for each trial wait for the other, then act at once."""
    app = _services()
    from services.platform.errors import ServiceError

    user = _actor(f"u{who}")
    errors = []
    for i in range(TRIALS):
        barrier.wait(timeout=60)
        try:
            if kind == "register":
                app.timeline.register(user, customers[i], user.staff_id, "scatter")
            elif kind == "preheat":
                app.timeline.preheat(user, customers[i], user.staff_id)
            elif kind == "phone":
                app.customers.create(_actor("clerk"), f"顾客{who}", [f"1390000{i:04d}"])
            elif kind == "password":
                app.auth.login("victim", "wrong-password")
        except ServiceError as exc:
            errors.append(type(exc).__name__)
        except Exception as exc:  # noqa: BLE001 - a raw database error is a failure the test reports
            errors.append(f"RAW {type(exc).__name__}: {exc}")
    results.put((who, errors))


@pytest.fixture
def office():
    reset_postgres(PG_URL)
    app = _services()
    admin = app.auth.create_first_admin("admin", "admin123")
    d1 = app.org.create_department(admin, "一部").id
    d2 = app.org.create_department(admin, "二部").id
    s1 = app.org.create_staff(admin, "张三", d1).id
    s2 = app.org.create_staff(admin, "李四", d2).id
    app.auth.create_user(admin, "u1", None, "staff", staff_id=s1)
    app.auth.create_user(admin, "u2", None, "staff", staff_id=s2)
    app.auth.create_user(admin, "clerk", None, "clerk")
    app.auth.create_user(admin, "victim", "secret1", "clerk")
    clerk = _actor("clerk")
    customers = [app.customers.create(clerk, f"王{i}", [f"1380000{i:04d}"]).id for i in range(TRIALS)]
    yield app, customers
    from models import close_db

    close_db()


def race(kind: str, customers: list[int]) -> list[str]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(kind, who, barrier, customers, results)) for who in (1, 2)]
    env = os.environ.get("QT_QPA_PLATFORM")
    for p in procs:
        p.start()
    out = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert env == os.environ.get("QT_QPA_PLATFORM")
    return [e for _, errors in out for e in errors]


def wrong_snapshots(app, customers: list[int]) -> list[int]:
    from models import Ownership

    wrong = []
    for cid in customers:
        v = app.timeline.verdict(cid)
        snap = Ownership.get(Ownership.customer == cid)
        stored = snap.owner_id if snap.owner_kind == "staff" else snap.owner_kind
        fresh = v.owner if v.owner_is_staff else ("pool" if v.owner == "pool" else "none")
        if (stored, snap.claim_state, snap.rule) != (fresh, v.claim_state, v.rule):
            wrong.append(cid)
    return wrong


def test_two_staff_register_the_same_customer_at_the_same_moment(office):
    app, customers = office
    errors = race("register", customers)
    assert [e for e in errors if e.startswith("RAW")] == []
    assert wrong_snapshots(app, customers) == []
    from models import ConflictCase, Event

    missing = [
        cid
        for cid in customers
        if Event.select().where((Event.customer == cid) & (Event.type == "register")).count() == 2
        and not ConflictCase.select().where((ConflictCase.customer == cid) & (ConflictCase.rule == "R3")).exists()
    ]
    assert missing == []


def test_two_staff_preheat_the_same_customer_at_the_same_moment(office):
    app, customers = office
    u1, u2 = _actor("u1"), _actor("u2")
    for cid in customers:
        app.timeline.register(u1, cid, u1.staff_id, "scatter")
        app.timeline.register(u2, cid, u2.staff_id, "community")
    errors = race("preheat", customers)
    assert [e for e in errors if e.startswith("RAW")] == []
    assert wrong_snapshots(app, customers) == []


def test_the_same_phone_saved_by_two_clerks_at_once_makes_one_card(office):
    from models import Phone

    errors = race("phone", [])
    assert [e for e in errors if e.startswith("RAW")] == []
    assert errors.count("DuplicateFound") == TRIALS
    numbers = [n for (n,) in Phone.select(Phone.number).where(Phone.number.startswith("1390000")).tuples()]
    assert len(numbers) == len(set(numbers)) == TRIALS


def test_parallel_wrong_passwords_all_count(office):
    app, _ = office
    errors = race("password", [])
    assert [e for e in errors if e.startswith("RAW")] == []
    from services.platform.errors import LoginFailed

    with pytest.raises(LoginFailed) as err:
        app.auth.login("victim", "secret1")
    assert "锁定" in err.value.message
