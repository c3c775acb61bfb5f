"""The office's own form kind in 录入 (issue 24, item 2): the label search finds nothing on it, so the
clerk marks a box per field on the scan by dragging, names the kind and saves; the page and the next
scans of that kind are then read through the saved boxes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtWidgets import QApplication

from services.intake.form_reader import LAYOUTS_FILE
from tests.ocr_cards import FIRST, HEIGHT, ROWS, SECOND, VALUE_X, WIDTH, community_card
from tests.ui.ime import type_text
from tests.ui.test_intake_prefill import make_tab
from ui.intake.layout_marker import MARKED_FIELDS
from ui.intake.tab import FORM_KIND_KEY


def drag_box(qtbot, viewer, box: tuple[float, float, float, float]) -> None:
    """Drag from one corner to the other of ``box`` (fractions of the page) with the mouse."""
    port = viewer.viewport()
    a = viewer.mapFromScene(QPointF(box[0] * WIDTH, box[1] * HEIGHT))
    b = viewer.mapFromScene(QPointF(box[2] * WIDTH, box[3] * HEIGHT))
    middle = (a + b) / 2
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(port, pos=middle)
    qtbot.mouseMove(port, pos=b)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=b)


def test_the_clerk_marks_a_new_form_kind_and_the_next_scan_is_read_through_it(qtbot, app, office, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    community_card(folder / "001.png", FIRST)
    community_card(folder / "002.png", SECOND)
    tab = make_tab(qtbot, app, office, tmp_path, read=True)
    assert tab.open_queue(str(folder))

    # Read by its labels, the card gives nothing, and the clerk is told a layout can be marked.
    qtbot.waitUntil(lambda: "标注版式" in tab.status.text(), timeout=600_000)
    assert tab.form.name.text() == "" and tab.form.phone1.text() == ""

    qtbot.mouseClick(tab.mark_button, Qt.MouseButton.LeftButton)
    assert tab.marker.isVisible() and tab.marker.current_field() == "name"
    rows = {field: y for field, _label, y in ROWS}
    for field in ("name", "birth_year", "phone", "address"):
        tab.marker.fields.setCurrentRow([code for code, _ in MARKED_FIELDS].index(field))
        drag_box(qtbot, tab.viewer, (VALUE_X - 0.02, rows[field] - 0.03, 0.97, rows[field] + 0.07))
    assert set(tab.marker.boxes) == {"name", "birth_year", "phone", "address"}
    assert len(tab.viewer._marks) == 2 * 4  # each box is drawn with its field's name
    a_box = tab.marker.boxes["phone"]
    assert abs(a_box[0] - (VALUE_X - 0.02)) < 0.01 and abs(a_box[3] - (rows["phone"] + 0.07)) < 0.01

    type_text(qtbot, tab.marker.kind, "幸福社区会员卡")
    qtbot.keyClick(tab.marker.kind, Qt.Key.Key_Return)  # saves the layout, never the card behind it
    assert not tab.marker.isVisible()
    saved = app.form_reader.layouts()["幸福社区会员卡"]
    assert set(saved) == {"name", "birth_year", "phone", "address"}
    assert (tmp_path / "data" / LAYOUTS_FILE).exists()
    assert tab.form_kind.currentText() == "幸福社区会员卡" and QSettings().value(FORM_KIND_KEY) == "幸福社区会员卡"
    assert "已保存" in tab.status.text() and "档案" not in tab.status.text()

    # The page it was marked on is read again through the boxes ...
    qtbot.waitUntil(lambda: tab.form.phone1.text() == FIRST["phone"], timeout=600_000)
    assert tab.form.name.text() == FIRST["name"]
    assert tab.form.birth_year.text() == FIRST["birth_year"]
    assert tab.form.address.text() == FIRST["address"]
    tab.form.staff.setCurrentIndex(1)
    tab.form.channel.setCurrentIndex(tab.form.channel.findData("scatter"))
    for widget in (tab.form.name, tab.form.birth_year, tab.form.phone1, tab.form.address):
        widget.setFocus()  # any tinted reading is looked at before Enter saves
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() is w)
    qtbot.keyClick(tab.form.name, Qt.Key.Key_Return)
    assert "已保存" in tab.status.text(), tab.status.text() + tab.form.error.text()

    # ... and so is the next scan of that kind.
    qtbot.waitUntil(lambda: tab.form.phone1.text() == SECOND["phone"], timeout=600_000)
    assert tab.form.name.text() == SECOND["name"]
    assert tab.form.birth_year.text() == SECOND["birth_year"]
    assert tab.form.address.text() == SECOND["address"]


def test_marking_is_cancelled_with_esc_and_keeps_nothing(qtbot, app, office, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    community_card(folder / "001.png", FIRST)
    tab = make_tab(qtbot, app, office, tmp_path, read=False)
    qtbot.mouseClick(tab.mark_button, Qt.MouseButton.LeftButton)
    assert not tab.marker.isVisible() and "先打开" in tab.status.text()  # no scan shown: nothing to mark on
    assert tab.open_queue(str(folder))
    qtbot.mouseClick(tab.mark_button, Qt.MouseButton.LeftButton)
    drag_box(qtbot, tab.viewer, (0.2, 0.2, 0.9, 0.3))
    drag_box(qtbot, tab.viewer, (0.5, 0.5, 0.505, 0.505))  # a stray click is no box
    assert list(tab.marker.boxes) == ["name"]
    qtbot.mouseClick(tab.marker.save_button, Qt.MouseButton.LeftButton)  # no name for the kind yet
    assert tab.marker.isVisible() and "名称" in tab.marker.error.text()
    qtbot.keyClick(tab.marker.fields, Qt.Key.Key_Escape)
    assert not tab.marker.isVisible() and tab.viewer._marks == []
    assert app.form_reader.layouts() == {} and tab.form_kind.count() == 1
