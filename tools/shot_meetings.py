"""Screenshot of the 会议 tab for a manager (docs/screenshots/meetings.png).

Run: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/shot_meetings.py [out.png]
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
from ui.context import UiContext  # noqa: E402
from ui.meetings.tab import MeetingsTab  # noqa: E402

NAMES = ["王大爷", "李奶奶", "赵爷爷", "陈阿姨", "刘叔叔", "孙奶奶"]


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/meetings.png"
    qt = QApplication(sys.argv)
    init_db(str(Path(tempfile.mkdtemp()) / "shot.db"))
    app = Services(FixedClock(dt.datetime(2026, 3, 1, 8, 0)))
    o = make_office(app, app.auth.create_first_admin("admin", "admin123"))
    m = app.meetings.create(
        o.users["director"], dt.date(2026, 3, 10), "afternoon", True, [o.d1, o.d2], name="3月10日 两部联合联谊会"
    ).id
    app.meetings.create(o.users["director"], dt.date(2026, 3, 17), "evening", False, [o.d1], name="3月17日 一部联谊会")
    ids = []
    for i, name in enumerate(NAMES):
        app.clock.set(dt.datetime(2026, 3, 1, 9, i))
        staff, user = [(o.s1, o.users["s1"]), (o.s2, o.users["s2"]), (o.s3, o.users["s3"])][i % 3]
        c = app.customers.create(o.users["clerk"], name, [f"1380000{i:04d}"]).id
        app.timeline.register(user, c, staff, "kepu")
        app.timeline.preheat(user, c, staff)
        app.clock.set(dt.datetime(2026, 3, 6, 10, i))
        app.timeline.invite(user, c, staff, m)
        ids.append(c)
    app.clock.set(dt.datetime(2026, 3, 6, 17, 30))
    app.meetings.submit_unlisted(o.users["manager1"], m, o.d1)
    app.clock.set(dt.datetime(2026, 3, 7, 9, 0))
    app.timeline.invite(o.users["s2"], ids[2], o.s2, m)  # 一部 also confirms 二部's customer
    app.clock.set(dt.datetime(2026, 3, 7, 20, 0))
    win = QMainWindow()
    win.setCentralWidget(MeetingsTab(UiContext(app, o.users["manager1"])))
    win.resize(1280, 640)
    win.show()
    qt.processEvents()
    win.grab().save(out)
    tab = win.centralWidget()
    tab.panel.tabs.setCurrentIndex(1)
    qt.processEvents()
    win.grab().save(out.replace(".png", "-lists.png"))


if __name__ == "__main__":
    main()
