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


def test_a_save_while_the_server_is_down_keeps_the_form_and_goes_through_once_it_is_back(
    qtbot, office_server, on_server, tmp_path, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

    from models import Customer, Event
    from tests.ui.test_intake import fill_by_keyboard
    from ui.intake.tab import IntakeTab

    app, office = on_server
    app.data_dir = tmp_path / "data"
    shown: list[tuple[str, str, str]] = []  # what message boxes the clerk saw: kind, title, text
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: shown.append(("warning", title, text)))
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text, *a: shown.append(("critical", title, text)))
    ctx = UiContext(app, office.users["clerk"])
    bridge = LiveBridge(ctx, office_server.url())
    bridge.listener.retry_s = 0.3
    assert bridge.start()
    window = QWidget()  # as ui.application lays a window out: the banner above the tab
    qtbot.addWidget(window)
    tab = IntakeTab(ctx)
    banner = bridge.banner_for(window)
    layout = QVBoxLayout(window)
    layout.addWidget(banner)
    layout.addWidget(tab, 1)
    window.resize(1300, 800)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    f = tab.form
    try:
        fill_by_keyboard(qtbot, tab, "刘梅", "1956", "139 0000 0001")
        office_server.stop()
        qtbot.waitUntil(banner.isVisible, timeout=10000)
        qtbot.keyClick(f.staff, Qt.Key.Key_Return)  # save, the server away
        assert [(kind, title) for kind, title, _ in shown] == [("warning", "没有保存")]
        assert "连不上本店服务器" in shown[0][2] and "Error" not in shown[0][2]
        assert "已保存" not in tab.status.text()
        # Everything typed is still there, ready for the next try.
        assert f.name.text() == "刘梅" and f.birth_year.text() == "1956" and f.phone1.text() == "139 0000 0001"
        assert f.channel.currentData() == "kepu" and f.staff.currentData() == office.s1
        office_server.start()
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=15000)
        qtbot.keyClick(f.staff, Qt.Key.Key_Return)  # the same save again
        assert "已保存" in tab.status.text() and "归属 张三" in tab.status.text()
        assert len(shown) == 1 and f.name.text() == ""
    finally:
        if not office_server.status().running:
            office_server.start()
        bridge.stop()
    cards = list(Customer.select().where(Customer.name == "刘梅"))
    assert len(cards) == 1  # one card, registered once
    assert Event.select().where(Event.customer == cards[0].id, Event.type == "register").count() == 1
