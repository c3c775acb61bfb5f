"""Screenshots of the batch path: 录入 with a kepu batch being typed, and the manager's 档案分配 page
with the returned batch arriving, then distributed (batch_intake.png, batch_arrival.png, batch_distributed.png).

Run: xvfb-run -a -s "-screen 0 1500x950x24" .venv/bin/python tools/shot_batch_intake.py [folder]
Builds a small office on a temporary database through the services, types four forms into a batch
(one of them a customer who is already 王五's), processes it, then grabs the clerk's screen; returns
the batch and grabs the manager's landing page.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from models import init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.intake.service import Decision, IntakeForm  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402
from tests.helpers import make_office  # noqa: E402
from ui.context import UiContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def grab(app_qt: QApplication, win: MainWindow, path: Path) -> None:
    win.resize(1480, 920)
    win.show()
    for _ in range(20):
        app_qt.processEvents()
    win.grab().save(str(path))
    print(path)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    init_db(str(tmp / "shot.db"))
    app = Services(FixedClock(dt.datetime(2026, 3, 6, 9, 30)))
    app.data_dir = tmp / "data"
    admin = app.auth.create_first_admin("admin", "admin123", "管理员")
    o = make_office(app, admin)
    clerk = o.users["clerk"]
    old = app.customers.create(clerk, "李大爷", ["13700000007"]).id
    app.timeline.register(admin, old, o.s3, "scatter")
    b = app.allocation.create_batch(
        clerk,
        "3月5日幸福社区健康科普",
        "kepu",
        event_date=dt.date(2026, 3, 5),
        organiser_id=o.d1,
        handed_in_by_id=o.s1,
        participant_ids=[o.s1, o.s2],
    )
    for i, name in enumerate(("孙梅", "周强", "吴秀兰")):
        app.intake.save_card(clerk, IntakeForm(name=name, phones=(f"1390000000{i}",), batch_id=b.id))
    app.intake.save_card(
        clerk, IntakeForm(name="李大爷", phones=("13700000007",), batch_id=b.id), decision=Decision("merge", old)
    )
    app.allocation.process(clerk, b.id)
    qt = QApplication.instance() or QApplication(sys.argv)
    win = MainWindow(UiContext(app, clerk, "shot.db"), start_sweep=False, lock_session=False)
    intake = win.tab_widget("intake")
    win.tabs.setCurrentWidget(intake)
    intake.batch_panel.reload(choose=b.id)
    grab(qt, win, out / "batch_intake.png")
    win.close()
    info = app.allocation.get(clerk, b.id)
    app.allocation.return_batch(clerk, b.id, info.version)
    win = MainWindow(UiContext(app, o.users["manager1"], "shot.db"), start_sweep=False, lock_session=False)
    page = win.tabs.currentWidget().batches
    page.on_arrival_clicked(str(b.id))
    grab(qt, win, out / "batch_arrival.png")
    pv = page.preview
    app.allocation.confirm(o.users["manager1"], b.id, pv.version)
    page.reload()
    grab(qt, win, out / "batch_distributed.png")


if __name__ == "__main__":
    main()
