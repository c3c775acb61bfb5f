"""Screenshots of the office server's backup page for the user manual (docs/用户手册.md §10.1), taken from
the real window on a running office server that holds a demo office.

    .venv/bin/python main.py server start --folder /tmp/shots/office-server --listen 127.0.0.1 --port 5471
    .venv/bin/python main.py --db demo.db move-to-server --folder /tmp/shots/office-server
    Xvfb :74 -screen 0 1400x900x24 & DISPLAY=:74 openbox &
    DISPLAY=:74 .venv/bin/python tools/shot_office_server.py /tmp/shots/office-server

1. ``office-server-backup.png``: 设置 → 备份与恢复 on the server PC after 立即备份 (a real pg_dump,
   verified by restoring it into a scratch database).
2. ``office-server-restore.png``: the whole screen (window manager and all) while 恢复所选备份 runs —
   the real restore of that backup, on the write pool, its progress dialog over the window.
The restore replaces the office database on that server with the backup just made (the same data).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from tools.shot_manual import OUT, SIZE, save, wait  # noqa: E402


def _frame_of(win) -> str:
    """The window with its title bar, as the window manager placed it: WxH+X+Y for import -crop."""
    frame = win.frameGeometry()
    return f"{frame.width()}x{frame.height()}+{frame.x()}+{frame.y()}"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    from services.app import Services
    from services.platform.database import close_database, open_database
    from services.platform.office_server import OfficeServer
    from ui import i18n
    from ui.application import make_application
    from ui.context import UiContext
    from ui.main_window import MainWindow
    from ui.settings import server_backup as page_module

    srv = OfficeServer(sys.argv[1])
    app = make_application()
    QCoreApplication.setOrganizationName("keyuan-manual")
    i18n.install("zh_CN")
    label = open_database(srv.url())
    services = Services()
    admin = services.auth.login("admin", "admin123")
    page_module.this_pc_server = lambda: srv  # this PC is the server (office.json of a real install)
    win = MainWindow(UiContext(services, admin, label), start_sweep=False, lock_session=False)
    win.resize(*SIZE)
    win.tabs.setCurrentIndex(win.tab_keys.index("settings"))
    win.show()
    tab = win.tab_widget("settings")
    page = tab.show_page("backup")
    said: list[str] = []
    QMessageBox.information = lambda parent, title, text: said.append(text)
    QMessageBox.question = lambda *a: QMessageBox.StandardButton.Yes
    page.on_backup()
    while page.job is not None:
        wait(200)
    page.table.selectRow(0)
    wait(400)
    save(win, "office-server-backup")

    page.on_restore_selected()
    while page.job is not None and page.progress is not None and page.progress.value() < 1:
        wait(100)  # past 保存当前数据: the dialog shows 从备份恢复
    wait(300)
    shot = OUT / "office-server-restore.png"
    subprocess.run(["import", "-window", "root", "-crop", _frame_of(win), "+repage", str(shot)], check=True)
    print(f"{shot.relative_to(ROOT)}  {shot.stat().st_size // 1024} KB")
    while page.job is not None:
        wait(200)
    print("\n".join(said))
    close_database()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
