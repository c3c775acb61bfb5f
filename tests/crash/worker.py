"""A child process for the crash tests: builds a database, then runs one long action and prints progress.

Usage: python -m tests.crash.worker DB ACTION — the parent kills it with SIGKILL mid-action.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models import init_db  # noqa: E402
from services.app import Services  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402
from tests.helpers import make_office  # noqa: E402

T0 = dt.datetime(2026, 3, 1, 9, 0)


def say(text: str) -> None:
    print(text, flush=True)


def setup_registered(db: str, n: int) -> None:
    init_db(db)
    app = Services(FixedClock(T0))
    admin = app.auth.create_first_admin("admin", "admin123")
    office = make_office(app, admin)
    for i in range(n):
        c = app.customers.create(office.users["clerk"], f"顾客{i}", [f"139{i:08d}"]).id
        app.timeline.register(office.users["s1"], c, office.s1, "kepu")
    say("ready")


def sweep(db: str) -> None:
    init_db(db)
    app = Services(FixedClock(dt.datetime(2026, 3, 10, 0, 0)))
    from services.office.permissions import SYSTEM

    app.timeline.sweep(SYSTEM, batch=50, progress=lambda done: say(f"swept {done}"))
    say("done")


def import_big(db: str, rows: int) -> None:
    """Write a sheet of ``rows`` cards, then import it all-or-nothing, printing progress while writing."""
    from openpyxl import Workbook

    from services.intake.template import COLUMNS

    init_db(db)
    app = Services(FixedClock(T0))
    admin = app.auth.create_first_admin("admin", "admin123")
    office = make_office(app, admin)
    path = Path(db).with_suffix(".xlsx")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("顾客档案")
    ws.append([title for _, title, _, _ in COLUMNS])
    for i in range(rows):
        # Names are Chinese characters only (digits are refused): two characters counted from 一.
        name = "导入" + chr(0x4E00 + i // 200) + chr(0x4E00 + i % 200)
        ws.append([name, "", 1950, f"137{i:08d}", "", "幸福路", "", "kepu", "张三", "", ""])
    wb.save(path)

    def progress(stage, done, total):
        if stage == "write":
            say(f"write {done}")

    app.importer.import_cards(office.users["clerk"], path, staff_id=office.s1, all_or_nothing=True, progress=progress)
    say("done")


def allocate_big(db: str, cards: int) -> None:
    """A processed batch of ``cards`` cards, then its confirmation, printing progress."""
    init_db(db)
    app = Services(FixedClock(T0))
    admin = app.auth.create_first_admin("admin", "admin123")
    office = make_office(app, admin)
    clerk, director = office.users["clerk"], office.users["director"]
    ids = app.customers.create_many(clerk, [{"name": f"卡{i}", "phones": [f"136{i:08d}"]} for i in range(cards)])
    batch = app.allocation.create_batch(clerk, "大科普", "kepu_large", department_ids=[office.d1, office.d2])
    app.allocation.add_cards(clerk, batch.id, ids, collected_by=office.d1)
    app.allocation.process(clerk, batch.id)
    preview = app.allocation.preview(director, batch.id)
    say("ready")
    app.allocation.confirm(director, batch.id, preview.version, progress=lambda done, total: say(f"allocated {done}"))
    say("done")


if __name__ == "__main__":
    db_path, action = sys.argv[1], sys.argv[2]
    if action == "setup":
        setup_registered(db_path, int(sys.argv[3]))
    elif action == "sweep":
        sweep(db_path)
    elif action == "import":
        import_big(db_path, int(sys.argv[3]))
    elif action == "allocate":
        allocate_big(db_path, int(sys.argv[3]))
