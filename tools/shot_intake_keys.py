"""Screenshots of issue 21: the 查重 prompt in 录入 (a near-identical address, the candidates focused,
1 / 2 / 3 to choose) and the import preview of an office's own workbook
(docs/screenshots/intake_duplicate.png, import_preview.png).

Run: xvfb-run -a -s "-screen 0 1500x950x24" .venv/bin/python tools/shot_intake_keys.py [folder]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models import init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.intake.service import IntakeForm  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402
from tests.helpers import make_office  # noqa: E402
from ui.context import UiContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def settle(qt: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        qt.processEvents()


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
    app.intake.save_card(
        clerk,
        IntakeForm(
            name="张丽", phones=("13800138000",), address="幸福里小区11栋2单元1603", channel="kepu", staff_id=o.s3
        ),
    )
    qt = QApplication.instance() or QApplication(sys.argv)
    win = MainWindow(UiContext(app, clerk, "shot.db"), start_sweep=False, lock_session=False)
    win.resize(1480, 920)
    win.show()
    intake = win.tab_widget("intake")
    f = intake.form
    f.name.setText("张丽")
    f.phone1.setText("139 0000 0007")
    f.address.setText("幸福里小区11栋2单1603室")
    f.channel.setCurrentIndex(f.channel.findData("kepu"))
    f.staff.setCurrentIndex(f.staff.findData(o.s1))
    intake.on_save()
    settle(qt)
    win.grab().save(str(out / "intake_duplicate.png"))
    print(out / "intake_duplicate.png")

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "手机", "来源", "登记日期", "住址", "微信"])
    rows = [
        ["周梅", "139 0000 0001", "科普", "2026-03-05", "幸福里小区3栋1单元101", "zm1950"],
        ["吴刚", "+86 139-0000-0002", "社区", "2026/3/5", None, None],
        ["郑洁", "１３９０００００００３", "转介", "2026年3月5日", None, None],
        ["冯军", "010-6234 5678", "散收", dt.datetime(2026, 3, 5), None, None],
        ["陈红", "13900000005", "科普", "2026-13-45", None, None],
        ["周梅", "13900000001", "科普", "2026-03-05", None, None],
        ["张丽", "13700000001", "科普", None, "幸福里小区11幢2单元1603", None],
    ]
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    book = tmp / "三月登记.xlsx"
    wb.save(book)
    dialog = intake.open_preview(str(book))
    dialog.resize(1300, 860)
    for _ in range(200):
        settle(qt, 5)
        if dialog.report is not None:
            break
        dialog.job and dialog.job.finished  # noqa: B018 - wait for the check off the GUI thread
        import time

        time.sleep(0.05)
    settle(qt)
    dialog.grab().save(str(out / "import_preview.png"))
    print(out / "import_preview.png")


if __name__ == "__main__":
    main()
