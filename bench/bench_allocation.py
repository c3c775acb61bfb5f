"""Benchmark: allocate one 10,000-card batch to 300 staff, events included (target ≤ 3 s).

Run: ``.venv/bin/python bench/bench_allocation.py [cards] [staff]``. The archive is built with bulk
inserts (setup is not what is measured); then process, preview and confirm go through the services
exactly as the allocation tab calls them. With ``--profile`` the confirm step is profiled and the
most expensive calls are printed, so the bottleneck can be named.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import Customer, Phone, Staff, User, close_db, db, init_db  # noqa: E402
from models.timeline import fill_missing_snapshots  # noqa: E402
from services.app import Services  # noqa: E402
from services.office.auth import actor_for  # noqa: E402
from services.platform.clock import FixedClock  # noqa: E402


def measure(n_cards: int = 10_000, n_staff: int = 300, profile: bool = False, workdir: str | None = None) -> dict:
    """Seconds of add_cards, process, preview and confirm of one batch of ``n_cards`` to ``n_staff``."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        init_db(str(Path(tmp) / "bench.db"))
        app = Services(FixedClock(dt.datetime(2026, 3, 1, 8, 0)))
        admin = app.auth.create_first_admin("admin", "admin123", "管理员")
        dept = app.org.create_department(admin, "一部").id
        with db.atomic():
            Staff.insert_many(
                [(f"员工{i}", dept) for i in range(n_staff)], fields=[Staff.name, Staff.department]
            ).execute()
            Customer.insert_many([(f"顾客{i}",) for i in range(n_cards)], fields=[Customer.name]).execute()
            ids = [c for (c,) in Customer.select(Customer.id).tuples()]
            fill_missing_snapshots(db.obj)  # every card has its (unregistered) snapshot row
            Phone.insert_many(
                [(c, f"139{c:08d}", f"{c:08d}"[-4:]) for c in ids], fields=[Phone.customer, Phone.number, Phone.last4]
            ).execute()
        app.timeline.invalidate()
        staff = [s for (s,) in Staff.select(Staff.id).where(Staff.department == dept).tuples()]
        app.auth.create_user(admin, "clerk", None, "clerk")
        clerk = actor_for(User.get(User.username == "clerk"))
        b = app.allocation.create_batch(clerk, "基准科普", "kepu", organiser_id=dept, participant_ids=staff)
        t = time.perf_counter()
        app.allocation.add_cards(clerk, b.id, ids)
        t_add = time.perf_counter() - t
        cpu = time.process_time()
        t = time.perf_counter()
        app.allocation.process(clerk, b.id)
        t_process = time.perf_counter() - t
        t = time.perf_counter()
        pv = app.allocation.preview(admin, b.id)
        t_preview = time.perf_counter() - t
        prof = cProfile.Profile() if profile else None
        t = time.perf_counter()
        if prof:
            prof.enable()
        app.allocation.confirm(admin, b.id, pv.version)
        if prof:
            prof.disable()
        t_confirm = time.perf_counter() - t
        cpu = time.process_time() - cpu
        close_db()
    counts = sorted(r.count for r in pv.recipients)
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return {
        "cards": n_cards,
        "staff": n_staff,
        "each_min": counts[0],
        "each_max": counts[-1],
        "add_cards_s": round(t_add, 3),
        "process_s": round(t_process, 3),
        "preview_s": round(t_preview, 3),
        "confirm_s": round(t_confirm, 3),
        "s": round(t_process + t_preview + t_confirm, 3),  # what issue 9 names: process + preview + confirm
        "cpu_s": round(cpu, 3),
    }


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n_cards = int(args[0]) if args else 10_000
    n_staff = int(args[1]) if len(args) > 1 else 300
    r = measure(n_cards, n_staff, "--profile" in sys.argv)
    print(f"{n_cards} cards, {n_staff} staff: each gets {r['each_min']}–{r['each_max']}")
    print(
        f"add_cards {r['add_cards_s']:.2f} s, process {r['process_s']:.2f} s, preview {r['preview_s']:.2f} s, "
        f"confirm {r['confirm_s']:.2f} s"
    )
    print(f"allocation (process + preview + confirm): {r['s']:.2f} s (target ≤ 3 s)")


if __name__ == "__main__":
    main()
