"""The 顾客档案 tab as a user drives it: search box, paging, header sort, columns, the card editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QHeaderView

from services.customers.search import CustomerQuery
from ui.context import UiContext
from ui.customers.editor import CustomerEditor
from ui.customers.model import COL_ADDRESS, COL_NAME, COL_PHONE, CUSTOMER_ID_ROLE, CustomerTableModel
from ui.customers.tab import CustomersTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NAMES = ["王大爷", "李奶奶", "张丽", "赵强", "陈芳", "刘伟", "杨敏", "黄静"]


@pytest.fixture
def cards(app, office):
    """24 cards; every other one registered by 张三 (一部)."""
    clerk = office.users["clerk"]
    ids = []
    for i in range(24):
        c = app.customers.create(clerk, NAMES[i % 8] + str(i), [f"137{i:08d}"], address=f"人民路{i}号")
        if i % 2 == 0:
            app.timeline.register(office.users["s1"], c.id, office.s1, "scatter")
        ids.append(c.id)
    yield ids
    QThreadPool.globalInstance().waitForDone(10000)  # the count job must not outlive the database


def make_tab(qtbot, app, actor) -> CustomersTab:
    tab = CustomersTab(UiContext(app, actor))
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.show()
    qtbot.waitExposed(tab)
    qtbot.waitUntil(lambda: tab.count_label.text().startswith("共"), timeout=5000)
    return tab


def visible_ids(tab) -> list[int]:
    m = tab.model
    return [m.index(r, 0).data(CUSTOMER_ID_ROLE) for r in range(m.rowCount())]


def test_model_passes_the_model_tester_while_paging(qtmodeltester, app, office, cards):
    model = CustomerTableModel(UiContext(app, office.users["director"]), page=5)
    model.set_query(CustomerQuery())
    assert model.rowCount() == 5 and model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert sorted(model.index(r, 0).data(CUSTOMER_ID_ROLE) for r in range(model.rowCount())) == sorted(cards)
    qtmodeltester.check(model)


def test_typing_last_four_digits_filters_the_list(qtbot, app, office, cards):
    tab = make_tab(qtbot, app, office.users["director"])
    assert tab.count_label.text() == "共 24 张档案"
    qtbot.keyClicks(tab.search, "0007")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    assert visible_ids(tab) == [cards[7]]
    assert tab.model.index(0, COL_PHONE).data() == "13700000007"
    qtbot.waitUntil(lambda: tab.count_label.text() == "共 1 张档案", timeout=3000)
    qtbot.keyClick(tab.search, Qt.Key.Key_Down)  # into the list, on the one card found
    assert tab.table.hasFocus() and tab.current_id() == cards[7]
    tab.search.clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 24, timeout=3000)


def test_other_peoples_customers_are_masked_in_the_list(qtbot, app, office, cards):
    tab = make_tab(qtbot, app, office.users["s3"])  # 王五, 二部: owns none of them
    assert tab.model.rowCount() == 0  # a staff member's list starts with their own customers
    tab.filters.on_clear()  # everyone's, masked
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    texts = [tab.model.index(r, COL_PHONE).data() for r in range(tab.model.rowCount())]
    assert texts and all("****" in t for t in texts)
    assert {tab.model.index(r, COL_ADDRESS).data() for r in range(tab.model.rowCount())} == {"(已隐藏)"}


def test_header_click_sorts_on_the_server_and_layout_is_remembered(qtbot, app, office, cards):
    tab = make_tab(qtbot, app, office.users["director"])
    header = tab.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_header_pos(header, COL_NAME))
    qtbot.waitUntil(lambda: tab.model.query.sort == "name")
    names = [tab.model.index(r, COL_NAME).data() for r in range(tab.model.rowCount())]
    assert names == sorted(names)
    # the column chooser hides the address; a new tab on this PC comes back the same way
    action = next(a for a in tab.column_actions if a.data() == COL_ADDRESS)
    action.setChecked(False)
    assert tab.table.isColumnHidden(COL_ADDRESS)
    tab.save_layout()
    again = make_tab(qtbot, app, office.users["director"])
    assert again.table.isColumnHidden(COL_ADDRESS)
    assert again.model.query.sort == "name"
    assert QSettings().value("customers/sort") == "name"


def _header_pos(header: QHeaderView, col: int):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    return QPoint(x, header.height() // 2)


def test_open_a_card_change_it_and_save(qtbot, app, office, cards, monkeypatch):
    tab = make_tab(qtbot, app, office.users["clerk"])
    opened = []
    monkeypatch.setattr(CustomerEditor, "exec", lambda self: opened.append(self) or 0)
    row = tab.model.row_of(cards[3])
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)  # Enter opens the card
    assert len(opened) == 1
    editor = opened[0]
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    assert editor.name.text() == "赵强3"
    editor.address.setText("幸福路 8 号")
    editor.phones[1].setText("（010）6512-3456")
    editor.tags.setText("养生、旅游")
    qtbot.keyClick(editor.address, Qt.Key.Key_Return)  # Enter saves
    card = app.customers.card(office.users["clerk"], cards[3])
    assert (card.address, card.phones, card.tags) == ("幸福路 8 号", ("13700000003", "01065123456"), ("养生", "旅游"))
    # the list heard about it and shows the new address
    qtbot.waitUntil(lambda: tab.model.index(tab.model.row_of(cards[3]), COL_ADDRESS).data() == "幸福路 8 号")


def test_bad_phone_and_stale_save_are_reported_not_saved(qtbot, app, office, cards, monkeypatch):
    shown = []
    monkeypatch.setattr("ui.customers.editor.show_error", lambda parent, exc: shown.append(exc.message))
    editor = CustomerEditor(UiContext(app, office.users["clerk"]), cards[1])
    qtbot.addWidget(editor)
    editor.show()
    editor.phones[0].setText("1370000")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "11 位" in shown[-1]
    assert editor.phones[0].hasFocus() or editor.focusWidget() is editor.phones[0]
    editor.phones[0].setText("13700000001")
    app.customers.update(office.users["director"], cards[1], {"notes": "总监先改"}, 1)
    editor.notes.setPlainText("录入员后改")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "director" in shown[-1] and "修改过" in shown[-1]
    assert app.customers.card(office.users["clerk"], cards[1]).notes == "总监先改"


def test_household_navigation_and_read_only_masked_card(qtbot, app, office, cards, monkeypatch):
    director = office.users["director"]
    app.customers.link_household(director, cards[1], cards[0], "spouse")
    editor = CustomerEditor(UiContext(app, director), cards[0])
    qtbot.addWidget(editor)
    assert editor.pages.tabText(1) == "家庭(1)"
    item = editor.household.members.item(0)
    assert "配偶" in item.text()
    editor.household.members.itemActivated.emit(item)
    assert editor.card.id == cards[1] and editor.name.text() == "李奶奶1"
    masked = CustomerEditor(UiContext(app, office.users["s3"]), cards[0])
    qtbot.addWidget(masked)
    assert not masked.save_button.isVisibleTo(masked) and not masked.name.isEnabled()
    assert "****" in masked.phones[0].text() and masked.address.text() == "(已隐藏)"


def test_ending_a_household_link_asks_for_the_reason(qtbot, app, office, cards, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    director = office.users["director"]
    app.customers.link_household(director, cards[1], cards[0], "spouse")
    editor = CustomerEditor(UiContext(app, director), cards[0])
    qtbot.addWidget(editor)
    page = editor.household
    assert page.end_button.isEnabled() and page.members.currentItem() is page.members.item(0)
    shown = []
    monkeypatch.setattr("ui.customers.pages.show_error", lambda parent, exc: shown.append(exc.message))
    # An empty reason is refused with a message and nothing changes.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))
    qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
    assert "原因" in shown[-1] and len(app.customers.household(director, cards[0])) == 1
    # Cancel changes nothing either.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("录入错误", False))
    qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
    assert len(app.customers.household(director, cards[0])) == 1
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("录入错误,不是夫妻", True))
    qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
    assert app.customers.household(director, cards[0]) == []
    assert page.members.item(0).text() == "尚未关联家人" and not page.end_button.isEnabled()
    assert editor.pages.tabText(1) == "家庭(0)"
    # Someone who may not edit the card cannot end its links.
    app.customers.link_household(director, cards[1], cards[0], "spouse")
    masked = CustomerEditor(UiContext(app, office.users["s3"]), cards[0])
    qtbot.addWidget(masked)
    assert not masked.household.end_button.isEnabled()


def test_attached_scan_is_listed_and_shown(qtbot, app, office, cards, tmp_path):
    from PySide6.QtGui import QColor, QImage

    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    path = tmp_path / "表格001.png"
    assert image.save(str(path))
    app.scans.add(office.users["clerk"], path, customer_id=cards[0])
    editor = CustomerEditor(UiContext(app, office.users["clerk"]), cards[0])
    qtbot.addWidget(editor)
    assert editor.pages.tabText(3) == "扫描件(1)"
    assert editor.scans.list.count() == 1 and "表格001.png" in editor.scans.list.item(0).text()
    assert editor.scans.viewer.scene().items()  # the page is drawn, not a message
    masked = CustomerEditor(UiContext(app, office.users["s3"]), cards[0])
    qtbot.addWidget(masked)
    assert masked.scans.list.item(0).text() == "您无权查看该顾客的扫描件"


def test_cards_entered_elsewhere_appear_when_the_tab_is_shown_again(qtbot, app, office, cards):
    from ui.context import Change

    tab = make_tab(qtbot, app, office.users["clerk"])
    tab.hide()
    new = app.customers.create(office.users["clerk"], "新顾客", ["13912345678"])
    tab.ctx.announce(Change(frozenset({"customer"}), (new.id,)))
    assert tab.model.row_of(new.id) == -1  # not re-read while nobody looks at it
    tab.show()
    assert tab.model.row_of(new.id) == 0  # newest first


def test_staff_registers_and_preheats_a_customer_from_the_list(qtbot, app, office, cards, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from ui.customers.contact import ContactDialog

    tab = make_tab(qtbot, app, office.users["s3"])
    tab.filters.on_clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    tab.table.selectRow(0)
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    customer = tab.current_id()
    before = app.timeline.verdict(customer).owner

    def submit(dialog: ContactDialog):
        assert [dialog.staff.itemData(i) for i in range(dialog.staff.count())] == [office.s3]
        dialog.on_ok()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ContactDialog, "exec", submit)
    register = next(a for a in tab.contact_menu.actions() if a.data() == "register")
    tab.on_contact(register)
    preheat = next(a for a in tab.contact_menu.actions() if a.data() == "preheat")
    tab.on_contact(preheat)
    after = app.timeline.verdict(customer)
    assert before != office.s3
    events = [e.type for e in app.timeline.events(customer)]
    assert events.count("register") >= 1 and "preheat" in events
    assert after.owner in (office.s3, before)  # the rules decide: first pre-heat wins, or the owner stays


def test_staff_ask_to_see_another_departments_card(qtbot, app, office, cards, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    tab = make_tab(qtbot, app, office.users["s3"])
    tab.filters.on_clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("顾客来店咨询", True))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    tab.on_contact(tab.lookup_action)
    requests = app.access.lookup_requests(office.users["director"])
    assert [r.reason for r in requests] == ["顾客来店咨询"]


def test_count_shows_an_estimate_first_and_the_exact_count_when_it_comes(qtbot, app, office, cards, monkeypatch):
    """At a million cards the exact count can take a second: the list is there at once, the count first
    reads "约 33 万", then the exact figure replaces it — and a slow count for an old query never
    overwrites the count of the new one."""
    import threading

    from services.customers.search import CountEstimate

    release = threading.Event()
    real_count = app.customers.count

    def slow_count(actor, query):
        release.wait(10)
        return real_count(actor, query)

    monkeypatch.setattr(app.customers, "count_estimate", lambda actor, query: CountEstimate(331_234, False))
    monkeypatch.setattr(app.customers, "count", slow_count)
    tab = CustomersTab(UiContext(app, office.users["director"]))
    qtbot.addWidget(tab)
    tab.show()
    assert tab.model.rowCount() == 24  # the table did not wait for any count
    qtbot.waitUntil(lambda: tab.count_label.text() == "约 33 万张档案(正在精确计数…)", timeout=3000)
    assert tab.shown_count is None
    release.set()
    qtbot.waitUntil(lambda: tab.count_label.text() == "共 24 张档案", timeout=5000)
    assert tab.shown_count == 24
    assert [tab.approximate(n) for n in (31_234, 3_349, 87)] == ["约 3.1 万张档案", "约 3,300 张档案", "约 87 张档案"]
