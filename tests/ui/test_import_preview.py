"""The import preview: nothing is written until 开始导入; columns can be remapped or ignored; possible
duplicates get a choice; the import then runs with exactly what the preview showed."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from models import Customer, Event, Phone
from services.intake.service import IntakeForm
from ui.context import UiContext
from ui.intake.tab import IntakeTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

HEADERS = ["姓名", "联系电话", "来源", "建档日期", "住址", "备注说明"]
ROWS = [
    ["周梅", "139 0000 0001", "科普", "2026-03-01", "幸福里小区3栋1单元101", "x"],  # row 2
    ["吴刚", "+86 139-0000-0002", "社区", "2026/3/1", None, None],  # row 3
    ["郑洁", "１３９０００００００３", "转介", "2026年3月1日", None, None],  # row 4: full-width digits
    ["冯军", "010-6234 5678", "散收", dt.datetime(2026, 3, 1), None, None],  # row 5: landline, a date cell
    ["陈红", "13900000005", "科普", "2026-13-45", None, None],  # row 6: no such day
    ["周梅", "13900000001", "科普", "2026-03-01", None, None],  # row 7: row 2 again
    ["张丽", "13700000001", "科普", None, "幸福里小区11栋2单1603室", None],  # row 8: possible duplicate
]


@pytest.fixture(autouse=True)
def own_data_folder(app, tmp_path):
    app.data_dir = tmp_path / "data"


@pytest.fixture
def book(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row)
    path = tmp_path / "office.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def tab(qtbot, app, office):
    w = IntakeTab(UiContext(app, office.users["clerk"]))
    qtbot.addWidget(w)
    w.resize(1300, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def known(app, office):
    return app.intake.save_card(
        office.users["clerk"],
        IntakeForm(
            name="张丽", phones=("13800138000",), address="幸福里小区11栋2单元1603", channel="kepu", staff_id=office.s1
        ),
    ).customer_id


def test_preview_shows_columns_rows_counts_and_duplicates_then_imports_them(qtbot, app, office, tab, book, known):
    dialog = tab.open_preview(str(book))
    with qtbot.waitSignal(dialog.previewReady, timeout=20000) as got:
        pass
    report = got.args[0]
    assert Customer.select().count() == 1  # the preview writes nothing
    mapped = {dialog.columns.item(i, 0).text(): dialog.columns.cellWidget(i, 1).currentData() for i in range(6)}
    assert mapped == {
        "姓名": "name",
        "联系电话": "phone1",
        "来源": "channel",
        "建档日期": "registered_on",
        "住址": "address",
        "备注说明": "",  # not recognised: ignored unless the user maps it
    }
    assert "读取 7 行" in dialog.counts.text() and "有问题 1 行" in dialog.counts.text()
    assert "备注说明" in dialog.counts.text()  # the ignored column is named before the import
    assert [dialog.problems.item(r, 0).text() for r in range(dialog.problems.rowCount())] == ["6"]
    assert "2026-13-45" in dialog.problems.item(0, 2).text()
    dups = {dialog.duplicates.item(r, 0).text(): r for r in range(dialog.duplicates.rowCount())}
    assert set(dups) == {"7", "8"} and "本文件第 2 行" in dialog.duplicates.item(dups["7"], 1).text()
    assert str(known) in dialog.duplicates.item(dups["8"], 1).text()
    headers = [dialog.samples.horizontalHeaderItem(c).text() for c in range(dialog.samples.columnCount())]
    first = {headers[c]: dialog.samples.item(0, c).text() for c in range(len(headers))}
    assert first["来源渠道"] == "科普" and first["登记日期"] == "2026-03-01" and first["电话"] == "13900000001"
    assert report.accepted == 4

    # Map the ignored column to 备注; choose 合并 for the possible duplicate of row 8.
    with qtbot.waitSignal(dialog.previewReady, timeout=20000):
        dialog.map_column(5, "notes")
    combo = dialog.duplicates.cellWidget(dups["8"], 3)
    with qtbot.waitSignal(dialog.previewReady, timeout=20000) as got:
        combo.setCurrentIndex(combo.findData("merge"))
    assert got.args[0].accepted == 5 and "1 张表并入已有档案" in dialog.counts.text()

    with qtbot.waitSignal(tab.importer.reportReady, timeout=20000) as done:
        dialog.start.click()
    result = done.args[0]
    assert result.committed and result.imported == 4 and result.attached == 1
    cards = {c.name: c for c in Customer.select()}
    assert set(cards) == {"张丽", "周梅", "吴刚", "郑洁", "冯军"}
    assert cards["周梅"].notes == "x" and cards["吴刚"].source_channel == "community"
    assert cards["冯军"].created_at == dt.datetime(2026, 3, 1)
    assert Phone.get(Phone.number == "13700000001").customer_id == known
    assert {p.number for p in Phone.select()} >= {"13900000003", "01062345678"}
    assert Event.select().where(Event.type == "register").count() == 1  # the clerk named no staff member
    tab.importer.report_dialog.close()


def test_ignoring_a_column_and_the_problem_report_keeps_the_cells(qtbot, app, office, tab, book, tmp_path, known):
    dialog = tab.open_preview(str(book))
    with qtbot.waitSignal(dialog.previewReady, timeout=20000):
        pass
    with qtbot.waitSignal(dialog.previewReady, timeout=20000) as got:
        dialog.map_column(2, "")  # 来源 ignored
    assert "来源" in got.args[0].ignored_columns
    out = tmp_path / "problems.xlsx"
    assert dialog.export_to(str(out)) == 3  # row 6 (bad date), row 7 (repeat), row 8 (skipped duplicate)
    rows = [r for r in load_workbook(out).active.iter_rows(values_only=True) if any(r)]
    header = next(r for r in rows if r[0] == "姓名")
    assert list(header[:6]) == HEADERS
    assert [r[0] for r in rows[rows.index(header) + 1 :]] == ["陈红", "周梅", "张丽"]
    dialog.reject()
    assert Customer.select().count() == 1  # cancelled: nothing written


def test_a_managers_back_dated_import_asks_for_the_reason_and_keeps_it(qtbot, app, office, tmp_path):
    """SPEC §5: rows whose 登记日期 is older than the back-entry limit are imported only with a reason."""
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "手机", "登记日期", "登记员工"])
    ws.append(["周梅", "13900000001", "2026-02-20", "张三"])
    path = tmp_path / "old.xlsx"
    wb.save(path)
    manager = IntakeTab(UiContext(app, office.users["manager1"]))
    qtbot.addWidget(manager)
    manager.show()
    qtbot.waitExposed(manager)
    dialog = manager.open_preview(str(path))
    with qtbot.waitSignal(dialog.previewReady, timeout=20000):
        pass
    assert "1 行按登记日期补录报名(早于补录期限 24 小时)" in dialog.counts.text()
    assert dialog.late_reason.isVisible()
    dialog.late_reason.setText("旧登记表迁入")
    with qtbot.waitSignal(manager.importer.reportReady, timeout=20000) as done:
        dialog.start.click()
    assert done.args[0].committed
    (reg,) = Event.select().where(Event.type == "register")
    assert reg.details["late_reason"] == "旧登记表迁入"
    manager.importer.report_dialog.close()


def test_exporting_the_problem_rows_starts_in_the_exports_folder_and_says_where_the_file_went(
    qtbot, app, office, book, tmp_path, monkeypatch
):
    """Like every other save: the remembered exports folder (never the database's), the .xlsx added, and
    the main window's line naming the file — from the preview and from the report after the import."""
    from PySide6.QtWidgets import QFileDialog

    from ui import files
    from ui.main_window import MainWindow

    exports = tmp_path / "导出"
    exports.mkdir()
    files.remember("exports", exports)
    started, answers = [], [str(exports / "问题行"), str(exports / "导入后问题行.xlsx")]

    def save(parent, title, start, file_filter):
        started.append(start)
        return answers.pop(0), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    errors = []
    monkeypatch.setattr("ui.intake.preview.show_error", lambda parent, exc: errors.append(exc.message))
    win = MainWindow(UiContext(app, office.users["clerk"], "/data/keyuan.db"), start_sweep=False, lock_session=False)
    qtbot.addWidget(win)
    win.show()
    dialog = win.tab_widget("intake").open_preview(str(book))
    with qtbot.waitSignal(dialog.previewReady, timeout=20000):
        pass
    dialog.export.click()  # the name typed without .xlsx
    assert errors == [] and started == [str(exports / "导入问题行.xlsx")]
    assert load_workbook(exports / "问题行.xlsx").active.max_row > 1
    assert win.saved_bar.isVisible() and win.saved_bar.label.text() == f"问题行已导出到 {exports / '问题行.xlsx'}"

    tab = win.tab_widget("intake")
    with qtbot.waitSignal(tab.importer.reportReady, timeout=20000):
        dialog.start.click()
    tab.importer.report_dialog.export.click()
    assert started[1] == str(exports / "导入问题行.xlsx")  # the folder just used
    assert win.saved_bar.label.text() == f"问题行已导出到 {exports / '导入后问题行.xlsx'}"
    tab.importer.report_dialog.close()
