"""Screenshots of the 顾客档案 tab and the card editor with 300 demo customers.

Run: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/shot_customers.py [manager1|clerk|s1 ...]
Writes docs/screenshots/customers.png and docs/screenshots/customer_editor.png.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def fill(app, office, n: int = 300) -> list[int]:
    from services.cli.demo_people import PeopleMaker

    rng = random.Random(3)
    maker = PeopleMaker(rng)
    clerk = office.users["clerk"]
    ids = []
    for i in range(n):
        p = maker.person()
        channel = rng.choice(["kepu", "scatter", "community"])
        c = app.customers.create(
            clerk, p.name, [p.phone], sex=p.sex, birth_year=p.birth_year, address=p.address, source_channel=channel
        )
        tags = rng.sample(["养生", "旅游", "书法", "太极"], 2)
        app.customers.update(clerk, c.id, {"occupation": p.occupation, "abc_class": rng.choice("ABC"), "tags": tags}, 1)
        ids.append(c.id)
        if i % 4 == 0:
            app.timeline.register(office.users["s1"], c.id, office.s1, "scatter")
        elif i % 4 == 1:
            app.timeline.register(office.users["s3"], c.id, office.s3, "kepu")
    app.timeline.preheat(office.users["s1"], ids[0], office.s1)
    app.customers.link_household(office.users["director"], ids[1], ids[0], "spouse")
    return ids


def main() -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from models import init_db
    from services.app import Services
    from services.platform.clock import FixedClock
    from tests.helpers import make_office
    from ui.context import UiContext
    from ui.customers.editor import CustomerEditor
    from ui.customers.tab import CustomersTab

    tmp = tempfile.mkdtemp()
    init_db(os.path.join(tmp, "k.db"))
    app = Services(FixedClock(dt.datetime(2026, 3, 1, 8)))
    office = make_office(app, app.auth.create_first_admin("admin", "admin123", "管理员"))
    ids = fill(app, office)
    qapp = QApplication(sys.argv)
    ctx = UiContext(app, office.users[sys.argv[1] if len(sys.argv) > 1 else "manager1"])
    tab = CustomersTab(ctx, settings=QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
    tab.resize(1380, 820)
    tab.filters_button.setChecked(True)
    tab.show()
    out = os.path.join(ROOT, "docs", "screenshots")

    def shoot_editor(editor: CustomerEditor) -> None:
        editor.grab().save(os.path.join(out, "customer_editor.png"))
        qapp.quit()

    def shoot() -> None:
        tab.table.selectRow(2)
        tab.grab().save(os.path.join(out, "customers.png"))
        editor = CustomerEditor(ctx, ids[0], tab)
        editor.show()
        QTimer.singleShot(400, lambda: shoot_editor(editor))

    QTimer.singleShot(800, shoot)
    qapp.exec()


if __name__ == "__main__":
    main()
