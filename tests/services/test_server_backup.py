"""Backups of the office server (issue 22): pg_dump, verified by a restore, retention, and restore."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from models import close_db, init_db
from services.app import Services
from services.platform import server_backup
from services.platform.office_server import OfficeServerError
from tests.office_server_fixture import fresh_database

ROOT = Path(__file__).resolve().parents[2]


def customers(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM customer").fetchone()[0]


@pytest.fixture
def office_on_server(office_server):
    fresh_database(office_server)
    for p in server_backup.folder_of(office_server).glob("*"):
        p.unlink()
    init_db(office_server.url())
    app = Services()
    admin = app.auth.create_first_admin("admin", "admin123")
    from tests.helpers import make_office

    office = make_office(app, admin)
    app.customers.create(office.users["clerk"], "王大爷", ["13800000001"])
    close_db()
    return office_server


def test_a_verified_backup_restores_what_was_there(office_on_server):
    srv = office_on_server
    made = server_backup.backup_now(srv, dt.datetime(2026, 3, 1, 9, 0))
    assert made.path.name == "keyuan-20260301-090000.dump" and made.rows > 0
    assert [b.path for b in server_backup.list_backups(srv)] == [made.path]
    assert not server_backup.due(srv, dt.datetime(2026, 3, 1, 20, 0))
    assert server_backup.due(srv, dt.datetime(2026, 3, 2, 9, 1))
    assert srv.password() not in made.path.read_bytes().decode("latin-1")  # no secret in the dump

    init_db(srv.url())
    app = Services()
    app.customers.create(app.auth.login("admin", "admin123"), "李奶奶", ["13900000002"])
    close_db()
    assert customers(srv.url()) == 2
    kept = server_backup.restore(srv, made.path, dt.datetime(2026, 3, 1, 10, 0))
    assert kept.exists() and kept.name == "before-restore-20260301-100000.dump"
    assert customers(srv.url()) == 1
    # the office works after the restore: the program's role owns what came back
    init_db(srv.url())
    try:
        app = Services()
        app.customers.create(app.auth.login("admin", "admin123"), "赵大妈", ["13700000003"])
    finally:
        close_db()
    assert customers(srv.url()) == 2


def test_retention_keeps_one_a_day_and_refuses_a_file_that_is_not_a_backup(office_on_server, tmp_path):
    srv = office_on_server
    for at in (dt.datetime(2026, 3, 1, 9, 0), dt.datetime(2026, 3, 1, 9, 30), dt.datetime(2026, 3, 2, 10, 0)):
        server_backup.backup_now(srv, at)
    # the newest of each day is kept: 03-01 09:00 gave way to 03-01 09:30
    assert [b.taken_at for b in server_backup.list_backups(srv)] == [
        dt.datetime(2026, 3, 2, 10, 0),
        dt.datetime(2026, 3, 1, 9, 30),
    ]
    stray = tmp_path / "notes.dump"
    stray.write_text("not a dump")
    with pytest.raises(OfficeServerError, match="做过核对的备份"):
        server_backup.restore(srv, stray)
    assert customers(srv.url()) == 1


def test_server_backup_command(office_on_server):
    out = subprocess.run(
        [sys.executable, "main.py", "server", "backup", "--folder", str(office_on_server.folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "已备份并核对" in out.stdout and office_on_server.password() not in out.stdout + out.stderr
