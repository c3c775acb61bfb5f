"""录入 from the scan itself: the shown page is read in the background and fills the empty fields; a
reading the engine was unsure of is tinted and must be looked at before Enter saves."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from bench.ocr_forms import FONTS, draw, expected, make_card
from services.cli.demo_people import PeopleMaker
from services.intake.form_fields import FieldReading, TextLine, read_fields
from services.intake.form_reader import FormReading
from tests.ui.ime import type_text
from ui.context import UiContext
from ui.intake.prefill import UNSURE_STYLE, page_key
from ui.intake.tab import IntakeTab


@pytest.fixture
def form_scan(tmp_path):
    rng = random.Random(21)
    card = make_card(rng, PeopleMaker(random.Random(22)))
    card.age_written = False
    font = FONTS["wqy-microhei"]
    folder = tmp_path / "scans"
    folder.mkdir()
    draw(card, rng, layout="报名表", dpi=150, label_font=font, value_font=font).save(folder / "001.png")
    return folder, {**expected(card), "interests": card.interests}


def make_tab(qtbot, app, office, tmp_path, read: bool):
    app.data_dir = tmp_path / "data"
    QSettings().setValue("intake/readScans", read)
    tab = IntakeTab(UiContext(app, office.users["clerk"]))
    qtbot.addWidget(tab)
    tab.resize(1300, 800)
    tab.show()
    tab.activateWindow()
    qtbot.waitExposed(tab)
    return tab


def test_the_shown_scan_fills_the_form_and_enter_saves_it(qtbot, app, office, tmp_path, form_scan):
    folder, want = form_scan
    tab = make_tab(qtbot, app, office, tmp_path, read=True)
    assert tab.read_scans.isChecked()
    assert tab.open_queue(str(folder))
    qtbot.waitUntil(lambda: tab.form.phone1.text() == want["phone"], timeout=300_000)
    assert tab.form.name.text() == want["name"]
    assert tab.form.birth_year.text() == want["birth_year"]
    assert tab.form.address.text() == want["address"]
    assert tab.form.occupation.currentData() == want["occupation"]
    # 广场舞 书法 written with a gap comes back from the engine as one run: filled, but tinted.
    assert tab.form.interests.text() == want["interests"].replace(" ", "")
    assert tab.form.interests.styleSheet() == UNSURE_STYLE and "标黄" in tab.status.text()
    tab.form.staff.setCurrentIndex(1)  # not a batch: a registering staff member is named
    qtbot.keyClick(tab.form.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.form.interests)  # not saved: look at it first
    tab.form.interests.clear()
    type_text(qtbot, tab.form.interests, want["interests"])
    qtbot.keyClick(tab.form.interests, Qt.Key.Key_Return)
    assert "已保存" in tab.status.text(), tab.form.error.text()
    card = app.customers.card(office.users["clerk"], int(tab.status.text().split("档案 ")[1].split(",")[0]))
    assert card.name == want["name"] and want["phone"] in card.phones
    assert set(card.tags) == set(want["interests"].split())


def test_an_unsure_reading_is_tinted_and_looked_at_before_saving(qtbot, app, office, tmp_path, form_scan):
    folder, _want = form_scan
    tab = make_tab(qtbot, app, office, tmp_path, read=False)
    assert tab.open_queue(str(folder))
    assert tab.form.name.text() == ""  # switched off: nothing is read
    reading = FormReading(
        {
            "name": FieldReading("name", "王秀英", "王秀英", 0.99, (100, 100, 200, 140)),
            "phone": FieldReading("phone", "13800138001", "13800138001", 0.62, (100, 200, 300, 240)),
        },
        size=(1240, 874),
    )
    tab.on_reading(page_key(tab.current_item()), reading)
    assert tab.form.name.text() == "王秀英" and tab.form.phone1.text() == "13800138001"
    assert tab.form.phone1.styleSheet() == UNSURE_STYLE and tab.form.name.styleSheet() == ""
    tab.form.staff.setCurrentIndex(1)
    tab.form.channel.setCurrentIndex(tab.form.channel.findData("scatter"))
    qtbot.waitUntil(lambda: tab.form.name.hasFocus())
    qtbot.keyClick(tab.form.name, Qt.Key.Key_Return)
    assert "标黄" in tab.status.text()  # not saved: the unsure phone has not been looked at
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.form.phone1)
    assert tab.viewer._outline is not None  # its region on the scan is outlined
    qtbot.keyClick(tab.form.phone1, Qt.Key.Key_Return)
    assert "已保存" in tab.status.text(), tab.form.error.text()


def test_showing_another_page_takes_back_its_prefill_but_not_what_was_typed(qtbot, app, office, tmp_path, form_scan):
    folder, _want = form_scan
    (folder / "002.png").write_bytes((folder / "001.png").read_bytes()[:-1] + b"\0")  # another page in the queue
    tab = make_tab(qtbot, app, office, tmp_path, read=False)
    assert tab.open_queue(str(folder))
    reading = FormReading(
        {
            "name": FieldReading("name", "王秀英", "王秀英", 0.99, (100, 100, 200, 140)),
            "address": FieldReading("address", "幸福里1号", "幸福里1号", 0.99, (100, 300, 400, 340)),
        },
        size=(1240, 874),
    )
    tab.on_reading(page_key(tab.current_item()), reading)
    tab.form.address.setText("幸福里2号")  # the clerk corrected it
    tab.on_next()
    assert tab.form.name.text() == "" and tab.form.address.text() == "幸福里2号"
    assert tab.form.address.styleSheet() == ""


def test_interests_are_prefilled_from_the_reading_and_saved_as_tags(qtbot, app, office, tmp_path, form_scan):
    folder, _want = form_scan
    tab = make_tab(qtbot, app, office, tmp_path, read=False)
    assert tab.open_queue(str(folder))
    # What the form reader makes of the lines: 兴趣 with its two interests kept apart.
    lines = [TextLine("兴趣：", (60, 600, 150, 640), 0.99), TextLine("养生 太极", (260, 600, 400, 640), 0.97)]
    reading = FormReading(
        {
            **read_fields(lines, this_year=2026),
            "name": FieldReading("name", "王秀英", "王秀英", 0.99, (100, 100, 200, 140)),
            "phone": FieldReading("phone", "13800138001", "13800138001", 0.99, (100, 200, 300, 240)),
        },
        size=(1240, 874),
    )
    tab.on_reading(page_key(tab.current_item()), reading)
    assert tab.form.interests.text() == "养生 太极" and tab.form.interests.styleSheet() == ""
    assert "3 项" in tab.status.text()
    tab.form.interests.setFocus()
    qtbot.waitUntil(lambda: tab.viewer._outline is not None)  # where on the scan it was read
    tab.form.staff.setCurrentIndex(1)
    tab.form.channel.setCurrentIndex(tab.form.channel.findData("scatter"))
    qtbot.keyClick(tab.form.interests, Qt.Key.Key_Return)
    assert "已保存" in tab.status.text(), tab.form.error.text()
    card = app.customers.card(office.users["clerk"], int(tab.status.text().split("档案 ")[1].split(",")[0]))
    assert set(card.tags) == {"养生", "太极"}
