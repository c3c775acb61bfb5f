"""File dialogs start in one remembered folder per kind, never beside the database; exported files get the
user's normal permissions; after an export one line says where the file went, with its folder a click away."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from services.output.export import Column, write_xlsx
from services.platform.files import UMASK
from ui import files


@pytest.fixture
def dialogs(monkeypatch, tmp_path):
    """The save/open dialogs: record where each one started, answer with the next path in ``answers``."""
    started: list[str] = []
    answers: list[str] = []

    def save(parent, title, start, file_filter):
        started.append(start)
        return answers.pop(0), file_filter

    def folder(parent, title, start):
        started.append(start)
        return answers.pop(0)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", save)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder)
    return started, answers


def test_each_kind_starts_in_its_remembered_folder_never_beside_the_database(qapp, tmp_path, dialogs):
    started, answers = dialogs
    program = Path(files.__file__).resolve().parent.parent
    database_folder = tmp_path / "office"
    database_folder.mkdir()
    files.avoid_folder(database_folder)
    first = Path(files.folder_for("exports"))
    assert first.resolve() not in (program, database_folder.resolve()) and first.is_dir()
    exports, scans = tmp_path / "exports", tmp_path / "scans"
    exports.mkdir()
    scans.mkdir()
    answers.append(str(exports / "名单"))
    assert files.ask_save(None, "exports", "导出", "名单.xlsx", "Excel (*.xlsx)", ".xlsx") == str(exports / "名单.xlsx")
    assert started[-1] == str(first / "名单.xlsx")  # proposed name in the default folder
    answers.append(str(scans))
    assert files.ask_folder(None, "scans", "扫描件") == str(scans)
    answers.append(str(exports / "回访.xlsx"))
    files.ask_save(None, "exports", "导出", "回访.xlsx", "Excel (*.xlsx)")
    assert started[-1] == str(exports / "回访.xlsx")  # exports remembered their own folder …
    answers.append("")
    assert files.ask_folder(None, "scans", "扫描件") == ""
    assert started[-1] == str(scans)  # … and scans theirs
    # A remembered folder that turns out to be the database's is never used.
    answers.append(str(database_folder / "x.xlsx"))
    files.ask_save(None, "imports", "导入", "x.xlsx", "Excel (*.xlsx)")
    assert Path(files.folder_for("imports")).resolve() != database_folder.resolve()


def test_exported_files_have_the_users_normal_permissions(tmp_path):
    target = tmp_path / "清单.xlsx"
    write_xlsx(target, "清单", [Column("姓名", 10)], [("张三",)])
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~UMASK  # not the temp file's 0600


def test_after_an_export_the_main_window_says_where_with_a_button_to_the_folder(qtbot, app, admin, monkeypatch):
    from ui.context import UiContext
    from ui.main_window import MainWindow

    opened = []
    monkeypatch.setattr(files.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    win = MainWindow(UiContext(app, admin, "/data/keyuan.db"), start_sweep=False, lock_session=False)
    qtbot.addWidget(win)
    win.show()
    assert not win.saved_bar.isVisible()
    files.announce_saved(win.tabs.currentWidget(), "/home/u/文档/名单.xlsx", "已导出 3 份名单到 /home/u/文档/名单.xlsx")
    assert win.saved_bar.isVisible() and win.saved_bar.label.text() == "已导出 3 份名单到 /home/u/文档/名单.xlsx"
    win.saved_bar.open_button.click()
    assert opened == ["/home/u/文档"]


def test_qts_own_file_dialog_speaks_chinese_throughout(qtbot, tmp_path):
    """Where the platform has no dialog of its own (Linux), Qt's is shown: every word on it is Chinese,
    including the labels Qt 6.12 renamed ("&Look in:", "Files of &type:") and the folder type column."""
    import re

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTreeView

    from ui import i18n

    (tmp_path / "exports").mkdir()
    (tmp_path / "名单.xlsx").write_bytes(b"")
    try:
        assert i18n.install("zh_CN") == "zh_CN"
        dialog = QFileDialog(None, "导出", str(tmp_path), "Excel 文件 (*.xlsx)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        qtbot.addWidget(dialog)
        dialog.show()
        view = dialog.findChild(QTreeView, "treeView")
        model = view.model()
        qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 2)
        words = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
        words += [b.text() or b.toolTip() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
        words += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(4)]
        folder = next(r for r in range(2) if model.index(r, 0, view.rootIndex()).data() == "exports")
        words.append(model.index(folder, 2, view.rootIndex()).data())  # its type: 文件夹, not Folder
        english = [w for w in words if re.search(r"[A-Za-z]{2,}", w.replace("&", ""))]
        assert not english, f"English on the file dialog: {english}"
        assert "查找范围(&L)：" in words and "文件类型(&T)：" in words  # noqa: RUF001 - Qt's full-width colon
    finally:
        i18n.install("zh_CN")


def test_the_qt_gaps_catalogue_is_built_from_its_ts(tmp_path):
    """resources/qt/qtbase_gaps_zh_CN.qm is what lrelease makes of the committed .ts."""
    import shutil
    import subprocess
    import sys

    ts = Path(__file__).resolve().parents[2] / "resources" / "qt" / "qtbase_gaps_zh_CN.ts"
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name("pyside6-lrelease"))
    if not Path(lrelease).exists():
        pytest.skip("pyside6-lrelease is not installed")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(ts), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == ts.with_suffix(".qm").read_bytes(), "run pyside6-lrelease on qtbase_gaps_zh_CN.ts"
