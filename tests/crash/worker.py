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
from services.clock import FixedClock  # noqa: E402
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
    from services.permissions import SYSTEM

    app.timeline.sweep(SYSTEM, batch=50, progress=lambda done: say(f"swept {done}"))
    say("done")


if __name__ == "__main__":
    db_path, action = sys.argv[1], sys.argv[2]
    if action == "setup":
        setup_registered(db_path, int(sys.argv[3]))
    elif action == "sweep":
        sweep(db_path)
