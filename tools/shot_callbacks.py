"""Screenshot of the 回访跟踪 tab (docs/screenshots/callbacks.png) and its figures page.

Run: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/shot_callbacks.py [out.png]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from models import init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402
from tests.helpers import make_office  # noqa: E402
from ui.callbacks.tab import CallbacksTab  # noqa: E402
from ui.context import UiContext  # noqa: E402

NAMES = ["王大爷", "李奶奶", "赵爷爷", "陈阿姨", "刘叔叔", "孙奶奶", "周大妈", "吴老师"]
STREETS = ["幸福路", "安康路", "建设街", "人民路", "和平里"]


def build(app: Services):
    admin = app.auth.create_first_admin("admin", "admin123", "管理员")
    o = make_office(app, admin)
    clerk = o.users["clerk"]
    bought = {}
    m = app.meetings.create(o.users["director"], dt.date(2026, 3, 10), "afternoon", False, [o.d1, o.d2]).id
    for i, name in enumerate(NAMES):
        staff, user = (o.s1, o.users["s1"]) if i % 2 == 0 else (o.s2, o.users["s2"])
        app.clock.set(dt.datetime(2026, 3, 1, 9, i))
        c = app.customers.create(clerk, name, [f"1380000{i:04d}"], address=f"{STREETS[i % 5]}{i + 3}号").id
        app.timeline.register(user, c, staff, "kepu")
        app.timeline.preheat(user, c, staff)
        app.timeline.invite(user, c, staff, m)
        app.clock.set(dt.datetime(2026, 3, 10, 14, i))
        app.timeline.attend(clerk, c, m)
        if i % 3 != 2:
            app.clock.set(dt.datetime(2026, 3, 10, 16, i))
            app.timeline.purchase(clerk, c, 1000 * (i + 1), meeting_id=m, staff_id=staff, expert_id=o.s3)
            bought[c] = user
    # A week later: some forms came back signed, some visits were made, one form is 代签-suspect.
    for i, (cid, user) in enumerate(sorted(bought.items())):
        app.clock.set(dt.datetime(2026, 3, 11 + i % 3, 10, 0))
        app.callbacks.record(user, cid, "form", signed=i % 4 != 3, satisfaction=5 - i % 3, confirmed=i % 2 == 0)
        if i % 2 == 0:
            app.clock.set(dt.datetime(2026, 3, 13, 15, 0))
            app.callbacks.record(user, cid, "home", notes="送产品说明")
    app.clock.set(dt.datetime(2026, 3, 20, 9, 0))
    return o


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/callbacks.png"
    qt = QApplication(sys.argv)
    folder = tempfile.mkdtemp()
    init_db(str(Path(folder) / "shot.db"))
    app = Services(FixedClock(dt.datetime(2026, 3, 1, 8, 0)))
    o = build(app)
    win = QMainWindow()
    tab = CallbacksTab(UiContext(app, o.users["manager1"]))
    win.setCentralWidget(tab)
    win.resize(1280, 720)
    win.setWindowTitle("客源管家 — 回访跟踪")
    win.show()
    qt.processEvents()
    win.grab().save(out)
    tab.tabs.setCurrentIndex(2)
    qt.processEvents()
    win.grab().save(out.replace(".png", "-figures.png"))


if __name__ == "__main__":
    main()
