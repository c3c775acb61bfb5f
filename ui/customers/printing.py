"""打印档案 and 打印回访表 from the card editor: the PDF is built off the GUI thread, then previewed.

The data comes from services.output.sheets (which checks that the user may see the card in full) and
the layout from services.output.pdf; ui/print_preview shows the pages with 打印… and 另存为 PDF….
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from services.output import pdf, sheets
from ui.context import UiContext
from ui.print_preview import preview_pdf


def _builder(ctx: UiContext, gather: Callable, write: Callable) -> Callable[..., object]:
    """``build(path, progress=, cancelled=)``: ``gather(app, actor)`` the form's data off the GUI thread,
    then ``write`` it as a one-form PDF."""
    app, actor = ctx.services, ctx.actor

    def build(path, progress=None, cancelled=None):
        return write(
            path,
            [gather(app, actor)],
            office=app.settings.office_name(),
            printed_at=app.clock.now(),
            progress=progress,
            cancelled=cancelled,
        )

    return build


def card_builder(ctx: UiContext, customer_id: int) -> Callable[..., object]:
    """The customer card of ``customer_id``."""
    return _builder(ctx, lambda app, actor: sheets.customer_card(app, actor, customer_id), pdf.customer_cards_pdf)


def callback_form_builder(ctx: UiContext, customer_id: int) -> Callable[..., object]:
    """The 回访表 of ``customer_id``."""
    return _builder(ctx, lambda app, actor: sheets.callback_form(app, actor, customer_id), pdf.callback_forms_pdf)


def print_card(parent: QWidget, ctx: UiContext, customer_id: int, name: str) -> None:
    title = QCoreApplication.translate("Customers", "顾客档案 %1").replace("%1", name)
    preview_pdf(parent, card_builder(ctx, customer_id), title)


def print_callback_form(parent: QWidget, ctx: UiContext, customer_id: int, name: str) -> None:
    title = QCoreApplication.translate("Customers", "回访表 %1").replace("%1", name)
    preview_pdf(parent, callback_form_builder(ctx, customer_id), title)
