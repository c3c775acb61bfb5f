"""The daily path of SPEC §10 through the real main window: a clerk types a stack of kepu forms into a
batch, processes and returns it; the manager of the department sees it arrive, distributes it,
confirms and exports the allocation sheet."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, Qt, QThreadPool
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from models import Event, Ownership, Scan
from tests.services.scan_samples import png_bytes, write
from ui.allocation.dialogs import NewBatchDialog
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.worker import write_pool

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def own_data_folder(app, tmp_path):
    app.data_dir = tmp_path / "data"


@pytest.fixture
def answered(monkeypatch):
    """Message boxes answered Yes/OK without showing them; what they said is kept."""
    said: list[str] = []

    def note(_parent, title, text, *a, **k):
        said.append(f"{title}:{text}")
        return QMessageBox.StandardButton.Yes

    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(note))
    return said


def type_text(widget, text: str) -> None:
    """Type any text, Chinese too, as key events (QTest.keyClicks only knows ASCII)."""
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))


def window(qtbot, app, actor) -> MainWindow:
    win = MainWindow(UiContext(app, actor, "test.db"), start_sweep=False, lock_session=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    return win


def settle() -> None:
    """Let background reads (the card list's count) finish and deliver before a window goes away."""
    for pool in (QThreadPool.globalInstance(), write_pool()):
        pool.waitForDone(10000)
    QApplication.processEvents()


def type_card(qtbot, tab, name: str, year: str, phone: str) -> None:
    """name → Tab → sex → Tab → birth year → Tab → phone → Enter, as the clerk types a form."""
    f = tab.form
    qtbot.waitUntil(lambda: f.name.hasFocus())
    type_text(f.name, name)
    qtbot.keyClick(f.name, Qt.Key.Key_Tab)
    qtbot.keyClick(f.sex, Qt.Key.Key_Tab)
    qtbot.keyClicks(f.birth_year, year)
    qtbot.keyClick(f.birth_year, Qt.Key.Key_Tab)
    assert f.phone1.hasFocus()
    qtbot.keyClicks(f.phone1, phone)
    qtbot.keyClick(f.phone1, Qt.Key.Key_Return)


def test_clerk_to_manager_journey_through_the_main_window(qtbot, app, office, admin, tmp_path, answered, monkeypatch):
    # The office: 李大爷 is already 王五's (二部); two accounts that log in with a password.
    owned = app.customers.create(office.admin, "李大爷", ["13700000007"]).id
    app.timeline.register(office.admin, owned, office.s3, "scatter")
    app.auth.create_user(office.admin, "crm", "crm-pass-1", "clerk")
    app.auth.create_user(office.admin, "yibu", "mgr-pass-1", "manager", department_id=office.d1)
    scans = tmp_path / "scans"
    scans.mkdir()
    for i in range(3):
        write(scans, f"{i + 1:03d}.png", png_bytes(shade=60 + 60 * i))

    # -- the clerk ---------------------------------------------------------------------------------
    clerk = app.auth.login("crm", "crm-pass-1")
    win = window(qtbot, app, clerk)
    intake = win.tab_widget("intake")
    win.tabs.setCurrentWidget(intake)
    assert intake.open_queue(str(scans))
    panel = intake.batch_panel

    def fill_new_batch(dialog: NewBatchDialog) -> int:
        dialog.name.setText("幸福社区科普")
        dialog.procedure.setCurrentIndex(dialog.procedure.findData("kepu"))
        dialog.organiser.setCurrentIndex(dialog.organiser.findData(office.d1))
        dialog.handed_in.setCurrentIndex(dialog.handed_in.findData(office.s1))
        return 1  # the participants (张三, 李四) are ticked by default

    monkeypatch.setattr(NewBatchDialog, "exec", fill_new_batch)
    panel.new_button.click()
    assert panel.batch is not None and panel.batch.name == "幸福社区科普"
    batch_id = panel.batch.id
    assert not intake.form.staff.isEnabled() and intake.form.channel.currentData() == "kepu"

    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    intake.form.name.setFocus()
    type_card(qtbot, intake, "孙梅", "1956", "13900000001")
    type_card(qtbot, intake, "周强", "1949", "13900000002")
    assert panel.cards.rowCount() == 2
    # The third form is 李大爷 again: 查重 stops with the focus on the candidates; key 1 (合并) attaches
    # the form to his card (Enter never merges, issue 21).
    type_card(qtbot, intake, "李大爷", "1950", "137 0000 0007")
    assert intake.duplicates.isVisible() and intake.duplicates.list.hasFocus()
    qtbot.keyClick(intake.duplicates.list, Qt.Key.Key_1)
    assert answered == []
    assert [r.name for r in panel.cards.rows()] == ["孙梅", "周强", "李大爷"]
    assert Event.select().where(Event.type == "register").count() == 1  # only 王五's own, from before
    assert Scan.get(Scan.original_name == "003.png").customer_id == owned

    panel.process_button.click()
    assert [(r.name, r.status_name) for r in panel.cards.rows()] == [
        ("孙梅", "待分配"),
        ("周强", "待分配"),
        ("李大爷", "已有归属"),
    ]
    assert panel.cards.rows()[2].note == "已归 王五 所有"
    panel.return_button.click()
    assert answered == [] and "一部 2 张" in panel.summary.text()
    assert panel.batch is None  # returned: no longer a batch being typed
    settle()
    win.close()

    # -- the manager of 一部 -----------------------------------------------------------------------
    manager = app.auth.login("yibu", "mgr-pass-1")
    win = window(qtbot, app, manager)
    overview = win.tabs.currentWidget()
    assert overview is win.tab_widget("overview")  # where a manager's day starts (SPEC §10)
    (line,) = [r for r in range(overview.table.rowCount()) if overview.table.item(r, 0).text() == "分配"]
    assert "幸福社区科普" in overview.table.item(line, 1).text()
    assert "2 张待分配" in overview.table.item(line, 1).text()
    overview.table.selectRow(line)
    qtbot.keyClick(overview.table, Qt.Key.Key_Return)  # opens 档案分配
    tab = win.tabs.currentWidget()
    assert tab is win.tab_widget("allocation")
    page = tab.batches
    assert page.arrivals.isVisible()
    assert "幸福社区科普" in page.arrivals.text() and "2 张待分配" in page.arrivals.text()
    page.on_arrival_clicked(str(batch_id))
    assert [(r.staff_name, r.count) for r in page.recipients.rows()] == [("张三", 1), ("李四", 1)]
    assert [c.name for c in page.left_out.rows()] == ["李D"]  # 二部's customer, masked
    with qtbot.waitSignal(page.action_done, timeout=10000):
        page.confirm_button.click()
    assert not [m for m in answered if "确认分配" not in m]
    allocated = {e.customer_id: e.staff_id for e in Event.select().where(Event.type == "allocate")}
    assert sorted(allocated.values()) == [office.s1, office.s2] and owned not in allocated
    assert all(Ownership.get_by_id(c).owner_id == s for c, s in allocated.items())
    assert Ownership.get_by_id(owned).owner_id == office.s3
    assert "已分配" in page.title.text() and "确认" in page.title.text()
    assert [(r.staff_name, r.count) for r in page.recipients.rows()] == [("张三", 1), ("李四", 1)]
    assert not page.arrivals.isVisible()

    path = tmp_path / "分配表.xlsx"
    page.export_to(str(path))
    text = " ".join(
        str(v) for row in load_workbook(path).active.iter_rows(values_only=True) for v in row if v is not None
    )
    assert "幸福社区科普" in text and "交档案人 张三" in text and "处理人 crm" in text
    assert "实际分配 2 张:张三 1 张、李四 1 张" in text and "已归 王五 所有" in text
    assert "部门经理签字:" in text and "None" not in text
    settle()


def test_the_clerk_decides_a_possible_duplicate_in_the_batch_panel(qtbot, app, office, answered):
    clerk = office.users["clerk"]
    old = app.customers.create(clerk, "陈淑珍", ["13100000001"], birth_year=1950).id
    b = app.allocation.create_batch(clerk, "赠书活动", "activity", department_ids=[office.d1])
    again = app.customers.create(clerk, "陈淑珍", ["13200000001"], birth_year=1950, allow_duplicate=True).id
    app.allocation.add_cards(clerk, b.id, [again])
    win = window(qtbot, app, clerk)
    intake = win.tab_widget("intake")
    win.tabs.setCurrentWidget(intake)
    panel = intake.batch_panel
    panel.reload(choose=b.id)
    panel.process_button.click()
    (row,) = panel.cards.rows()
    assert row.status_name == "可能重复" and f"档案 {old}" in row.note
    assert not panel.return_button.isEnabled() or not panel.merge_button.isEnabled()
    panel.card_view.selectRow(0)
    assert panel.merge_button.isEnabled() and panel.new_person_button.isEnabled()
    panel.return_button.click()  # refused while the clerk has not decided
    assert answered and "可能重复" in answered[-1]
    panel.new_person_button.click()
    assert [(r.customer_id, r.status_name) for r in panel.cards.rows()] == [(again, "待分配")]
    panel.return_button.click()
    assert "一部 1 张" in panel.summary.text()
    settle()


def test_picking_a_batch_again_brings_back_its_scans(qtbot, app, office, tmp_path, answered):
    clerk = office.users["clerk"]
    b = app.allocation.create_batch(clerk, "赠书活动", "activity", department_ids=[office.d1])
    scans = tmp_path / "stack"
    scans.mkdir()
    for i in range(2):
        write(scans, f"{i + 1:03d}.png", png_bytes(shade=80 + 80 * i))
    win = window(qtbot, app, clerk)
    intake = win.tab_widget("intake")
    win.tabs.setCurrentWidget(intake)
    intake.batch_panel.reload(choose=b.id)
    assert intake.open_queue(str(scans)) and intake.current.text() == "001.png"
    intake.batch_panel.chooser.setCurrentIndex(0)  # a walk-in form in between
    assert intake.form.staff.isEnabled() and intake.form.batch.text() == ""
    intake.open_queue(str(tmp_path / "stack" / "002.png"))
    intake.batch_panel.reload(choose=b.id)
    assert intake.queue_path == str(scans) and intake.current.text() == "001.png"
    settle()


def test_a_swap_that_breaks_even_warns_with_the_counts_first(qtbot, app, office, monkeypatch):
    clerk, mgr = office.users["clerk"], office.users["manager1"]
    ids = [app.customers.create(clerk, "顾客" + "甲乙丙丁"[i], [f"1380000000{i}"]).id for i in range(4)]
    b = app.allocation.create_batch(
        clerk, "社区科普", "kepu", organiser_id=office.d1, participant_ids=[office.s1, office.s2]
    )
    app.allocation.add_cards(clerk, b.id, ids)
    app.allocation.process(clerk, b.id)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent, _title, text, *a, **k):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    class Choose:
        def __init__(self, *a, **k):
            self.runs = 0

        def exec(self):
            self.runs += 1
            return self.runs == 1

        def staff_id(self):
            return office.s2

        def reason_text(self):
            return "李四熟悉该小区"

    monkeypatch.setattr("ui.allocation.batches_page.StaffReasonDialog", Choose)
    win = window(qtbot, app, mgr)
    page = win.tab_widget("allocation").batches
    page.batch_view.selectRow(0)
    page.recipient_view.selectRow(0)
    page.card_view.selectRow(0)
    page.swap_button.click()  # 张三 2 → 1, 李四 2 → 3: refused when the manager says no
    assert asked == ["这次调换后分配不再平均:张三 1 张、李四 3 张(相差 2 张,平均分配最多相差 1 张)。仍要调换吗?"]
    assert [(r.staff_name, r.count) for r in page.recipients.rows()] == [("张三", 2), ("李四", 2)]
    answer[0] = QMessageBox.StandardButton.Yes
    page.swap_button.click()
    assert [(r.staff_name, r.count) for r in page.recipients.rows()] == [("张三", 1), ("李四", 3)]
    with qtbot.waitSignal(page.action_done, timeout=10000):
        page.confirm_button.click()
    assert "注意:调换后分配不再平均:张三 1 张、李四 3 张" in asked[-1]
    assert app.allocation.get(mgr, b.id).state == "distributed"
    settle()


def test_panel_takes_a_wrong_card_out_and_refuses_once_processed(qtbot, app, office, answered, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    clerk = office.users["clerk"]
    b = app.allocation.create_batch(clerk, "公司大型科普", "kepu_large")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("不是本次活动的表", True)))
    win = window(qtbot, app, clerk)
    intake = win.tab_widget("intake")
    win.tabs.setCurrentWidget(intake)
    panel = intake.batch_panel
    panel.reload(choose=b.id)
    assert panel.collected.isVisible()  # B: the stack's collecting department
    panel.collected.setCurrentIndex(panel.collected.findData(office.d2))
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    intake.form.name.setFocus()
    type_card(qtbot, intake, "钱多", "1950", "13300000003")
    type_card(qtbot, intake, "孙少", "1951", "13300000004")
    assert [r.name for r in panel.cards.rows()] == ["钱多", "孙少"]
    assert app.allocation.get(clerk, b.id).department_names == ("二部",)
    panel.card_view.selectRow(0)
    panel.remove_button.click()
    assert [r.name for r in panel.cards.rows()] == ["孙少"] and answered == []
    panel.process_button.click()
    assert not panel.remove_button.isEnabled()
    panel.card_view.selectRow(0)
    panel.on_remove()  # asked anyway (say, by a stale screen): the service says why not
    assert answered and "已处理,不能再移出档案" in answered[-1]
    settle()
