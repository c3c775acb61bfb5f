"""Live across PCs in the window (issue 22): the office server's notifications reach ctx.bus, and an
unreachable server shows one banner that goes away when the server is back."""

from __future__ import annotations

import pytest

from models import close_db, init_db
from services.app import Services
from tests.office_server_fixture import fresh_database
from ui.context import UiContext
from ui.frontdesk.window import FrontDeskWindow
from ui.live import LiveBridge, ServerBanner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def on_server(office_server):
    fresh_database(office_server)
    init_db(office_server.url())
    app = Services()
    admin = app.auth.create_first_admin("admin", "admin123")
    from tests.helpers import make_office

    office = make_office(app, admin)
    yield app, office
    close_db()


def test_a_change_recorded_on_the_server_arrives_on_the_bus(qtbot, office_server, on_server):
    app, office = on_server
    ctx = UiContext(app, office.users["front"])
    bridge = LiveBridge(ctx, office_server.url())
    assert bridge.start()
    try:
        with qtbot.waitSignal(
            ctx.bus.changed, timeout=3000, check_params_cb=lambda ch: ch.source is bridge and "customer" in ch.kinds
        ) as got:
            cid = app.customers.create(office.users["clerk"], "王大爷", ["13800000001"]).id
        assert cid in got.args[0].customer_ids
    finally:
        bridge.stop()


def test_banner_while_the_server_is_down_and_gone_when_it_is_back(qtbot, office_server, on_server):
    app, office = on_server
    ctx = UiContext(app, office.users["front"])
    bridge = LiveBridge(ctx, office_server.url())
    bridge.listener.retry_s = 0.3
    assert bridge.start()
    w = FrontDeskWindow(ctx)
    qtbot.addWidget(w)
    banner = bridge.banner_for(w)
    w.attach_server_banner(banner)
    w.show()
    assert isinstance(banner, ServerBanner) and not banner.isVisible()
    w.panel.search.setText("王大爷")  # what the desk typed stays while the server is away
    try:
        office_server.stop()
        qtbot.waitUntil(banner.isVisible, timeout=10000)
        assert "连不上本店服务器" in banner.text()
        assert w.panel.search.text() == "王大爷"
        with qtbot.waitSignal(ctx.bus.changed, timeout=15000):  # back: every view reads again
            office_server.start()
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
    finally:
        if not office_server.status().running:
            office_server.start()
        bridge.stop()
