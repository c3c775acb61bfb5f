"""打印档案 / 打印回访表 in the card editor: the preview opens on a PDF that names the customer."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import QThreadPool

from ui.context import UiContext
from ui.customers.editor import CustomerEditor
from ui.print_preview import PrintPreviewDialog

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing"),
]


@pytest.fixture
def card(app, office):
    c = app.customers.create(office.users["clerk"], "王秀英", ["13912345678"], address="幸福路8号")
    app.timeline.register(office.users["s1"], c.id, office.s1, "scatter")
    yield c.id
    QThreadPool.globalInstance().waitForDone(10000)


@pytest.fixture
def previews(monkeypatch):
    """The preview dialogs that would open: their page count and the text of their PDF."""
    seen: list[tuple[str, int, str]] = []

    def shown(dialog: PrintPreviewDialog) -> int:
        text = subprocess.run(["pdftotext", str(dialog.pdf_path), "-"], capture_output=True, text=True).stdout
        seen.append((dialog.windowTitle(), dialog.document.pageCount(), "".join(text.split())))
        return 0

    monkeypatch.setattr(PrintPreviewDialog, "exec", shown)
    return seen


def editor(qtbot, app, actor, cid) -> CustomerEditor:
    dialog = CustomerEditor(UiContext(app, actor), cid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_print_card_previews_the_card(qtbot, app, office, card, previews):
    dialog = editor(qtbot, app, office.users["s1"], card)
    assert dialog.print_card_button.isVisible()
    dialog.print_card_button.click()
    qtbot.waitUntil(lambda: bool(previews), timeout=10000)
    title, pages, text = previews[0]
    assert "王秀英" in title and pages == 1
    assert "顾客档案王秀英" in text and "13912345678" in text


def test_print_callback_form_previews_the_form(qtbot, app, office, card, previews):
    dialog = editor(qtbot, app, office.users["s1"], card)
    dialog.print_form_button.click()
    qtbot.waitUntil(lambda: bool(previews), timeout=10000)
    title, pages, text = previews[0]
    assert "回访表" in title and pages >= 1
    assert "顾客回访表" in text and "王秀英" in text and "顾客签字" in text


def test_a_masked_card_offers_no_printing(qtbot, app, office, card, previews):
    dialog = editor(qtbot, app, office.users["s3"], card)  # 王五, another department
    assert not dialog.print_card_button.isVisible() and not dialog.print_form_button.isVisible()
