"""Every role's day of SPEC §10 as a test: the real login dialog, the real main window, a demo office."""

from __future__ import annotations

import pytest

from services.cli.demo import REFERENCE_DAY
from tests.journeys import roles
from tests.journeys.driver import Walk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def walk(qapp, request):
    from ui import i18n

    i18n.install("zh_CN")  # as the program does at start: Qt's own dialogs in Chinese too
    w = Walk(request.node.name.removeprefix("test_"), REFERENCE_DAY)
    yield w
    roles.log_out(w)  # also after a failed step: windows closed, writes finished, database closed


@pytest.fixture(autouse=True)
def nothing_cut_off(walk):
    """At 1280×800 no step of a day shows a table with a cut title, a cut value without its tooltip or
    columns past the table's right edge (driver.clipped)."""
    yield
    assert not walk.cut, "\n".join(walk.cut)


def test_admin(walk, demo_db):
    roles.admin_day(walk, demo_db)


def test_front_desk(walk, demo_db):
    roles.front_desk_day(walk, demo_db)


def test_coordinator(walk, demo_db):
    roles.coordinator_day(walk, demo_db)


def test_gm(walk, demo_db):
    roles.gm_day(walk, demo_db)


def test_director(walk, demo_db):
    roles.director_day(walk, demo_db)


def test_manager(walk, demo_db, tmp_path):
    roles.manager_day(walk, demo_db, tmp_path)


def test_staff(walk, demo_db):
    roles.staff_day(walk, demo_db)


def test_clerk(walk, demo_db):
    roles.clerk_day(walk, demo_db)
