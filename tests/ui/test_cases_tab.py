"""The 冲突仲裁 tab as the coordinator and the GM use it, and the ownership box."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from ui.cases.model import COL_CUSTOMER, COL_STATE, CaseQueueModel
from ui.cases.tab import CasesTab
from ui.context import Change, UiContext
from ui.ownership_box import OwnershipBox


@pytest.fixture
def world(app, office):
    """王大爷: 张三 (一部) registers, 王五 (二部) registers and pre-heats first (R3) — two cases.
    李奶奶: 李四 and 赵六 register on 2-27, nobody pre-heated — one case, deadline in 16 hours."""
    admin = office.admin
    t = app.timeline
    real_now = app.clock.now()

    def when(day: int, hour: int, minute: int = 0) -> dt.datetime:
        # Recorded as it happens (the clock at the event), as in the office.
        app.clock.set(dt.datetime(2026, 2, day, hour, minute))
        return app.clock.now()

    c1 = app.customers.create(admin, "王大爷", ["13800000001"]).id
    t.register(admin, c1, office.s1, "kepu", at=when(26, 9))
    first = t.register(admin, c1, office.s3, "scatter", at=when(26, 10)).cases_opened
    won = t.preheat(admin, c1, office.s3, at=when(26, 11)).cases_opened
    c2 = app.customers.create(admin, "李奶奶", ["13800000002"]).id
    t.register(admin, c2, office.s2, "kepu", at=when(27, 9))
    other = t.register(admin, c2, office.s4, "community", at=when(27, 14)).cases_opened
    app.clock.set(real_now)
    return {"c1": c1, "c2": c2, "competing": first[0], "preheat": won[0], "c2_case": other[0]}


def make_tab(qtbot, app, actor) -> CasesTab:
    ctx = UiContext(app, actor)
    tab = CasesTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 800)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def read_rows(path) -> list[tuple]:
    """Every row of the first sheet, values only (the workbook closed again)."""
    wb = load_workbook(path, read_only=True)
    try:
        return list(wb.active.iter_rows(values_only=True))
    finally:
        wb.close()


# The offscreen platform says this whenever a top-level window (a dialog) is shown; not ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

errors: list[BaseException] = []


@pytest.fixture(autouse=True)
def no_dialog_errors():
    errors.clear()
    yield
    if errors:
        raise errors[0]


def on_modal(handler, tries: int = 200) -> None:
    """Run ``handler(dialog)`` once a modal dialog is up (dialogs run their own event loop)."""

    def poll(left=tries):
        w = QApplication.activeModalWidget()
        if w is None:
            if left:
                QTimer.singleShot(10, lambda: poll(left - 1))
            return
        try:
            handler(w)
        except BaseException as exc:  # an assertion inside a dialog's event loop: fail the test, not Qt
            errors.append(exc)
            w.close()

    QTimer.singleShot(0, poll)


def click_row(qtbot, tab: CasesTab, case_id: int) -> None:
    row = tab.model.row_of(case_id)
    assert row >= 0
    rect = tab.table.visualRect(tab.model.index(row, COL_CUSTOMER))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_coordinator_overrides_from_the_queue(qtbot, app, office, world):
    tab = make_tab(qtbot, app, office.users["coordinator"])
    model = tab.model
    assert model.rowCount() == 3  # every open case, newest first
    assert model.index(0, COL_STATE).data() == "待处理"
    click_row(qtbot, tab, world["preheat"])
    view = tab.case_view
    assert view.title_label.text().startswith(f"案件 {world['preheat']} · 先预热者得")
    assert [t.objectName() for t in view.side_tables] == ["sideTable0", "sideTable1"]
    assert view.side_tables[1].item(1, 2).text() == "预热"
    assert view.ownership_box.owner_label.text() == "王五(二部)"
    assert view.proposed_label.text() == "建议归王五(R3 先预热者得)"

    def rule(dialog):
        dialog.target_combo.setCurrentIndex(dialog.target_combo.findData(office.s1))
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()  # no reason yet
        dialog.reason_edit.insert("张三先上门家访,王五的预热是误登")  # QTest types ASCII only
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)

    on_modal(rule)
    with qtbot.waitSignal(tab.ctx.bus.changed, timeout=3000) as changed:
        qtbot.mouseClick(view.override_button, Qt.MouseButton.LeftButton)
    assert {"case", "ownership"} <= changed.args[0].kinds
    box = view.ownership_box
    assert box.owner_label.text() == "张三(一部)"
    assert box.rule_label.text() == "R13 协调裁决"
    assert box.state_label.text() == "有效"
    assert "改判归张三" in view.resolution_label.text()
    assert not view.override_button.isEnabled() and not view.accept_button.isEnabled()
    assert model.row_of(world["preheat"]) == -1  # no longer in the queue of open cases
    # The ruling settled 王大爷's other open case too (issue 18): only 李奶奶's is left.
    assert model.row_of(world["competing"]) == -1
    assert tab.count_label.text() == "共 1 件"
    other = app.cases.get(office.users["coordinator"], world["competing"])
    assert other.state == "ruled" and other.resolution.startswith(f"随冲突案件 {world['preheat']} 一并结案")
    # Both timelines now end with the ruling, shown as a shared event.
    for table in view.side_tables:
        assert table.item(table.rowCount() - 1, 2).text().startswith("裁决归张三(协调助理)")
    # The case redrawn after the ruling: the boxes it replaced are hidden at once, not left drawn over the
    # header until Qt deletes them (the walk's picture after 接受建议 showed an old timeline there).
    current = {t.parentWidget() for t in view.side_tables}
    replaced = [
        t.parentWidget() for t in view.findChildren(type(view.side_tables[0])) if t.parentWidget() not in current
    ]
    assert replaced and all(box.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide) for box in replaced)
    assert all(box.isHidden() for box in replaced)


def test_queue_model_passes_the_model_tester_while_paging(qtbot, qtmodeltester, app, office, world):
    ctx = UiContext(app, office.users["coordinator"])
    model = CaseQueueModel(ctx, page=2)
    model.set_filter(None, None)
    assert model.rowCount() == 2 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 3 and not model.canFetchMore()
    qtmodeltester.check(model)
    model.set_filter("escalated", None)
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_an_action_the_service_refuses_is_a_message(qtbot, app, office, world):
    tab = make_tab(qtbot, app, office.users["coordinator"])
    click_row(qtbot, tab, world["c2_case"])
    # Someone else rules the case meanwhile; this window has not redrawn yet.
    app.cases.accept(office.users["coordinator"], world["c2_case"])
    seen = {}

    def reason(dialog):
        dialog.edit.insert("请总经理定")
        on_modal(message)
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)

    def message(box):
        seen["text"] = box.text()
        assert isinstance(box, QMessageBox)
        box.close()

    on_modal(reason)
    qtbot.mouseClick(tab.case_view.escalate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "text" in seen)
    assert seen["text"] == f"冲突案件 {world['c2_case']} 已于 2026-03-01 08:00 裁决,不能再次裁决。"


def test_gm_queue_and_final_ruling(qtbot, app, office, world):
    app.cases.escalate(office.users["coordinator"], world["competing"], "双方都说先打的电话")
    tab = make_tab(qtbot, app, office.users["gm"])
    assert tab.gm_button.isVisible() and not tab.case_view.escalate_button.isVisible()
    assert tab.model.rowCount() == 1  # the GM lands on the escalated cases
    assert tab.case_view.detail.case.id == world["competing"]
    assert tab.case_view.final_button.isEnabled()

    def rule(dialog):
        assert dialog.target_combo.currentData() == "accept"
        dialog.target_combo.setCurrentIndex(dialog.target_combo.findData("pool"))
        dialog.reason_edit.insert("两人都不实,交公司分配")  # QTest types ASCII only
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    on_modal(rule)
    with qtbot.waitSignal(tab.ctx.bus.changed, timeout=3000):
        qtbot.mouseClick(tab.case_view.final_button, Qt.MouseButton.LeftButton)
    assert tab.case_view.ownership_box.owner_label.text() == "公司资源池"
    assert tab.model.rowCount() == 0
    assert app.cases.get(office.users["gm"], world["competing"]).state == "ruled"


def test_manager_sees_only_their_department(qtbot, app, office, world):
    tab = make_tab(qtbot, app, office.users["manager1"])
    assert not tab.dept_combo.isEnabled() and tab.dept_combo.currentText() == "一部"
    names = {tab.model.index(r, COL_CUSTOMER).data() for r in range(tab.model.rowCount())}
    assert names == {"王D", "李奶奶"}  # 王大爷 now belongs to 二部: masked
    assert not tab.case_view.accept_button.isVisible()


def test_register_exports_off_the_gui_thread(qtbot, app, office, world, tmp_path):
    tab = make_tab(qtbot, app, office.users["coordinator"])
    tab.state_combo.setCurrentIndex(tab.state_combo.findData("__all__"))
    path = tmp_path / "登记簿.xlsx"
    job = tab.export_to(str(path))
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    assert job.error is None and job.result == 3
    rows = read_rows(path)
    assert [r[7] for r in rows[2:]] == ["李奶奶", "王大爷", "王大爷"]
    assert tab.count_label.text().startswith("已导出 3 件")
    assert tab.export_button.isEnabled()


def test_ownership_box_counts_down_and_turns_red_under_a_day(qtbot, app, office, world):
    ctx = UiContext(app, office.users["coordinator"])
    box = OwnershipBox(ctx)
    qtbot.addWidget(box)
    box.show_customer(world["c2"])  # 李四's pre-heat is due by 3-01 24:00; now 3-01 08:00
    assert box.owner_label.text() == "李四(一部)"
    assert box.state_label.text() == "待预热"
    assert box.deadline_label.text() == "3月1日 24:00(R2 预热超期视为放弃)"
    assert box.countdown_label.text() == "还剩 16 小时 0 分钟"
    assert box.countdown_label.property("urgent") is True
    box.show_customer(world["c1"])  # 王五 pre-heated 2-26: R6 lapses after 3-26 24:00
    assert box.countdown_label.text() == "还剩 25 天 16 小时"
    assert box.countdown_label.property("urgent") is False
    app.clock.set(dt.datetime(2026, 3, 26, 12, 0))
    box.on_tick()
    assert box.countdown_label.text() == "还剩 12 小时 0 分钟"
    assert box.countdown_label.property("urgent") is True
    # A ruling announced elsewhere redraws the box.
    app.timeline.ruling(office.users["coordinator"], world["c1"], office.s1, "coordinator", "核实")
    ctx.announce(Change(frozenset({"ownership"}), (world["c1"],)))
    assert box.owner_label.text() == "张三(一部)"


def test_accepting_a_proposal_that_changed_since_it_was_shown_asks_to_look_again(qtbot, app, office, world):
    """接受建议 accepts the proposal shown: when the timeline changed meanwhile, the service refuses, the view
    redraws with the new verdict and says what changed, and the next 接受建议 keeps that one."""
    tab = make_tab(qtbot, app, office.users["coordinator"])
    click_row(qtbot, tab, world["c2_case"])
    view = tab.case_view
    assert view.ownership_box.owner_label.text() == "李四(一部)"
    # 赵六 pre-heats 李奶奶 while the coordinator is looking (his own deadline runs to 3-01 24:00).
    app.timeline.preheat(office.users["s4"], world["c2"], office.s4)
    seen = {}

    def reason(dialog):
        on_modal(message)
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)

    def message(box):
        seen["text"] = box.text()
        box.close()

    on_modal(reason)
    qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "text" in seen)
    assert seen["text"].startswith(f"冲突案件 {world['c2_case']} 的时间线在您查看后有变化:系统建议现为归赵六(二部)")
    assert app.cases.get(office.users["coordinator"], world["c2_case"]).state == "open"  # nothing was ruled
    qtbot.waitUntil(lambda: view.ownership_box.owner_label.text() == "赵六(二部)")
    assert (
        "立案后时间线有变化" in view.proposal_label.text()
        and "现在规则引擎判定归赵六(二部)" in view.proposal_label.text()
    )

    on_modal(lambda dialog: qtbot.keyClick(dialog.edit, Qt.Key.Key_Return))
    with qtbot.waitSignal(tab.ctx.bus.changed, timeout=3000):
        qtbot.mouseClick(view.accept_button, Qt.MouseButton.LeftButton)
    ruled = app.cases.get(office.users["coordinator"], world["c2_case"])
    assert ruled.state == "ruled" and "赵六" in ruled.resolution


def test_the_gm_sees_who_escalated_and_why(qtbot, app, office, world):
    app.cases.escalate(office.users["coordinator"], world["competing"], "双方都说先打的电话")
    tab = make_tab(qtbot, app, office.users["gm"])
    assert tab.case_view.detail.case.id == world["competing"]
    text = tab.case_view.resolution_label.text()
    assert "已上报总经理" in text and "coord 3月1日08:00 上报:双方都说先打的电话" in text


def test_the_register_exports_the_filtered_view_or_every_case_as_the_user_chooses(
    qtbot, app, office, world, tmp_path, monkeypatch
):
    tab = make_tab(qtbot, app, office.users["coordinator"])
    app.cases.accept(office.users["coordinator"], world["c2_case"])  # one case ruled: the open queue shows 王大爷's
    tab.reload()
    assert tab.filters() == ("open", None)
    for choice, expected in (("当前筛选的案件", 2), ("全部案件", 3)):
        path = tmp_path / f"{expected}.xlsx"
        monkeypatch.setattr("ui.cases.tab.ask_xlsx_path", lambda *a, p=path: str(p))

        def choose(box, label=choice):
            (button,) = [b for b in box.buttons() if b.text() == label]
            button.click()

        on_modal(choose)
        tab.on_export()
        qtbot.waitUntil(lambda: tab.export_job is not None and not tab.export_job.running, timeout=10000)
        assert tab.export_job.result == expected
        assert len(read_rows(path)) - 2 == expected
        tab.export_job = None
