"""A ruled table of one-line text cells, drawn straight on the canvas (for services/pdf.py).

reportlab's Table handles every case (spans, wrapping cells, styles per cell) and pays for it:
on a 回访表 it was half the build time. Most printed tables here are a header row and short
cells in fixed columns, so `GridTable` draws those directly — fills, one grid path, one text
object — and looks like the Table it replaces (same padding, middle alignment, colours, line
width). A table with any cell that must wrap still goes through reportlab's Table.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable

PADDING_X = 6  # reportlab's default left/right cell padding, points
PADDING_Y = 3  # the top/bottom padding the forms' TableStyle sets
LINE = colors.HexColor("#555555")
HEAD_FILL = colors.HexColor("#3d5a80")
STRIPE = colors.HexColor("#f2f4f7")
LABEL_FILL = colors.HexColor("#e8ecf2")


class GridTable(Flowable):
    """Rows of plain one-line strings in fixed columns; the header row repeats after a page break.

    Args:
        header: the header row (white on blue), or None for a field grid.
        rows: the body, each a sequence of strings as wide as ``widths``.
        widths: column widths in points.
        font, size, leading: the cell font.
        row_height: body row height (None: one line plus padding).
        label_columns: body columns shaded as labels (a card's field names).
        striped: alternate body rows grey, as the list tables print.
        carry: columns whose last value is written again on the first row after a page break
            when that row leaves them empty (the recipient of an allocation sheet).
    """

    def __init__(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        font: str,
        size: float,
        leading: float,
        row_height: float | None = None,
        label_columns: Sequence[int] = (),
        striped: bool = True,
        carry: Sequence[int] = (),
    ):
        super().__init__()
        self.hAlign = "CENTER"  # as reportlab's Table: centred in the frame, even when wider than it
        self.header = list(header) if header is not None else None
        self.rows = [list(r) for r in rows]
        self.widths = list(widths)
        self.font, self.size, self.leading = font, size, leading
        self.natural = leading + 2 * PADDING_Y
        self.row_height = row_height or self.natural
        self.label_columns = tuple(label_columns)
        self.striped = striped
        self.carry = tuple(carry)

    def _head_height(self) -> float:
        return self.natural if self.header is not None else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = self._head_height() + self.row_height * len(self.rows)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fit = int((avail_height - self._head_height() + 1e-6) // self.row_height)
        if fit >= len(self.rows):
            return [self]
        if fit < 1:
            return []
        rest = [list(r) for r in self.rows[fit:]]
        for col in self.carry:
            if not rest[0][col]:
                rest[0][col] = next((r[col] for r in reversed(self.rows[:fit]) if r[col]), "")
        return [self._with(self.rows[:fit]), self._with(rest)]

    def _with(self, rows: list[list[str]]) -> GridTable:
        return GridTable(
            self.header,
            rows,
            self.widths,
            font=self.font,
            size=self.size,
            leading=self.leading,
            row_height=self.row_height,
            label_columns=self.label_columns,
            striped=self.striped,
            carry=self.carry,
        )

    def draw(self) -> None:
        c = self.canv
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        # Row bottoms from the top down: the header (if any), then the body.
        tops = [self.height]
        if self.header is not None:
            tops.append(tops[-1] - self.natural)
        for _ in self.rows:
            tops.append(tops[-1] - self.row_height)
        body_top = 1 if self.header is not None else 0
        c.saveState()
        c.setLineWidth(0.5)
        c.setStrokeColor(LINE)
        if self.header is not None:
            c.setFillColor(HEAD_FILL)
            c.rect(0, tops[1], self.width, self.natural, stroke=0, fill=1)
        if self.striped:
            c.setFillColor(STRIPE)
            for i in range(1, len(self.rows), 2):
                c.rect(0, tops[body_top + i + 1], self.width, self.row_height, stroke=0, fill=1)
        if self.label_columns and self.rows:
            c.setFillColor(LABEL_FILL)
            for col in self.label_columns:
                c.rect(xs[col], 0, self.widths[col], tops[body_top], stroke=0, fill=1)
        c.grid(xs, tops)
        text = c.beginText()
        text.setFont(self.font, self.size, self.leading)
        lines = ([(self.header, colors.white)] if self.header is not None else []) + [
            (r, colors.black) for r in self.rows
        ]
        current = None
        for n, (cells, colour) in enumerate(lines):
            if colour is not current:
                text.setFillColor(colour)
                current = colour
            bottom, height = tops[n + 1], tops[n] - tops[n + 1]
            # Where reportlab's Table puts a one-line cell with VALIGN MIDDLE.
            y = bottom + (PADDING_Y + height - PADDING_Y + self.leading) / 2 - self.size
            for x, value in zip(xs, cells, strict=False):
                if value:
                    text.setTextOrigin(x + PADDING_X, y)
                    text.textOut(value)
        c.drawText(text)
        c.restoreState()
