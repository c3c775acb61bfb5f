"""The 档案分配 tab as a manager and the resource director use it: preview, swap, confirm; the pool."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from models import Ownership
from tests.conftest import T0
from ui.allocation.models import BatchListModel, PoolModel
from ui.allocation.tab import AllocationTab
from ui.context import UiContext

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def messages(monkeypatch):
    """Message boxes answered without showing them; what they said is kept."""
    said: list[str] = []

    def warning(_parent, title, text, *a, **k):
        said.append(f"{title}:{text}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(warning))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    return said


@pytest.fixture
def processed(app, office):
    clerk = office.users["clerk"]
    ids = [app.customers.create(clerk, f"顾客{i}", [f"1380000{i:04d}"]).id for i in range(5)]
    app.timeline.register(office.admin, ids[4], office.s3, "scatter")
    b = app.allocation.create_batch(
        clerk, "社区科普", "kepu", event_date=T0.date(), organiser_id=office.d1, participant_ids=[office.s1, office.s2]
    )
    app.allocation.add_cards(clerk, b.id, ids)
    app.allocation.process(clerk, b.id)
    return b.id, ids


def make_tab(qtbot, app, actor) -> AllocationTab:
    tab = AllocationTab(UiContext(app, actor))
    qtbot.addWidget(tab)
    tab.resize(1300, 800)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def test_manager_previews_swaps_and_confirms(qtbot, app, office, processed, messages, monkeypatch):
    batch_id, ids = processed
    tab = make_tab(qtbot, app, office.users["manager1"])
    page = tab.batches
    assert tab.pool is not None  # managers see the pool page too
    assert not page.new_button.isVisible() and not page.process_button.isVisible()
    page.batch_view.selectRow(0)
    # The preview shows each recipient with the count and the tie order; the owned card is listed apart.
    rows = [(r.staff_name, r.count, r.tie_rank) for r in page.recipients.rows()]
    assert rows == [("张三", 2, 1), ("李四", 2, 2)]
    assert "余数顺序:1. 张三(此前 0 张)" in page.rule.text()
    assert [c.note for c in page.left_out.rows()] == ["已归 王五 所有"]
    # Swap 张三's first card to 李四 with a reason.
    page.recipient_view.selectRow(0)
    page.card_view.selectRow(0)
    moved = page.cards.row_at(0).customer_id

    class FakeDialog:
        def __init__(self, *a, **k):
            self.runs = 0

        def exec(self):
            self.runs += 1
            return self.runs == 1

        def staff_id(self):
            return office.s2

        def reason_text(self):
            return "李四熟悉该小区"

    monkeypatch.setattr("ui.allocation.batches_page.StaffReasonDialog", FakeDialog)
    page.swap_button.click()
    assert [(r.staff_name, r.count) for r in page.recipients.rows()] == [("张三", 1), ("李四", 3)]
    with qtbot.waitSignal(page.action_done, timeout=10000):
        page.confirm_button.click()
    assert messages == []
    assert Ownership.get_by_id(moved).owner_id == office.s2
    assert Ownership.get_by_id(ids[4]).owner_id == office.s3
    assert page.batches.row_at(0).state_name == "已分配"
    assert not page.confirm_button.isEnabled()


def test_second_confirm_of_a_stale_preview_is_refused_with_a_message(qtbot, app, office, processed, messages):
    batch_id, _ = processed
    tab = make_tab(qtbot, app, office.users["director"])
    page = tab.batches
    page.batch_view.selectRow(0)
    # Someone else confirms first.
    app.allocation.confirm(
        office.users["director"], batch_id, app.allocation.preview(office.users["director"], batch_id).version
    )
    with qtbot.waitSignal(page.action_done, timeout=10000):
        page.confirm_button.click()
    assert len(messages) == 1 and "已经分配过" in messages[0]


def test_pool_refusal_names_the_rule(qtbot, app, office, messages):
    clerk, director = office.users["clerk"], office.users["director"]
    cid = app.customers.create(clerk, "王大爷", ["13900000001"]).id
    app.timeline.register(office.admin, cid, office.s1, "scatter")
    app.timeline.preheat(office.admin, cid, office.s1)
    app.timeline.complaint(clerk, cid, "TS-9")
    app.clock.set(T0 + dt.timedelta(days=5))
    app.timeline.sweep(office.admin)
    tab = make_tab(qtbot, app, director)
    pool = tab.pool
    assert pool.pool.rowCount() == 1 and pool.pool.cell(pool.pool.row_at(0), 3) == "R9 投诉三日未处理"
    pool.pool_view.selectAll()
    for i in range(pool.staff.count()):  # only 李四 (一部, the complaint's department)
        item = pool.staff.item(i)
        item.setCheckState(item.checkState().Checked if item.data(256) == office.s2 else item.checkState().Unchecked)
    pool.reason.setText("投诉后重新分配")
    pool.distribute_button.click()
    assert len(messages) == 1 and "R9" in messages[0] and "王大爷" in messages[0]
    assert Ownership.get_by_id(cid).owner_kind == "pool"


def test_models_pass_the_model_tester(qtbot, qtmodeltester, app, office, processed):
    director = office.users["director"]
    for i in range(5):
        app.allocation.create_batch(office.users["clerk"], f"活动{i}", "activity", department_ids=[office.d1])
    paged = BatchListModel(lambda after: _two(app.allocation.batches(director, after, limit=2)))
    paged.reload()
    assert paged.rowCount() == 2 and paged.canFetchMore()
    while paged.canFetchMore():
        paged.fetchMore()
    assert paged.rowCount() == 6
    qtmodeltester.check(paged)
    tab = make_tab(qtbot, app, director)
    tab.batches.batch_view.selectRow(tab.batches.batches.rowCount() - 1)
    for model in (tab.batches.recipients, tab.batches.cards, tab.batches.left_out):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    pool = PoolModel(lambda after: _two(app.allocation.pool_list(director, after)))
    pool.reload()
    qtmodeltester.check(pool)


def _two(page):
    return page.rows, page.next_after


def test_clerk_returns_an_activity_and_the_manager_sees_his_share(qtbot, app, office, messages):
    clerk = office.users["clerk"]
    b = app.allocation.create_batch(clerk, "赠书活动", "activity", department_ids=[office.d1, office.d2])
    app.allocation.add_cards(
        clerk, b.id, [app.customers.create(clerk, f"顾客{i}", [f"1370000{i:04d}"]).id for i in range(4)]
    )
    app.allocation.process(clerk, b.id)
    clerk_tab = make_tab(qtbot, app, clerk)
    page = clerk_tab.batches
    assert clerk_tab.pool is None and not page.confirm_button.isVisible()
    page.batch_view.selectRow(0)
    assert page.return_button.isEnabled()
    page.return_button.click()
    assert messages == [] and page.batches.row_at(0).state_name == "已返还各部门"
    manager_tab = make_tab(qtbot, app, office.users["manager1"])
    manager_page = manager_tab.batches
    manager_page.batch_view.selectRow(0)
    assert {r.department_name for r in manager_page.recipients.rows()} == {"一部"}
    assert sum(r.count for r in manager_page.recipients.rows()) == 2


def test_new_batch_dialog_offers_the_organisers_staff_or_the_departments(qtbot, app, office):
    from ui.allocation.dialogs import NewBatchDialog

    dialog = NewBatchDialog(UiContext(app, office.users["clerk"]))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("幸福社区科普")  # QTest cannot type Chinese characters
    assert [dialog.participants.item(i).text() for i in range(dialog.participants.count())] == ["张三", "李四"]
    assert dialog.participants.isVisible() and not dialog.departments.isVisible()
    values = dialog.values()
    assert values["procedure"] == "kepu" and values["participant_ids"] == [office.s1, office.s2]
    info = app.allocation.create_batch(office.users["clerk"], **values)
    assert info.participant_names == ("张三", "李四") and info.organiser_name == "一部"
    dialog.procedure.setCurrentIndex(dialog.procedure.findData("activity"))
    assert dialog.departments.isVisible() and not dialog.participants.isVisible()
    assert dialog.values()["participant_ids"] == [] and dialog.values()["department_ids"] == []
