"""Start-up probe (issue 9, `start_to_main_window`): start the program as main.py does, up to a usable
main window whose customer list shows its first page; print one line and exit.

    QT_QPA_PLATFORM=offscreen python bench/startup_probe.py DB USERNAME PASSWORD
    QT_QPA_PLATFORM=offscreen python bench/startup_probe.py --bare DB     (the baseline)

The steps are the program's own (ui/application.py): QApplication, translator, open and migrate the
database, the instance lock, the start-up checks (integrity, disk, daily backup when due), the
services, a sign-in through ``services.office.auth.login`` (the password is given here instead of being
typed: the typing is not what is measured; the login dialog is not shown), then ``open_window`` —
the real main window with the tab the role lands on. The event loop runs until the customer
table has painted with rows; no sleeps. The line printed is

    READY {"ms": …, "login_ms": …, "phases_ms": {…}, "rows": …, "peak_rss_mb": …, "role": …}

where ``ms`` is the time inside this process (the parent measures from the spawn), ``login_ms``
the sign-in alone (the scrypt password hash dominates it) and ``phases_ms`` the steps in order:
imports, qt (application, translator), open_database (open, migrate, lock), checks (start-up
checks, services), login, window (main window built and shown), shown (until the table painted).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.job import peak_rss_mb  # noqa: E402  (VmHWM: ru_maxrss would include the parent's memory)

WATCHDOG_MS = 120_000  # a window that never paints ends the probe with an error instead of hanging


def main(argv: list[str]) -> int:
    db, username, password = argv
    from PySide6.QtCore import QEvent, QObject, QTimer

    from services.app import Services
    from services.platform.database import close_database, open_database
    from ui import i18n
    from ui.application import claim_file, make_application, open_window, start_up_checks
    from ui.context import UiContext
    from ui.worker import wait_for_writes

    phases: dict[str, float] = {}
    mark = [time.perf_counter()]

    def phase(name: str) -> None:
        now = time.perf_counter()
        phases[name] = round((now - mark[0]) * 1000, 1)
        mark[0] = now

    mark[0] = STARTED
    phase("imports")
    app = make_application()
    i18n.install(i18n.chosen_language(None))
    phase("qt")
    label = open_database(db)
    lock = claim_file(db)
    if lock is False:
        print("FAILED database in use", flush=True)
        return 2
    phase("open_database")
    start_up_checks(db)
    services = Services()
    phase("checks")
    actor = services.auth.login(username, password)
    phase("login")
    ctx = UiContext(services, actor, label)
    window = open_window(ctx)
    phase("window")
    tab = window.tab_widget("customers") if hasattr(window, "tab_widget") else None
    if tab is None:
        print(f"FAILED the role {actor.role} has no customer list", flush=True)
        return 2
    # The clerk lands on 录入 (SPEC §10); the figure is still the customer list's first page, one click
    # away: the list is opened as that click would, and its first paint ends the measurement.
    window.tabs.setCurrentWidget(tab)
    state: dict = {}

    class Painted(QObject):
        """Notes the first paint of the customer table with rows in it, then ends the event loop."""

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and "ms" not in state and tab.model.rowCount() > 0:
                state["ms"] = None  # set once the paint has finished (the queued call below)
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        state["ms"] = (time.perf_counter() - STARTED) * 1000
        phase("shown")
        app.quit()

    painted = Painted()
    tab.table.viewport().installEventFilter(painted)
    QTimer.singleShot(WATCHDOG_MS, app.quit)
    app.exec()
    if state.get("ms") is None:
        print("FAILED the customer table did not paint with rows", flush=True)
        return 2
    peak = peak_rss_mb()
    line = {
        "ms": round(state["ms"], 1),
        "login_ms": phases["login"],
        "phases_ms": phases,
        "rows": tab.model.rowCount(),
        "peak_rss_mb": round(peak, 1),
        "role": actor.role,
    }
    print("READY " + json.dumps(line), flush=True)
    tab.table.viewport().removeEventFilter(painted)
    window.close()
    wait_for_writes()
    close_database()
    lock.release()
    return 0


def main_bare(db: str) -> int:
    """The baseline: a bare PySide6 window with a table of the first 200 cards read by sqlite3 (the
    floor of starting Python and Qt and showing a page; no program code)."""
    import sqlite3

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT c.id, c.name, p.number, c.sex, c.birth_year, c.address, s.name, o.claim_state FROM customer c "
        "LEFT JOIN phone p ON p.customer_id = c.id AND p.position = 0 LEFT JOIN ownership o ON o.customer_id = c.id "
        "LEFT JOIN staff s ON s.id = o.owner_id WHERE (c.archived + 0) = 0 ORDER BY c.created_at DESC, c.id DESC "
        "LIMIT 200"
    ).fetchall()
    model = QStandardItemModel(len(rows), 8)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            model.setItem(r, c, QStandardItem("" if value is None else str(value)))
    window = QMainWindow()
    table = QTableView()
    table.setModel(model)
    window.setCentralWidget(table)
    window.resize(1200, 780)
    state: dict = {}

    class Painted(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and "ms" not in state:
                state["ms"] = None
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        state["ms"] = (time.perf_counter() - STARTED) * 1000
        app.quit()

    painted = Painted()
    table.viewport().installEventFilter(painted)
    window.show()
    QTimer.singleShot(WATCHDOG_MS, app.quit)
    app.exec()
    if state.get("ms") is None:
        print("FAILED the bare table did not paint", flush=True)
        return 2
    peak = peak_rss_mb()
    line = {"ms": round(state["ms"], 1), "rows": len(rows), "peak_rss_mb": round(peak, 1)}
    print("READY " + json.dumps(line), flush=True)
    table.viewport().removeEventFilter(painted)
    con.close()
    sys.stdout.flush()
    # PySide6 can abort while finalising widgets built outside a class (refcount bug at interpreter
    # exit); the measurement is printed, nothing is left to save: leave at once.
    os._exit(0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bare"]:
        sys.exit(main_bare(sys.argv[2]))
    sys.exit(main(sys.argv[1:]))
