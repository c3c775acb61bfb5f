"""`--self-test`: prove an installed copy works — rules, database, window, Excel and PDF — and exit 0.

Runs in the frozen build as well as from source: it replays the rules scenarios shipped under
resources/scenarios, opens a fresh database in a temporary folder, builds the main window
offscreen with every tab, writes one Excel sheet and one PDF and reads both back.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path


def run_self_test(say: Callable[[str], None] = print) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    checks: list[tuple[str, Callable[[Path], str]]] = [
        ("规则场景 rules scenarios", _scenarios),
        ("数据库与主窗口 database and main window", _window),
        ("Excel 导出 export", _excel),
        ("PDF 打印 print", _pdf),
        ("表格识别 OCR", _ocr),
        ("Qt 中文 Qt's own dialogs in Chinese", _qt_chinese),
    ]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="keyuan-selftest-") as folder:
        for name, check in checks:
            try:
                detail = check(Path(folder))
                say(f"ok    {name}: {detail}")
            except Exception as exc:  # noqa: BLE001 - the self-test reports every failure and goes on
                failed += 1
                say(f"FAIL  {name}: {type(exc).__name__}: {exc}")
                say(traceback.format_exc())
        # ui/ never imports models/ (tests/test_layers.py): close through the service helper.
        from services.platform.database import close_database

        close_database()
    say(f"self-test: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


def _scenarios(_folder: Path) -> str:
    from services.cli.replay import differences, load, replay
    from services.platform.resources import resource_path

    files = sorted(resource_path("scenarios").glob("*.json"))
    if not files:
        raise RuntimeError("no scenarios shipped under resources/scenarios")
    bad = []
    for f in files:
        sc = load(f)
        if differences(sc.expect, replay(sc).results):
            bad.append(f.name)
    if bad:
        raise RuntimeError("scenarios differ: " + ", ".join(bad))
    return f"{len(files)} scenarios pass"


def _qt_chinese(_folder: Path) -> str:
    """Qt's own words (the file dialog, OK/Cancel) in Chinese: its catalogue shipped and found, the gaps filled."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from ui import i18n

    _ = QApplication.instance() or QApplication([])
    i18n.install("zh_CN")
    asked = [("QFileDialog", "File &name:"), ("QFileDialog", "&Look in:"), ("QPlatformTheme", "Cancel")]
    words = {source: QCoreApplication.translate(context, source) for context, source in asked}
    english = [source for source, text in words.items() if text == source]
    if english:
        raise RuntimeError(f"still English: {english}; looked in {[str(f) for f in i18n.qt_translation_folders()]}")
    return "、".join(words.values())


def _window(folder: Path) -> str:
    from PySide6.QtWidgets import QApplication

    from services.app import Services
    from services.platform.database import open_database
    from ui.context import UiContext
    from ui.main_window import MainWindow

    qt = QApplication.instance() or QApplication([])
    label = open_database(str(folder / "selftest.db"))
    app = Services()
    admin = app.auth.create_first_admin("selftest", "selftest", "自检")
    dept = app.org.create_department(admin, "自检部").id
    staff = app.org.create_staff(admin, "自检员工", dept).id
    customer = app.customers.create(admin, "自检顾客", ["13800000000"]).id
    app.timeline.register(admin, customer, staff, "kepu")
    window = MainWindow(UiContext(app, admin, label), start_sweep=False)
    window.show()
    qt.processEvents()
    # Build every tab (the window builds only the landing one at start): each tab's modules must be in
    # the bundle, and a tab that cannot be built fails the self-test here rather than in the office.
    for key in window.tab_keys:
        if window.tab_widget(key) is None or window.tab_widget(key).objectName().startswith("pendingTab_"):
            raise RuntimeError(f"the {key} tab was not built")
    qt.processEvents()
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.close()
    if not tabs:
        raise RuntimeError("the main window has no tabs")
    owner = app.timeline.verdict(customer)
    if owner.owner != staff:
        raise RuntimeError("the rules engine did not give the customer to the registering staff member")
    return f"{len(tabs)} tabs: {' '.join(tabs)}"


def _excel(folder: Path) -> str:
    import openpyxl

    from services.output.export import Column, write_xlsx

    path = folder / "selftest.xlsx"
    write_xlsx(path, "自检", [Column("姓名"), Column("日期")], [("王大爷", dt.date(2026, 3, 1))])
    ws = openpyxl.load_workbook(path).active
    if ws["A3"].value != "王大爷":
        raise RuntimeError("the exported sheet did not read back")
    return str(path.stat().st_size) + " bytes"


def _pdf(folder: Path) -> str:
    from services.output import pdf

    row = pdf.VisitRow("王大爷", "13800000000", "幸福路1号", "出货后第3天家访", "3月2日")
    sheet = pdf.VisitSheet("自检员工", "自检部", dt.date(2026, 3, 2), (row,))
    path = pdf.visit_sheets_pdf(folder / "selftest.pdf", [sheet], office="自检", printed_at=dt.datetime.now())
    data = path.read_bytes()
    if not data.startswith(b"%PDF") or b"WenQuanYiMicroHei" not in data:
        raise RuntimeError("the PDF is not complete or lacks the embedded Chinese font")
    return f"{len(data)} bytes, Chinese font embedded"


def _ocr(_folder: Path) -> str:
    import json

    from services.intake.form_reader import read_page
    from services.platform.resources import resource_path

    want = json.loads(resource_path("ocr", "sample_form.json").read_text(encoding="utf-8"))
    reading = read_page(str(resource_path("ocr", "sample_form.png")), this_year=dt.date.today().year)
    got = {name: reading.fields[name].value for name in want if name in reading.fields}
    wrong = sorted(name for name in want if got.get(name) != want[name])
    if wrong:
        raise RuntimeError("the sample form was misread: " + ", ".join(wrong))
    return f"{len(want)} fields of the sample form read"
