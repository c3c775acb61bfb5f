"""Screenshots of issue 8's output: the 顾客档案 tab's 导出 Excel… button, the card editor's print
buttons, and the print preview of a customer card.

Run: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/shot_output.py
Writes docs/screenshots/print-preview.png; the tab and the editor go to /tmp/shot-output-*.png.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def main() -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from models import init_db
    from services.app import Services
    from services.output import pdf, sheets
    from services.platform.clock import FixedClock
    from tests.helpers import make_office
    from tools.shot_customers import fill
    from ui.context import UiContext
    from ui.customers.editor import CustomerEditor
    from ui.customers.tab import CustomersTab
    from ui.print_preview import PrintPreviewDialog

    tmp = tempfile.mkdtemp()
    init_db(os.path.join(tmp, "k.db"))
    app = Services(FixedClock(dt.datetime(2026, 3, 1, 8)))
    office = make_office(app, app.auth.create_first_admin("admin", "admin123", "管理员"))
    ids = fill(app, office, 60)
    app.clock.set(dt.datetime(2026, 3, 5, 10, 0))
    app.timeline.purchase(office.users["clerk"], ids[0], 3680, products="灵芝孢子粉", staff_id=office.s1)
    app.clock.set(dt.datetime(2026, 3, 8, 15, 0))
    app.timeline.visit(office.users["s1"], ids[0], office.s1, "home", signed=True)
    qapp = QApplication(sys.argv)
    ctx = UiContext(app, office.users["manager1"])
    tab = CustomersTab(ctx, settings=QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
    tab.resize(1380, 820)
    tab.show()
    card_pdf = pdf.customer_cards_pdf(
        os.path.join(tmp, "card.pdf"),
        [sheets.customer_card(app, ctx.actor, ids[0])],
        office=app.settings.office_name(),
        printed_at=app.clock.now(),
    )

    def shoot_preview(dialog: PrintPreviewDialog) -> None:
        dialog.grab().save(os.path.join(ROOT, "docs", "screenshots", "print-preview.png"))
        qapp.quit()

    def shoot_editor(editor: CustomerEditor) -> None:
        editor.grab().save("/tmp/shot-output-editor.png")
        editor.close()
        dialog = PrintPreviewDialog(card_pdf, "顾客档案", tab)
        dialog.resize(900, 860)
        dialog.show()
        QTimer.singleShot(900, lambda: shoot_preview(dialog))

    def shoot() -> None:
        tab.grab().save("/tmp/shot-output-tab.png")
        editor = CustomerEditor(ctx, ids[0], tab)
        editor.show()
        QTimer.singleShot(400, lambda: shoot_editor(editor))

    QTimer.singleShot(800, shoot)
    qapp.exec()


if __name__ == "__main__":
    main()
