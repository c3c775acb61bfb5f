"""Screenshot of the 冲突仲裁 tab with a few cases (docs/screenshots/cases.png).

Run: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/shot_cases.py [out.png]
Builds a small office on a temporary database through the services, opens the tab for a
coordinator in a plain QMainWindow and grabs the window.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from models import init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402
from tests.helpers import make_office  # noqa: E402
from ui.cases.tab import CasesTab  # noqa: E402
from ui.context import UiContext  # noqa: E402


def build(app: Services):
    admin = app.auth.create_first_admin("admin", "admin123", "管理员")
    o = make_office(app, admin)
    t = app.timeline

    def person(name, phone):
        return app.customers.create(admin, name, [phone]).id

    def at(day, hour, minute=0):
        # Record as it happens: the clock stands at the event, as in the office.
        when = dt.datetime(2026, 2, day, hour, minute)
        app.clock.set(when)
        return when

    c1 = person("王大爷", "13800000001")
    t.register(admin, c1, o.s1, "kepu", at=at(26, 9))
    t.register(admin, c1, o.s3, "scatter", at=at(26, 10, 30))
    t.preheat(admin, c1, o.s3, at=at(26, 15))
    c2 = person("李奶奶", "13800000002")
    t.register(admin, c2, o.s2, "kepu", at=at(27, 9))
    t.register(admin, c2, o.s4, "community", at=at(27, 14))
    c3 = person("赵爷爷", "13800000003")
    t.register(admin, c3, o.s1, "activity", at=at(25, 9))
    t.preheat(admin, c3, o.s1, at=at(25, 11))
    t.register(admin, c3, o.s2, "kepu", at=at(27, 16))
    c4 = person("孙阿姨", "13800000004")
    t.register(admin, c4, o.s3, "kepu", at=at(24, 9))
    t.register(admin, c4, o.s4, "kepu", at=at(24, 11))
    t.preheat(admin, c4, o.s4, at=at(24, 17))
    c5 = person("周大妈", "13800000005")
    t.register(admin, c5, o.s1, "kepu", at=at(25, 9))
    t.register(admin, c5, o.s3, "scatter", at=at(26, 10))
    app.clock.set(dt.datetime(2026, 3, 1, 8, 0))
    t.sweep(admin)  # 张三 never pre-heated 周大妈: R2 hands her to 王五 at 2-28 24:00
    coord = o.users["coordinator"]
    queue = app.cases.queue(coord)
    by_customer = {}
    for row in queue:
        by_customer.setdefault(row.customer_id, []).append(row)
    app.cases.escalate(coord, by_customer[c4][0].id, "同部门两人争执,请总经理定")
    app.cases.accept(coord, by_customer[c3][0].id, "核实:赵六已有效跟进")
    return o, by_customer[c2][0].id


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/cases.png"
    qapp = QApplication(sys.argv)
    tmp = tempfile.mkdtemp()
    init_db(str(Path(tmp) / "shot.db"))
    services = Services(FixedClock(dt.datetime(2026, 3, 1, 8, 0)))
    office, case_id = build(services)
    ctx = UiContext(services, office.users["coordinator"])
    win = QMainWindow()
    win.setWindowTitle("客源管家 — 冲突仲裁")
    tab = CasesTab(ctx, win)
    win.setCentralWidget(tab)
    win.resize(1380, 860)
    win.show()
    tab.state_combo.setCurrentIndex(tab.state_combo.findData("__all__"))  # show every state
    tab.select_case(case_id)

    def grab():
        win.grab().save(out)
        print("saved", out)
        qapp.quit()

    QTimer.singleShot(400, grab)
    qapp.exec()


if __name__ == "__main__":
    main()
