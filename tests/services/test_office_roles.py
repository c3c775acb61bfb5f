"""Issue 16: the URL every PC holds may only append to the audit log (PostgreSQL, the server that ./test.sh
starts). The office database is set up as the server PC sets it up (services.platform.office_roles): tables
owned by a role nobody logs in as, the program's role granted SELECT and INSERT on the audit log and no
more. Each attack is tried with the program's own role, as anyone holding a PC's URL and psql could."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from models import close_db, init_db
from tests.conftest import PG_URL, T0

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs KEYUAN_TEST_PG (./test.sh starts a server)")

TAG = f"{os.getpid()}"
DATABASE = f"kyt_roles_{TAG}"
OWNER = f"kyt_owner_{TAG}"
PROGRAM = f"kyt_program_{TAG}"
TRIGGER_MESSAGE = "审计日志只能追加"


def _url(user: str | None, database: str) -> str:
    parts = urlsplit(PG_URL)
    netloc = parts.netloc if user is None else f"{user}@{parts.hostname}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", "", ""))


ADMIN_URL = _url(None, DATABASE) if PG_URL else ""
PROGRAM_URL = _url(PROGRAM, DATABASE) if PG_URL else ""


def _admin(*statements: str) -> None:
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


@pytest.fixture
def office_database():
    """An empty database and the two roles; dropped afterwards."""
    close_db()
    _admin(
        f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)",
        f"DROP ROLE IF EXISTS {PROGRAM}",
        f"DROP ROLE IF EXISTS {OWNER}",
        f"CREATE ROLE {PROGRAM} LOGIN",
        f"CREATE DATABASE {DATABASE} OWNER {PROGRAM} ENCODING 'UTF8' TEMPLATE template0",
    )
    yield
    close_db()
    _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)", f"DROP ROLE IF EXISTS {PROGRAM}")
    _admin(f"DROP ROLE IF EXISTS {OWNER}")


def _prepare() -> int:
    from services.platform.office_roles import prepare

    return prepare(ADMIN_URL, database=DATABASE, program=PROGRAM, owner=OWNER)


def _office_work() -> int:
    """A few ordinary actions as the program's role (the office is made the first time); returns the
    audit rows they added."""
    from models import AuditLog, Customer, User
    from services.app import Services
    from services.office.auth import actor_for
    from services.platform.clock import FixedClock
    from tests.helpers import make_office

    init_db(PROGRAM_URL)
    try:
        before = AuditLog.select().count()
        app = Services(FixedClock(T0))
        if not User.select().exists():
            make_office(app, app.auth.create_first_admin("admin", "admin123", "管理员"))
        clerk, s1, gm = (actor_for(User.get(User.username == u)) for u in ("clerk", "u_s1", "gm"))
        n = Customer.select().count()
        card = app.customers.create(clerk, f"王大爷{'一二三四五'[n]}", [f"1390000111{n}"])
        app.timeline.register(s1, card.id, s1.staff_id, "scatter")
        full = app.customers.card(gm, card.id)
        app.customers.update(gm, card.id, {"address": "学院路 1 号"}, full.version)
        return AuditLog.select().count() - before
    finally:
        close_db()


ATTACKS = {
    "update": "UPDATE audit_log SET reason = 'changed'",
    "delete": "DELETE FROM audit_log",
    "truncate": "TRUNCATE audit_log",
    "disable the trigger": "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "drop the trigger": "DROP TRIGGER keyuan_audit_append_only ON audit_log",
    "drop the table": "DROP TABLE audit_log",
    "become the owner": f"SET ROLE {OWNER}",
    "take the table": f"ALTER TABLE audit_log OWNER TO {PROGRAM}",
}


def _attack(sql: str) -> str:
    """Run ``sql`` as the program's role, then (if it passed) an UPDATE; '' when both went through."""
    with psycopg.connect(PROGRAM_URL, autocommit=True) as conn:
        try:
            conn.execute(sql)
            conn.execute("UPDATE audit_log SET reason = 'changed'")
        except psycopg.Error as exc:
            return f"{exc.sqlstate} {str(exc).splitlines()[0]}"
    return ""


def _audit_rows() -> list[tuple]:
    with psycopg.connect(ADMIN_URL) as conn:
        return conn.execute("SELECT id, action, reason FROM audit_log ORDER BY id").fetchall()


def test_the_program_role_may_only_append_to_the_audit_log(office_database):
    assert _prepare() > 0
    assert _office_work() >= 3  # normal work still audits: the card, its registration, the edit
    rows = _audit_rows()
    refused = {name: _attack(sql) for name, sql in ATTACKS.items()}
    assert all(refused.values()), refused
    # refused by privileges (42501: permission denied / must be owner), before any trigger is reached
    assert all(r.startswith("42501") for r in refused.values()), refused
    assert not any(TRIGGER_MESSAGE in r for r in refused.values()), refused
    assert _audit_rows() == rows
    with psycopg.connect(ADMIN_URL) as conn:
        owners = {o for (o,) in conn.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")}
        assert owners == {OWNER}
        assert conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (PROGRAM, OWNER)).fetchone()[0] is False
        assert conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (OWNER,)).fetchone()[0] is False
    assert _office_work() >= 3  # and again after the attacks


def test_an_office_set_up_before_is_taken_from_the_program_role_without_losing_a_row(office_database):
    # Before issue 16 the program's role owned the database and made the tables itself: it could turn the
    # trigger off and rewrite the log.
    init_db(PROGRAM_URL)
    close_db()
    _office_work()
    rows = _audit_rows()
    with psycopg.connect(PROGRAM_URL, autocommit=True) as conn:
        conn.execute("BEGIN")
        conn.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
        assert conn.execute("UPDATE audit_log SET reason = 'changed'").rowcount == len(rows)
        conn.execute("ROLLBACK")
    _prepare()
    assert _audit_rows() == rows
    assert _attack(ATTACKS["disable the trigger"]).startswith("42501")
    assert _office_work() >= 3


def test_a_pc_with_a_newer_program_does_not_upgrade_the_server_half_way(office_database):
    from models import DatabaseOpenError
    from models.migrations import LATEST, MIGRATIONS

    before_claim = next(i for i, m in enumerate(MIGRATIONS) if m.__name__.endswith("_phone_claim"))
    _prepare()
    with psycopg.connect(_url(None, DATABASE), autocommit=True) as conn:  # an older schema, as the owner left it
        conn.execute(f"SET ROLE {OWNER}")
        conn.execute("ALTER TABLE phone DROP COLUMN shared")
        conn.execute("UPDATE schema_version SET version = %s", (before_claim,))
    with pytest.raises(DatabaseOpenError) as err:
        init_db(PROGRAM_URL)
    assert "服务器" in err.value.message and "升级" in err.value.message and "未做任何改动" in err.value.message
    with psycopg.connect(ADMIN_URL) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == before_claim
    assert _prepare() == LATEST  # the server PC upgrades it
    assert _office_work() >= 3
