"""The customer card and the 回访表 as printed from the card editor: read the PDF back, look at a page.

pdftotext must find the customer's Chinese name (the font is embedded, so every PC prints the same
glyphs), and page 1 rendered by pdftoppm must be an A4 portrait page with ink on it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PIL import Image

from services.output import pdf, sheets
from services.platform.errors import PermissionDenied

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")


@pytest.fixture
def card(app, office):
    """王秀英, registered by 张三 (s1), one purchase and a home visit later."""
    c = app.customers.create(
        office.users["clerk"], "王秀英", ["13912345678"], sex="F", birth_year=1948, address="幸福路8号"
    )
    app.timeline.register(office.users["s1"], c.id, office.s1, "scatter")
    app.clock.set(dt.datetime(2026, 3, 5, 10, 0))
    app.timeline.purchase(office.users["clerk"], c.id, 3680, products="灵芝孢子粉", staff_id=office.s1)
    app.clock.set(dt.datetime(2026, 3, 8, 15, 0))
    app.timeline.visit(office.users["s1"], c.id, office.s1, "home", signed=True, notes="身体好转")
    return c.id


def text_of(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def render_first_page(path, tmp_path) -> Image.Image:
    """Page 1 at 40 dpi (fast, and enough to see the layout)."""
    prefix = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(path), str(prefix)], check=True
    )
    return Image.open(f"{prefix}.png").convert("L")


@needs_poppler
def test_customer_card_pdf_names_the_customer_on_an_a4_portrait_page_with_ink(app, office, card, tmp_path):
    data = sheets.customer_card(app, office.users["s1"], card)
    out = pdf.customer_cards_pdf(tmp_path / "card.pdf", [data], office="幸福健康会馆", printed_at=app.clock.now())
    text = text_of(out)
    assert "王秀英" in text and "13912345678" in text and "幸福路8号" in text
    assert "出货" in text and "幸福健康会馆" in text and "第1页/共1页" in text.replace(" ", "")
    page = render_first_page(out, tmp_path)
    w, h = page.size
    assert abs(w / h - 210 / 297) < 0.01  # A4 portrait, as the office's printers take it
    dark = sum(page.histogram()[:100])  # pixels darker than mid grey
    assert dark > 0.005 * w * h  # a page with a title, a field grid and a table, not a blank sheet
    top = page.crop((0, 0, w, h // 6))
    assert sum(top.histogram()[:100]) > 0  # the title sits at the top of the page


@needs_poppler
def test_callback_form_pdf_names_the_customer_and_has_the_signature_line(app, office, card, tmp_path):
    data = sheets.callback_form(app, office.users["s1"], card)
    out = pdf.callback_forms_pdf(tmp_path / "form.pdf", [data], office="幸福健康会馆", printed_at=app.clock.now())
    text = text_of(out)
    assert "王秀英" in text and "顾客回访表" in text
    flat = "".join(text.split())
    assert "灵芝孢子粉" in flat and "3,680" in flat  # the purchase, for the questions about its use
    assert "顾客签字" in text and "满意度" in text


def test_a_card_another_department_owns_is_not_printed(app, office, card):
    with pytest.raises(PermissionDenied):
        sheets.customer_card(app, office.users["s3"], card)
    with pytest.raises(PermissionDenied):
        sheets.callback_form(app, office.users["s3"], card)


def test_a_customer_without_an_address_is_named_on_the_visit_sheet(app, office):
    clerk = office.users["clerk"]
    c = app.customers.create(clerk, "陈奶奶", ["13800000009"]).id  # no address on the card
    app.timeline.register(office.users["s1"], c, office.s1, "kepu")
    app.clock.set(dt.datetime(2026, 3, 10, 16, 30))
    app.timeline.purchase(clerk, c, 1000, staff_id=office.s1)
    sheet = sheets.visit_sheet(app, office.users["manager1"], office.s1, dt.date(2026, 3, 12))
    rows = [r for r in sheet.rows if r.customer == "陈奶奶"]
    assert rows and all(r.address == "(未登记地址,请先电话确认)" for r in rows)
