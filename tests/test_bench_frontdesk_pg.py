"""bench/frontdesk_pg.py keeps working: the front desk's lookup against the bare psycopg query and the
change seen by a second process, on a small office on a real office server (loopback). No timing is
asserted, only that every figure was measured."""

from __future__ import annotations

import json

from bench.frontdesk_pg import main
from models import close_db, init_db
from services.app import Services
from tests.office_server_fixture import fresh_database


def test_every_lookup_kind_and_the_change_visible_are_measured(office_server, capsys):
    fresh_database(office_server)
    init_db(office_server.url())
    try:
        app = Services()
        admin = app.auth.create_first_admin("admin", "admin123")
        from tests.helpers import make_office

        office = make_office(app, admin)
        for i, name in enumerate(["王大明", "王小红", "李秀英", "张伟", "刘芳"] * 4):
            app.customers.create(office.users["clerk"], name, [f"1380000{i:04d}"])
    finally:
        close_db()
    assert main([office_server.url(), "--runs", "1", "--visits", "2"]) == 0
    close_db()
    out = json.loads(capsys.readouterr().out)
    assert out["customers"] == 20 and office_server.password() not in json.dumps(out)
    assert set(out["lookup"]) == {"phone", "last4", "name", "initials"}
    for kind, figures in out["lookup"].items():
        assert figures["keys"] > 0, kind
        for key in ("ms", "first_view_ms", "bare_ms", "cpu_ms", "bare_cpu_ms"):
            assert figures[key] > 0, (kind, key)
    seen = out["change_visible"]
    assert seen["visits"] == 2 and seen["visible_ms_median"] > 0
