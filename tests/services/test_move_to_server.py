"""搬到本店服务器 (issue 22): a demo SQLite office moves to the office server with one command; the file
is untouched; every table's count, every ownership verdict and the audit log are equal afterwards."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from models import close_db, init_db
from services.cli.demo import build_demo
from services.platform.move import MoveError, all_models, move_to_server
from tests.office_server_fixture import fresh_database

ROOT = Path(__file__).resolve().parents[2]
VERDICT = "customer_id, owner_kind, owner_id, owner_department_id, claim_state, rule, next_deadline, next_rule"
AUDIT = "id, at, user_id, action, entity, entity_id, customer_id, old, new, rule, reason"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("move") / "demo.db"
    build_demo(str(path), customers=40)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sqlite_rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def pg_rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def same(a, b) -> bool:
    """Values read by sqlite3 (text, 0/1) and psycopg (datetime, bool) compared as the text they show."""
    norm = lambda v: "" if v is None else (str(int(v)) if isinstance(v, bool) else str(v))  # noqa: E731
    return [tuple(map(norm, r)) for r in a] == [tuple(map(norm, r)) for r in b]


def test_move_keeps_the_file_and_every_count_verdict_and_audit_row(office_server, demo_db):
    srv = office_server
    fresh_database(srv)
    before = digest(demo_db)
    out = subprocess.run(
        [sys.executable, "main.py", "--db", str(demo_db), "move-to-server", "--folder", str(srv.folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "数量一一相等" in out.stdout and "逐条核对一致" in out.stdout
    assert srv.password() not in out.stdout + out.stderr
    assert digest(demo_db) == before  # the SQLite file is the office's backup: not one byte changed

    url = srv.url()
    owners = pg_rows(srv.admin_url("keyuan"), "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
    assert owners == [("keyuan_owner",)]  # moved in as the owner: the PCs' role owns nothing
    for model in all_models():
        t = model._meta.table_name
        n_file = sqlite_rows(demo_db, f'SELECT count(*) FROM "{t}"')[0][0]
        assert pg_rows(url, f'SELECT count(*) FROM "{t}"')[0][0] == n_file, t
    assert sqlite_rows(demo_db, "SELECT count(*) FROM customer")[0][0] >= 40
    order = " ORDER BY 1"
    assert same(
        sqlite_rows(demo_db, f"SELECT {VERDICT} FROM ownership{order}"),
        pg_rows(url, f"SELECT {VERDICT} FROM ownership{order}"),
    )
    assert same(
        sqlite_rows(demo_db, f"SELECT {AUDIT} FROM audit_log{order}"),
        pg_rows(url, f"SELECT {AUDIT} FROM audit_log{order}"),
    )

    # The office works on the server: the demo's administrator logs in, new rows get new ids.
    from services.app import Services

    init_db(url)
    try:
        app = Services()
        admin = app.auth.login("admin", "admin123")
        d = app.org.create_department(admin, "新部门")
        assert d.id > max(r[0] for r in sqlite_rows(demo_db, "SELECT id FROM department"))
    finally:
        close_db()


def test_a_second_move_onto_an_office_is_refused_and_changes_nothing(office_server, demo_db):
    srv = office_server
    fresh_database(srv)
    with pytest.raises(MoveError, match="没有搬入的权限"):  # the program's role of the PCs may not move an office in
        move_to_server(demo_db, srv.url())
    assert pg_rows(srv.url(), "SELECT count(*) FROM event")[0][0] == 0
    move_to_server(demo_db, srv.owner_url())  # the server PC does, as the owner
    count = pg_rows(srv.url(), "SELECT count(*) FROM event")[0][0]
    with pytest.raises(MoveError, match="已经有办公室的数据"):
        move_to_server(demo_db, srv.owner_url())
    assert pg_rows(srv.url(), "SELECT count(*) FROM event")[0][0] == count


def test_a_file_that_is_not_an_office_is_refused(office_server, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"just some text, not a database" * 10)
    with pytest.raises(MoveError):
        move_to_server(bad, office_server.url())
    with pytest.raises(MoveError, match="找不到"):
        move_to_server(tmp_path / "missing.db", office_server.url())
