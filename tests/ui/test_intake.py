"""The clerk's intake screen, driven from the keyboard as a clerk would."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from models import Customer, Scan
from services.intake.service import IntakeForm
from tests.services.scan_samples import paper_form_png, pdf_bytes, write
from tests.services.test_importer import sheet
from ui.context import UiContext
from ui.intake.tab import IntakeTab

# The offscreen platform warns about size hints of every shown top-level window; not our fault.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",  # the completer's popup of a searchable list
    "This plugin does not support grabbing the keyboard",
)


@pytest.fixture(autouse=True)
def own_data_folder(app, tmp_path):
    """Each test its own data folder (on PostgreSQL the default one would be shared by all tests)."""
    app.data_dir = tmp_path / "data"


def type_text(widget, text: str) -> None:
    """Type any text, Chinese too (QTest.keyClicks only knows ASCII), as key events with text."""
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def shown_errors(monkeypatch):
    seen = []
    monkeypatch.setattr("ui.intake.tab.show_error", lambda parent, exc: seen.append(exc))
    monkeypatch.setattr("ui.intake.importer.show_error", lambda parent, exc: seen.append(exc))
    return seen


@pytest.fixture(scope="module")
def form_images():
    # Drawing an A4 form takes a while; every test gets the same two.
    return paper_form_png(), paper_form_png("王建国", "010-6234 5678", "1950", 1), pdf_bytes(1)


@pytest.fixture
def scans(tmp_path, form_images):
    folder = tmp_path / "scans"
    folder.mkdir()
    for name, data in zip(("001.png", "002.png", "003.pdf"), form_images, strict=True):
        write(folder, name, data)
    return folder


@pytest.fixture
def tab(qtbot, app, office, scans, shown_errors):
    w = IntakeTab(UiContext(app, office.users["clerk"]))
    qtbot.addWidget(w)
    w.resize(1300, 800)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    assert w.open_queue(str(scans))
    return w


def fill_by_keyboard(qtbot, tab, name: str, year: str, phone: str, interests: str = "") -> None:
    f = tab.form
    qtbot.waitUntil(lambda: f.name.hasFocus())
    type_text(f.name, name)
    qtbot.keyClick(f.name, Qt.Key.Key_Tab)
    assert f.sex.hasFocus()
    qtbot.keyClick(f.sex, Qt.Key.Key_Down)  # 男
    qtbot.keyClick(f.sex, Qt.Key.Key_Tab)
    assert f.birth_year.hasFocus()
    qtbot.keyClicks(f.birth_year, year)
    qtbot.keyClick(f.birth_year, Qt.Key.Key_Tab)
    assert f.phone1.hasFocus()
    qtbot.keyClicks(f.phone1, phone)
    for _ in range(3):  # phone2, address, occupation
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert f.occupation.hasFocus()
    qtbot.keyClick(f.occupation, Qt.Key.Key_Tab)
    assert f.interests.hasFocus()  # 兴趣 after 职业, as on the paper form
    type_text(f.interests, interests)
    qtbot.keyClick(f.interests, Qt.Key.Key_Tab)
    assert f.channel.hasFocus()
    qtbot.keyClick(f.channel, Qt.Key.Key_Down)  # 科普
    qtbot.keyClick(f.channel, Qt.Key.Key_Tab)
    assert f.staff.hasFocus()
    qtbot.keyClick(f.staff, Qt.Key.Key_Down)  # 张三(一部)


def test_enter_saves_the_card_with_its_scan_and_shows_the_next_scan(qtbot, tab, shown_errors):
    assert tab.progress.text() == "已录入 0 / 3" and tab.current.text() == "001.png"
    fill_by_keyboard(qtbot, tab, "刘梅", "1956", "139 0000 0001")
    qtbot.keyClick(tab.form.staff, Qt.Key.Key_Return)
    assert shown_errors == [] and tab.form.error.text() == ""
    card = Customer.get(Customer.name == "刘梅")
    assert card.birth_year == 1956 and card.sex == "M"
    assert Scan.get(Scan.customer == card.id).original_name == "001.png"
    assert tab.current.text() == "002.png" and tab.progress.text() == "已录入 1 / 3"
    assert "归属 张三" in tab.status.text()
    # The next form starts empty except the stack's channel and staff, cursor in the name.
    assert tab.form.name.text() == "" and tab.form.channel.currentData() == "kepu"
    assert tab.form.name.hasFocus()


def test_a_bad_field_is_named_and_gets_the_cursor(qtbot, tab):
    fill_by_keyboard(qtbot, tab, "刘梅", "19x6", "13900000001")
    qtbot.keyClick(tab.form.staff, Qt.Key.Key_Return)
    assert "出生年份" in tab.form.error.text() and tab.form.birth_year.hasFocus()
    assert Customer.select().count() == 0 and tab.current.text() == "001.png"


def test_interests_are_typed_after_the_occupation_and_saved_as_the_cards_tags(qtbot, app, office, tab):
    f = tab.form
    fill_by_keyboard(qtbot, tab, "刘梅", "1956", "13900000001", interests="养生 " + "太极" * 17)
    qtbot.keyClick(f.staff, Qt.Key.Key_Backtab)
    qtbot.keyClick(f.channel, Qt.Key.Key_Backtab)
    assert f.interests.hasFocus()
    qtbot.keyClick(f.interests, Qt.Key.Key_Return)  # Enter in 兴趣 saves, as in any field
    assert "兴趣" in f.error.text() and f.interests.hasFocus()  # a 34-character tag: refused, cursor there
    assert Customer.select().count() == 0 and tab.current.text() == "001.png"
    f.interests.clear()
    type_text(f.interests, "养生 太极、书法")
    qtbot.keyClick(f.interests, Qt.Key.Key_Return)
    assert f.error.text() == "" and "已保存" in tab.status.text()
    card = app.customers.card(office.users["clerk"], Customer.get(Customer.name == "刘梅").id)
    assert set(card.tags) == {"养生", "太极", "书法"}
    assert f.interests.text() == "" and tab.current.text() == "002.png"  # cleared for the next form


def test_typing_a_known_phone_shows_the_existing_card_and_its_owner(qtbot, app, office, tab):
    app.intake.save_card(
        office.users["clerk"], IntakeForm(name="张丽", phones=("13800138000",), channel="kepu", staff_id=office.s3)
    )
    tab.form.phone1.setFocus()
    qtbot.keyClicks(tab.form.phone1, "138-0013-8000")
    qtbot.waitUntil(lambda: tab.duplicates.isVisible(), timeout=2000)
    text = tab.duplicates.list.item(0).text()
    assert "王五" in text and "二部" in text and "待预热" in text and "138****8000" in text
    assert not tab.duplicates.new.isEnabled()  # an identical phone can never become a new person


def test_the_duplicate_choices_come_into_view_while_the_typed_field_stays_in_view(qtbot, app, office, tab):
    """At a laptop's 800 pixels the column scrolls: the live 查重 choices must not appear below the fold."""
    app.intake.save_card(
        office.users["clerk"], IntakeForm(name="张丽", phones=("13800138000",), channel="kepu", staff_id=office.s3)
    )
    tab.resize(1280, 560)  # shorter than the column: the choices start below the visible part
    qtbot.waitUntil(lambda: tab.column.verticalScrollBar().maximum() > 0, timeout=2000)
    tab.form.phone1.setFocus()
    qtbot.keyClicks(tab.form.phone1, "13800138000")
    qtbot.waitUntil(lambda: tab.duplicates.isVisible() and tab.duplicates.list.count() > 0, timeout=2000)
    view = tab.column.viewport()

    def shown(widget):
        top = widget.mapTo(view, widget.rect().topLeft()).y()
        return 0 <= top < view.height()

    qtbot.waitUntil(lambda: shown(tab.duplicates.list), timeout=2000)
    assert shown(tab.form.phone1) and tab.form.phone1.hasFocus()


def test_a_duplicate_needs_an_explicit_key_and_enter_never_merges(qtbot, app, office, tab):
    first = app.intake.save_card(
        office.users["clerk"], IntakeForm(name="张丽", phones=("13800138000",), channel="kepu", staff_id=office.s3)
    )
    fill_by_keyboard(qtbot, tab, "张丽", "1956", "13800138000")
    qtbot.keyClick(tab.form.staff, Qt.Key.Key_Return)
    panel = tab.duplicates
    assert panel.isVisible() and panel.list.hasFocus()  # the candidates, drawn with a focus frame
    assert not panel.merge.hasFocus() and not panel.merge.isDefault() and not panel.merge.autoDefault()
    assert "#candidates:focus" in panel.styleSheet()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # a second Enter by habit
    assert Customer.select().count() == 1 and Scan.select().count() == 0 and panel.isVisible()
    assert "1 合并" in panel.note.text()
    qtbot.keyClick(panel.list, Qt.Key.Key_1)  # 1 = 合并
    assert Customer.select().count() == 1
    assert Scan.get(Scan.customer == first.customer_id).original_name == "001.png"
    assert Customer.get_by_id(first.customer_id).birth_year == 1956
    assert tab.current.text() == "002.png" and not panel.isVisible()


def test_a_merge_made_by_mistake_is_split_again(qtbot, app, office, tab, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr("ui.intake.tab.QMessageBox.question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    first = app.intake.save_card(
        office.users["clerk"], IntakeForm(name="张丽", phones=("13800138000",), channel="kepu", staff_id=office.s3)
    ).customer_id
    fill_by_keyboard(qtbot, tab, "张丽", "1956", "13800138000")
    tab.form.phone2.setText("13900000002")
    qtbot.keyClick(tab.form.staff, Qt.Key.Key_Return)
    qtbot.keyClick(tab.duplicates.list, Qt.Key.Key_1)
    assert tab.unmerge_button.isVisible() and Customer.select().count() == 1
    tab.unmerge_button.click()
    assert Customer.select().count() == 2 and "已拆分" in tab.status.text()
    assert Customer.get_by_id(first).birth_year is None and not tab.unmerge_button.isVisible()


def merge_a_kepu_form_by_mistake(qtbot, app, office, tab, scans):
    """王五's 张丽 (1956) is on file; at the kepu another 张丽 born 1956 fills a form, and the clerk,
    typing the kepu batch, presses 1 (合并) on the 查重 prompt. Returns (old card, batch)."""
    clerk = office.users["clerk"]
    old = app.customers.create(clerk, "张丽", ["13800138000"], birth_year=1956).id
    app.timeline.register(office.admin, old, office.s3, "scatter")
    b = app.allocation.create_batch(clerk, "幸福社区科普", "kepu", organiser_id=office.d1, participant_ids=[office.s1])
    tab.batch_panel.reload(choose=b.id)
    assert tab.open_queue(str(scans)) and not tab.form.staff.isEnabled()
    f = tab.form
    f.name.setFocus()
    type_text(f.name, "张丽")
    qtbot.keyClick(f.name, Qt.Key.Key_Tab)
    qtbot.keyClick(f.sex, Qt.Key.Key_Tab)
    qtbot.keyClicks(f.birth_year, "1956")
    qtbot.keyClick(f.birth_year, Qt.Key.Key_Tab)
    qtbot.keyClicks(f.phone1, "13900000009")
    qtbot.keyClick(f.phone1, Qt.Key.Key_Return)
    assert tab.duplicates.isVisible()
    qtbot.keyClick(tab.duplicates.list, Qt.Key.Key_1)  # 合并 — the wrong choice
    assert [r.customer_id for r in tab.batch_panel.cards.rows()] == [old]
    assert tab.unmerge_button.isVisible() and Scan.get(Scan.original_name == "001.png").customer_id == old
    return old, b


def test_a_form_merged_while_typing_a_batch_is_split_and_its_card_takes_the_place_on_the_batch(
    qtbot, app, office, tab, scans, shown_errors, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from models import Phone

    monkeypatch.setattr("ui.intake.tab.QMessageBox.question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    old, _b = merge_a_kepu_form_by_mistake(qtbot, app, office, tab, scans)
    tab.unmerge_button.click()
    assert shown_errors == []
    (new,) = [c.id for c in Customer.select().where(Customer.id != old)]
    # The batch box now lists the form's own card; 王五's 张丽 is out of the batch and as before.
    assert [(r.customer_id, r.status_name) for r in tab.batch_panel.cards.rows()] == [(new, "待分配")]
    assert f"批次里换成档案 {new},档案 {old} 已移出批次" in tab.status.text()
    assert [p.number for p in Phone.select().where(Phone.customer == old)] == ["13800138000"]
    assert Scan.get(Scan.original_name == "001.png").customer_id == new
    assert not tab.unmerge_button.isVisible()


def test_split_after_the_batch_was_processed_is_refused_with_what_to_do(
    qtbot, app, office, tab, scans, shown_errors, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr("ui.intake.tab.QMessageBox.question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    old, _b = merge_a_kepu_form_by_mistake(qtbot, app, office, tab, scans)
    tab.batch_panel.process_button.click()
    tab.unmerge_button.click()
    assert len(shown_errors) == 1 and "已处理,这次合并不能再拆分" in shown_errors[0].message
    assert f"打开档案 {old}" in shown_errors[0].message
    assert Customer.select().count() == 1 and [r.customer_id for r in tab.batch_panel.cards.rows()] == [old]


def test_key_3_makes_a_new_card_for_a_possible_duplicate_and_esc_goes_back(qtbot, app, office, tab):
    app.intake.save_card(
        office.users["clerk"],
        IntakeForm(
            name="张丽", phones=("13800138000",), address="幸福里小区11栋2单元1603", channel="kepu", staff_id=office.s3
        ),
    )
    fill_by_keyboard(qtbot, tab, "张丽", "1956", "13900000007")
    tab.form.address.setText("幸福里小区11栋2单1603室")  # one character short of 2单元, and 室
    qtbot.keyClick(tab.form.staff, Qt.Key.Key_Return)
    panel = tab.duplicates
    assert panel.isVisible() and "住址" in panel.list.item(0).text()
    qtbot.keyClick(panel.list, Qt.Key.Key_Escape)
    assert tab.form.name.hasFocus() and Customer.select().count() == 1
    qtbot.keyClick(tab.form.name, Qt.Key.Key_Return)
    assert panel.list.hasFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_3)  # 3 = 新建: the clerk says it is another person
    assert Customer.select().count() == 2


def test_escape_cancels_only_the_field_being_typed(qtbot, tab):
    f = tab.form
    type_text(f.name, "刘梅")
    qtbot.keyClick(f.name, Qt.Key.Key_Tab)
    qtbot.keyClick(f.sex, Qt.Key.Key_Tab)
    qtbot.keyClicks(f.birth_year, "1956")
    qtbot.keyClick(f.birth_year, Qt.Key.Key_Escape)
    assert f.birth_year.text() == "" and f.name.text() == "刘梅"  # only this field's edit is undone
    qtbot.keyClick(f.birth_year, Qt.Key.Key_F1)
    assert tab.help.isVisible()
    qtbot.keyClick(f.birth_year, Qt.Key.Key_Escape)
    assert not tab.help.isVisible() and f.name.text() == "刘梅"


def test_escape_during_a_pinyin_composition_drops_only_the_composition(qtbot, tab):
    from PySide6.QtGui import QInputMethodEvent

    f = tab.form
    type_text(f.name, "刘梅")
    composing = QInputMethodEvent("zhang", [])  # the IME shows "zhang", nothing committed yet
    QApplication.sendEvent(f.name, composing)
    qtbot.keyClick(f.name, Qt.Key.Key_Escape)
    assert f.name.text() == "刘梅"  # the composition went, the committed name stayed
    qtbot.keyClick(f.name, Qt.Key.Key_Escape)  # a second Esc: the field's own edit
    assert f.name.text() == ""


def test_clearing_the_form_asks_first_and_ctrl_z_brings_it_back(qtbot, tab, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(
        "ui.intake.tab.QMessageBox.question", lambda *a, **k: asked.append(a[2]) or answers[len(asked) - 1]
    )
    f = tab.form
    type_text(f.name, "刘梅")
    f.phone1.setText("13900000001")
    shortcut = QKeySequence("Ctrl+Shift+Del")
    qtbot.keyClick(f.name, shortcut[0].key(), shortcut[0].keyboardModifiers())
    assert asked and f.name.text() == "刘梅"  # answered No: nothing cleared
    qtbot.keyClick(f.name, shortcut[0].key(), shortcut[0].keyboardModifiers())
    assert len(asked) == 2 and f.name.text() == "" and f.phone1.text() == ""
    qtbot.keyClick(f.name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert f.name.text() == "刘梅" and f.phone1.text() == "13900000001"
    qtbot.keyClick(f.name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # once only
    assert f.phone1.text() == "13900000001"


def test_names_and_birth_years_are_checked_with_the_field_named(qtbot, tab):
    fill_by_keyboard(qtbot, tab, "孙建国😀", "1956", "13900000001")
    qtbot.keyClick(tab.form.staff, Qt.Key.Key_Return)
    assert "姓名" in tab.form.error.text() and "表情" in tab.form.error.text() and tab.form.name.hasFocus()
    tab.form.name.setText("孙建国")
    tab.form.birth_year.setText("2026")
    qtbot.keyClick(tab.form.name, Qt.Key.Key_Return)
    assert "出生年份" in tab.form.error.text() and "2008" in tab.form.error.text()
    assert tab.form.birth_year.hasFocus() and Customer.select().count() == 0


def test_zoom_and_pdf_pages(qtbot, tab):
    before = tab.viewer.scale_factor()
    qtbot.keyClick(tab.form.name, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert tab.viewer.scale_factor() > before
    qtbot.keyClick(tab.form.name, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert tab.viewer.scale_factor() == pytest.approx(before)
    qtbot.keyClick(tab.form.name, Qt.Key.Key_PageDown)
    qtbot.keyClick(tab.form.name, Qt.Key.Key_PageDown)
    assert tab.current.text() == "003.pdf 第 1 页" and tab.viewer._item is not None


def test_damaged_files_are_reported_not_fatal(qtbot, tab, tmp_path, shown_errors):
    bad = write(tmp_path, "bad.pdf", b"not a pdf")
    assert not tab.open_queue(str(bad))
    assert "不是 PDF" in shown_errors[0].message
    assert tab.current.text() == "001.png"  # the open queue is kept
    folder = tmp_path / "mixed"
    folder.mkdir()
    write(folder, "a.png", (tmp_path / "scans" / "001.png").read_bytes())
    write(folder, "b.png", b"\x89PNG\r\n\x1a\n truncated")
    assert tab.open_queue(str(folder))
    assert "b.png" in tab.status.text() and tab.progress.text() == "已录入 0 / 1"


def test_excel_import_in_the_background_with_a_report(qtbot, app, office, tab, tmp_path):
    path = sheet(tmp_path, [["周梅", None, 1950, "13900000020"], ["坏电话", None, 1950, "123"]])
    with qtbot.waitSignal(tab.importer.reportReady, timeout=20000) as got:
        tab.importer.start(str(path), staff_id=office.s1, channel="scatter", all_or_nothing=False)
    report = got.args[0]
    assert report.imported == 1 and Customer.get(Customer.name == "周梅")
    dialog = tab.importer.report_dialog
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "3"
    out = tmp_path / "problems.xlsx"
    assert dialog.export_to(str(out)) == 1
    values = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row if c]
    assert any("11 位" in str(v) for v in values)
    dialog.close()


def test_staff_list_follows_org_changes(qtbot, app, office, tab):
    from ui.context import Change

    new = app.org.create_staff(office.admin, "钱七", office.d1)
    tab.ctx.announce(Change(frozenset({"org"})))
    assert tab.form.staff.findData(new.id) > 0


def test_cancelling_the_import_imports_nothing_and_says_so(qtbot, app, office, tab, tmp_path, shown_errors):
    path = sheet(tmp_path, [[f"客{chr(0x4E00 + i)}", None, None, f"139{i:08d}"] for i in range(450)])
    job = tab.importer.start(str(path), staff_id=None, channel="scatter", all_or_nothing=False)
    job.cancel()  # what the progress dialog's 取消 does
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert "取消" in shown_errors[0].message and Customer.select().count() == 0
    assert tab.importer.progress is None  # the progress dialog is gone


def test_pages_of_a_multi_page_tiff_are_shown_one_by_one(qtbot, tab, tmp_path):
    from tests.services.scan_samples import tiff_pages_bytes

    assert tab.open_queue(str(write(tmp_path, "stack.tif", tiff_pages_bytes(2))))
    assert tab.current.text() == "stack.tif 第 1 页" and tab.viewer._item is not None
    qtbot.keyClick(tab.form.name, Qt.Key.Key_PageDown)
    assert tab.current.text() == "stack.tif 第 2 页" and tab.viewer._item is not None


def test_occupation_channel_and_staff_are_found_by_typing(qtbot, app, office, tab):
    f = tab.form
    f.occupation.setFocus()
    type_text(f.occupation, "教中")  # characters in order
    assert f.occupation.completer().popup().isVisible()
    assert f.occupation.completer().completionModel().rowCount() == 1
    qtbot.keyClick(f.occupation.lineEdit(), Qt.Key.Key_Tab)
    assert f.occupation.currentText() == "教师·中学"
    f.occupation.setCurrentIndex(0)
    f.occupation.setFocus()
    qtbot.keyClicks(f.occupation.lineEdit(), "jz")  # pinyin initials
    qtbot.keyClick(f.occupation.lineEdit(), Qt.Key.Key_Tab)
    assert f.occupation.currentText() == "教师·中学"
    assert f.interests.hasFocus()
    qtbot.keyClick(f.interests, Qt.Key.Key_Tab)
    assert f.channel.hasFocus()
    qtbot.keyClicks(f.channel.lineEdit(), "dxkp")  # 大型科普
    qtbot.keyClick(f.channel.lineEdit(), Qt.Key.Key_Tab)
    assert f.channel.currentData() == "kepu_large"
    qtbot.keyClicks(f.staff.lineEdit(), "zs")
    qtbot.keyClick(f.staff.lineEdit(), Qt.Key.Key_Tab)
    assert f.staff.currentData() == office.s1 and f.staff.currentText() == "张三 · 员工 · 一部"
    f.staff.setFocus()
    qtbot.keyClicks(f.staff.lineEdit(), "xyz")  # finds nobody: the choice before stays
    qtbot.keyClick(f.staff.lineEdit(), Qt.Key.Key_Tab)
    assert f.staff.currentData() == office.s1 and f.staff.currentText() == "张三 · 员工 · 一部"
