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
from services.clock import FixedClock  # noqa: E402

T0 = dt.datetime(2026, 3, 1, 8, 0)


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "keyuan.db")


@pytest.fixture
def app(db_path):
    """Services over a fresh SQLite file, clock fixed at 2026-03-01 08:00."""
    init_db(db_path)
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
