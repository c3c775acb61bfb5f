"""打印分配表… in the 档案分配 tab opens the print preview on the batch's sheet (masked names and phones)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import QThreadPool

from tests.ui.test_allocation_tab import make_tab, messages, processed  # noqa: F401 - fixtures
from ui.print_preview import PrintPreviewDialog

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing"),
]


def test_print_button_previews_the_allocation_sheet(qtbot, app, office, processed, messages, monkeypatch):  # noqa: F811
    batch_id, _ids = processed
    seen: list[tuple[str, str]] = []

    def shown(dialog: PrintPreviewDialog) -> int:
        text = subprocess.run(["pdftotext", str(dialog.pdf_path), "-"], capture_output=True, text=True).stdout
        seen.append((dialog.windowTitle(), "".join(text.split())))
        return 0

    monkeypatch.setattr(PrintPreviewDialog, "exec", shown)
    tab = make_tab(qtbot, app, office.users["manager1"])
    page = tab.batches
    page.batch_view.selectRow(0)
    assert page.print_button.isEnabled()
    page.print_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    QThreadPool.globalInstance().waitForDone(5000)
    title, text = seen[0]
    assert str(batch_id) in title
    assert "张三" in text and "李四" in text and "分配规则" in text
    assert not any(f"1380000{i:04d}" in text for i in range(5))  # phones on the notice board are masked
    assert messages == []
