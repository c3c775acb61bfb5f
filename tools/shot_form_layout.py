"""Screenshots of issue 24, item 2: an office's own form kind marked in 录入 (a box dragged per field),
then the same page read through the saved layout (docs/screenshots/form_layout_mark.png,
form_layout_read.png). Taken from the real X display with ImageMagick's `import -window root`.

Run on a display with a window manager, e.g.:
    Xvfb :75 -screen 0 1500x950x24 & DISPLAY=:75 openbox &
    DISPLAY=:75 .venv/bin/python tools/shot_form_layout.py [folder]
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QSettings, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models import init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402
from tests.helpers import make_office  # noqa: E402
from tests.ocr_cards import FIRST, ROWS, SECOND, VALUE_X, community_card  # noqa: E402
from ui.context import UiContext  # noqa: E402
from ui.intake.layout_marker import MARKED_FIELDS  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def settle(qt: QApplication, seconds: float = 1.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        qt.processEvents()
        time.sleep(0.02)


def shot(path: Path) -> None:
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    print(path)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    scans = tmp / "scans"
    scans.mkdir()
    community_card(scans / "001.png", FIRST)
    community_card(scans / "002.png", SECOND)
    init_db(str(tmp / "shot.db"))
    app = Services(FixedClock(dt.datetime(2026, 3, 6, 9, 30)))
    app.data_dir = tmp / "data"
    admin = app.auth.create_first_admin("admin", "admin123", "管理员")
    clerk = make_office(app, admin).users["clerk"]
    qt = QApplication.instance() or QApplication(sys.argv)
    QCoreApplication.setOrganizationName("keyuan-shot")  # never the real profile's settings
    QCoreApplication.setApplicationName("keyuan-shot")
    QSettings().clear()
    QSettings().setValue("intake/readScans", False)  # no reading until the layout is saved
    win = MainWindow(UiContext(app, clerk, "shot.db"), start_sweep=False, lock_session=False)
    win.resize(1480, 920)
    win.move(10, 10)
    win.show()
    intake = win.tab_widget("intake")
    intake.open_queue(str(scans))
    settle(qt)
    intake.on_mark_layout()
    for field, _label, y in ROWS:
        intake.marker.fields.setCurrentRow([code for code, _name in MARKED_FIELDS].index(field))
        intake.marker.on_box((VALUE_X - 0.02, y - 0.03, 0.97, y + 0.07))
    intake.marker.kind.setText("幸福社区会员卡")
    settle(qt)
    shot(out / "form_layout_mark.png")

    intake.read_scans.setChecked(True)
    intake.marker.on_save()
    deadline = time.monotonic() + 600
    while intake.form.phone1.text() != FIRST["phone"] and time.monotonic() < deadline:
        settle(qt, 0.5)
    intake.form.phone1.setFocus()  # the region it came from is outlined on the scan
    settle(qt)
    shot(out / "form_layout_read.png")
    intake.prefill.stop()  # the next page may be being read ahead: let it finish before the window goes
    QThreadPool.globalInstance().waitForDone()
    win.close()


if __name__ == "__main__":
    main()
