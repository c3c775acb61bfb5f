"""Make docs/screenshots/main-window.png: a small demo office, the real main window, grabbed.

Run under a real X server (not offscreen), so fonts and styles are what users see:

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot_main.py [OUT.png] [--user admin] [--page staff]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings, QTimer  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshots" / "main-window.png"))
    p.add_argument("--user", default="admin")
    p.add_argument("--password", default="admin123")
    p.add_argument("--page", default="staff", help="settings page to show (admin only)")
    p.add_argument("--lang", default="zh_CN")
    p.add_argument("--customers", type=int, default=300)
    args = p.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="keyuan-shot-"))
    # Keep the real profile untouched: QSettings in the temp folder.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))

    from services.app import Services
    from services.cli.demo import build_demo
    from services.platform.database import close_database, open_database
    from ui import i18n
    from ui.application import make_application
    from ui.context import UiContext
    from ui.main_window import MainWindow

    db = tmp / "demo.db"
    build_demo(str(db), customers=args.customers)
    app = make_application()
    QCoreApplication.setOrganizationName("keyuan-screenshot")
    i18n.install(args.lang)
    label = open_database(str(db))
    services = Services()
    actor = services.auth.login(args.user, args.password)
    win = MainWindow(UiContext(services, actor, label))
    win.resize(1280, 800)
    settings = win.tab_widget("settings")
    if settings is not None:
        settings.show_page(args.page)
    win.show()

    def grab() -> None:
        win.grab().save(args.out)
        print(args.out)
        win.close()
        app.quit()

    QTimer.singleShot(1500, grab)
    code = app.exec()
    close_database()
    return code


if __name__ == "__main__":
    sys.exit(main())
