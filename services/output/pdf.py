"""Printed forms (SPEC §8) with reportlab: A4, Chinese text in an embedded font, footer on every page.

The builders take display-ready dataclasses (no database here), so each sheet's data comes
from the service that owns it (callbacks, allocation, customers) and the layout lives in one
place. The font is WenQuanYi Micro Hei shipped under resources/fonts and embedded as a
subset, so the printout looks the same on every office PC and its text can be extracted.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from services.output.pdf_grid import GridTable
from services.platform.errors import ServiceError, ValidationError
from services.platform.resources import resource_path

FONT = "WQYMicroHei"
_BINARY_STREAMS = threading.Lock()
_registered = False


class PrintCancelled(ServiceError):
    def __init__(self):
        super().__init__("打印已取消,没有生成文件。")


def register_fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts", "wqy-microhei.ttc")), subfontIndex=0))
        _registered = True


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    # Built once: every table of every form shares them (the styles are never changed after this).
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK")
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=4),
        "subtitle": ParagraphStyle(
            "subtitle",
            parent=base,
            fontSize=10,
            leading=14,
            alignment=TA_CENTER,
            textColor=colors.HexColor("#444444"),
            spaceAfter=8,
        ),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=17, spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12.5),
        "head": ParagraphStyle("head", parent=base, fontSize=9.5, leading=12.5, textColor=colors.white),
    }


def _escape(text: object) -> str:
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


CELL_PADDING = 6  # reportlab's default left and right padding of a table cell, points


def _cell(value: object, style: ParagraphStyle, width: float) -> object:
    """A table cell: plain text when it fits on one line, a wrapping Paragraph only when it does not.

    A Paragraph costs ~15x a plain string to lay out and draw (1,000 回访表 hold ~60,000 cells);
    most cells are short (dates, amounts, names) and print the same either way.
    """
    text = "" if value is None else str(value)
    room = width - 2 * CELL_PADDING
    if "\n" in text:
        return Paragraph(_escape(text), style)
    # No glyph is wider than the font's widest one: a short text fits without measuring it.
    if len(text) * style.fontSize * _widest_em() <= room or pdfmetrics.stringWidth(text, FONT, style.fontSize) <= room:
        return text
    return Paragraph(_escape(text), style)


class TextLine(Flowable):
    """One line of plain text in a paragraph style (size, leading, alignment, colour, spacing).

    Headings and signature lines never wrap: drawing them as one string skips the Paragraph's
    markup parsing and CJK line breaking (~0.4 ms each, eight of them on every 回访表).
    """

    def __init__(self, text: str, style: ParagraphStyle):
        super().__init__()
        self.text = text
        self.style = style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.style.leading

    def draw(self) -> None:
        st, c = self.style, self.canv
        c.setFont(st.fontName, st.fontSize)
        c.setFillColor(st.textColor)
        # The baseline where a one-line Paragraph puts it: the font's descent above the bottom.
        y = (st.leading - st.fontSize) / 2 + 0.2 * st.fontSize
        if st.alignment == TA_CENTER:
            c.drawCentredString(self.width / 2, y, self.text)
        else:
            c.drawString(0, y, self.text)


def line(text: str, style: ParagraphStyle, width: float) -> Flowable:
    """``text`` as one line when it fits ``width``, else as a wrapping Paragraph."""
    if "\n" not in text and pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width:
        return TextLine(text, style)
    return Paragraph(_escape(text), style)


@functools.cache
def _widest_em() -> float:
    """The widest glyph of the font in ems (WenQuanYi Micro Hei: ~1.17)."""
    register_fonts()
    face = pdfmetrics.getFont(FONT).face
    return max([face.defaultWidth, *face.charWidths.values()]) / 1000


def _text_style(st: dict[str, ParagraphStyle], header: bool) -> list[tuple]:
    """The TableStyle lines that make plain-text cells look like the Paragraph cells."""
    cell, head = st["cell"], st["head"]
    out: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), cell.leading),
    ]
    if header:
        out.append(("TEXTCOLOR", (0, 0), (-1, 0), head.textColor))
    return out


def _all_text(data: list[list[object]]) -> bool:
    return all(isinstance(v, str) for row in data for v in row)


def make_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    row_height: float | None = None,
    carry: Sequence[int] = (),
) -> Flowable:
    """A grid table whose cells wrap Chinese text; the header row repeats on every page.

    ``carry``: columns repeated on the first row of a new page (one-line tables only).
    """
    st = _styles()
    cell, head = st["cell"], st["head"]
    data = [[_cell(h, head, w) for h, w in zip(header, widths, strict=False)]]
    data += [[_cell(v, cell, w) for v, w in zip(row, widths, strict=False)] for row in rows]
    if _all_text(data):  # nothing wraps: drawn directly, as reportlab's Table would draw it
        return GridTable(
            data[0],
            data[1:],
            widths,
            font=FONT,
            size=cell.fontSize,
            leading=cell.leading,
            row_height=row_height,
            carry=carry,
        )
    heights = [None] + [row_height] * len(rows) if row_height else None
    t = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                *_text_style(st, header=True),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#3d5a80")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f4f7")]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return t


def field_table(pairs: Sequence[tuple[str, object]], width: float, columns: int = 2) -> Flowable:
    """Label / value pairs laid out in ``columns`` pairs per row (a card's fields)."""
    st = _styles()
    label_w = 22 * mm
    value_w = (width - label_w * columns) / columns
    cells: list[list[object]] = []
    row: list[object] = []
    for label, value in pairs:
        row += [_cell(label, st["cell"], label_w), _cell(value, st["cell"], value_w)]
        if len(row) == columns * 2:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [""] * (columns * 2 - len(row)))
    if _all_text(cells):
        return GridTable(
            None,
            cells,
            [label_w, value_w] * columns,
            font=FONT,
            size=st["cell"].fontSize,
            leading=st["cell"].leading,
            label_columns=range(0, columns * 2, 2),
            striped=False,
        )
    t = Table(cells, colWidths=[label_w, value_w] * columns)
    style = [
        *_text_style(st, header=False),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for c in range(columns):
        style.append(("BACKGROUND", (c * 2, 0), (c * 2, -1), colors.HexColor("#e8ecf2")))
    t.setStyle(TableStyle(style))
    return t


def _numbered_canvas(office: str, printed_at: dt.datetime):
    """A canvas that writes the footer once the page count is known: office, print date, 第 n / m 页."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            # reportlab wraps every compressed stream in ASCII85 by default (7-bit safe mail of 1999):
            # a quarter more bytes and ~15% of the build time. Binary streams are plain PDF. The
            # switch is global in reportlab, read while the file is written, so it is held under a lock.
            with _BINARY_STREAMS:
                before = rl_config.useA85
                rl_config.useA85 = 0
                try:
                    super().save()
                finally:
                    rl_config.useA85 = before

        def _footer(self, total: int) -> None:
            w, _h = self._pagesize
            self.setFont(FONT, 8.5)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(15 * mm, 9 * mm, f"{office}  打印于 {printed_at:%Y-%m-%d %H:%M}")
            self.drawRightString(w - 15 * mm, 9 * mm, f"第 {self._pageNumber} 页 / 共 {total} 页")

    return NumberedCanvas


def build(
    path: str | os.PathLike, story: list, *, office: str, printed_at: dt.datetime, title: str, wide: bool = False
) -> Path:
    """Write ``story`` to an A4 PDF (landscape when ``wide``); the file appears only when complete."""
    register_fonts()
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        raise ValidationError("path", "打印文件须以 .pdf 结尾。")
    if not target.parent.exists():
        raise ValidationError("path", f"文件夹不存在:{target.parent}")
    tmp = target.with_name(target.name + ".part")
    size = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(
        str(tmp),
        pagesize=size,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=title,
        author=office,
        creator="客源管家",
    )
    try:
        doc.build(story, canvasmaker=_numbered_canvas(office, printed_at))
        os.replace(tmp, target)
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise
    return target


def content_width(wide: bool = False) -> float:
    return (landscape(A4)[0] if wide else A4[0]) - 30 * mm


# -- the forms -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardPrint:
    """A customer card as printed: fields in order, plus the owner box and recent history."""

    title: str  # e.g. "顾客档案 王大爷"
    fields: Sequence[tuple[str, object]]
    ownership: str = ""
    history_header: Sequence[str] = ("时间", "事项", "员工", "说明")
    history: Sequence[Sequence[object]] = ()


def _each(items: Sequence, story: list, progress, cancelled):
    """Each item of a batch print on its own page(s): stops with PrintCancelled when asked and
    reports the items done after each one."""
    for i, item in enumerate(items):
        if cancelled and cancelled():
            raise PrintCancelled()
        if i:
            story.append(PageBreak())
        yield item
        if progress:
            progress(i + 1)


def customer_cards_pdf(
    path,
    cards: Sequence[CardPrint],
    *,
    office: str,
    printed_at: dt.datetime,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    st = _styles()
    width = content_width()
    story: list = []
    for card in _each(cards, story, progress, cancelled):
        story += [Paragraph(_escape(card.title), st["title"]), field_table(card.fields, width)]
        if card.ownership:
            story += [Paragraph("归属", st["h2"]), Paragraph(_escape(card.ownership), st["base"])]
        if card.history:
            story += [
                Paragraph("近期记录", st["h2"]),
                make_table(card.history_header, card.history, [32 * mm, 22 * mm, 22 * mm, width - 76 * mm]),
            ]
    return build(path, story, office=office, printed_at=printed_at, title="顾客档案")


@dataclass(frozen=True)
class CallbackFormPrint:
    """回访表 for one customer."""

    customer_title: str  # "王大爷(男,1950年生)"
    fields: Sequence[tuple[str, object]]
    purchases: Sequence[Sequence[object]] = ()  # (date, amount, products, meeting)
    last_visits: Sequence[Sequence[object]] = ()  # (date, kind, staff, signed, notes)
    questions: Sequence[str] = (
        "产品使用情况(每日用量、是否按时服用)",
        "身体状况有何变化",
        "对员工服务的意见和建议",
        "对公司活动、会议的意见和建议",
        "是否有亲友需要健康咨询(转介)",
    )
    staff_name: str = ""
    due: str = ""


def callback_forms_pdf(
    path,
    forms: Sequence[CallbackFormPrint],
    *,
    office: str,
    printed_at: dt.datetime,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    st = _styles()
    width = content_width()
    story: list = []
    for f in _each(forms, story, progress, cancelled):
        sub = f"回访员工:{f.staff_name}" + (f"    应回访日期:{f.due}" if f.due else "")
        story += [
            line(f"{office} 顾客回访表", st["title"], width),
            line(sub, st["subtitle"], width),
            field_table([("顾客", f.customer_title), *f.fields], width),
        ]
        if f.purchases:
            story += [
                line("购买记录", st["h2"], width),
                make_table(
                    ("日期", "金额(元)", "产品", "会议"), f.purchases, [25 * mm, 25 * mm, width - 100 * mm, 50 * mm]
                ),
            ]
        story += [
            line("最近回访", st["h2"], width),
            make_table(
                ("日期", "方式", "员工", "签字", "记录"),
                f.last_visits or [("", "", "", "", "")],
                [25 * mm, 18 * mm, 22 * mm, 14 * mm, width - 79 * mm],
            ),
        ]
        rows = [(q, "") for q in f.questions]
        story += [
            line("回访内容", st["h2"], width),
            make_table(("问题", "顾客回答"), rows, [70 * mm, width - 70 * mm], row_height=13 * mm),
        ]
        boxes = "满意度:  □ 非常满意   □ 满意   □ 一般   □ 不满意   □ 很不满意"
        sign = "顾客签字:____________________        日期:______年____月____日"
        story.append(
            KeepTogether(
                [Spacer(1, 5 * mm), line(boxes, st["base"], width), Spacer(1, 7 * mm), line(sign, st["base"], width)]
            )
        )
    return build(path, story, office=office, printed_at=printed_at, title="顾客回访表")


@dataclass(frozen=True)
class VisitRow:
    customer: str
    phone: str
    address: str
    purpose: str  # "出货后第3天家访", "月度回访表", "投诉处理"...
    due: str
    notes: str = ""


@dataclass(frozen=True)
class VisitSheet:
    """A staff member's visit sheet for one day, rows already in route order."""

    staff_name: str
    department: str
    day: dt.date
    rows: Sequence[VisitRow] = field(default_factory=tuple)
    customer_ids: Sequence[int] = ()  # the customer of each row, for the day's 回访表


def visit_sheets_pdf(
    path,
    sheets: Sequence[VisitSheet],
    *,
    office: str,
    printed_at: dt.datetime,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """One landscape sheet per staff member (continued over pages), a signature column per visit."""
    st = _styles()
    width = content_width(wide=True)
    story: list = []
    for s in _each(sheets, story, progress, cancelled):
        story += [
            Paragraph(f"{_escape(office)} 员工回访单", st["title"]),
            Paragraph(
                _escape(f"{s.department}  {s.staff_name}    日期:{s.day:%Y年%m月%d日}    共 {len(s.rows)} 户"),
                st["subtitle"],
            ),
        ]
        rows = [
            (n + 1, r.customer, r.phone, r.address, r.purpose, r.due, r.notes, "") for n, r in enumerate(s.rows)
        ] or [("", "(今日没有到期的回访)", "", "", "", "", "", "")]
        widths = [12 * mm, 28 * mm, 28 * mm, 0, 58 * mm, 22 * mm, 50 * mm, 22 * mm]
        widths[3] = width - sum(widths)
        story.append(
            make_table(
                ("序号", "顾客", "电话", "地址", "事由", "期限", "备注", "顾客签字"), rows, widths, row_height=12 * mm
            )
        )
        story += [Spacer(1, 6 * mm), Paragraph("员工签字:______________    部门经理:______________", st["base"])]
    return build(path, story, office=office, printed_at=printed_at, title="员工回访单", wide=True)


@dataclass(frozen=True)
class AllocationSheetPrint:
    title: str
    subtitle: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths_mm: Sequence[float]
    notes: Sequence[str] = ()
    facts: Sequence[tuple[str, object]] = ()
    swaps_header: Sequence[str] = ()
    swaps: Sequence[Sequence[object]] = ()
    swaps_widths_mm: Sequence[float] = ()
    left_out_header: Sequence[str] = ()
    left_out: Sequence[Sequence[object]] = ()
    left_out_widths_mm: Sequence[float] = ()
    signatures: Sequence[str] = ()


def _fit(widths_mm: Sequence[float], width: float) -> list[float]:
    widths = [w * mm for w in widths_mm]
    if sum(widths) > width:
        scale = width / sum(widths)
        widths = [w * scale for w in widths]
    return widths


def allocation_sheet_pdf(path, sheet: AllocationSheetPrint, *, office: str, printed_at: dt.datetime) -> Path:
    """The allocation sheet posted for everyone to see (公平公开) and signed.

    The recipients' table repeats its header and the recipient's department and name on every
    new page; swaps and the cards left out follow in their own tables; signature lines close it.
    """
    st = _styles()
    width = content_width()
    story: list = [
        Paragraph(_escape(sheet.title), st["title"]),
        Paragraph(_escape(sheet.subtitle), st["subtitle"]),
    ]
    if sheet.facts:
        story += [field_table(sheet.facts, width), Spacer(1, 4 * mm)]
    story += [
        TextLine("分配明细", st["h2"]),
        make_table(sheet.header, sheet.rows, _fit(sheet.widths_mm, width), carry=(0, 1)),
    ]
    if sheet.swaps_header:
        story.append(TextLine("调换记录", st["h2"]))
        if sheet.swaps:
            story.append(make_table(sheet.swaps_header, sheet.swaps, _fit(sheet.swaps_widths_mm, width)))
        else:
            story.append(Paragraph("本批没有调换。", st["small"]))
    if sheet.left_out_header:
        story.append(TextLine("未分配的档案", st["h2"]))
        if sheet.left_out:
            story.append(make_table(sheet.left_out_header, sheet.left_out, _fit(sheet.left_out_widths_mm, width)))
        else:
            story.append(Paragraph("无。", st["small"]))
    story.append(Spacer(1, 3 * mm))
    for note in sheet.notes:
        story.append(Paragraph(_escape(note), st["small"]))
    if sheet.signatures:
        cells = [[f"{who}签字:", "", "日期:", ""] for who in sheet.signatures]
        sign = Table(cells, colWidths=[30 * mm, 70 * mm, 16 * mm, 40 * mm], rowHeights=[11 * mm] * len(cells))
        sign.setStyle(
            TableStyle(
                [
                    *_text_style(st, header=False),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                    ("LINEBELOW", (3, 0), (3, -1), 0.6, colors.black),
                ]
            )
        )
        story += [Spacer(1, 5 * mm), KeepTogether([TextLine("签字确认", st["h2"]), sign])]
    return build(path, story, office=office, printed_at=printed_at, title=sheet.title)


def table_pdf(
    path,
    title: str,
    subtitle: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float],
    *,
    office: str,
    printed_at: dt.datetime,
) -> Path:
    """A list on A4 portrait: title, subtitle, one table whose header repeats on every page."""
    st = _styles()
    width = content_width()
    story: list = [
        Paragraph(_escape(title), st["title"]),
        Paragraph(_escape(subtitle), st["subtitle"]),
        make_table(header, rows or [["(无)"] + [""] * (len(header) - 1)], _fit(widths_mm, width)),
    ]
    return build(path, story, office=office, printed_at=printed_at, title=title)
