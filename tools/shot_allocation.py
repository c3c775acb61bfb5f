"""Screenshots of the 档案分配 tab (docs/screenshots/allocation.png and allocation_pool.png).

Run: xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/shot_allocation.py [out.png]
Builds a small office on a temporary database through the services: a processed department kepu
(one card already owned by 王五, one household) and the customers of a resigned staff member in the
pool; opens the tab for the resource director and grabs the batch preview and the pool page.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models import HouseholdLink, init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402
from tests.helpers import make_office  # noqa: E402
from ui.allocation.tab import AllocationTab  # noqa: E402
from ui.context import UiContext  # noqa: E402

NAMES = "王秀英 李建国 张桂兰 刘志强 陈淑珍 杨德明 黄玉梅 赵文华 周丽娟 吴国庆 徐凤英 孙宝林 马秀兰 朱永福 胡桂芳 郭建华 何淑英"


def build(app: Services):
    admin = app.auth.create_first_admin("admin", "admin123", "管理员")
    o = make_office(app, admin)
    for name in ("孙七", "周八", "吴九"):
        app.org.create_staff(admin, name, o.d1)
    clerk = o.users["clerk"]
    ids = [app.customers.create(clerk, n, [f"1391234{i:04d}"]).id for i, n in enumerate(NAMES.split())]
    HouseholdLink.create(customer=ids[1], other=ids[2], relation="spouse")
    app.timeline.register(admin, ids[5], o.s3, "scatter", at=dt.datetime(2026, 3, 2, 10))
    people = [s.id for s in app.org.staff(o.d1)]
    b = app.allocation.create_batch(
        clerk,
        "3月5日幸福社区健康科普",
        "kepu",
        event_date=dt.date(2026, 3, 5),
        organiser_id=o.d1,
        handed_in_by_id=o.s1,
        participant_ids=people,
    )
    app.allocation.add_cards(clerk, b.id, ids)
    app.allocation.process(clerk, b.id)
    app.allocation.create_batch(
        clerk, "赠书活动(二月)", "activity", event_date=dt.date(2026, 2, 20), department_ids=[o.d1, o.d2]
    )
    for i, name in enumerate("冯大爷 陈阿姨 褚老师 卫先生".split()):
        c = app.customers.create(clerk, name, [f"1367777{i:04d}"]).id
        app.timeline.register(admin, c, o.s4, "scatter", at=dt.datetime(2026, 3, 3, 9))
    app.timeline.staff_left(admin, o.s4, at=dt.datetime(2026, 3, 5, 17))
    return o


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/allocation.png")
    init_db(str(Path(tempfile.mkdtemp()) / "shot.db"))
    app = Services(FixedClock(dt.datetime(2026, 3, 6, 9, 0)))
    o = build(app)
    qapp = QApplication([])
    tab = AllocationTab(UiContext(app, o.users["director"]))
    tab.setWindowTitle("档案分配")
    tab.resize(1400, 820)
    tab.show()
    tab.batches.batch_view.selectRow(1)
    qapp.processEvents()
    tab.grab().save(str(out))
    tab.pages.setCurrentIndex(1)
    pool = tab.pool
    pool.filter.setCurrentIndex(1)
    pool.pool_view.selectAll()
    for i in range(pool.staff.count()):
        pool.staff.item(i).setCheckState(Qt.CheckState.Checked)
    pool.on_preview()
    qapp.processEvents()
    tab.grab().save(str(out.with_name(out.stem + "_pool.png")))
    print(out)


if __name__ == "__main__":
    main()
