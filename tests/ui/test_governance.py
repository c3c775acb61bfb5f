"""规则与审批: the dry run shows who would change hands; saving applies; the director approves lookups."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QInputDialog

from ui.context import UiContext
from ui.governance import GovernanceTab

T = dt.datetime


def preheated_on_day_two(app, office):
    """张三 registered (kepu, 2-day window) and pre-heated on day 2; 王五 registered meanwhile."""
    c = app.customers.create(office.users["clerk"], "王大爷", ["13800000001"]).id
    app.clock.set(T(2026, 3, 1, 9, 0))
    app.timeline.register(office.users["s1"], c, office.s1, "kepu")
    app.clock.set(T(2026, 3, 2, 9, 0))
    app.timeline.register(office.users["s3"], c, office.s3, "kepu")
    app.clock.set(T(2026, 3, 3, 10, 0))
    app.timeline.preheat(office.users["s1"], c, office.s1)
    app.clock.set(T(2026, 3, 4, 9, 0))
    return c


def test_dry_run_then_save_with_a_reason(qtbot, app, office, monkeypatch):
    c = preheated_on_day_two(app, office)
    tab = GovernanceTab(UiContext(app, office.users["director"]))
    qtbot.addWidget(tab)
    page = tab.rules
    page.fields["preheat_days"].setValue(1)
    page.on_dry_run()
    qtbot.waitUntil(lambda: page.effects.rowCount() == 1, timeout=10000)
    assert page.effects.item(0, 1).text() == "张三" and page.effects.item(0, 2).text() == "王五"
    assert "尚未保存" in page.summary.text()
    assert app.timeline.verdict(c).owner == office.s1  # the dry run wrote nothing
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("预热期限改为 1 天", True))
    page.on_save()
    qtbot.waitUntil(lambda: "已保存" in page.summary.text(), timeout=10000)
    assert app.settings.params().preheat_days == 1
    assert app.ownership.view(office.users["director"], c).owner_name == "王五"


def test_director_approves_a_lookup_for_some_hours(qtbot, app, office, monkeypatch):
    c = app.customers.create(office.users["clerk"], "李奶奶", ["13800000002"]).id
    app.timeline.register(office.users["s3"], c, office.s3, "kepu")
    request = app.access.request_lookup(office.users["manager1"], c, "顾客来一部咨询")
    tab = GovernanceTab(UiContext(app, office.users["director"]))
    qtbot.addWidget(tab)
    page = tab.tabs.widget(1)
    assert page.table.rowCount() == 1
    page.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (8, True))
    page.on_approve()
    assert page.table.rowCount() == 0
    assert app.access.can_see_full(office.users["manager1"], c)
    assert request.id
