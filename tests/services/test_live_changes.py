"""Live across PCs (issue 22): a card recorded by one program process reaches another process's change
listener within 1 second, through PostgreSQL LISTEN/NOTIFY on the office server."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from models import close_db, init_db
from services.app import Services
from services.platform.live import ChangeListener, LiveChange, parse_payload
from tests.helpers import make_office, user
from tests.office_server_fixture import fresh_database

ROOT = Path(__file__).resolve().parents[2]

CLERK = """
import sys, time
sys.path.insert(0, {root!r})
from models import init_db
from services.app import Services
init_db({url!r})
app = Services()
clerk = app.auth.login("clerk2", "clerk-pass1")
cid = app.customers.create(clerk, "王大爷", ["13800000001"]).id
print(cid, repr(time.time()), flush=True)
app.timeline.register(app.auth.login("s1b", "staff-pass1"), cid, {staff}, "scatter")
print(repr(time.time()), flush=True)
"""


def test_payloads():
    assert parse_payload("event:3,1,3") == LiveChange(frozenset({"customer", "ownership"}), (1, 3), False)
    assert parse_payload("ownership:*") == LiveChange(frozenset({"ownership"}), (), True)
    assert parse_payload("meeting:") == LiveChange(frozenset({"meeting"}), (), False)
    assert parse_payload("nonsense:1") is None and parse_payload("event:x") is None


def test_a_card_recorded_in_one_process_reaches_the_other_within_a_second(office_server):
    srv = office_server
    fresh_database(srv)
    url = srv.url()
    init_db(url)  # creates the schema and the notify triggers (migration 7)
    try:
        app = Services()
        admin = app.auth.create_first_admin("admin", "admin123")
        office = make_office(app, admin)
        user(app, admin, "clerk2", "clerk", password="clerk-pass1")
        user(app, admin, "s1b", "staff", staff_id=office.s1, password="staff-pass1")
        staff = office.s1
    finally:
        close_db()

    arrived: list[tuple[float, LiveChange]] = []
    got = threading.Condition()

    def on_change(change: LiveChange) -> None:
        with got:
            arrived.append((time.time(), change))
            got.notify_all()

    listener = ChangeListener(url, on_change)  # the kiosk's side, in this process
    assert listener.start()
    try:
        out = subprocess.run(
            [sys.executable, "-c", CLERK.format(root=str(ROOT), url=url, staff=staff)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert out.returncode == 0, out.stderr
        first, second = out.stdout.split("\n")[:2]
        cid, created_at = int(first.split()[0]), float(first.split()[1])
        registered_at = float(second)

        def seen(kind: str, after: float) -> float | None:
            for at, change in arrived:
                if kind in change.kinds and cid in change.customer_ids and at >= after - 0.05:
                    return at
            return None

        with got:
            got.wait_for(lambda: seen("customer", created_at) and seen("ownership", registered_at), timeout=5)
        assert seen("customer", created_at) - created_at < 1.0
        assert seen("ownership", registered_at) - registered_at < 1.0
    finally:
        listener.stop()
    assert not listener._thread.is_alive()


def test_an_unreachable_server_is_reported_and_retried():
    states: list[bool] = []
    listener = ChangeListener("postgresql://keyuan:x@127.0.0.1:9/keyuan", lambda c: None, states.append, retry_s=0.2)
    assert not listener.start(wait_s=1.0)
    deadline = time.monotonic() + 5
    while not states and time.monotonic() < deadline:
        time.sleep(0.05)
    listener.stop()
    assert states == [False] and listener.connected is False
